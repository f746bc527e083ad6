"""Reconocimiento de libros reales: cada libro de ../shared/sipot_raw/ se reconoce (por id,
nombre corto nacional o estatal, o encabezados) y da un informe ubicado; la descarga de la PNT
de 45c se exporta con todos sus registros; un libro de un formato que no está en el catálogo
nunca se valida como otro."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest
from conftest import EJEMPLOS, RAIZ, ejecutar_tfmt

SHARED = RAIZ.parent / "shared"
LIBROS = sorted((SHARED / "sipot_raw").rglob("*.xlsx"))
P45C = SHARED / "sipot_raw/h1/jos001dc+portal__F43Ctransparencia2025.xlsx"


@pytest.mark.skipif(not LIBROS, reason="sin ../shared/sipot_raw")
@pytest.mark.parametrize("ruta", LIBROS, ids=lambda r: f"{r.parent.name}/{r.name[:40]}")
def test_cada_libro_real_se_reconoce_con_informe_ubicado(entorno, ruta):
    from transparencia_fmt.comparacion import formato_de_plantilla, leer_plantilla

    esperado = formato_de_plantilla(entorno.catalogo, leer_plantilla(ruta))
    documento = entorno.cargar(ruta)
    assert esperado is not None and documento.formato.id == esperado.id
    informe = entorno.validar(documento)
    for e in informe.errores:
        assert e.columna or e.registro or e.hoja, e.texto()


@pytest.mark.skipif(not P45C.exists(), reason="sin ../shared/sipot_raw")
def test_descarga_pnt_45c_se_reconoce_y_exporta_con_todos_sus_registros(tmp_path):
    """La descarga real de 45c (hoja «Informacion», tipo e id corridos una columna, columna
    «Id» en la tabla secundaria) es del formato 45c; sus 16 registros y 15 filas de tabla
    salen en CSV, DOCX y PDF."""
    r = ejecutar_tfmt("validar", "--json", P45C)
    informe = json.loads(r.stdout)["informes"][0]
    assert informe["formato"] == "LGT_Art_70_Fr_XLV_c" and informe["registros"] == 16
    assert all(e["columna"] for e in informe["errores"])
    salida = tmp_path / "pub"
    r = ejecutar_tfmt("exportar", P45C, "--a", "csv", "--a", "docx", "--a", "pdf", "-o", salida)
    assert r.returncode == 0, r.stderr
    base = salida / P45C.stem
    with open(f"{base}.csv", encoding="utf-8", newline="") as f:
        filas = list(csv.reader(f))
    assert len(filas) == 1 + 16
    real = openpyxl.load_workbook(P45C)
    hiper = [f[4] for f in real["Informacion"].iter_rows(min_row=8, values_only=True) if f[0]]
    col = filas[0].index("Hipervínculo a los documentos")
    assert [f[col] for f in filas[1:]] == hiper
    with open(f"{base}.Tabla_587183.csv", encoding="utf-8", newline="") as f:
        assert len(list(csv.reader(f))) == 1 + 15
    from docx import Document
    from pypdf import PdfReader

    docx = Document(f"{base}.docx")
    texto = " ".join(c.text for t in docx.tables for fila in t.rows for c in fila.cells)
    texto += " ".join(p.text for p in docx.paragraphs)
    assert all(h.rsplit("/", 1)[-1] in texto for h in hiper)
    pdf = " ".join(p.extract_text() for p in PdfReader(f"{base}.pdf").pages)
    assert "Programa Anual de Desarrollo" in " ".join(pdf.split())


@pytest.mark.skipif(not P45C.exists(), reason="sin ../shared/sipot_raw")
def test_formato_fuera_del_catalogo_no_se_valida_como_otro(tmp_path):
    """Un libro del SIPOT que declara un formato que no está (id 59999, «45d …») con columnas
    propias: error que nombra id y nombre corto leídos y los formatos más parecidos; nunca
    cientos de errores de otro formato."""
    wb = openpyxl.load_workbook(P45C)
    ws = wb["Informacion"]
    ws["A1"], ws["D3"], ws["A3"] = "59999", "45d LGT_Art_70_Fr_XLV", "Expedientes en concentración"
    ws["D7"], ws["E7"] = "Serie documental", "Hipervínculo al inventario"
    libro = tmp_path / "45d.xlsx"
    wb.save(libro)
    r = ejecutar_tfmt("validar", libro)
    assert r.returncode == 1
    salida = r.stdout + r.stderr
    assert "no está en el catálogo" in salida
    assert "59999" in salida and "45d LGT_Art_70_Fr_XLV" in salida
    assert "LGT_Art_70_Fr_XLV_c" in salida  # el más parecido
    assert "ERROR [" not in salida  # no hay informe de columnas de otro formato


def test_descarga_pnt_con_mayusculas_y_sufijo_tabla(entorno, tmp_path):
    """Encabezados en mayúsculas y «(TABLA_nnn)», como los escribe la PNT: se reconoce el
    formato y se leen las tablas secundarias."""
    destino = tmp_path / "p.xlsx"
    doc = entorno.cargar(EJEMPLOS / "LGT_Art_70_Fr_IV.json")
    entorno.exportar(doc, "xlsx", destino)
    wb = openpyxl.load_workbook(destino)
    ws = wb["Reporte de Formatos"]
    for celda in ws[7]:
        partes = str(celda.value).split("\n")
        celda.value = partes[0].strip().upper() + (
            f" ({partes[1].upper()})" if len(partes) > 1 else ""
        )
    ws["A1"] = None
    wb.save(destino)
    leido = entorno.cargar(destino)
    assert leido.formato.id == "LGT_Art_70_Fr_IV"
    assert len(leido.registros) == 3
    tablas = [r["indicadores_metas_asociados_objetivo"] for r in leido.registros]
    assert [len(t) for t in tablas] == [2, 2, 1]
