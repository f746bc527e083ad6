"""Issue 10, «Must show»: la plantilla XLSX del SIPOT de varios formatos (uno con tablas
secundarias), llenada como la guarda Excel, da «válido» y se exporta limpia fuera de todo
espacio de trabajo; con una celda mala da exactamente un hallazgo que nombra esa celda; y
ningún documento exportado dice «por verificar»."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import EJEMPLOS, ejecutar_tfmt, escribir_fila_como_excel, hallazgos_de_validar
from docx import Document as LeerDocx
from openpyxl.utils import get_column_letter
from pypdf import PdfReader

from transparencia_fmt.libro_sipot import hoja_tabla

FORMATOS = [
    "LGT_Art_70_Fr_I",
    "LGT_Art_70_Fr_V",
    "LGT_Art_70_Fr_IV",  # tabla secundaria
    "LGT_Art_70_Fr_XV_b",  # tabla secundaria de personas
    "LGT_Art_70_Fr_XXIII_b",  # tres tablas secundarias
    "LGT_Art_70_Fr_XLVIII_b",
]


def _llenar(entorno, formato_id: str, plantilla, destino) -> None:
    doc = entorno.cargar(EJEMPLOS / f"{formato_id}.json")
    wb = openpyxl.load_workbook(plantilla)
    tabla = doc.tabla(iso=True)
    for i, fila in enumerate(tabla.filas, start=8):
        escribir_fila_como_excel(wb["Reporte de Formatos"], i, fila, tabla.tipos)
    for sec in doc.tablas_secundarias(iso=True):
        hoja = wb[hoja_tabla(doc.formato.columna(sec.origen))]  # la hoja que se ve en Excel
        for i, fila in enumerate(sec.filas, start=4):
            escribir_fila_como_excel(hoja, i, fila, sec.tipos)
    wb.save(destino)


def _celda_mala(formato):
    """Una columna del registro donde un valor equivocado es evidente: catálogo, fecha o
    hipervínculo."""
    for pos, col in enumerate(formato.columnas):
        if col.ambito == "registro" and col.tipo == "catalogo":
            return pos, "Valor que no está en el catálogo"
    for pos, col in enumerate(formato.columnas):
        if col.ambito == "registro" and col.tipo == "fecha":
            return pos, "31/02/2026"
    for pos, col in enumerate(formato.columnas):
        if col.ambito == "registro" and col.tipo == "hipervinculo":
            return pos, "www.sin-protocolo.gob.mx"
    raise AssertionError(f"{formato.id}: sin columna de catálogo, fecha ni hipervínculo")


@pytest.mark.parametrize("formato_id", FORMATOS)
def test_plantilla_llena_valida_exporta_y_una_celda_mala(entorno, tmp_path, formato_id):
    r = ejecutar_tfmt("plantilla", formato_id, "--a", "xlsx", "-o", "p.xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    _llenar(entorno, formato_id, tmp_path / "p.xlsx", tmp_path / "lleno.xlsx")

    r = ejecutar_tfmt("validar", "lleno.xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("lleno.xlsx: válido (") and r.stderr == ""

    r = ejecutar_tfmt(
        "exportar", "lleno.xlsx", "--a", "pdf", "--a", "docx", "--a", "csv", "-o", "pub/",
        cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    pdf = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "pub/lleno.pdf").pages)
    docx = LeerDocx(tmp_path / "pub/lleno.docx")
    texto_docx = "\n".join(p.text for p in docx.paragraphs)
    for texto in (pdf, texto_docx):
        assert "por verificar" not in texto
        assert "Fundamento" in texto and "LGTAIP 2015" in texto
    assert "por verificar" not in (tmp_path / "pub/lleno.datapackage.json").read_text("utf-8")

    # Una celda mala en la segunda fila de datos (la 9 de la hoja): un hallazgo, esa celda.
    formato = entorno.catalogo.formato(formato_id)
    pos, malo = _celda_mala(formato)
    wb = openpyxl.load_workbook(tmp_path / "lleno.xlsx")
    wb["Reporte de Formatos"].cell(9, pos + 1).value = malo
    wb.save(tmp_path / "malo.xlsx")
    hallazgos = hallazgos_de_validar("malo.xlsx", cwd=tmp_path)
    assert len(hallazgos) == 1, hallazgos
    celda = f"{get_column_letter(pos + 1)}9"
    assert f"celda {celda}" in hallazgos[0]["mensaje"], hallazgos[0]
    assert hallazgos[0]["columna"] == formato.columnas[pos].titulo
    assert hallazgos[0]["valor"] == malo
    r = ejecutar_tfmt("validar", "malo.xlsx", cwd=tmp_path)
    assert r.stdout.count(f"celda {celda}") == 1
    assert r.stdout.splitlines()[-1].startswith("malo.xlsx: NO válido: 1 error, 0 advertencias")
