"""Lo que docs/plugins.md enseña funciona tal cual, instalado con pip (no editable): el
paquete de sólo esquemas lleva sus JSON gracias a `package-data`, y el exportador del
ejemplo escribe en `-o carpeta/` con el nombre que la guía dice."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import EJEMPLOS, RAIZ, ejecutar_tfmt, instalar_plugin

GUIA = (RAIZ / "docs" / "plugins.md").read_text("utf-8")
BLOQUES = re.findall(r"```(toml|python)\n(.*?)```", GUIA, re.S)

ESQUEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://tfmt-jalisco.example.mx/JAL_Art_8_Fr_VI_d.json",
    "title": "Agenda diaria de actividades",
    "x-formato": {
        "id": "JAL_Art_8_Fr_VI_d",
        "tipo": "tabular",
        "fundamento": [{"ley": "LTAIPEJM", "articulo": 8, "fraccion": "VI", "inciso": "d"}],
    },
    "allOf": [
        {"$ref": "https://esquemas.transparencia-fmt.mx/comunes/documento.json#/$defs/documento"}
    ],
    "properties": {
        "formato": {"const": "JAL_Art_8_Fr_VI_d"},
        "registros": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"actividad": {"title": "Actividad", "type": "string"}},
                "additionalProperties": False,
            },
        },
    },
}


def _bloque(tipo: str, marca: str) -> str:
    (texto,) = [b for t, b in BLOQUES if t == tipo and marca in b]
    return texto


def _paquete_jalisco(carpeta: Path, *, con_package_data: bool = True) -> Path:
    raiz = carpeta / "tfmt-jalisco"
    (raiz / "tfmt_jalisco" / "esquemas").mkdir(parents=True)
    pyproject = _bloque("toml", 'name = "tfmt-jalisco"')
    if not con_package_data:
        pyproject = pyproject.split("[tool.setuptools.package-data]")[0]
    (raiz / "pyproject.toml").write_text(pyproject, "utf-8")
    modulo = _bloque("python", "# tfmt-jalisco/tfmt_jalisco/__init__.py")
    (raiz / "tfmt_jalisco" / "__init__.py").write_text(modulo, "utf-8")
    esquema = raiz / "tfmt_jalisco" / "esquemas" / "JAL_Art_8_Fr_VI_d.json"
    esquema.write_text(json.dumps(ESQUEMA, ensure_ascii=False), "utf-8")
    return raiz


def _solo(sitio: Path, paquete: str) -> dict[str, str | None]:
    """El plugin instalado en `sitio` y ningún otro."""
    return {"PYTHONPATH": str(sitio), "TFMT_LOAD_PLUGINS": None, "TFMT_CARGAR_PLUGINS": paquete}


def _formatos(sitio: Path):
    r = ejecutar_tfmt("formatos", "--json", env=_solo(sitio, "tfmt-jalisco"))
    assert r.returncode == 0, r.stderr
    return {f["id"] for f in json.loads(r.stdout)}, r.stderr


@pytest.mark.parametrize("con_package_data", [True, False])
def test_paquete_de_esquemas_de_la_guia(tmp_path, con_package_data):
    """Con el pyproject de la guía el formato entra al catálogo; sin `package-data` la rueda
    no lleva el JSON (lo que la guía advierte)."""
    sitio = tmp_path / "sitio"
    instalar_plugin(_paquete_jalisco(tmp_path, con_package_data=con_package_data), sitio)
    instalado = sitio / "tfmt_jalisco" / "esquemas" / "JAL_Art_8_Fr_VI_d.json"
    assert instalado.is_file() == con_package_data
    ids, avisos = _formatos(sitio)
    if con_package_data:
        assert "JAL_Art_8_Fr_VI_d" in ids and "AVISO" not in avisos
    else:
        assert "JAL_Art_8_Fr_VI_d" not in ids and "AVISO" in avisos and "jalisco" in avisos


def test_nombres_de_salida_del_exportador_de_la_guia(tmp_path):
    """`tfmt exportar fr5.json --a texto -o carpeta/` → `carpeta/fr5.texto.txt`, como dice la
    guía; `-o salida` sin extensión → `salida.txt`."""
    paquete = tmp_path / "tfmt-texto"
    paquete.mkdir()
    (paquete / "pyproject.toml").write_text(_bloque("toml", 'name = "tfmt-texto"'), "utf-8")
    (paquete / "tfmt_texto.py").write_text(_bloque("python", "# tfmt_texto.py"), "utf-8")
    sitio = tmp_path / "sitio"
    instalar_plugin(paquete, sitio)
    trabajo = tmp_path / "trabajo"
    trabajo.mkdir()
    shutil.copyfile(EJEMPLOS / "LGT_Art_70_Fr_V.json", trabajo / "fr5.json")
    env = _solo(sitio, "tfmt-texto")
    assert "`carpeta/fr5.texto.txt`" in GUIA
    r = ejecutar_tfmt(
        "exportar", "fr5.json", "--a", "texto", "-o", "carpeta/", cwd=trabajo, env=env
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [str(Path("carpeta") / "fr5.texto.txt")]
    lineas = (trabajo / "carpeta" / "fr5.texto.txt").read_text("utf-8").splitlines()
    assert lineas[0].startswith("Ejercicio | ")
    r = ejecutar_tfmt("exportar", "fr5.json", "--a", "texto", "-o", "salida", cwd=trabajo, env=env)
    assert r.returncode == 0, r.stderr
    assert (trabajo / "salida.txt").read_text("utf-8").splitlines() == lineas
