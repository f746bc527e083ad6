"""Plugins de verdad: paquetes aparte con su pyproject y entry point, instalados con pip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ejecutar_tfmt, instalar_plugin
from pypdf import PdfReader

from transparencia_fmt import hookspecs
from transparencia_fmt.errores import CodigoSalida

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
    """Un exportador de plugin que revienta: error en español, exit 7 (falló un plugin, no
    los datos: 1 es «datos inválidos»), ningún archivo."""
    salida = tmp_path / "x.txt"
    r = tfmt(sitio, "exportar", EJEMPLOS / "LGT_Art_70_Fr_I.json", "--a", "falla", "-o", salida)
    assert r.returncode == CodigoSalida.ERROR_DE_PLUGIN == 7
    assert "falla" in r.stderr and "tfmt-plugin-roto 0.0.1" in r.stderr
    assert "RuntimeError: se cayó a la mitad" in r.stderr and "error interno" not in r.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("orden", ["falla,pdf", "pdf,falla"])
def test_exportador_que_falla_no_detiene_a_los_demas(sitio, tmp_path, orden):
    """`--a falla,pdf`: el PDF se escribe igual; la salida dice qué plugin falló y sale con 7."""
    carpeta = tmp_path / "out3"
    ejemplo = EJEMPLOS / "LGT_Art_70_Fr_I.json"
    r = tfmt(sitio, "exportar", ejemplo, "--a", orden, "-o", f"{carpeta}/")
    assert r.returncode == CodigoSalida.ERROR_DE_PLUGIN, r.stderr
    assert [p.name for p in carpeta.iterdir()] == ["LGT_Art_70_Fr_I.pdf"]
    assert r.stdout.splitlines() == [str(carpeta / "LGT_Art_70_Fr_I.pdf")]
    texto = "".join(p.extract_text() for p in PdfReader(carpeta / "LGT_Art_70_Fr_I.pdf").pages)
    assert "Ayuntamiento de Mazamitla, Jalisco" in texto and "LGT_Art_70_Fr_I" in texto
    errores = [linea for linea in r.stderr.splitlines() if linea.startswith("ERROR:")]
    assert len(errores) == 2, r.stderr
    assert "«falla» (tfmt-plugin-roto 0.0.1) falló al escribir" in errores[0]
    assert errores[1] == (
        "ERROR: No se exportó a «falla» (tfmt-plugin-roto 0.0.1): falló su plugin, no los "
        "datos; 1 exportador sí escribió sus archivos. Avise a quien mantiene el plugin o "
        "quítelo de --a."
    )


def test_demo_con_un_exportador_que_falla_sale_con_7(sitio, tmp_path):
    """`tfmt demo` exporta con todos: el que falla se nombra, los demás escriben, sale con 7."""
    r = tfmt(sitio, "demo", "-o", "d", cwd=tmp_path)
    assert r.returncode == CodigoSalida.ERROR_DE_PLUGIN, r.stderr
    assert "«falla» (tfmt-plugin-roto 0.0.1) falló al escribir" in r.stderr
    assert "error interno" not in r.stderr
    nombres = {p.name for p in (tmp_path / "d").iterdir()}
    assert {"Plan_Operativo_Anual.pdf", "Plan_Operativo_Anual.markdown.md"} <= nombres
    assert not any(n.endswith(".falla.txt") for n in nombres)


def test_datos_invalidos_siguen_saliendo_con_1(sitio, tmp_path):
    """Con datos inválidos no se exporta nada (ni el plugin ni el PDF) y la salida es 1."""
    datos = json.loads((EJEMPLOS / "LGT_Art_70_Fr_I.json").read_text("utf-8"))
    datos["registros"][0]["fecha_publicacion_dof_otro_medio"] = "el año pasado"
    entrada = tmp_path / "fr1.json"
    entrada.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    r = tfmt(sitio, "exportar", entrada, "--a", "falla,pdf", "-o", f"{tmp_path / 'sal'}/")
    assert r.returncode == CodigoSalida.DATOS_INVALIDOS == 1
    assert "no es válido" in r.stderr and "falló al escribir" not in r.stderr
    assert not (tmp_path / "sal").exists()


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
