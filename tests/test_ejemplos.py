"""Cada formato del catálogo tiene su ejemplo, que es válido y se exporta con cada exportador
integrado (CSV, DOCX, PDF), leyendo de vuelta lo exportado."""

from __future__ import annotations

import csv
import importlib.util

import pytest
from conftest import EJEMPLOS


def _ids():
    from transparencia_fmt.entorno import Entorno

    return [f.id for f in Entorno.crear(cargar_terceros=False).catalogo]


@pytest.mark.parametrize("formato_id", _ids())
def test_ejemplo_valido_y_exportable(entorno, formato_id, tmp_path):
    """Ejemplo presente, sin errores, y exportado a CSV, DOCX y PDF con su contenido."""
    ruta = EJEMPLOS / f"{formato_id}.json"
    assert ruta.exists(), f"falta el ejemplo ejemplos/{formato_id}.json"
    documento = entorno.cargar(ruta)
    informe = entorno.validar(documento)
    assert informe.valido, [e.texto() for e in informe.solo_errores]
    assert len(documento.registros) >= 1
    if documento.formato.tipo == "tabular":
        assert len(documento.registros) >= 3, "un ejemplo tabular lleva varios registros"

    entorno.exportar(documento, "csv", tmp_path / "doc.csv")
    with (tmp_path / "doc.csv").open(encoding="utf-8", newline="") as f:
        filas = list(csv.reader(f))
    from transparencia_fmt.filas import titulos_unicos

    # los títulos oficiales, en orden; uno repetido lleva « (2)» (un CSV no repite encabezados)
    assert filas[0] == titulos_unicos(documento.tabla().columnas)
    assert len(filas) == 1 + len(documento.registros)

    entorno.exportar(documento, "docx", tmp_path / "doc.docx")
    from docx import Document

    docx = Document(tmp_path / "doc.docx")
    assert docx.core_properties.author == documento.sujeto_obligado["nombre"]
    assert docx.paragraphs or docx.tables

    if importlib.util.find_spec("transparencia_fmt.exportadores.pdf_documento") is None:
        pytest.skip("sin exportador PDF")
    entorno.exportar(documento, "pdf", tmp_path / "doc.pdf")
    from pypdf import PdfReader

    lector = PdfReader(tmp_path / "doc.pdf")
    texto = " ".join(p.extract_text() for p in lector.pages)
    assert len(lector.pages) >= 1
    assert documento.sujeto_obligado["nombre"].split(",")[0] in " ".join(texto.split())
