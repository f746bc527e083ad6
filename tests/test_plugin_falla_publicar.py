"""Un exportador de plugin que falla en `publicar`, `actualizar`, `estado --a` y `seguimiento
informe`: los demás escriben sus archivos (completos), el error nombra plugin, paquete y
versión, y `tfmt` sale con 7 (falló un plugin, no los datos)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import docx
import pytest
from conftest import ejecutar_tfmt, instalar_plugin
from pypdf import PdfReader

from transparencia_fmt.errores import CodigoSalida

RAIZ = Path(__file__).resolve().parents[1]
EJEMPLOS = RAIZ / "ejemplos"
F5 = "LGT_Art_70_Fr_V"
POA = EJEMPLOS / "Plan_Operativo_Anual.json"
FALLA = "«falla» (tfmt-plugin-roto 0.0.1) falló al escribir"


@pytest.fixture(scope="module")
def sitio(tmp_path_factory):
    destino = tmp_path_factory.mktemp("sitio")
    instalar_plugin(RAIZ / "tests/plugins/plugin_roto", destino)
    return destino


def tfmt(sitio, *args):
    return ejecutar_tfmt(*args, env={"PYTHONPATH": str(sitio), "TFMT_LOAD_PLUGINS": None})


@pytest.fixture
def espacio(sitio, tmp_path):
    """Un espacio cuyo transparencia.toml publica con «falla» primero, como lo escribiría
    la persona que instaló el plugin."""
    raiz = tmp_path / "mazamitla"
    r = tfmt(sitio, "iniciar", raiz, "--nombre", "Ayuntamiento de Mazamitla, Jalisco")
    assert r.returncode == 0, r.stderr
    toml = raiz / "transparencia.toml"
    texto = toml.read_text("utf-8")
    lista = 'exportadores = [\n  "csv",\n  "docx",\n  "pdf",\n]'
    assert lista in texto
    toml.write_text(texto.replace(lista, 'exportadores = ["falla", "csv", "docx", "pdf"]'), "utf-8")
    return raiz


def _publicados_completos(carpeta: Path, base: str) -> None:
    """csv, docx y pdf escritos y legibles; nada de «falla» ni temporales a medias."""
    assert sorted(p.name for p in carpeta.iterdir()) == [
        f"{base}.csv",
        f"{base}.datapackage.json",
        f"{base}.docx",
        f"{base}.pdf",
    ]
    datos = json.loads((EJEMPLOS / f"{F5}.json").read_text("utf-8"))
    with (carpeta / f"{base}.csv").open(encoding="utf-8-sig", newline="") as f:
        filas = list(csv.DictReader(f))
    assert len(filas) == len(datos["registros"]) == 5
    for fila, registro in zip(filas, datos["registros"], strict=True):
        assert fila["Ejercicio"] == "2026"
        assert fila["Nombre del(os) indicador(es)"] == registro["nombre_indicador"]
    pdf = "".join(p.extract_text() for p in PdfReader(carpeta / f"{base}.pdf").pages)
    assert "Ayuntamiento de Mazamitla, Jalisco" in pdf
    parrafos = "\n".join(p.text for p in docx.Document(str(carpeta / f"{base}.docx")).paragraphs)
    assert "Ayuntamiento de Mazamitla, Jalisco" in parrafos


def test_publicar_sigue_con_los_integrados_y_sale_con_7(sitio, espacio):
    r = tfmt(
        sitio, "actualizar", F5, "--periodo", "2026-T1", "--datos", EJEMPLOS / f"{F5}.json",
        "--espacio", espacio,
    )  # fmt: skip
    # `actualizar` también publica: la versión se guarda, csv/docx/pdf se publican, y sale con 7.
    assert r.returncode == CodigoSalida.ERROR_DE_PLUGIN, r.stderr
    assert FALLA in r.stderr and "error interno" not in r.stderr
    assert (
        "La versión sí se guardó (documentos/LGT_Art_70_Fr_V/2026-T1.json) y los demás "
        "exportadores de [publicacion] sí la publicaron." in r.stderr
    )
    assert (espacio / f"documentos/{F5}/2026-T1.json").is_file()
    _publicados_completos(espacio / "publicado" / F5, "2026-T1")

    for hijo in (espacio / "publicado" / F5).iterdir():
        hijo.unlink()
    r = tfmt(sitio, "publicar", "--espacio", espacio)
    assert r.returncode == CodigoSalida.ERROR_DE_PLUGIN == 7, r.stderr
    _publicados_completos(espacio / "publicado" / F5, "2026-T1")
    assert (espacio / "publicado/index.html").is_file()
    salida = r.stdout.splitlines()
    assert len(salida) == 5 and salida[-1].endswith("index.html")
    errores = [x for x in r.stderr.splitlines() if x.startswith("ERROR:")]
    assert len(errores) == 2, r.stderr
    assert FALLA in errores[0] and "2026-T1.falla.txt" in errores[0]
    assert "RuntimeError: se cayó a la mitad" in errores[0]
    assert errores[1] == (
        "ERROR: Falló el exportador «falla» (tfmt-plugin-roto 0.0.1): es un defecto de su "
        "plugin, no de los datos; lo demás sí se publicó (5 archivos, con index.html). Avise a "
        "quien mantiene el plugin o quítelo de «exportadores» en [publicacion] de "
        "transparencia.toml."
    )
    assert "error interno" not in r.stderr


def test_publicar_con_a_dice_quitelo_de_a(sitio, espacio):
    r = tfmt(
        sitio, "actualizar", F5, "--periodo", "2026-T1", "--datos", EJEMPLOS / f"{F5}.json",
        "--espacio", espacio,
    )  # fmt: skip
    assert r.returncode == CodigoSalida.ERROR_DE_PLUGIN, r.stderr
    r = tfmt(sitio, "publicar", "--a", "pdf,falla", "--espacio", espacio)
    assert r.returncode == CodigoSalida.ERROR_DE_PLUGIN, r.stderr
    assert FALLA in r.stderr and r.stderr.rstrip().endswith("quítelo de --a.")


def test_estado_con_un_exportador_que_falla_escribe_los_demas(sitio, espacio, tmp_path):
    carpeta = tmp_path / "estado"
    r = tfmt(
        sitio, "estado", "--a", "falla,pdf", "-o", f"{carpeta}/", "--fecha", "2026-05-01",
        "--espacio", espacio,
    )  # fmt: skip
    assert r.returncode == CodigoSalida.ERROR_DE_PLUGIN, r.stderr
    assert [p.name for p in carpeta.iterdir()] == ["estado-2026-05-01.pdf"]
    assert r.stdout.splitlines() == [str(carpeta / "estado-2026-05-01.pdf")]
    texto = "".join(p.extract_text() for p in PdfReader(carpeta / "estado-2026-05-01.pdf").pages)
    assert "Ayuntamiento de Mazamitla, Jalisco" in texto
    assert FALLA in r.stderr
    assert "1 exportador sí escribió el estado" in r.stderr


def test_informe_de_seguimiento_con_un_exportador_que_falla(sitio, espacio, tmp_path):
    r = tfmt(
        sitio, "actualizar", "Plan_Operativo_Anual", "--periodo", "2020", "--datos", POA,
        "--espacio", espacio,
    )  # fmt: skip
    assert r.returncode == CodigoSalida.ERROR_DE_PLUGIN, r.stderr
    carpeta = tmp_path / "inf"
    r = tfmt(
        sitio, "seguimiento", "informe", "--a", "falla,pdf", "-o", carpeta, "--espacio", espacio
    )
    assert r.returncode == CodigoSalida.ERROR_DE_PLUGIN, r.stderr
    assert [p.name for p in carpeta.iterdir()] == ["informe-seguimiento-2020-anual.pdf"]
    texto = "".join(
        p.extract_text() for p in PdfReader(carpeta / "informe-seguimiento-2020-anual.pdf").pages
    )
    assert "INFORME DE SEGUIMIENTO DEL PLAN OPERATIVO ANUAL 2020" in texto
    assert FALLA in r.stderr and "RuntimeError: el informe se cayó a la mitad" in r.stderr
    assert "1 exportador sí escribió el informe" in r.stderr
    assert "error interno" not in r.stderr


def test_actualizar_varios_periodos_guarda_y_publica_todos(sitio, espacio, tmp_path):
    """Sin --periodo y con registros de dos trimestres: el plugin que falla no impide guardar
    ni publicar el segundo periodo; cada fallo se nombra."""
    datos = json.loads((EJEMPLOS / f"{F5}.json").read_text("utf-8"))
    del datos["periodo"]
    trimestres = [
        {"inicio": "2026-01-01", "termino": "2026-03-31"},
        {"inicio": "2026-04-01", "termino": "2026-06-30"},
    ]
    for n, registro in enumerate(datos["registros"]):
        registro["periodo"] = trimestres[n % 2]
    ruta = tmp_path / "dos.json"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    r = tfmt(sitio, "actualizar", F5, "--datos", ruta, "--espacio", espacio)
    assert r.returncode == CodigoSalida.ERROR_DE_PLUGIN, r.stderr
    assert "error interno" not in r.stderr
    for clave, n in (("2026-T1", 3), ("2026-T2", 2)):
        guardado = json.loads((espacio / f"documentos/{F5}/{clave}.json").read_text("utf-8"))
        assert len(guardado["registros"]) == n
        assert f"falló al escribir {clave}.falla.txt" in r.stderr
        assert f"La versión sí se guardó (documentos/{F5}/{clave}.json)" in r.stderr
        pdf = espacio / f"publicado/{F5}/{clave}.pdf"
        assert "Ayuntamiento de Mazamitla, Jalisco" in PdfReader(pdf).pages[0].extract_text()
        with (espacio / f"publicado/{F5}/{clave}.csv").open(encoding="utf-8-sig") as f:
            assert len(list(csv.DictReader(f))) == n
    assert not list((espacio / f"publicado/{F5}").glob("*.falla.txt"))
