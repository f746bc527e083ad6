"""El CLI `tfmt` de punta a punta: códigos de salida, mensajes en español, nunca un traceback."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EJEMPLOS, NUCLEO, ejecutar_tfmt


def tfmt(*args, cwd=None, env=None):
    return ejecutar_tfmt(*args, cwd=cwd, env=env)


def _malo(tmp_path) -> Path:
    datos = json.loads((EJEMPLOS / "LGT_Art_70_Fr_V.json").read_text("utf-8"))
    datos["registros"][1]["sentido_indicador"] = "Lateral"
    datos["periodo"] = {"inicio": "2026-03-31", "termino": "2026-01-01"}
    ruta = tmp_path / "malo.json"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    return ruta


def test_formatos_json():
    """`formatos --json` lista los seis ids con título, fundamento y periodicidad."""
    r = tfmt("formatos", "--json")
    assert r.returncode == 0
    datos = json.loads(r.stdout)
    assert set(NUCLEO) <= {d["id"] for d in datos}
    for d in datos:
        assert {"id", "titulo", "fundamento", "periodicidad"} <= set(d)
    fr5 = next(d for d in datos if d["id"] == "LGT_Art_70_Fr_V")
    assert fr5["periodicidad"] == "trimestral" and "70" in fr5["fundamento"]


def test_formatos_tabla_y_filtro():
    """La tabla para personas muestra periodicidad y se filtra por texto o fracción."""
    r = tfmt("formatos", "--buscar", "publicidad")
    assert r.returncode == 0
    assert "LGT_Art_70_Fr_XXIII_b" in r.stdout and "LGT_Art_70_Fr_I " not in r.stdout
    r = tfmt("formatos", "--fraccion", "xlviii", "--json")
    ids = [d["id"] for d in json.loads(r.stdout)]
    assert {"LGT_Art_70_Fr_XLVIII_a", "LGT_Art_70_Fr_XLVIII_b", "LGT_Art_70_Fr_XLVIII_c"} <= set(
        ids
    )
    assert "LGT_Art_70_Fr_V" not in ids


def test_formato_json():
    """`formato ID --json`: id, titulo y columnas con clave, titulo, tipo, requerido, catalogo."""
    r = tfmt("formato", "5 LGT_Art_70_Fr_V", "--json")
    assert r.returncode == 0
    d = json.loads(r.stdout)
    assert d["id"] == "LGT_Art_70_Fr_V" and d["titulo"] == "Indicadores de interés público"
    for c in d["columnas"]:
        assert {"clave", "titulo", "tipo", "requerido", "catalogo"} <= set(c)
    sentido = next(c for c in d["columnas"] if c["clave"] == "sentido_indicador")
    assert sentido["catalogo"] == ["Ascendente", "Descendente"]


def test_formato_desconocido_sale_con_2():
    r = tfmt("formato", "LGT_Art_70_Fr_ZZ")
    assert r.returncode == 2 and "No existe el formato" in r.stderr


def test_validar_valido_invalido_y_faltante(tmp_path):
    """validar: 0 válido, 1 inválido (columna y valor nombrados), 2 archivo inexistente."""
    r = tfmt("validar", EJEMPLOS / "LGT_Art_70_Fr_V.json")
    assert r.returncode == 0 and "válido" in r.stdout
    r = tfmt("validar", _malo(tmp_path))
    assert r.returncode == 1
    assert "Sentido del indicador (catálogo)" in r.stdout and "Lateral" in r.stdout
    assert "Fecha de término del periodo que se informa" in r.stdout
    assert "registro 2" in r.stdout
    r = tfmt("validar", tmp_path / "no_existe.json")
    assert r.returncode == 2 and "No existe el archivo" in r.stderr


def test_validar_json(tmp_path):
    """`validar --json` es legible por un programa."""
    r = tfmt("validar", "--json", _malo(tmp_path), EJEMPLOS / "LGT_Art_70_Fr_I.json")
    assert r.returncode == 1
    d = json.loads(r.stdout)
    assert d["valido"] is False
    primero, segundo = d["informes"]
    assert primero["valido"] is False and segundo["valido"] is True
    codigos = {h["codigo"] for h in primero["errores"]}
    assert {"catalogo", "periodo-invertido"} <= codigos


@pytest.mark.parametrize(
    "contenido,fragmento",
    [
        ("{ esto no es json", "línea 1"),
        ('{"formato": "NO_EXISTE"}', "No existe el formato"),
        ("[1, 2]", "se esperaba un objeto"),
    ],
)
def test_json_roto_sale_con_1_sin_traceback(tmp_path, contenido, fragmento):
    ruta = tmp_path / "roto.json"
    ruta.write_text(contenido, "utf-8")
    r = tfmt("validar", ruta)
    assert r.returncode == 1 and fragmento in r.stderr


def test_exportar_invalido_se_rechaza_salvo_forzar(tmp_path):
    """exportar valida primero: inválido → 1 sin archivos; con --forzar exporta y avisa."""
    malo = _malo(tmp_path)
    salida = tmp_path / "out.csv"
    r = tfmt("exportar", malo, "--a", "csv", "-o", salida)
    assert r.returncode == 1 and not salida.exists()
    assert "Lateral" in r.stderr and "--forzar" in r.stderr
    r = tfmt("exportar", malo, "--a", "csv", "-o", salida, "--forzar")
    assert r.returncode == 0 and salida.exists()
    assert "AVISO" in r.stderr


def test_exportar_varios_a_carpeta(tmp_path):
    """Con varios exportadores -o es una carpeta."""
    r = tfmt(
        "exportar",
        EJEMPLOS / "LGT_Art_70_Fr_I.json",
        "--a",
        "csv",
        "--a",
        "json",
        "-o",
        tmp_path / "sal",
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "sal/LGT_Art_70_Fr_I.csv").exists()
    vuelta = json.loads((tmp_path / "sal/LGT_Art_70_Fr_I.json").read_text("utf-8"))
    assert vuelta == json.loads((EJEMPLOS / "LGT_Art_70_Fr_I.json").read_text("utf-8"))


def test_exportadores_separados_con_comas(tmp_path):
    """`--a pdf,csv` es lo mismo que `--a pdf --a csv`; un nombre vacío es mal uso (2)."""
    from pypdf import PdfReader

    r = tfmt("exportar", EJEMPLOS / "LGT_Art_70_Fr_I.json", "--a", "pdf, csv", "-o", tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Marco normativo" in PdfReader(tmp_path / "LGT_Art_70_Fr_I.pdf").pages[0].extract_text()
    with open(tmp_path / "LGT_Art_70_Fr_I.csv", encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) > 1

    r = tfmt("exportar", EJEMPLOS / "LGT_Art_70_Fr_I.json", "--a", "pdf,", "-o", tmp_path / "b")
    assert r.returncode == 2
    assert "«pdf,» trae un nombre vacío" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "b").exists()


def test_exportador_desconocido_sale_con_2(tmp_path):
    r = tfmt("exportar", EJEMPLOS / "LGT_Art_70_Fr_I.json", "--a", "odt")
    assert r.returncode == 2 and "No hay un exportador llamado «odt»" in r.stderr


def test_mal_uso_de_argumentos_sale_con_2():
    assert tfmt("exportar").returncode == 2
    assert tfmt("inventado").returncode == 2


def test_exportadores_lista_paquete_y_version():
    r = tfmt("exportadores", "--json")
    assert r.returncode == 0
    nombres = {d["nombre"]: d for d in json.loads(r.stdout)}
    assert {"csv", "csv-excel", "json"} <= set(nombres)
    assert nombres["csv"]["paquete"] == "transparencia-fmt" and nombres["csv"]["version"]


def test_plantilla_json_y_csv(tmp_path):
    """plantilla: JSON con todas las claves; CSV con los títulos oficiales."""
    r = tfmt("plantilla", "LGT_Art_70_Fr_XXIII_b", "--a", "json", "-o", "-")
    d = json.loads(r.stdout)
    assert d["formato"] == "LGT_Art_70_Fr_XXIII_b"
    assert "proveedores" in d["registros"][0]
    r = tfmt("plantilla", "LGT_Art_70_Fr_V", "--a", "csv", "-o", tmp_path / "p.csv")
    assert r.returncode == 0
    with (tmp_path / "p.csv").open(encoding="utf-8-sig", newline="") as f:
        filas = list(csv.reader(f))
    assert filas[0][3] == "Objetivo institucional (Redactados con perspectiva de género)"
    assert len(filas) == 1


def test_demo_escribe_todo(tmp_path):
    """demo: la semilla y cada ejemplo con cada exportador instalado, en ./salida."""
    r = tfmt("demo", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    salida = tmp_path / "salida"
    for fid in NUCLEO:
        assert (salida / f"{fid}.csv").exists()
        assert (salida / f"{fid}.json").exists()
    assert "Plan_Operativo_Anual: " in r.stdout
    assert "2019" in r.stdout  # lo que dice la semilla, explicado (issue 10, punto 7)


def test_arranque_no_importa_docx_ni_reportlab():
    """El CLI arranca sin importar python-docx ni reportlab."""
    codigo = (
        "import sys\nfrom transparencia_fmt import cli\n"
        "cli.main(['formatos'])\ncli.main(['validar', sys.argv[1]])\n"
        "assert 'docx' not in sys.modules and 'reportlab' not in sys.modules, "
        "[m for m in sys.modules if m.startswith(('docx', 'reportlab'))]\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", codigo, str(EJEMPLOS / "LGT_Art_70_Fr_V.json")],
        capture_output=True,
        text=True,
        env={**os.environ, "TFMT_LOAD_PLUGINS": ""},
    )
    assert r.returncode == 0, r.stderr
