"""Tabla → documento: las filas de un CSV o de una hoja de Excel se vuelven el JSON de un
`Documento` (lo usan los importadores CSV y XLSX; la vuelta, documento → filas, es `filas`, y
documento → bloques para DOCX/PDF es `composicion`).

Empareja columnas por título (sin mayúsculas, acentos, signos ni espacios repetidos),
convierte celdas al tipo de cada columna y deja como hallazgo ubicado (archivo, hoja, fila,
columna) cada columna desconocida o faltante y cada valor que no se pudo convertir: nada
se pierde en silencio.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .catalogo import normalizar
from .claves_compartidas import fabrica_de_registros
from .documento import CLAVES_SOBRE
from .filas import ColumnaPlana, aplanar_columnas, interpretar, si_no, sin_numero_de_repeticion
from .modelos import CLAVES_POR_REGISTRO, Columna, ErrorValidacion, Formato, ruta_comun
from .texto import restaurar_formula

#: Columnas que la PNT antepone en sus descargas y que no son del formato.
COLUMNAS_PNT = {"id", "fecha creacion", "fecha modificacion"}
_SUFIJO_TABLA = re.compile(r"[\s(]*\b(Tabla_\w+)\)?\s*$", re.IGNORECASE)
_PREFIJO_CRITERIO = re.compile(
    r"^este criterio aplica (?:a partir del|para ejercicios anteriores al) \d+ \d+ \d+ "
)


# -- títulos ------------------------------------------------------------------------------
def hoja_de_titulo(titulo: str) -> str | None:
    """«… \\nTabla_393950» o «… (Tabla_333781)» → «Tabla_393950»."""
    m = _SUFIJO_TABLA.search(titulo)
    return m.group(1) if m else None


def clave_titulo(titulo: Any) -> str:
    """Título comparable: sin sufijo «Tabla_<id>», acentos, signos ni mayúsculas."""
    texto = _SUFIJO_TABLA.sub("", "" if titulo is None else str(titulo))
    return normalizar(sin_numero_de_repeticion(texto.rstrip()))


def indice_titulos(
    columnas: Iterable[Columna],
) -> tuple[dict[str, ColumnaPlana], list[ColumnaPlana]]:
    """Título comparable → columna plana; también sin «(catálogo)» ni «ESTE CRITERIO APLICA…»
    cuando eso no crea ambigüedad."""
    planas = aplanar_columnas(columnas)
    indice = {clave_titulo(cp.titulo): cp for cp in planas}
    alternas: dict[str, list[ColumnaPlana]] = {}
    for clave, cp in list(indice.items()):
        sin_prefijo = _PREFIJO_CRITERIO.sub("", clave)
        for alt in {
            sin_prefijo,
            sin_prefijo.removesuffix(" catalogo"),
            clave.removesuffix(" catalogo"),
        }:
            alternas.setdefault(alt, []).append(cp)
    for alt, cps in alternas.items():
        if alt not in indice and len(cps) == 1:
            indice[alt] = cps[0]
    return indice, planas


# -- conversión de celdas -------------------------------------------------------------------
def convertir(col: Columna, valor: Any) -> Any:
    """Celda (texto de CSV o valor de Excel) → valor del documento; None si está vacía.

    ValueError con mensaje en español si no es del tipo de la columna."""
    if valor is None:
        return None
    tipo = col.tipo
    if isinstance(valor, str):
        if tipo == "catalogo" and col.catalogo and valor.strip():
            return _oficial(col.catalogo, valor)
        return interpretar(col, valor)
    if isinstance(valor, bool | dt.date | dt.time | dt.timedelta) and tipo != "fecha":
        return convertir(col, texto_celda(valor))
    if isinstance(valor, dt.date):  # también datetime: vale el día
        return (valor.date() if isinstance(valor, dt.datetime) else valor).isoformat()
    if isinstance(valor, int | float):
        if not math.isfinite(valor):
            raise ValueError(f"«{valor}» no es un número finito")
        entero = float(valor).is_integer()
        if tipo == "fecha":  # número de serie de Excel en una celda sin formato de fecha
            if entero and 61 <= valor <= 2958465:
                from openpyxl.utils.datetime import from_excel

                return from_excel(int(valor)).date().isoformat()
            raise ValueError(f"«{valor}» no es una fecha; escríbala como dd/mm/aaaa")
        if tipo == "moneda":
            return round(float(valor), 2)
        if tipo in ("numero", "entero", "anio"):
            if entero:
                return int(valor)
            if tipo == "numero":
                return float(valor)
            raise ValueError(f"«{valor}» no es un número entero")
    return convertir(col, texto_celda(valor))


def texto_celda(valor: Any) -> str:
    """Una celda como la ve una persona: fechas dd/mm/aaaa, enteros sin «.0»."""
    if valor is None:
        return ""
    if isinstance(valor, str):
        return valor
    if isinstance(valor, bool):
        return si_no(valor)
    if isinstance(valor, dt.datetime):
        return f"{valor:%d/%m/%Y}" + (f" {valor:%H:%M}" if valor.time() != dt.time() else "")
    if isinstance(valor, dt.date):
        return f"{valor:%d/%m/%Y}"
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    return str(valor)


def clave_enlace(valor: Any) -> str:
    """El número que enlaza un registro con sus filas de tabla secundaria, como texto."""
    texto = texto_celda(valor).strip()
    return texto[: -len(m.group())] if (m := re.search(r"\.0+$", texto)) else texto


def _oficial(catalogo: tuple[str, ...], valor: str) -> str:
    if valor in catalogo:
        return valor
    clave = normalizar(valor)
    return next((v for v in catalogo if normalizar(v) == clave), valor)


# -- lectura de una tabla -------------------------------------------------------------------
#: Textos distintos que guarda el índice de valores repetidos de un `LectorDeTabla`.
_MAXIMO_TEXTOS = 1 << 16


class LectorDeTabla:
    """Filas de una tabla → registros, con hallazgos ubicados (archivo, hoja, fila, columna)."""

    def __init__(
        self,
        columnas: Iterable[Columna],
        cabecera: Sequence[Any],
        *,
        archivo: str,
        hoja: str | None = None,
        fila_cabecera: int = 1,
        restaurar: bool = False,
        origen: str = "",
        con_id: bool = False,
    ) -> None:
        """`con_id`: la primera columna es el ID que enlaza con el registro principal."""
        columnas = tuple(columnas)
        self.archivo, self.hoja, self.restaurar = archivo, hoja, restaurar
        self.hallazgos: list[ErrorValidacion] = []
        self.registros: list[dict[str, Any]] = []
        # Valores cortos repetidos (catálogos, fechas, importes): un solo objeto por valor.
        self._textos: dict[str, str] = {}
        self._reales: dict[float, float] = {}
        #: Por tabla secundaria: el enlace de cada registro ("" si no trae).
        self.enlaces: dict[str, list[str]] = {}
        self.ids: list[str] = []  # columna ID de la PNT, por registro
        self.filas_hoja: array[int] = array("I")  # fila de la hoja de cada registro
        # Columnas comunes (ejercicio, periodo, área…): por clave, cada valor distinto →
        # [veces, fila, columna, índice], y el índice del valor de cada registro (compacto).
        self.comunes: dict[str, dict[Any, list[int]]] = {}
        self.indices_comunes: dict[str, array[int]] = {}
        self.notas: list[str] = []
        self.tablas: dict[str, tuple[Columna, str | None]] = {}
        self.pos_id: int | None = 0 if con_id else None
        self.titulos = [" ".join(texto_celda(t).split()) for t in cabecera]
        indice, planas = indice_titulos(columnas)
        vistos: set[int] = set()
        self._plan: list[tuple[int, str, str, Columna, Any]] = []
        for pos, (crudo, titulo) in enumerate(zip(cabecera, self.titulos, strict=True)):
            if con_id and pos == 0:
                continue
            n = clave_titulo(crudo)
            cp = indice.get(n)
            if cp is not None and id(cp) in vistos:
                # Títulos repetidos en la plantilla oficial (Fr. XIII: dos «Extensión
                # telefónica»): la n-ésima aparición va a la n-ésima columna con ese título.
                cp = next(
                    (
                        p
                        for p in planas
                        if id(p) not in vistos and clave_titulo(p.titulo) == clave_titulo(cp.titulo)
                    ),
                    cp,
                )
            if cp is None or id(cp) in vistos:
                if n == "id" and self.pos_id is None:
                    self.pos_id = pos
                elif n and n not in COLUMNAS_PNT:
                    repetida = cp is not None
                    self._nuevo(
                        "columna-repetida" if repetida else "columna-desconocida",
                        f"La columna «{titulo}» "
                        + (
                            "está repetida; se leyó sólo la primera."
                            if repetida
                            else f"no es {origen}; se ignoró. Revise el título o quítela."
                        ),
                        fila_cabecera,
                        pos,
                        titulo,
                    )
                continue
            vistos.add(id(cp))
            self._plan.append(self._paso(pos, cp, crudo))
        # Todas las claves que un registro puede llegar a tener (las de cada columna del
        # formato, esté o no en el archivo: las tablas secundarias llegan después) y, en la
        # tabla principal, las del sobre que `armar_datos` le agrega si difieren del documento.
        posibles = [ruta_comun(c.clave)[0] for c in columnas]
        self._nuevo_registro = fabrica_de_registros(
            posibles if con_id else [*posibles, *CLAVES_POR_REGISTRO]
        )
        #: Letra de la columna de cada clave simple del registro (para nombrar la celda).
        self.letras: dict[str, str] = {}
        if self.hoja:  # sólo los libros tienen celdas con letra
            from openpyxl.utils import get_column_letter

            self.letras = {
                clave: get_column_letter(pos + 1)
                for pos, modo, clave, _, _ in self._plan
                if modo in ("texto", "catalogo", "valor", "comun", "nota")
            }
        for cp in planas:
            if id(cp) not in vistos:
                self._nuevo(
                    "columna-faltante",
                    f"Falta la columna «{cp.titulo}»; sus valores quedan vacíos. Agréguela "
                    "con el título oficial.",
                    fila_cabecera,
                    None,
                    cp.titulo,
                    severidad="advertencia",
                )

    def _paso(self, pos: int, cp: ColumnaPlana, crudo: Any) -> tuple[int, str, str, Columna, Any]:
        col = cp.columna
        if col.ambito == "documento":
            return pos, "nota" if col.clave == "nota" else "comun", col.clave, col, None
        if col.tipo == "tabla":
            self.tablas[col.clave] = (col, hoja_de_titulo(texto_celda(crudo)))
            self.enlaces[col.clave] = []
            return pos, "tabla", col.clave, col, None
        if cp.subcolumna is not None:
            return pos, "sub", col.clave, cp.subcolumna, cp.parte
        if cp.parte is not None:
            return pos, "parte", col.clave, col, cp.parte
        if col.tipo in ("texto", "hipervinculo"):
            return pos, "texto", col.clave, col, None
        if col.tipo == "catalogo" and col.catalogo:
            normal = {normalizar(v): v for v in col.catalogo}
            return pos, "catalogo", col.clave, col, (frozenset(col.catalogo), normal)
        return pos, "valor", col.clave, col, None

    def _nuevo(
        self,
        codigo: str,
        mensaje: str,
        fila: int | None,
        pos: int | None,
        columna: str,
        severidad: str = "error",
        **extra: Any,
    ) -> None:
        if self.hoja and pos is not None and fila is not None:
            from openpyxl.utils import get_column_letter  # sólo hay celdas en los libros

            mensaje += f" (celda {get_column_letter(pos + 1)}{fila})"
        self.hallazgos.append(
            ErrorValidacion(
                codigo=codigo,
                mensaje=mensaje,
                severidad=severidad,  # type: ignore[arg-type]
                columna=columna,
                archivo=self.archivo,
                hoja=self.hoja,
                fila=fila,
                **extra,
            )
        )

    def no_convertible(
        self, exc: Exception, fila: int, pos: int, texto: str, registro: int | None, clave: str
    ) -> None:
        """Hallazgo de una celda que no se pudo convertir al tipo de su columna."""
        self._nuevo(
            "valor-no-convertible",
            f"{exc}. Se dejó el texto tal cual; corríjalo en el archivo.",
            fila,
            pos,
            self.titulos[pos],
            registro=registro,
            clave=clave,
            valor=texto,
        )

    def oficializado(
        self, fila: int, pos: int, registro: int, clave: str, leido: str, oficial: str
    ) -> None:
        """Un valor de catálogo escrito con otras mayúsculas, acentos o espacios se guarda con
        su forma oficial (la que acepta la PNT) y se avisa: ningún valor cambia en silencio."""
        self._nuevo(
            "catalogo-forma-oficial",
            f"Se leyó «{leido}» y se tomó «{oficial}», el valor oficial del catálogo (difieren "
            "sólo en mayúsculas, acentos o espacios). Escríbalo así en el archivo.",
            fila,
            pos,
            self.titulos[pos],
            severidad="advertencia",
            registro=registro,
            clave=clave,
            valor=leido,
        )

    def sin_mas_filas(self) -> None:
        """Ya no llegan filas: suelta el índice de valores repetidos (issue 13: a 100,000
        registros, ~8 MB que seguirían vivos mientras se leen las tablas secundarias)."""
        self._textos, self._reales = {}, {}

    def agregar_enlazada(
        self,
        registros: list[dict[str, Any]],
        clave: str,
        destinos: Sequence[int],
        numero: int,
        fila: Sequence[Any],
        enlace: str,
    ) -> None:
        """Fila de una tabla secundaria: va a cada registro (índice en `destinos`) al que
        apunta su ID; si no apunta a ninguno, el hallazgo «id-sin-registro», ubicado."""
        if not destinos:
            donde = f"la hoja «{self.hoja}»" if self.hoja else Path(self.archivo).name
            self._nuevo(
                "id-sin-registro",
                f"La fila {numero} de {donde} tiene ID «{enlace}», que no corresponde a ningún "
                "registro del archivo principal; corrija el ID.",
                numero,
                0,
                "ID",
                valor=enlace,
            )
            return
        # Sin la contabilidad de `agregar` (fila, enlaces, ID): la fila vive sólo en su registro.
        valores, _ = self._leer(numero, fila, destinos[0] + 1)
        for k, i in enumerate(destinos):
            fila_de = valores if k == 0 else copy.deepcopy(valores)
            reg = registros[i]
            previas = reg.get(clave)
            if previas is None:
                reg[clave] = [fila_de]
            elif len(previas) < 8:  # la lista justa (`append` reservaría lugar de más)
                reg[clave] = previas + [fila_de]
            else:
                previas.append(fila_de)

    def agregar(
        self, numero: int, fila: Sequence[Any], registro: int | None = None
    ) -> dict[str, Any]:
        """Lee la fila `numero` (contando como la hoja de cálculo) y la guarda como registro."""
        num_reg = registro if registro is not None else len(self.registros) + 1
        reg, enlaces = self._leer(numero, fila, num_reg)
        self.registros.append(reg)
        self.filas_hoja.append(numero)
        for clave, lista in self.enlaces.items():
            lista.append(enlaces.get(clave, "") if enlaces else "")
        if self.pos_id is not None:
            self.ids.append(clave_enlace(fila[self.pos_id]) if self.pos_id < len(fila) else "")
        return reg

    def _leer(
        self, numero: int, fila: Sequence[Any], num_reg: int
    ) -> tuple[dict[str, Any], dict[str, str] | None]:
        """La fila `numero` como registro, y el enlace de cada tabla secundaria que trae."""
        reg = self._nuevo_registro()
        enlaces: dict[str, str] | None = None
        largo = len(fila)
        for pos, modo, clave, col, extra in self._plan:
            valor = fila[pos] if pos < largo else None
            if self.restaurar and isinstance(valor, str):
                valor = restaurar_formula(valor)
            if modo == "comun":
                vistos = self.comunes.setdefault(clave, {})
                clave_v = "" if valor is None else valor
                visto = vistos.get(clave_v)
                if visto is None:
                    visto = vistos[clave_v] = [0, numero, pos, len(vistos)]
                visto[0] += 1
                indices = self.indices_comunes.get(clave)
                if indices is None:
                    indices = self.indices_comunes[clave] = array("I")
                indices.append(visto[3])
                continue
            if modo == "nota":
                self.notas.append(texto_celda(valor))
                continue
            if modo == "parte":
                lista = reg.setdefault(clave, [])
                if texto_celda(valor).strip():
                    lista.append(extra)
                continue
            if valor is None or valor == "":
                continue
            if isinstance(valor, str):
                if modo == "texto":
                    if valor.strip():
                        reg[clave] = valor
                    continue
                if modo == "catalogo":
                    if valor in extra[0]:
                        reg[clave] = valor
                    elif valor.strip():
                        oficial = extra[1].get(normalizar(valor))
                        reg[clave] = valor if oficial is None else oficial
                        if oficial is not None:
                            self.oficializado(numero, pos, num_reg, clave, valor, oficial)
                    continue
            if modo == "tabla":
                enlace = clave_enlace(valor)
                if enlaces is None:
                    enlaces = {}
                else:  # el mismo número en otra columna de tabla de la fila: un solo texto
                    enlace = next((e for e in enlaces.values() if e == enlace), enlace)
                enlaces[clave] = enlace
                continue
            try:
                convertido = convertir(col, valor)
            except ValueError as exc:
                convertido = texto_celda(valor)
                self.no_convertible(exc, numero, pos, convertido, num_reg, clave)
            if convertido is None:
                continue
            if col.tipo == "catalogo" and isinstance(convertido, str):
                leido = texto_celda(valor)
                if convertido != leido:
                    self.oficializado(numero, pos, num_reg, clave, leido, convertido)
            if modo == "sub":
                reg.setdefault(clave, {})[extra] = convertido
            else:
                reg[clave] = convertido
        for pos in range(len(self.titulos), largo):
            sobra = fila[pos]
            if sobra is not None and texto_celda(sobra).strip():
                self._nuevo(
                    "celda-sin-columna",
                    f"La fila {numero} trae «{texto_celda(sobra)}» en la columna {pos + 1}, que no "
                    "tiene encabezado; el valor no se leyó. Quítelo o póngalo en su columna "
                    "(¿una coma de más dentro de un texto sin comillas?).",
                    numero,
                    pos,
                    f"columna {pos + 1}",
                    registro=num_reg,
                    valor=texto_celda(sobra),
                )
        textos, reales = self._textos, self._reales
        # Con muchos valores distintos el índice pesaría más que lo que ahorra (issue 13): ya
        # lleno, sólo reutiliza los que tiene (los repetidos aparecen pronto).
        nuevos = len(textos) < _MAXIMO_TEXTOS
        for k, v in reg.items():
            if type(v) is str:
                if len(v) <= 64:
                    reg[k] = textos.setdefault(v, v) if nuevos else textos.get(v, v)
            elif type(v) is float and v:  # 0.0 y -0.0 son iguales pero no el mismo valor
                reg[k] = reales.setdefault(v, v)
        return reg, enlaces


def fila_vacia(fila: Sequence[Any]) -> bool:
    """La fila no trae ningún valor (sólo vacíos o espacios)."""
    return not any(
        c is not None and c != "" and not (isinstance(c, str) and not c.strip()) for c in fila
    )


def _nota_comun(notas: list[str]) -> str:
    """La nota que más se repite es la del documento; si ninguna gana, "" (cada fila la suya)."""
    primeras = Counter(notas).most_common(2)
    if not primeras or (len(primeras) == 2 and primeras[0][1] == primeras[1][1]):
        return ""
    return primeras[0][0]


def armar_datos(
    formato: Formato, armador: LectorDeTabla, sobre: Mapping[str, Any]
) -> dict[str, Any]:
    """El documento (sobre + registros) a partir de lo que juntó el `LectorDeTabla`.

    Las columnas comunes (Ejercicio, periodo, área, fechas, Nota) son de cada fila en el SIPOT:
    el documento toma el valor dado en `sobre` (si alguna fila lo trae) o el más frecuente, y
    cada registro que difiere guarda el suyo (`CLAVES_POR_REGISTRO`). Ningún valor cambia.
    """
    datos: dict[str, Any] = {"formato": formato.id}
    datos["sujeto_obligado"] = sobre.get("sujeto_obligado", "")
    registros = armador.registros
    por_fila: dict[str, list[Any]] = {}  # clave de columna → valor de cada registro
    for clave, vistos in armador.comunes.items():
        col = formato.columna(clave)
        convertidos: list[Any] = [None] * len(vistos)
        malos: dict[int, tuple[Exception, int, int, str]] = {}
        cuenta: Counter[Any] = Counter()
        for crudo, (veces, fila, pos, indice) in vistos.items():
            try:
                valor = convertir(col, crudo) if col else crudo
            except ValueError as exc:
                valor = texto_celda(crudo)
                malos[indice] = (exc, fila, pos, valor)
            convertidos[indice] = valor
            cuenta[valor] += veces
        dado = _del_sobre(sobre, clave)
        # Una celda en blanco nunca es el valor del documento: si lo fuera, las filas en
        # blanco lo «heredarían» y el faltante se diría sin registro ni celda. Cada fila en
        # blanco guarda su vacío (`_sobre_por_registro`) y la validación la ubica.
        llenos = [(v, n) for v, n in cuenta.most_common() if not _en_blanco(v)]
        if dado is not None and _hashable(dado) and dado in cuenta:
            comun = dado
        else:
            comun = llenos[0][0] if llenos else None
        valores = [convertidos[i] for i in armador.indices_comunes.get(clave, ())]
        por_fila[clave] = valores
        for indice, (falla, fila, pos, texto) in malos.items():
            if convertidos[indice] == comun:  # el del documento: se dice una vez
                armador.no_convertible(falla, fila, pos, texto, None, clave)
                continue
            for i, v in enumerate(valores):  # el de algunos registros: se dice en cada uno
                if v == convertidos[indice] and i < len(armador.filas_hoja):
                    armador.no_convertible(falla, armador.filas_hoja[i], pos, texto, i + 1, clave)
        if clave == "ejercicio":
            datos["ejercicio"] = comun
        elif clave in ("periodo_inicio", "periodo_termino"):
            datos.setdefault("periodo", {})[ruta_comun(clave)[1]] = comun
        elif comun is not None:
            datos[clave] = comun
    for clave in CLAVES_SOBRE:
        if clave not in datos and clave in sobre and clave not in ("sujeto_obligado", "nota"):
            datos[clave] = sobre[clave]
    if formato.tipo == "tabular":
        _sobre_por_registro(datos, registros, por_fila)
    notas = armador.notas
    nota_doc = sobre.get("nota", _nota_comun(notas))
    datos["nota"] = nota_doc
    for reg, nota in zip(registros, notas, strict=False):
        if nota != nota_doc:
            reg["nota"] = nota
    if formato.tipo == "documento":
        datos.update(registros[0] if registros else {})
    else:
        datos["registros"] = registros
    return datos


def _del_sobre(sobre: Mapping[str, Any], clave: str) -> Any:
    ruta = ruta_comun(clave)
    valor = sobre.get(ruta[0])
    if len(ruta) == 2:
        return valor.get(ruta[1]) if isinstance(valor, Mapping) else None
    return valor


def _hashable(valor: Any) -> bool:
    return valor is None or isinstance(valor, str | int | float)


def _en_blanco(valor: Any) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip())


def _sobre_por_registro(
    datos: dict[str, Any], registros: list[dict[str, Any]], por_fila: Mapping[str, list[Any]]
) -> None:
    """Cada registro cuyo ejercicio, periodo, área o fechas difieren del documento guarda los
    suyos (el periodo completo: inicio y término)."""
    crudo = datos.get("periodo")
    periodo_doc: Mapping[str, Any] = crudo if isinstance(crudo, Mapping) else {}
    for clave, valores in por_fila.items():
        ruta = ruta_comun(clave)
        comun = periodo_doc.get(ruta[1]) if len(ruta) == 2 else datos.get(clave)
        for i, valor in enumerate(valores):
            if valor == comun or i >= len(registros):
                continue
            reg = registros[i]
            if len(ruta) == 1:
                reg[clave] = valor
            elif "periodo" not in reg:
                propio = {
                    k: por_fila[f"periodo_{k}"][i] if f"periodo_{k}" in por_fila else v
                    for k, v in (
                        ("inicio", periodo_doc.get("inicio")),
                        ("termino", periodo_doc.get("termino")),
                    )
                }
                reg["periodo"] = {k: v for k, v in propio.items() if v is not None}
