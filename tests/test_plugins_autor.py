"""Errores de quien escribe un plugin, con el plugin instalado de verdad (pip, entry points):
un esquema que no es JSON Schema, un importador que no dice de qué archivo vino, una
derivación que falla; y el ejemplo de derivación de docs/plugins.md, tal cual."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import EJEMPLOS, RAIZ, ejecutar_tfmt, instalar_plugin

PAQUETE = "tfmt-plugin-autor 0.3.1"
POA = EJEMPLOS / "Plan_Operativo_Anual.json"
COMUNES = "https://esquemas.transparencia-fmt.mx/comunes/documento.json#/$defs/"


def _esquema(fid: str, asistentes: dict) -> dict:
    """Un formato estatal pequeño; `asistentes` es la definición de su última columna."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://ejemplo.mx/esquemas/{fid}.json",
        "title": "Agenda diaria de actividades",
        "x-formato": {
            "id": fid,
            "tipo": "tabular",
            "fundamento": [{"ley": "LTAIPEJM", "articulo": 8, "fraccion": "VI"}],
        },
        "type": "object",
        "allOf": [{"$ref": COMUNES + "documento"}],
        "properties": {
            "formato": {"const": fid},
            "registros": {"type": "array", "items": {"$ref": "#/$defs/registro"}},
        },
        "required": ["registros"],
        "unevaluatedProperties": False,
        "$defs": {
            "registro": {
                "type": "object",
                "additionalProperties": False,
                "required": ["actividad"],
                "properties": {
                    "actividad": {"title": "Actividad", "$ref": COMUNES + "texto_largo"},
                    "asistentes": {"title": "Asistentes", **asistentes},
                },
            }
        },
    }


def _documento(fid: str) -> dict:
    return {
        "formato": fid,
        "sujeto_obligado": "Ayuntamiento de Mazamitla, Jalisco",
        "ejercicio": 2026,
        "periodo": {"inicio": "2026-03-01", "termino": "2026-03-31"},
        "area_responsable": "Presidencia Municipal",
        "fecha_actualizacion": "2026-04-05",
        "nota": "",
        "registros": [{"actividad": "Reunión de cabildo", "asistentes": "14"}],
    }


@pytest.fixture(scope="module")
def sitio(tmp_path_factory):
    """El plugin de autor instalado con pip y sus esquemas: uno con «"type": "banana"» (el
    metaesquema lo rechaza), uno con una expresión regular que no compila (el metaesquema no
    lo ve: lo ve el validador) y uno bueno."""
    base = tmp_path_factory.mktemp("autor")
    instalar_plugin(RAIZ / "tests/plugins/plugin_autor", base / "sitio")
    esquemas = base / "esquemas"
    esquemas.mkdir()
    for nombre, fid, asistentes in (
        ("banana.json", "AUTOR_BANANA", {"type": "banana"}),
        ("regex.json", "AUTOR_REGEX", {"type": "string", "pattern": "[0-9"}),
        ("bueno.json", "AUTOR_BUENO", {"type": "string"}),
    ):
        (esquemas / nombre).write_text(json.dumps(_esquema(fid, asistentes)), "utf-8")
        (base / f"{fid}.json").write_text(json.dumps(_documento(fid)), "utf-8")
    return base


def tfmt(sitio: Path, *args, cwd=None):
    env = {
        "PYTHONPATH": str(sitio / "sitio"),
        "TFMT_LOAD_PLUGINS": None,
        "TFMT_AUTOR_ESQUEMAS": str(sitio / "esquemas"),
    }
    r = ejecutar_tfmt(*args, cwd=cwd, env=env)
    assert "error interno" not in r.stderr, r.stderr
    return r


# -- defecto 2: un esquema de plugin que no es JSON Schema ------------------------------
def test_esquema_con_tipo_inexistente_se_omite_con_aviso(sitio):
    """«"type": "banana"»: AVISO en español al cargar el catálogo, con paquete, versión,
    archivo y dónde; el formato no está disponible; los demás del plugin sí."""
    r = tfmt(sitio, "formatos", "--json")
    assert r.returncode == 0, r.stderr
    ids = {f["id"] for f in json.loads(r.stdout)}
    assert "AUTOR_BUENO" in ids and "AUTOR_REGEX" in ids and "AUTOR_BANANA" not in ids
    (aviso,) = [linea for linea in r.stderr.splitlines() if "banana.json" in linea]
    assert aviso.startswith("AVISO:")
    assert f"«autor-esquemas» ({PAQUETE})" in aviso
    assert str(sitio / "esquemas" / "banana.json") in aviso
    assert "no es un JSON Schema válido" in aviso
    assert "$defs/registro/properties/asistentes/type" in aviso
    assert "«type» debe ser un tipo de JSON Schema" in aviso and "banana" in aviso
    assert "el formato AUTOR_BANANA no estará disponible" in aviso


def test_documento_del_formato_rechazado_se_explica(sitio):
    """Validar o exportar un documento de ese formato: error claro (el formato no está
    disponible porque su esquema se omitió), salida 1, nunca «error interno»; el formato
    bueno del mismo plugin valida."""
    doc = sitio / "AUTOR_BANANA.json"
    for orden in (("validar", doc), ("exportar", doc, "--a", "json", "-o", sitio / "x.json")):
        r = tfmt(sitio, *orden)
        assert r.returncode == 1
        (error,) = [linea for linea in r.stderr.splitlines() if linea.startswith("ERROR")]
        assert "El formato «AUTOR_BANANA» no está disponible" in error
        assert "banana.json" in error and PAQUETE in error
    assert not (sitio / "x.json").exists()
    r = tfmt(sitio, "validar", sitio / "AUTOR_BUENO.json")
    assert r.returncode == 0, r.stderr


def test_esquema_que_no_compila_se_explica_al_validar(sitio, tmp_path):
    """Una expresión regular que no compila: `validar` y `exportar` dicen en español qué
    esquema, de qué plugin y qué está mal; salida 1; `--json` lo trae como hallazgo."""
    doc = sitio / "AUTOR_REGEX.json"
    r = tfmt(sitio, "validar", doc)
    assert r.returncode == 1, r.stderr
    salida = r.stdout + r.stderr
    assert "El esquema del formato AUTOR_REGEX" in salida
    assert str(sitio / "esquemas" / "regex.json") in salida
    assert f"«autor-esquemas» ({PAQUETE})" in salida
    assert "expresión regular" in salida and "no se pudo validar" in salida
    assert "ValidationError" not in salida and "is not a" not in salida.split("(")[0]
    r = tfmt(sitio, "validar", "--json", doc)
    assert r.returncode == 1
    (informe,) = json.loads(r.stdout)["informes"]
    assert informe["archivo"] == str(doc) and not informe["valido"]
    assert [e["codigo"] for e in informe["errores"]] == ["esquema-invalido"]
    pdf = tmp_path / "agenda.pdf"
    r = tfmt(sitio, "exportar", doc, "--a", "pdf", "-o", pdf)
    assert r.returncode == 1
    assert "AUTOR_REGEX" in r.stderr and PAQUETE in r.stderr
    assert not pdf.exists() and list(tmp_path.iterdir()) == []


def test_biblioteca_validar_no_levanta_con_esquema_roto(tmp_path):
    """En la biblioteca: el esquema «banana» se omite con AvisoPlugin al cargar; el que no
    compila da un Informe inválido que lo explica (validar nunca levanta)."""
    from transparencia_fmt import AvisoPlugin, hookimpl
    from transparencia_fmt.documento import documento_desde_dict
    from transparencia_fmt.entorno import Entorno

    for fid, asistentes in (("LIB_BANANA", {"type": "banana"}), ("LIB_REGEX", {"pattern": "("})):
        (tmp_path / f"{fid}.json").write_text(json.dumps(_esquema(fid, asistentes)), "utf-8")

    class Estado:
        @hookimpl
        def registrar_esquemas(self):
            return [tmp_path]

    with pytest.warns(AvisoPlugin, match=r"LIB_BANANA\.json.*no es un JSON Schema válido"):
        ent = Entorno.crear(cargar_terceros=False, extra=(("estado", Estado()),))
    assert "LIB_BANANA" not in ent.catalogo and "LIB_REGEX" in ent.catalogo
    doc = documento_desde_dict(_documento("LIB_REGEX"), ent.catalogo)
    informe = ent.validar(doc)
    assert not informe.valido
    (error,) = informe.errores
    assert error.codigo == "esquema-invalido"
    assert str(tmp_path / "LIB_REGEX.json") in error.mensaje and "«estado»" in error.mensaje


def test_esquemas_integrados_pasan_la_revision():
    """La revisión que se hace a los de plugins, sobre los integrados (que no la pagan al
    arrancar): todos son JSON Schema válidos."""
    from transparencia_fmt.esquema_valido import problema

    esquemas = sorted((RAIZ / "esquemas").rglob("*.json"))
    assert len(esquemas) > 50
    malos = {}
    for ruta in esquemas:
        mal = problema(json.loads(ruta.read_text("utf-8")))
        if mal:
            malos[ruta.name] = mal
    assert not malos


# -- defecto 4: importador de plugin que no dice de qué archivo vino ----------------------
def test_importador_sin_origen_nombra_el_archivo(sitio, tmp_path):
    """Mensajes, resumen y `--json` nombran el archivo .xyz como con los integrados."""
    datos = json.loads((EJEMPLOS / "LGT_Art_70_Fr_V.json").read_text("utf-8"))
    datos["registros"][0]["nombre_indicador"] = ""
    archivo = tmp_path / "indicadores.xyz"
    archivo.write_text(json.dumps(datos), "utf-8")
    r = tfmt(sitio, "validar", archivo, cwd=tmp_path)
    assert r.returncode == 1
    errores = [linea for linea in r.stdout.splitlines() if linea.startswith("ERROR")]
    assert errores and all(f"{archivo}, registro 1" in e for e in errores), r.stdout
    assert re.search(rf"^{re.escape(str(archivo))}: NO válido", r.stdout, re.MULTILINE), r.stdout
    r = tfmt(sitio, "validar", "--json", archivo, cwd=tmp_path)
    (informe,) = json.loads(r.stdout)["informes"]
    assert informe["archivo"] == str(archivo)
    assert {e["archivo"] for e in informe["errores"]} == {str(archivo)}


# -- defecto 6: una derivación de plugin que falla nombra su paquete --------------------
def test_derivacion_de_plugin_que_falla_nombra_paquete_y_version(sitio, tmp_path):
    r = tfmt(sitio, "derivar", POA, "--a", "LGT_Art_70_Fr_V", "-o", tmp_path / "fr5.json")
    assert r.returncode == 1
    assert "«poa-mal-titulo»" in r.stderr and PAQUETE in r.stderr
    assert "no tiene la columna «Nombre del indicador»" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_ejemplo_de_derivacion_de_la_guia(tmp_path):
    """El ejemplo de `registrar_derivaciones` de docs/plugins.md, copiado tal cual en un
    paquete: deriva la Fr. V del POA y el resultado valida (vacíos explicados en la Nota)."""
    guia = (RAIZ / "docs/plugins.md").read_text("utf-8")
    (bloque,) = [
        b
        for b in re.findall(r"```python\n(.*?)```", guia, re.DOTALL)
        if "def registrar_derivaciones" in b
    ]
    carpeta = tmp_path / "tfmt-poa-fr5"
    carpeta.mkdir()
    (carpeta / "tfmt_poa_fr5.py").write_text(bloque, "utf-8")
    (carpeta / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "tfmt-poa-fr5"\nversion = "0.1.0"\n'
        '[project.entry-points.transparencia_fmt]\npoa-fr5 = "tfmt_poa_fr5"\n'
        '[tool.setuptools]\npy-modules = ["tfmt_poa_fr5"]\n',
        "utf-8",
    )
    instalar_plugin(carpeta, tmp_path / "sitio")
    env = {"PYTHONPATH": str(tmp_path / "sitio"), "TFMT_LOAD_PLUGINS": None}
    salida = tmp_path / "fr5.json"
    r = ejecutar_tfmt("derivar", POA, "--a", "LGT_Art_70_Fr_V", "-o", salida, env=env)
    assert r.returncode == 0, r.stderr
    assert "AVISO" not in r.stderr, r.stderr
    derivado = json.loads(salida.read_text("utf-8"))
    poa = json.loads(POA.read_text("utf-8"))
    assert [x["nombre_indicador"] for x in derivado["registros"]] == [
        m["indicador"] for m in poa["metas"]
    ]
    assert all("Método de cálculo" in x["nota"] for x in derivado["registros"])
    assert derivado["derivado_de"]["derivacion"] == "poa-a-fr-v"
    r = ejecutar_tfmt("validar", "--json", salida, env=env)
    assert r.returncode == 0, r.stdout
    (informe,) = json.loads(r.stdout)["informes"]
    assert informe["valido"] and informe["estadisticas"]["errores"] == 0
    assert {a["codigo"] for a in informe["advertencias"]} == {"vacio-justificado"}
    assert os.path.basename(informe["archivo"]) == "fr5.json"


def test_revision_sin_jsonschema_rs(monkeypatch):
    """Sin jsonschema-rs (plataforma sin rueda) la revisión la hace jsonschema, igual en
    español y con la misma ubicación; también ve una expresión regular que no compila."""
    from transparencia_fmt import esquema_valido

    monkeypatch.setattr(esquema_valido, "_rs", None)
    mal = esquema_valido.problema(_esquema("X", {"type": "banana"}))
    assert mal is not None
    assert "«$defs/registro/properties/asistentes/type»" in mal and "«type» debe ser" in mal
    assert esquema_valido.problema(_esquema("X", {"type": "string"})) is None
    assert "pattern" in (esquema_valido.problema({"pattern": "[0-9"}) or "")
