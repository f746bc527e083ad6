"""Libros grandes con openpyxl (sólo lectura) sin dejar colgadas las cadenas compartidas.

openpyxl lee xl/sharedStrings.xml con `iterparse` y vacía cada <si> ya leído (`clear()`),
pero el nodo sigue colgado de la raíz hasta el final: 80 bytes por cadena que, liberados al
final, quedan como huecos que los registros (otros tamaños) no reutilizan: ~25 MB de memoria
pico a 100,000 registros (issue 13). Aquí se leen igual (las mismas funciones de openpyxl),
pero cada <si> terminado se suelta de la raíz. (Soltar también cada <row> de la hoja pide los
eventos «start» de cada celda: la lectura costaba ~15 % más; no se hace.)
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
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
