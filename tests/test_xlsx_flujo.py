"""Lectura por flujo de hojas grandes (importadores/xlsx_flujo.py): da lo mismo que openpyxl
en sólo lectura, pero no deja colgado un nodo XML por fila ni por cadena (issue 13)."""

from __future__ import annotations

import datetime as dt
import gc
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont, Text
from transparencia_fmt.importadores import xlsx_flujo

_EN_LINEA = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.S)
_TIPO = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _libro(ruta: Path, filas: int = 40) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Datos"
    ws.append(["ID", "Texto", "Fecha", "Importe", "Sí/No"])
    for i in range(1, filas + 1):
        if i % 7 == 0:
            continue  # filas que faltan en el archivo
        texto = f"texto {i} _x000D_ x005F_ «ñ»"
        valores = [i, texto, dt.date(2026, 1, i % 28 + 1), i * 1.5, i % 2 == 0]
        for columna, valor in enumerate(valores, start=1):
            ws.cell(i + 1, columna).value = valor
    ws.cell(filas + 5, 9).value = "lejos"  # una celda suelta más allá de las columnas
    ws.cell(3, 2).value = CellRichText(["rico ", TextBlock(InlineFont(b=True), "negrita")])
    ws.cell(4, 4).value = "=SUMA(1;2)"  # fórmula sin valor calculado
    wb.create_sheet("Vacía")
    wb.save(ruta)
    # Como lo guarda Excel: los textos en xl/sharedStrings.xml (openpyxl los escribe en la
    # celda); y la dimensión que declara la hoja miente (como en algunos generadores).
    with zipfile.ZipFile(ruta) as z:
        partes = {n: z.read(n) for n in z.namelist()}
    cadenas: dict[bytes, int] = {}

    def compartir(m: re.Match[bytes]) -> bytes:
        i = cadenas.setdefault(m.group(3), len(cadenas))
        return b"<c " + m.group(1) + b't="s"' + m.group(2) + b"><v>%d</v></c>" % i

    hoja = "xl/worksheets/sheet1.xml"
    partes[hoja] = _EN_LINEA.sub(compartir, partes[hoja])
    partes[hoja] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', partes[hoja])
    partes["[Content_Types].xml"] = partes["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>' % _TIPO,
    )
    partes["xl/_rels/workbook.xml.rels"] = partes["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Type="%s" Target="sharedStrings.xml"/></Relationships>' % _REL,
    )
    partes["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main">' + b"".join(b"<si>%s</si>" % t for t in cadenas) + b"</sst>"
    )
    with zipfile.ZipFile(ruta, "w", zipfile.ZIP_DEFLATED) as z:
        for n, datos in partes.items():
            z.writestr(n, datos)
    return ruta


def _de_openpyxl(ruta: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = openpyxl.load_workbook(ruta, read_only=True, data_only=True)
    hojas = {}
    for hoja in wb.sheetnames:
        ws = wb[hoja]
        ws.reset_dimensions()
        hojas[hoja] = [tuple(f) for f in ws.iter_rows(values_only=True)]
    wb.close()
    return hojas


def test_da_las_mismas_filas_que_openpyxl(tmp_path):
    ruta = _libro(tmp_path / "libro.xlsx")
    esperado = _de_openpyxl(ruta)
    wb = xlsx_flujo.abrir(ruta)
    leido = {h: [tuple(f) for f in xlsx_flujo.filas(wb[h])] for h in wb.sheetnames}
    wb.close()
    assert leido == esperado
    datos = esperado["Datos"]
    with zipfile.ZipFile(ruta) as z:  # de verdad con cadenas compartidas, una con formato
        assert b"<r>" in z.read("xl/sharedStrings.xml")
        assert b"inlineStr" not in z.read("xl/worksheets/sheet1.xml")
    assert len(datos) == 45 and datos[7] == () and datos[2][1] == "rico negrita"
    assert isinstance(datos[1][2], dt.datetime) and datos[1][4] is False


def test_cadenas_compartidas_como_openpyxl(tmp_path):
    from openpyxl.reader.strings import read_string_table

    ruta = _libro(tmp_path / "libro.xlsx")
    with zipfile.ZipFile(ruta) as z:
        assert xlsx_flujo.cadenas_compartidas(z.open("xl/sharedStrings.xml")) == list(
            read_string_table(z.open("xl/sharedStrings.xml"))
        )


def _filas_vivas() -> int:
    """Nodos <row> vivos (xml.etree: objetos que sigue el recolector)."""
    return sum(isinstance(o, Element) and o.tag.endswith("}row") for o in gc.get_objects())


@pytest.mark.parametrize("nuestro", [True, False])
def test_no_quedan_nodos_de_filas_ya_leidas(tmp_path, nuestro):
    """A media hoja, openpyxl guarda un nodo <row> por fila leída; el flujo, sólo las del
    trozo de XML leído y aún sin entregar."""
    ruta = _libro(tmp_path / "libro.xlsx", filas=3000)
    if nuestro:
        wb = xlsx_flujo.abrir(ruta)
        filas = xlsx_flujo.filas(wb["Datos"])
    else:
        wb = openpyxl.load_workbook(ruta, read_only=True, data_only=True)
        ws = wb["Datos"]
        ws.reset_dimensions()  # la dimensión del archivo miente
        filas = ws.iter_rows(values_only=True)
    gc.collect()  # la basura de pruebas anteriores
    antes = _filas_vivas()
    for numero, _ in enumerate(filas):
        if numero == 2000:
            vivos = _filas_vivas() - antes
            break
    wb.close()
    if nuestro:
        assert vivos < 100
    else:  # la referencia: que la prueba sí ve los nodos que openpyxl deja colgados
        assert vivos > 1500


def test_sin_eventos_start_dentro_de_la_hoja(tmp_path):
    """Tras abrir <sheetData> no llegan «start» (uno por celda costaba ~15 % de lectura)."""
    ruta = _libro(tmp_path / "libro.xlsx", filas=3000)
    with zipfile.ZipFile(ruta) as z, z.open("xl/worksheets/sheet1.xml") as fuente:
        eventos = [(e, n.tag.rsplit("}", 1)[-1]) for e, n in xlsx_flujo._eventos(fuente)]
    inicio = eventos.index(("start", "sheetData"))
    despues = sum(e == "start" for e, _ in eventos[inicio + 1 :])
    assert despues < 16 * 1024 // 10  # sólo los del trozo de 16 KiB ya leído (≥ 10 bytes c/u)
    assert sum(e == ("end", "row") for e in eventos) == 3000 - 3000 // 7 + 2
    assert sum(e == ("end", "c") for e in eventos) > 10_000


def _cadenas_vivas() -> int:
    """Nodos <si> vivos (xml.etree: objetos que sigue el recolector)."""
    return sum(isinstance(o, Element) and o.tag.endswith("}si") for o in gc.get_objects())


@pytest.mark.parametrize("nuestro", [True, False])
def test_no_quedan_nodos_de_cadenas_ya_leidas(tmp_path, monkeypatch, nuestro):
    """A media lectura de las cadenas, openpyxl guarda un nodo <si> por cadena leída; la
    nuestra, sólo las del trozo de XML leído y aún sin entregar."""
    from openpyxl.reader import strings

    ruta = _libro(tmp_path / "libro.xlsx", filas=6000)
    vivos: list[int] = []

    class Contado(Text):
        @classmethod
        def from_tree(cls, nodo):  # type: ignore[no-untyped-def]
            if len(vivos) == 4000:  # (el índice de la lista ya no importa)
                vivos.append(_cadenas_vivas() - antes)
            vivos.append(0)
            return Text.from_tree(nodo)

    monkeypatch.setattr(xlsx_flujo if nuestro else strings, "Text", Contado)
    gc.collect()  # la basura de pruebas anteriores
    antes = _cadenas_vivas()
    with zipfile.ZipFile(ruta) as z, z.open("xl/sharedStrings.xml") as fuente:
        leer = xlsx_flujo.cadenas_compartidas if nuestro else strings.read_string_table
        assert len(leer(fuente)) > 5000
    medido = vivos[4000]
    if nuestro:
        assert medido < 1000  # un trozo de 16 KiB de XML
    else:  # la referencia: que la prueba sí ve los nodos que openpyxl deja colgados
        assert medido > 3000


def test_indice_de_textos_acotado_no_cambia_valores(monkeypatch):
    """Lleno el índice de valores repetidos, los textos nuevos se guardan tal cual y los que
    ya tiene se siguen compartiendo (un solo objeto por valor)."""
    from transparencia_fmt import tabla_a_documento as tad
    from transparencia_fmt.modelos import Columna

    monkeypatch.setattr(tad, "_MAXIMO_TEXTOS", 3)
    lector = tad.LectorDeTabla([Columna("nombre", "Nombre", "texto")], ["Nombre"], archivo="x")
    textos = ["".join(["Mujer"]), *(f"nombre {i}" for i in range(10)), "".join(["Mujer"])]
    for numero, texto in enumerate(textos, start=2):
        lector.agregar(numero, [texto])
    assert [r["nombre"] for r in lector.registros] == textos
    assert lector.registros[0]["nombre"] is lector.registros[-1]["nombre"]
    assert len(lector._textos) == 3
