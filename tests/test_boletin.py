"""El boletín informativo con su memoria fotográfica, en DOCX y PDF."""

from __future__ import annotations

import json

from conftest import EJEMPLOS


def test_boletin_docx_con_fotos_y_texto_alternativo(entorno, tmp_path):
    """Cada fotografía va como imagen con su texto alternativo (descr) y su pie."""
    from docx import Document

    doc = entorno.cargar(EJEMPLOS / "Boletin_Informativo.json")
    entorno.exportar(doc, "docx", tmp_path / "b.docx")
    d = Document(tmp_path / "b.docx")
    fotos = json.loads((EJEMPLOS / "Boletin_Informativo.json").read_text("utf-8"))["fotografias"]
    descr = [s._inline.docPr.get("descr") for s in d.inline_shapes]
    assert descr == [f["texto_alternativo"] for f in fotos]
    texto = "\n".join(p.text for p in d.paragraphs)
    assert "BOLETÍN INFORMATIVO No. 87" in texto
    assert "Arranca la rehabilitación de la calle Hidalgo" in texto
    for f in fotos:
        assert f["pie"] in texto


def test_boletin_pdf_con_fotos(entorno, tmp_path):
    """El PDF lleva las dos fotografías como imágenes y sus pies de foto."""
    from pypdf import PdfReader

    doc = entorno.cargar(EJEMPLOS / "Boletin_Informativo.json")
    entorno.exportar(doc, "pdf", tmp_path / "b.pdf")
    lector = PdfReader(tmp_path / "b.pdf")
    imagenes = sum(len(p.images) for p in lector.pages)
    assert imagenes == 2
    texto = " ".join(" ".join(p.extract_text().split()) for p in lector.pages)
    assert "Banderazo de arranque de la obra en la calle Hidalgo." in texto
    assert lector.metadata.title == "BOLETÍN INFORMATIVO No. 87"


def test_foto_fuera_de_la_carpeta_no_se_lee(entorno, tmp_path):
    """Una ruta de foto con «..» no se sigue (no se leen archivos fuera de la carpeta)."""
    from transparencia_fmt.composicion import Imagen, componer
    from transparencia_fmt.documento import documento_desde_dict

    datos = json.loads((EJEMPLOS / "Boletin_Informativo.json").read_text("utf-8"))
    datos["fotografias"][0]["archivo"] = "../ejemplos/boletin_foto1.png"
    doc = documento_desde_dict(
        datos, entorno.catalogo, origen=EJEMPLOS / "Boletin_Informativo.json"
    )
    imagenes = [b for b in componer(doc).bloques if isinstance(b, Imagen)]
    assert len(imagenes) == 1
