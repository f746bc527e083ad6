"""Hojas grandes por flujo con openpyxl (sólo lectura) sin dejar nodos XML colgados.

openpyxl lee con `iterparse` y vacía cada nodo ya leído (`clear()`), pero el nodo sigue
colgado de su padre hasta el final: cada <si> de las cadenas compartidas de la raíz y cada
<row> de <sheetData>, 80 bytes por cadena y por fila. Liberados al final, quedan como huecos
que los registros (otros tamaños) no reutilizan: ~40 MB de memoria pico a 100,000 registros
(issue 13). Aquí se leen igual (las mismas funciones de openpyxl), pero cada nodo terminado
se suelta de su padre.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import XMLPullParser

from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet import _reader as lector
from openpyxl.xml import DEFUSEDXML
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

_SI = f"{{{SHEET_MAIN_NS}}}si"


def cadenas_compartidas(fuente: IO[bytes]) -> list[str]:
    """Como `openpyxl.reader.strings.read_string_table`, soltando cada <si> ya leído."""
    cadenas: list[str] = []
    raiz = None
    for evento, nodo in iterparse(fuente, events=("start", "end")):
        if raiz is None:
            raiz = nodo
        if evento == "end" and nodo.tag == _SI:
            cadenas.append(Text.from_tree(nodo).content.replace("x005F_", ""))
            nodo.clear()
            del raiz[:]
    return cadenas


class _LectorLibro(ExcelReader):  # type: ignore[misc]
    def read_strings(self) -> None:
        parte = self.package.find(SHARED_STRINGS)
        if parte is not None:
            with self.archive.open(parte.PartName[1:]) as fuente:
                self.shared_strings = cadenas_compartidas(fuente)


def abrir(ruta: Path) -> Any:
    """Como `load_workbook(ruta, read_only=True, data_only=True)`."""
    leido = _LectorLibro(ruta, read_only=True, data_only=True)
    leido.read()
    return leido.wb


class _Analizador(lector.WorkSheetParser):  # type: ignore[misc]
    """`WorkSheetParser.parse` de openpyxl 3.1, que además suelta cada <row> de <sheetData>."""

    def parse(self) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        if DEFUSEDXML:  # openpyxl lee con defusedxml: su lector, tal cual
            yield from super().parse()
            return
        despacho = {
            lector.COL_TAG: self.parse_column_dimensions,
            lector.PROT_TAG: self.parse_sheet_protection,
            lector.EXT_TAG: self.parse_extensions,
            lector.CF_TAG: self.parse_formatting,
            lector.LEGACY_TAG: self.parse_legacy,
            lector.ROW_BREAK_TAG: self.parse_row_breaks,
            lector.COL_BREAK_TAG: self.parse_col_breaks,
            lector.CUSTOM_VIEWS_TAG: self.parse_custom_views,
        }
        propiedades = {
            lector.PRINT_TAG: ("print_options", lector.PrintOptions),
            lector.MARGINS_TAG: ("page_margins", lector.PageMargins),
            lector.PAGE_TAG: ("page_setup", lector.PrintPageSetup),
            lector.HEADER_TAG: ("HeaderFooter", lector.HeaderFooter),
            lector.FILTER_TAG: ("auto_filter", lector.AutoFilter),
            lector.VALIDATION_TAG: ("data_validations", lector.DataValidationList),
            lector.PROPERTIES_TAG: ("sheet_properties", lector.WorksheetProperties),
            lector.VIEWS_TAG: ("views", lector.SheetViewList),
            lector.FORMAT_TAG: ("sheet_format", lector.SheetFormatProperties),
            lector.SCENARIOS_TAG: ("scenarios", lector.ScenarioList),
            lector.TABLE_TAG: ("tables", lector.TablePartList),
            lector.HYPERLINK_TAG: ("hyperlinks", lector.HyperlinkList),
            lector.MERGE_TAG: ("merged_cells", lector.MergeCells),
        }
        fila_tag, datos_tag = lector.ROW_TAG, lector.DATA_TAG
        datos = None
        for evento, nodo in _eventos(self.source):
            etiqueta = nodo.tag
            if evento == "start":
                if etiqueta == datos_tag and datos is None:
                    datos = nodo
            elif etiqueta == fila_tag:
                fila = self.parse_row(nodo)
                nodo.clear()
                if datos is not None:
                    del datos[:]
                yield fila
            elif etiqueta in despacho:
                despacho[etiqueta](nodo)
                nodo.clear()
            elif etiqueta in propiedades:
                atributo, clase = propiedades[etiqueta]
                setattr(self, atributo, clase.from_tree(nodo))
                nodo.clear()


def _eventos(fuente: IO[bytes]) -> Iterator[tuple[str, Any]]:
    """Como `iterparse(fuente, events=("start", "end"))`, pero sin «start» desde que abre
    <sheetData>: sólo hacía falta ese nodo, y un «start» por celda costaba ~15 % más de
    lectura. (El cambio usa `_setevents`, lo mismo que hace XMLPullParser al crearse; si
    faltara, siguen llegando los «start» y el resultado es el mismo.)"""
    lector_xml: Any = XMLPullParser(events=("start", "end"))
    cambiar = getattr(getattr(lector_xml, "_parser", None), "_setevents", None)
    cola = getattr(lector_xml, "_events_queue", None)
    pendiente = cambiar is not None and cola is not None
    while True:
        for evento, nodo in lector_xml.read_events():
            if pendiente and evento == "start" and nodo.tag == lector.DATA_TAG:
                assert cambiar is not None
                cambiar(cola, ("end",))
                pendiente = False
            yield evento, nodo
        trozo = fuente.read(16 * 1024)
        if not trozo:
            break
        lector_xml.feed(trozo)
    lector_xml.close()
    yield from lector_xml.read_events()


def filas(hoja: Any) -> Iterator[Sequence[Any]]:
    """Como `hoja.iter_rows(values_only=True)` tras `hoja.reset_dimensions()` (sin confiar en
    la dimensión que declara el archivo): `_cells_by_row` de openpyxl 3.1 sin límites."""
    libro = hoja.parent
    vacia: list[Any] = []
    siguiente = 1
    with hoja._get_source() as fuente:
        analizador = _Analizador(
            fuente,
            hoja._shared_strings,
            data_only=libro.data_only,
            epoch=libro.epoch,
            date_formats=libro._date_formats,
            timedelta_formats=libro._timedelta_formats,
        )
        for numero, celdas in analizador.parse():
            while siguiente < numero:  # filas que faltan en el archivo
                siguiente += 1
                yield vacia
            if siguiente <= numero:
                siguiente += 1
                yield hoja._get_row(celdas, 1, None, True)
