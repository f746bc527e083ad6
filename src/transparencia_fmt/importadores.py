"""Importadores integrados (JSON propio y CSV), registrados como cualquier plugin, y el
reconocimiento del formato de un archivo tabular (también lo usa el importador XLSX).

El CSV puede ser el del portal (con su datapackage.json), uno guardado por Excel (cp1252,
«;») o una descarga de la PNT (tres líneas de metadatos antes de los encabezados).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .armado import COLUMNAS_PNT, Armador, armar_datos, clave_titulo, indice_titulos
from .catalogo import Catalogo, normalizar
from .documento import Documento, canonizar
from .errores import ErrorDeDatos, FormatoDesconocido
from .modelos import ErrorValidacion, Formato
from .plugins import hookimpl

__all__ = [
    "COLUMNAS_PNT",
    "ImportadorCSV",
    "ImportadorJSON",
    "documento_desde_dict",
    "leer_texto",
    "metadatos_pnt",
    "reconocer",
]

#: Secuencias de UTF-8 leído como Windows-1252 («Ã³» por «ó»): acentos ya rotos.
_ACENTOS_ROTOS = re.compile("Ã[\u00a0-\u00bf\u2018-\u2030\u0160\u0161\u0192]|Â[\u00a0-\u00bf]")


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
    """UTF-8 (con o sin BOM), UTF-16 con BOM («Texto Unicode» de Excel) o Windows-1252."""
    return decodificar(ruta)[0]


def decodificar(ruta: Path) -> tuple[str, str]:
    """El texto y la codificación con que se leyó; ErrorDeDatos con la línea si no se puede."""
    try:
        crudo = ruta.read_bytes()
    except OSError as exc:
        raise ErrorDeDatos(f"No se pudo leer {ruta}: {exc.strerror}", archivo=str(ruta)) from exc
    codificaciones = ["utf-8", "cp1252"]
    if crudo.startswith((b"\xff\xfe", b"\xfe\xff")):
        codificaciones = ["utf-16"]
    elif crudo.startswith(b"\xef\xbb\xbf"):
        crudo, codificaciones = crudo[3:], ["utf-8"]  # el BOM dice UTF-8: no se adivina otra
    for codificacion in codificaciones:
        try:
            return crudo.decode(codificacion), codificacion
        except UnicodeDecodeError as exc:
            error = exc
    linea = crudo.count(b"\n", 0, error.start) + 1
    raise ErrorDeDatos(
        f"{ruta}: no se pudo leer como {' ni como '.join(codificaciones)}: el byte "
        f"0x{crudo[error.start]:02X} de la línea {linea} no es un carácter válido. Guárdelo "
        "desde Excel como «CSV UTF-8 (delimitado por comas)».",
        archivo=str(ruta),
    ) from error


def revisar_acentos(texto: str, archivo: str, codificacion: str) -> list[ErrorValidacion]:
    """Un archivo leído como Windows-1252 con «Ã³» donde iba «ó» mezcla codificaciones (o
    ya traía los acentos rotos): se señala, nunca pasa en silencio."""
    m = _ACENTOS_ROTOS.search(texto) if codificacion == "cp1252" else None
    if not m:
        return []
    linea = texto.count("\n", 0, m.start()) + 1
    return [
        ErrorValidacion(
            "acentos-rotos",
            f"La línea {linea} trae «{m.group()}» donde seguramente iba una letra acentuada: el "
            "archivo se guardó alguna vez con otra codificación. Corrija los acentos y guárdelo "
            "como «CSV UTF-8».",
            valor=m.group(),
            archivo=archivo,
            fila=linea,
        )
    ]


# -- reconocimiento del formato --------------------------------------------------------
#: Etiquetas de las líneas de metadatos de las descargas de la PNT.
ETIQUETAS_PNT = {"nombre del sujeto obligado", "normativa", "formato", "periodo"}


def formatos_por_pistas(catalogo: Catalogo, pistas: Iterable[Any]) -> list[Formato]:
    """Formatos que señalan los metadatos: id, nombre corto, id SIPOT o título."""
    elegidos: list[Formato] = []
    for pista in pistas:
        texto = "" if pista is None else str(pista).strip()
        if not texto:
            continue
        if texto in catalogo:
            encontrados = [catalogo.formato(texto)]
        else:
            clave = normalizar(texto)
            encontrados = [
                f
                for f in catalogo
                if texto
                == str(((f.esquema.get("x-formato") or {}).get("sipot") or {}).get("id_formato"))
                or clave == normalizar(f.titulo)
            ]
        elegidos += [f for f in encontrados if all(f is not e for e in elegidos)]
    return elegidos


def reconocer(
    filas: Sequence[Sequence[Any]],
    catalogo: Catalogo,
    pistas: Iterable[Any],
    ruta: Path,
    donde: str = "",
) -> tuple[Formato, int]:
    """Elige el formato (primero entre los que dicen los metadatos) y la fila de encabezados."""
    elegidos = formatos_por_pistas(catalogo, pistas)
    if elegidos:
        try:
            return _reconocer(filas, elegidos, ruta, donde)
        except ErrorDeDatos:
            pass
    return _reconocer(filas, list(catalogo), ruta, donde)


def _reconocer(
    filas: Sequence[Sequence[Any]], candidatos: list[Formato], ruta: Path, donde: str
) -> tuple[Formato, int]:
    indices = [(f, *indice_titulos(f.columnas)) for f in candidatos]
    mejor: tuple[float, Formato | None, int] = (0.0, None, 0)
    for i, fila in enumerate(filas[:15]):
        celdas = {clave_titulo(c) for c in fila if c is not None and str(c).strip()} - COLUMNAS_PNT
        if len(celdas) < 2:
            continue
        for formato, indice, planas in indices:
            aciertos = len({id(indice[c]) for c in celdas if c in indice})
            puntaje = aciertos / max(len(planas), len(celdas))
            if puntaje > mejor[0]:
                mejor = (puntaje, formato, i)
    puntaje, elegido, inicio = mejor
    if elegido is None or puntaje < 0.5:
        raise ErrorDeDatos(
            f"{ruta}{donde}: no se reconoce el formato por sus encabezados. Use los títulos "
            "oficiales («tfmt plantilla ID --a csv» o «--a xlsx» da uno vacío) o agregue el "
            "datapackage.json que escribe «tfmt exportar».",
            archivo=str(ruta),
        )
    return elegido, inicio


def metadatos_pnt(filas: Iterable[Sequence[Any]]) -> dict[str, str]:
    """Pares «Etiqueta:» → valor de las primeras filas de una descarga de la PNT."""
    meta: dict[str, str] = {}
    for fila in filas:
        if not fila or not isinstance(fila[0], str) or not fila[0].strip().endswith(":"):
            continue
        etiqueta = normalizar(fila[0])
        if etiqueta in ETIQUETAS_PNT:
            meta[etiqueta] = next((str(c).strip() for c in fila[1:] if c not in (None, "")), "")
    return meta


# -- CSV --------------------------------------------------------------------------------
class ImportadorCSV:
    nombre = "csv"
    extensiones = (".csv", ".txt")
    descripcion = (
        "CSV del portal (perfiles datos-abiertos y excel), CSV de Excel (cp1252, «;») y "
        "descargas CSV de la PNT"
    )

    def importar(self, ruta: Path, catalogo: Catalogo) -> Documento:
        texto, codificacion = decodificar(ruta)
        filas = _leer_csv(texto)
        paquete = _leer_paquete(ruta)
        sobre: dict[str, Any] = dict(paquete.get("x-documento") or {})
        meta = metadatos_pnt(filas[:6])
        formato, inicio = reconocer(
            filas, catalogo, [sobre.get("formato"), meta.get("formato")], ruta
        )
        if meta.get("nombre del sujeto obligado") and "sujeto_obligado" not in sobre:
            sobre["sujeto_obligado"] = meta["nombre del sujeto obligado"]
        armador = Armador(
            formato.columnas,
            filas[inicio],
            archivo=str(ruta),
            fila_cabecera=inicio + 1,
            restaurar=True,
            origen=f"del formato {formato.id}",
        )
        for numero, fila in enumerate(filas[inicio + 1 :], start=inicio + 2):
            if any(c.strip() for c in fila):
                armador.agregar(numero, fila)
        _secundarias(ruta, formato, armador.registros, paquete, armador.hallazgos)
        datos = armar_datos(formato, armador, sobre)
        hallazgos = revisar_acentos(texto, str(ruta), codificacion) + armador.hallazgos
        return Documento(formato=formato, datos=canonizar(datos), origen=ruta, hallazgos=hallazgos)


def _leer_csv(texto: str) -> list[list[str]]:
    lineas = [linea for linea in texto[:8192].splitlines() if linea.strip()][:8]
    # la línea más larga (encabezados) decide; las de metadatos de la PNT son cortas
    muestra = max(lineas, key=len) if lineas else ""
    separador = max((",", ";", "\t"), key=muestra.count)
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
        texto, codificacion = decodificar(archivo)
        filas = _leer_csv(texto)
        if not filas:
            continue
        hallazgos.extend(revisar_acentos(texto, str(archivo), codificacion))
        sub = Armador(
            col.subcolumnas,
            filas[0],
            archivo=str(archivo),
            restaurar=True,
            origen=f"de la tabla «{col.titulo}»",
            con_id=True,
        )
        pos_id = 0
        for numero, fila in enumerate(filas[1:], start=2):
            if not any(c.strip() for c in fila):
                continue
            enlace = fila[pos_id] if pos_id < len(fila) else ""
            try:
                destino = int(enlace) - 1
                if not 0 <= destino < len(registros):
                    raise ValueError
            except ValueError:
                hallazgos.append(
                    ErrorValidacion(
                        "id-sin-registro",
                        f"La fila {numero} de {archivo.name} apunta al registro «{enlace}», "
                        "que no existe en el archivo principal; corrija la columna ID.",
                        columna="ID",
                        valor=enlace,
                        archivo=str(archivo),
                        fila=numero,
                    )
                )
                continue
            registros[destino].setdefault(col.clave, []).append(
                sub.agregar(numero, fila, registro=destino + 1)
            )
        hallazgos.extend(sub.hallazgos)


@hookimpl
def registrar_importadores() -> list[Any]:
    return [ImportadorJSON(), ImportadorCSV()]
