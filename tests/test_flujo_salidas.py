"""Issue 10, punto 7: lo escrito queda donde la persona lo espera."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EJEMPLOS, ejecutar_tfmt
from pypdf import PdfReader

from transparencia_fmt.salidas import con_extension, destinos, es_carpeta

F5 = EJEMPLOS / "LGT_Art_70_Fr_V.json"


def test_o_con_diagonal_final_es_carpeta(tmp_path):
    """`-o nueva/` con un exportador: la carpeta se crea y el archivo va dentro."""
    r = ejecutar_tfmt("exportar", F5, "--a", "pdf", "-o", "nueva/", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "nueva").is_dir()
    pdf = tmp_path / "nueva" / "LGT_Art_70_Fr_V.pdf"
    assert r.stdout.split() == [str(Path("nueva") / "LGT_Art_70_Fr_V.pdf")]
    assert len(PdfReader(pdf).pages) >= 1


def test_o_carpeta_que_existe(tmp_path):
    (tmp_path / "hecha").mkdir()
    r = ejecutar_tfmt("exportar", F5, "--a", "json", "-o", "hecha", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "hecha" / "LGT_Art_70_Fr_V.json").read_text("utf-8"))


def test_o_sin_extension_recibe_la_del_exportador(tmp_path):
    """`-o salida --a pdf` → salida.pdf, no un archivo «salida» sin extensión."""
    r = ejecutar_tfmt("exportar", F5, "--a", "pdf", "-o", "salida", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert not (tmp_path / "salida").exists()
    assert (tmp_path / "salida.pdf").read_bytes().startswith(b"%PDF")
    r = ejecutar_tfmt("exportar", F5, "--a", "csv", "-o", "informe.2026", cwd=tmp_path)
    assert (tmp_path / "informe.2026.csv").exists(), r.stdout + r.stderr


def test_plantilla_json_escribe_un_archivo_como_csv_y_xlsx(tmp_path):
    """Las tres plantillas escriben su archivo y dicen cuál; `-o -` imprime el JSON."""
    for como in ("json", "csv", "xlsx"):
        r = ejecutar_tfmt("plantilla", "LGT_Art_70_Fr_V", "--a", como, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        nombre = f"LGT_Art_70_Fr_V.plantilla.{como}"
        assert r.stdout.splitlines()[0] == nombre
        assert (tmp_path / nombre).stat().st_size > 0
    datos = json.loads((tmp_path / "LGT_Art_70_Fr_V.plantilla.json").read_text("utf-8"))
    assert datos["formato"] == "LGT_Art_70_Fr_V"
    r = ejecutar_tfmt("plantilla", "LGT_Art_70_Fr_V", "-o", "-", cwd=tmp_path)
    assert json.loads(r.stdout)["formato"] == "LGT_Art_70_Fr_V"
    r = ejecutar_tfmt("plantilla", "LGT_Art_70_Fr_V", "--a", "xlsx", "-o", "p/", cwd=tmp_path)
    assert (tmp_path / "p" / "LGT_Art_70_Fr_V.plantilla.xlsx").exists()


def test_demo_resume_y_explica_la_semilla(tmp_path):
    """Una línea por documento y el total; la advertencia 2019/2020 es de la semilla."""
    r = ejecutar_tfmt("demo", "-o", "d", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lineas = r.stdout.splitlines()
    documentos = len(list((EJEMPLOS).glob("*.json")))
    escritos = [p for p in (tmp_path / "d").iterdir()]
    assert lineas[-1] == f"Listo: {documentos} documentos y {len(escritos)} archivos en d/"
    assert len(lineas) < documentos + 10  # ni una ruta por archivo
    assert not any(str(tmp_path) in linea or linea.startswith("d/") for linea in lineas)
    semilla = [linea for linea in lineas if "2019" in linea]
    assert len(semilla) == 1 and "Así viene en la semilla" in semilla[0]
    assert "ADVERTENCIA" not in r.stderr and "2019" not in r.stderr


def test_regla_unica(tmp_path):
    class Exp:
        nombre, extension = "csv-excel", ".csv"

    assert es_carpeta("x/") and es_carpeta(str(tmp_path)) and not es_carpeta("x")
    assert con_extension(Path("a"), ".pdf") == Path("a.pdf")
    assert con_extension(Path("a.PDF"), ".pdf") == Path("a.PDF")
    assert destinos(None, "b", [Exp()], Path("salida")) == [Path("salida/b.csv-excel.csv")]
    assert destinos("s", "b", [Exp()], Path("salida")) == [Path("s.csv")]
    assert destinos("s", "b", [Exp(), Exp()], Path("o")) == [Path("s/b.csv-excel.csv")] * 2
