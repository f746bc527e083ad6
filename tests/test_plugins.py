"""Plugins de verdad: paquetes aparte con su pyproject y entry point, instalados con pip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ejecutar_tfmt, instalar_plugin

from transparencia_fmt import hookspecs

RAIZ = Path(__file__).resolve().parents[1]
EJEMPLOS = RAIZ / "ejemplos"


@pytest.fixture(scope="module")
def sitio(tmp_path_factory):
    """Instala el plugin Markdown de ejemplo y uno roto en una carpeta propia (pip --target)."""
    destino = tmp_path_factory.mktemp("sitio")
    for paquete in (EJEMPLOS / "plugin_markdown", RAIZ / "tests/plugins/plugin_roto"):
        instalar_plugin(paquete, destino)
    return destino


def tfmt(sitio, *args, cargar=None, cwd=None):
    return ejecutar_tfmt(
        *args, cwd=cwd, env={"PYTHONPATH": str(sitio), "TFMT_LOAD_PLUGINS": cargar}
    )


def test_plugin_de_terceros_se_lista_y_exporta(sitio, tmp_path):
    """El exportador Markdown de otro paquete aparece en `exportadores` y exporta por `tfmt`."""
    r = tfmt(sitio, "exportadores", "--json")
    assert r.returncode == 0
    md = next(d for d in json.loads(r.stdout) if d["nombre"] == "markdown")
    assert md["paquete"] == "tfmt-markdown" and md["version"] == "0.1.0"
    salida = tmp_path / "poa.md"
    r = tfmt(
        sitio, "exportar", EJEMPLOS / "Plan_Operativo_Anual.json", "--a", "markdown", "-o", salida
    )
    assert r.returncode == 0, r.stderr
    texto = salida.read_text("utf-8")
    assert texto.startswith("# PLAN OPERATIVO ANUAL 2020 COMUNICACIÓN SOCIAL")
    assert "## MISIÓN" in texto and texto.count("| X ") + texto.count("| X|") >= 72


def test_plugin_roto_se_nombra_y_el_resto_sigue(sitio):
    """Un plugin que no importa se nombra en un aviso; tfmt sigue funcionando."""
    r = tfmt(sitio, "formatos", "--json")
    assert r.returncode == 0
    assert "roto" in r.stderr and "tfmt-plugin-roto" in r.stderr and "AVISO" in r.stderr
    assert len(json.loads(r.stdout)) >= 6
    r = tfmt(sitio, "exportadores", "--json")
    assert "markdown" in {d["nombre"] for d in json.loads(r.stdout)}


def test_exportador_de_plugin_que_falla_no_deja_archivo(sitio, tmp_path):
    """Un exportador de plugin que revienta: error en español, exit 1, ningún archivo."""
    salida = tmp_path / "x.txt"
    r = tfmt(sitio, "exportar", EJEMPLOS / "LGT_Art_70_Fr_I.json", "--a", "falla", "-o", salida)
    assert r.returncode == 1
    assert "falla" in r.stderr and "tfmt-plugin-roto" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_variable_apaga_plugins_de_terceros(sitio):
    """TFMT_LOAD_PLUGINS vacía no carga terceros; con un nombre, sólo ese."""
    r = tfmt(sitio, "exportadores", "--json", cargar="")
    nombres = {d["nombre"] for d in json.loads(r.stdout)}
    assert "markdown" not in nombres and "csv" in nombres
    assert "roto" not in r.stderr
    r = tfmt(sitio, "exportadores", "--json", cargar="tfmt-markdown")
    assert "markdown" in {d["nombre"] for d in json.loads(r.stdout)}
    assert "roto" not in r.stderr


def test_plugin_que_registra_basura_se_avisa():
    """Un objeto sin el contrato de exportador se omite con un aviso que nombra al plugin."""
    from transparencia_fmt import AvisoPlugin, hookimpl
    from transparencia_fmt.entorno import Entorno

    class Basura:
        @hookimpl
        def registrar_exportadores(self):
            return [object()]

    ent = Entorno.crear(cargar_terceros=False, extra=(("basura", Basura()),))
    with pytest.warns(AvisoPlugin, match="basura"):
        nombres = set(ent.exportadores)
    assert "csv" in nombres


def test_esquemas_de_plugin_entran_al_catalogo(tmp_path):
    """registrar_esquemas añade formatos (p. ej. el catálogo de otro estado)."""
    from transparencia_fmt import hookimpl
    from transparencia_fmt.entorno import Entorno

    esquema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://ejemplo.mx/esquemas/Estatal_Art_8_Fr_I.json",
        "title": "Formato estatal de prueba",
        "x-formato": {
            "id": "Estatal_Art_8_Fr_I",
            "tipo": "tabular",
            "fundamento": [{"ley": "LTAIPEJM", "articulo": 8, "fraccion": "I"}],
        },
        "allOf": [
            {
                "$ref": "https://esquemas.transparencia-fmt.mx/comunes/documento.json#/$defs/documento"
            }
        ],
        "properties": {
            "formato": {"const": "Estatal_Art_8_Fr_I"},
            "registros": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"tema": {"title": "Tema", "type": "string"}},
                    "additionalProperties": False,
                },
            },
        },
    }
    (tmp_path / "estatal.json").write_text(json.dumps(esquema), "utf-8")

    class Estado:
        @hookimpl
        def registrar_esquemas(self):
            return [tmp_path]

    ent = Entorno.crear(cargar_terceros=False, extra=(("estado", Estado()),))
    f = ent.catalogo.formato("Estatal_Art_8_Fr_I")
    assert [c.titulo for c in f.columnas][3] == "Tema"
    assert f.origen == "estado"


def test_cada_gancho_documentado_en_la_guia():
    """Cada gancho aparece con su firma exacta en docs/plugins.md (como datasette)."""
    import inspect

    guia = (RAIZ / "docs/plugins.md").read_text("utf-8")
    ganchos = [
        n
        for n, f in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(f, "transparencia_fmt_spec")
    ]
    assert len(ganchos) == 5
    for nombre in ganchos:
        args = ", ".join(inspect.signature(getattr(hookspecs, nombre)).parameters)
        assert f"{nombre}({args})" in guia, nombre
