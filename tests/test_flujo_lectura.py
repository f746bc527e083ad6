"""Issue 10, puntos 5 y 6: lo que se lee en la terminal y en los documentos. Títulos sin los
guiones bajos del SIPOT, fundamento sólo verificado, columnas completas con su clave JSON y
filtros que explican por qué coinciden."""

from __future__ import annotations

import json

from conftest import EJEMPLOS, ejecutar_tfmt
from docx import Document as LeerDocx
from pypdf import PdfReader

from transparencia_fmt.redaccion import cantidad


def test_cantidad_singular_y_plural():
    assert cantidad(1, "error") == "1 error"
    assert cantidad(2, "error") == "2 errores"
    assert cantidad(0, "registro") == "0 registros"
    assert cantidad(1, "formato aplicable", "formatos aplicables") == "1 formato aplicable"


def test_formato_muestra_titulos_completos_y_clave_json():
    r = ejecutar_tfmt("formato", "LGT_Art_70_Fr_X_b")
    assert r.returncode == 0, r.stderr
    f = json.loads(ejecutar_tfmt("formato", "LGT_Art_70_Fr_X_b", "--json").stdout)
    titulos = [c["titulo"] for c in f["columnas"]]
    for titulo in titulos:  # ninguno recortado: los cuatro «ESTE CRITERIO…» se distinguen
        assert titulo in r.stdout
    for c in f["columnas"]:
        if c["clave"] not in ("periodo_inicio", "periodo_termino"):
            assert c["clave"] in r.stdout
    assert "periodo.inicio" in r.stdout and "registros" in r.stdout
    # el fundamento 2025 se informa aquí, como información pendiente de verificar
    assert "LGTAIP 2025" in r.stdout and "por verificar" in r.stdout


def test_fraccion_explica_la_coincidencia_por_2025():
    r = ejecutar_tfmt("formatos", "--fraccion", "IX")
    assert r.returncode == 0, r.stderr
    linea_ix = next(x for x in r.stdout.splitlines() if x.startswith("LGT_Art_70_Fr_IX "))
    assert "2025" not in linea_ix
    explicacion = [x for x in r.stdout.splitlines() if "LGT_Art_70_Fr_X_b" in x]
    assert explicacion and any("LGTAIP 2025" in x and "art. 65" in x for x in explicacion)
    assert "LGT_Art_70_Fr_X_b" in r.stdout and "formatos." in r.stdout
    datos = json.loads(ejecutar_tfmt("formatos", "--fraccion", "IX", "--json").stdout)
    por_id = {d["id"]: d for d in datos}
    assert por_id["LGT_Art_70_Fr_X_b"]["coincide_por"].startswith("LGTAIP 2025")
    assert por_id["LGT_Art_70_Fr_IX"]["coincide_por"].startswith("LGTAIP 2015")


def test_titulos_sin_guion_bajo_en_listados_y_documentos(tmp_path):
    r = ejecutar_tfmt("formatos")
    assert "Estructura Orgánica — Organigrama" in r.stdout
    assert "Orgánica_Organigrama" not in r.stdout
    dato = json.loads(ejecutar_tfmt("formato", "LGT_Art_70_Fr_II_b", "--json").stdout)
    assert dato["titulo"] == "Estructura Orgánica_Organigrama"  # el texto oficial, como dato
    ejemplo = EJEMPLOS / "LGT_Art_70_Fr_II_b.json"
    r = ejecutar_tfmt("exportar", ejemplo, "--a", "pdf", "--a", "docx", "-o", tmp_path)
    assert r.returncode == 0, r.stderr
    pdf = "\n".join(p.extract_text() for p in PdfReader(tmp_path / f"{ejemplo.stem}.pdf").pages)
    docx = "\n".join(p.text for p in LeerDocx(tmp_path / f"{ejemplo.stem}.docx").paragraphs)
    for texto in (pdf, docx):
        assert "Estructura Orgánica — Organigrama" in texto
        assert "Orgánica_Organigrama" not in texto


def test_ningun_documento_exportado_dice_por_verificar(tmp_path):
    """La demo exporta la semilla y un ejemplo de cada formato con todo exportador."""
    r = ejecutar_tfmt("demo", "-o", "d", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    revisados = 0
    for ruta in sorted((tmp_path / "d").iterdir()):
        if ruta.suffix == ".pdf":
            texto = "\n".join(p.extract_text() for p in PdfReader(ruta).pages)
        elif ruta.suffix == ".docx":
            doc = LeerDocx(ruta)
            texto = "\n".join(p.text for p in doc.paragraphs)
            texto += "\n".join(c.text for t in doc.tables for f in t.rows for c in f.cells)
        elif ruta.suffix in (".csv", ".json", ".md"):
            texto = ruta.read_text("utf-8-sig")
        else:
            continue
        assert "por verificar" not in texto.lower(), ruta.name
        revisados += 1
    assert revisados > 100
