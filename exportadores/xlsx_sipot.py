"""Exportador XLSX con el diseño de carga masiva del SIPOT, y plantillas vacías.

Hoja «Reporte de Formatos»: fila 1 id del formato, 2–3 título, nombre corto y descripción,
4 códigos de tipo, 5 ids de campo, 6 «Tabla Campos», 7 encabezados; datos desde la 8.
Catálogos en hojas «Hidden_k» (listas desplegables), tablas secundarias en «Tabla_<id>».
El sobre del documento (sujeto obligado…), que el SIPOT no lleva, va en una propiedad del
libro para que exportar → importar dé el mismo documento. openpyxl se importa al escribir.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from transparencia_fmt import hookimpl
from transparencia_fmt.documento import Documento
from transparencia_fmt.documento import fecha as fecha_iso
from transparencia_fmt.filas import ColumnaPlana, aplanar_columnas
from transparencia_fmt.libro_sipot import HOJA_SIPOT, hoja_tabla, trozos_sobre
from transparencia_fmt.texto import limpiar

FILA_DATOS = 8
#: Las listas desplegables cubren al menos hasta esta fila (la plantilla se llena después).
FILAS_VALIDADAS = 1000
FECHA = "dd/mm/yyyy"
MONEDA = "#,##0.00"
#: Código de tipo SIPOT cuando el esquema no lo trae (formatos_ltg.md §4.3).
_CODIGO = {
    "texto": 2,
    "numero": 3,
    "entero": 3,
    "moneda": 6,
    "fecha": 4,
    "hipervinculo": 7,
    "catalogo": 9,
    "tabla": 10,
    "anio": 12,
    "lista": 2,
    "objeto": 2,
}
_ENTERO = re.compile(r"-?\d+")
_FECHA_MINIMA = dt.date(1900, 3, 1)  # antes, Excel no cuenta bien los días


class ExportadorXLSX:
    """Libro de Excel con el diseño de carga masiva del SIPOT."""

    nombre = "xlsx"
    extension = ".xlsx"
    descripcion = (
        "Libro de Excel con el diseño de carga masiva del SIPOT (listas desplegables, "
        "tablas secundarias en hojas Tabla_<id>)"
    )

    def exportar(self, documento: Any, destino: BinaryIO) -> None:
        """Escribe el libro (con el sobre en una propiedad)."""
        _libro(documento, con_sobre=True).save(destino)


def escribir_plantilla(formato: Any, destino: str | Path | BinaryIO) -> None:
    """Plantilla vacía del formato en el diseño del SIPOT (a un archivo, atómicamente)."""
    datos: dict[str, Any] = {"formato": formato.id}
    if formato.tipo == "tabular":
        datos["registros"] = []
    libro = _libro(Documento(formato=formato, datos=datos), con_sobre=False)
    if isinstance(destino, str | Path):
        from transparencia_fmt.atomico import escribir_atomico

        escribir_atomico(Path(destino), libro.save)
    else:
        libro.save(destino)


# -- armado del libro --------------------------------------------------------------------
class _Estilos:
    """Estilos de celda ya resueltos, copiados a cada celda (mucho más rápido)."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.cell import Cell

        self.Cell = Cell
        muestra = Cell(ws, value=None)
        muestra.number_format = FECHA
        self.fecha = muestra._style
        muestra = Cell(ws, value=None)
        muestra.number_format = MONEDA
        self.moneda = muestra._style

    def celda(self, ws: Any, tipo: str, texto: str) -> Any:
        """Texto ISO de `Documento.tabla` → valor de Excel del tipo de la columna."""
        if texto == "":
            return None
        valor: Any = texto
        estilo = None
        try:
            if tipo == "fecha":
                fecha = fecha_iso(texto)
                if fecha is None:
                    raise ValueError(texto)
                if fecha >= _FECHA_MINIMA:
                    valor, estilo = fecha, self.fecha
                else:
                    valor = f"{fecha:%d/%m/%Y}"
            elif tipo == "moneda":
                valor, estilo = float(texto), self.moneda
            elif tipo in ("numero", "entero", "anio", "tabla"):
                valor = int(texto) if _ENTERO.fullmatch(texto) else float(texto)
                if not math.isfinite(valor):
                    valor = texto
        except ValueError:
            valor, estilo = texto, None  # dato inválido: va como texto, el validador lo dice
        if isinstance(valor, str):
            valor = limpiar(valor)
            if valor.startswith(("=", "#")):  # que Excel no lo tome por fórmula ni error
                celda = self.Cell(ws, value=None)
                celda._value, celda.data_type = valor, "s"
                return celda
            return valor
        if estilo is None:
            return valor
        celda = self.Cell(ws, value=valor)
        celda._style = copy.copy(estilo)
        return celda


def _libro(documento: Documento, con_sobre: bool) -> Any:
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty

    formato = documento.formato
    wb = Workbook()
    ws = wb.active
    ws.title = HOJA_SIPOT
    planas = aplanar_columnas(formato.columnas)
    tabla = documento.tabla(iso=True)
    sipot = (formato.esquema.get("x-formato") or {}).get("sipot") or {}
    _encabezado(ws, formato, planas, str(sipot.get("id_formato") or formato.id))
    _datos(ws, tabla.filas, tabla.tipos)
    _catalogos(wb, ws, planas, "", FILA_DATOS, len(tabla.filas))
    ws.freeze_panes = f"A{FILA_DATOS}"
    columnas_tabla = [c for c in formato.columnas_registro if c.tipo == "tabla"]
    for col, secundaria in zip(columnas_tabla, documento.tablas_secundarias(iso=True), strict=True):
        _secundaria(wb, col, secundaria)
    wb.properties.title = formato.titulo
    wb.properties.subject = formato.nombre_corto or formato.id
    wb.properties.creator = "transparencia_fmt"
    if con_sobre:
        for nombre, trozo in trozos_sobre(documento.sobre):
            wb.custom_doc_props.append(StringProperty(name=nombre, value=trozo))
    return wb


def _codigo(cp: ColumnaPlana) -> tuple[str, str]:
    col = cp.subcolumna or cp.columna
    if cp.parte is not None and cp.subcolumna is None:
        return "1", ""  # mes marcado con «X»
    return str(col.sipot_tipo or _CODIGO.get(col.tipo, 2)), str(col.sipot_id or "")


def _encabezado(ws: Any, formato: Any, planas: list[ColumnaPlana], id_formato: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    n = len(planas)
    ultima = get_column_letter(max(n, 7))
    ws["A1"] = id_formato
    negrita = Font(bold=True)
    gris = PatternFill("solid", fgColor="D9D9D9")
    envolver = Alignment(wrap_text=True, vertical="top")
    for inicio, fin, etiqueta, valor in (
        ("A", "C", "TÍTULO", formato.titulo),
        ("D", "F", "NOMBRE CORTO", formato.nombre_corto or formato.id),
        ("G", ultima, "DESCRIPCIÓN", formato.descripcion),
    ):
        ws[f"{inicio}2"], ws[f"{inicio}3"] = etiqueta, valor
        ws[f"{inicio}2"].font, ws[f"{inicio}2"].fill = negrita, gris
        ws[f"{inicio}3"].alignment = envolver
        ws.merge_cells(f"{inicio}2:{fin}2")
        ws.merge_cells(f"{inicio}3:{fin}3")
    ws.row_dimensions[3].height = 60
    ws["A6"] = "Tabla Campos"
    ws["A6"].font, ws["A6"].fill = negrita, gris
    ws.merge_cells(f"A6:{ultima}6")
    for j, cp in enumerate(planas, start=1):
        codigo, campo = _codigo(cp)
        ws.cell(4, j, codigo)
        ws.cell(5, j, campo)
        titulo = _oficial(cp)
        if cp.columna.tipo == "tabla":
            # La plantilla escribe «Título \nTabla_<id>»; el encabezado oficial ya trae el espacio.
            base = cp.columna.encabezado if cp.columna.encabezado is not None else titulo + " "
            titulo = f"{base}\n{hoja_tabla(cp.columna)}"
        celda = ws.cell(7, j, titulo)
        celda.font, celda.fill, celda.alignment = negrita, gris, envolver
        ws.column_dimensions[get_column_letter(j)].width = _ancho(cp)
    for fila in (1, 4, 5):
        ws.row_dimensions[fila].hidden = True
    ws.row_dimensions[7].height = _alto(planas)


def _oficial(cp: ColumnaPlana) -> str:
    """El encabezado oficial tal cual (el título tidy sólo si la columna es una parte)."""
    if cp.parte is None and cp.subcolumna is None:
        return cp.columna.encabezado_oficial
    return cp.titulo


def _ancho(cp: ColumnaPlana) -> float:
    col = cp.subcolumna or cp.columna
    base = {"fecha": 14, "moneda": 16, "numero": 14, "entero": 12, "anio": 12, "tabla": 22}
    ancho = base.get(col.tipo, 40 if col.tipo == "hipervinculo" else 30)
    if col.catalogo:
        ancho = max(ancho, min(45, max(len(v) for v in col.catalogo) + 4))
    return float(max(ancho, min(45, len(cp.titulo) // 3 + 4)))


def _alto(planas: Iterable[ColumnaPlana]) -> float:
    lineas = max((math.ceil(len(cp.titulo) / max(_ancho(cp) - 2, 1)) for cp in planas), default=1)
    return float(min(15 * (lineas + 1), 160))


def _datos(ws: Any, filas: Iterable[list[str]], tipos: Sequence[str]) -> None:
    """Filas de valores tipados debajo de los encabezados (append sigue a la última fila)."""
    estilos = _Estilos(ws)
    tipos = list(tipos)
    for fila in filas:
        ws.append([estilos.celda(ws, t, v) for t, v in zip(tipos, fila, strict=False)])


def _catalogos(
    wb: Any,
    ws: Any,
    planas: list[ColumnaPlana],
    sufijo: str,
    primera: int,
    filas: int,
    desde: int = 0,
) -> None:
    """Una hoja Hidden_k por columna de catálogo y su lista desplegable (nombre definido
    Hidden_<k><columna desde 0>, como las plantillas del SIPOT)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    hasta = max(primera + FILAS_VALIDADAS - 1, primera + filas + 100)
    k = 0
    for j, cp in enumerate(planas, start=desde):
        col = cp.subcolumna or cp.columna
        if col.tipo != "catalogo" or not col.catalogo:
            continue
        k += 1
        nombre = f"Hidden_{k}{sufijo}"[:31]
        oculta = wb.create_sheet(nombre)
        oculta.sheet_state = "hidden"
        for valor in col.catalogo:
            oculta.append([valor])
        definido = f"Hidden_{k}{sufijo}{j}"
        wb.defined_names[definido] = DefinedName(
            definido, attr_text=f"'{nombre}'!$A$1:$A${len(col.catalogo)}"
        )
        letra = get_column_letter(j + 1)
        lista = DataValidation(
            type="list",
            formula1=definido,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Valor fuera del catálogo",
            error=f"Elija un valor de la lista de «{col.titulo}».",
        )
        lista.add(f"{letra}{primera}:{letra}{hasta}")
        ws.add_data_validation(lista)


def _secundaria(wb: Any, col: Any, tabla: Any) -> None:
    """Hoja Tabla_<id>: fila 1 códigos, 2 ids de campo (ocultas), 3 encabezados, datos."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    nombre = hoja_tabla(col)
    ws = wb.create_sheet(nombre)
    planas = aplanar_columnas(col.subcolumnas)
    codigos = [_codigo(cp) for cp in planas]
    ws.append(["", *(c for c, _ in codigos)])
    ws.append(["", *(i for _, i in codigos)])
    ws.append(["ID", *(_oficial(cp) for cp in planas)])
    estilo = (Font(bold=True), PatternFill("solid", fgColor="D9D9D9"))
    for j in range(1, len(planas) + 2):
        celda = ws.cell(3, j)
        celda.font, celda.fill = estilo
        celda.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 8
    for j, cp in enumerate(planas, start=2):
        ws.column_dimensions[get_column_letter(j)].width = _ancho(cp)
    ws.row_dimensions[1].hidden = ws.row_dimensions[2].hidden = True
    ws.row_dimensions[3].height = _alto(planas)
    _datos(ws, tabla.filas, tabla.tipos)
    _catalogos(wb, ws, planas, f"_{nombre}", 4, len(tabla.filas), desde=1)
    ws.freeze_panes = "B4"


@hookimpl
def registrar_exportadores() -> list[Any]:
    """El exportador XLSX."""
    return [ExportadorXLSX()]
