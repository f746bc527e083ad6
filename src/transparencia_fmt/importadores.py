"""Importadores integrados (JSON propio y CSV), registrados como cualquier plugin."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .catalogo import Catalogo, normalizar
from .documento import Documento, canonizar
from .errores import ErrorDeDatos, FormatoDesconocido
from .filas import ColumnaPlana, aplanar_columnas, interpretar
from .modelos import ErrorValidacion, Formato
from .plugins import hookimpl
from .texto import restaurar_formula

#: Columnas que la PNT antepone en sus descargas y que no son del formato.
COLUMNAS_PNT = {"id", "fecha creacion", "fecha modificacion"}


def documento_desde_dict(datos: Any, catalogo: Catalogo, origen: Path | None = None) -> Documento:
    """Arma el `Documento` tras comprobar lo mínimo para saber su formato; el resto, `validar`."""
    nombre = str(origen) if origen else "el documento"
    if not isinstance(datos, dict):
        raise ErrorDeDatos(
            f"{nombre}: se esperaba un objeto JSON con «formato», «ejercicio», «periodo»…",
            archivo=nombre,
        )
    formato_id = datos.get("formato")
    if not isinstance(formato_id, str) or not formato_id:
        raise ErrorDeDatos(
            f'{nombre}: falta «formato» (el id del formato, p. ej. "LGT_Art_70_Fr_V"). '
            "Vea los ids con «tfmt formatos».",
            archivo=nombre,
        )
    try:
        formato = catalogo.formato(formato_id)
    except FormatoDesconocido as exc:
        raise ErrorDeDatos(f"{nombre}: {exc}", archivo=nombre) from exc
    return Documento(formato=formato, datos=canonizar(datos), origen=origen)


class ImportadorJSON:
    nombre = "json"
    extensiones = (".json",)
    descripcion = "Documento JSON de transparencia_fmt (el formato canónico)"

    def reconoce(self, ruta: Path, cabecera: bytes) -> bool:
        return cabecera.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")

    def importar(self, ruta: Path, catalogo: Catalogo) -> Documento:
        texto = leer_texto(ruta)
        try:
            datos = json.loads(texto)
        except json.JSONDecodeError as exc:
            raise ErrorDeDatos(
                f"{ruta}: el JSON está mal escrito en la línea {exc.lineno}, columna {exc.colno}: "
                f"{exc.msg}. Revise comas, comillas y llaves cerca de ese punto.",
                archivo=str(ruta),
            ) from exc
        return documento_desde_dict(datos, catalogo, ruta)


def leer_texto(ruta: Path) -> str:
    """UTF-8 (con o sin BOM); si no lo es, Windows-1252 como lo guarda Excel en México."""
    try:
        crudo = ruta.read_bytes()
    except OSError as exc:
        raise ErrorDeDatos(f"No se pudo leer {ruta}: {exc.strerror}", archivo=str(ruta)) from exc
    if crudo.startswith(b"\xef\xbb\xbf"):
        crudo = crudo[3:]
    try:
        return crudo.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return crudo.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ErrorDeDatos(
            f"{ruta}: no está en UTF-8 ni en Windows-1252 (byte {exc.start}). Guárdelo desde Excel "
            "como «CSV UTF-8 (delimitado por comas)».",
            archivo=str(ruta),
        ) from exc


# -- CSV --------------------------------------------------------------------------------
class ImportadorCSV:
    nombre = "csv"
    extensiones = (".csv", ".txt")
    descripcion = "CSV del portal (perfiles datos-abiertos y excel), CSV de Excel (cp1252, «;»)"

    def importar(self, ruta: Path, catalogo: Catalogo) -> Documento:
        texto = leer_texto(ruta)
        filas = _leer_csv(texto)
        paquete = _leer_paquete(ruta)
        sobre: dict[str, Any] = dict(paquete.get("x-documento") or {})
        formato, inicio = _reconocer(filas, catalogo, sobre.get("formato"), ruta)
        cabecera = filas[inicio]
        datos_filas = [f for f in filas[inicio + 1 :] if any(c.strip() for c in f)]
        return _armar(ruta, formato, cabecera, datos_filas, sobre, paquete, catalogo)


def _leer_csv(texto: str) -> list[list[str]]:
    muestra = texto[:4096]
    primera = muestra.split("\n", 1)[0]
    separador = max((",", ";", "\t"), key=primera.count)
    return list(csv.reader(io.StringIO(texto, newline=""), delimiter=separador))


def _leer_paquete(ruta: Path) -> dict[str, Any]:
    candidato = ruta.with_name(ruta.stem + ".datapackage.json")
    if not candidato.exists():
        return {}
    try:
        paquete = json.loads(leer_texto(candidato))
    except ValueError as exc:
        raise ErrorDeDatos(
            f"{candidato}: JSON mal escrito ({exc}).", archivo=str(candidato)
        ) from exc
    return paquete if isinstance(paquete, dict) else {}


def _titulos_formato(formato: Formato) -> dict[str, ColumnaPlana]:
    return {normalizar(cp.titulo): cp for cp in aplanar_columnas(formato.columnas)}


def _reconocer(
    filas: list[list[str]], catalogo: Catalogo, formato_id: Any, ruta: Path
) -> tuple[Formato, int]:
    """Elige el formato (por metadatos o por encabezados) y la fila de encabezados."""
    candidatos = (
        [catalogo.formato(formato_id)]
        if isinstance(formato_id, str) and formato_id in catalogo
        else list(catalogo)
    )
    mejor: tuple[float, Formato | None, int] = (0.0, None, 0)
    for i, fila in enumerate(filas[:15]):
        celdas = {normalizar(c) for c in fila if c.strip()} - COLUMNAS_PNT
        if len(celdas) < 2:
            continue
        for formato in candidatos:
            titulos = _titulos_formato(formato)
            aciertos = len(celdas & set(titulos))
            puntaje = aciertos / max(len(titulos), len(celdas))
            if puntaje > mejor[0]:
                mejor = (puntaje, formato, i)
    puntaje, elegido, inicio = mejor
    if elegido is None or puntaje < 0.5:
        raise ErrorDeDatos(
            f"{ruta}: no se reconoce el formato por sus encabezados. Use los títulos oficiales "
            "(«tfmt plantilla ID --a csv» da uno vacío) o agregue el datapackage.json que "
            "escribe «tfmt exportar».",
            archivo=str(ruta),
        )
    return elegido, inicio


def _armar(
    ruta: Path,
    formato: Formato,
    cabecera: list[str],
    filas: list[list[str]],
    sobre: dict[str, Any],
    paquete: Mapping[str, Any],
    catalogo: Catalogo,
) -> Documento:
    titulos = _titulos_formato(formato)
    hallazgos: list[ErrorValidacion] = []
    mapa: list[ColumnaPlana | None] = []
    for titulo in cabecera:
        n = normalizar(titulo)
        cp = titulos.get(n)
        if cp is None and n and n not in COLUMNAS_PNT:
            hallazgos.append(
                ErrorValidacion(
                    "columna-desconocida",
                    f"La columna «{titulo}» no es del formato {formato.id}; se ignoró. "
                    "Revise el título o quítela.",
                    columna=titulo,
                    archivo=str(ruta),
                )
            )
        mapa.append(cp)
    comunes: dict[str, Counter[str]] = {}
    registros: list[dict[str, Any]] = []
    notas: list[str] = []
    for fila in filas:
        reg: dict[str, Any] = {}
        for cp, celda in zip(mapa, fila, strict=False):
            if cp is None:
                continue
            valor_texto = restaurar_formula(celda)
            col = cp.columna
            if col.ambito == "documento":
                if col.clave == "nota":
                    notas.append(valor_texto)
                else:
                    comunes.setdefault(col.clave, Counter())[valor_texto] += 1
                continue
            _poner(reg, cp, valor_texto)
        registros.append(reg)
    for clave, cuenta in comunes.items():
        if len(cuenta) > 1:
            distinta = formato.columna(clave)
            hallazgos.append(
                ErrorValidacion(
                    "valor-comun-distinto",
                    f"La columna «{distinta.titulo if distinta else clave}» debe ser igual "
                    "en todas "
                    "las filas "
                    f"de un documento y trae {len(cuenta)} valores: "
                    + "; ".join(f"«{v}»" for v in list(cuenta)[:5])
                    + ". Separe los periodos en documentos distintos.",
                    columna=distinta.titulo if distinta else clave,
                    archivo=str(ruta),
                )
            )
    datos: dict[str, Any] = {"formato": formato.id}
    datos["sujeto_obligado"] = sobre.get("sujeto_obligado", "")
    for clave, cuenta in comunes.items():
        comun = formato.columna(clave)
        texto = cuenta.most_common(1)[0][0]
        valor = _convertir(comun, texto) if comun else texto
        if clave == "ejercicio":
            datos["ejercicio"] = valor
        elif clave in ("periodo_inicio", "periodo_termino"):
            datos.setdefault("periodo", {})[clave.split("_")[1]] = valor
        elif valor is not None:
            datos[clave] = valor
    for clave in (
        "ejercicio",
        "periodo",
        "area_responsable",
        "fecha_actualizacion",
        "fecha_validacion",
    ):
        if clave not in datos and clave in sobre:
            datos[clave] = sobre[clave]
    nota_doc = sobre.get("nota", Counter(notas).most_common(1)[0][0] if notas else "")
    datos["nota"] = nota_doc
    for reg, nota in zip(registros, notas, strict=False):
        if nota != nota_doc:
            reg["nota"] = nota
    _secundarias(ruta, formato, registros, paquete, hallazgos)
    if formato.tipo == "documento":
        datos.update(registros[0] if registros else {})
    else:
        datos["registros"] = registros
    documento = Documento(formato=formato, datos=canonizar(datos), origen=ruta, hallazgos=hallazgos)
    return documento


def _convertir(col: Any, texto: str) -> Any:
    try:
        return interpretar(col, texto)
    except ValueError:
        return texto  # el validador lo señalará con su lugar y cómo corregirlo


def _poner(reg: dict[str, Any], cp: ColumnaPlana, texto: str) -> None:
    col = cp.columna
    if col.tipo == "tabla":
        return  # la llenan las tablas secundarias
    if cp.subcolumna is not None:
        valor = _convertir(cp.subcolumna, texto)
        if valor is not None:
            reg.setdefault(col.clave, {})[cp.parte] = valor
        return
    if cp.parte is not None:
        lista = reg.setdefault(col.clave, [])
        if texto.strip():
            lista.append(cp.parte)
        return
    valor = _convertir(col, texto)
    if valor is not None:
        reg[col.clave] = valor


def _secundarias(
    ruta: Path,
    formato: Formato,
    registros: list[dict[str, Any]],
    paquete: Mapping[str, Any],
    hallazgos: list[ErrorValidacion],
) -> None:
    for col in formato.columnas_registro:
        if col.tipo != "tabla":
            continue
        nombres = [f"{ruta.stem}.{col.clave}.csv"]
        if col.sipot_id:
            nombres.insert(0, f"{ruta.stem}.Tabla_{col.sipot_id}.csv")
        archivo = next((ruta.with_name(n) for n in nombres if ruta.with_name(n).exists()), None)
        if archivo is None:
            continue
        filas = _leer_csv(leer_texto(archivo))
        if not filas:
            continue
        planas = {normalizar(cp.titulo): cp for cp in aplanar_columnas(col.subcolumnas)}
        mapa = [planas.get(normalizar(t)) for t in filas[0][1:]]
        for numero, fila in enumerate(filas[1:], start=2):
            if not any(c.strip() for c in fila):
                continue
            try:
                destino = int(fila[0]) - 1
                if not 0 <= destino < len(registros):
                    raise ValueError
            except ValueError:
                hallazgos.append(
                    ErrorValidacion(
                        "id-sin-registro",
                        f"La fila {numero} de {archivo.name} apunta al registro «{fila[0]}», "
                        "que no "
                        "existe en el archivo principal; corrija la columna ID.",
                        columna="ID",
                        valor=fila[0],
                        archivo=str(archivo),
                        fila=numero,
                    )
                )
                continue
            sub: dict[str, Any] = {}
            for cp, celda in zip(mapa, fila[1:], strict=False):
                if cp is not None:
                    _poner(sub, cp, restaurar_formula(celda))
            registros[destino].setdefault(col.clave, []).append(sub)


@hookimpl
def registrar_importadores() -> list[Any]:
    return [ImportadorJSON(), ImportadorCSV()]
