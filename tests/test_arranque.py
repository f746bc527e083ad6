"""Arranque rápido (issue 13, punto 5): lo pesado se importa sólo cuando un comando lo usa."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PESADOS = ("attr", "attrs", "pluggy", "referencing", "jsonschema", "jsonschema_rs", "docx")


def _modulos_tras(codigo: str) -> set[str]:
    """Los módulos pesados que quedaron importados tras correr `codigo` en un proceso limpio."""
    r = subprocess.run(
        [sys.executable, "-c", codigo + "\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        env={**os.environ, "TFMT_CARGAR_PLUGINS": ""},
    )
    assert r.returncode == 0, r.stderr
    cargados = set(r.stdout.split())
    return {m for m in cargados if m.split(".")[0] in PESADOS}


def test_importar_el_paquete_no_carga_nada_pesado():
    assert _modulos_tras("import transparencia_fmt") == set()


def test_ayuda_del_cli_no_carga_nada_pesado():
    codigo = (
        "import contextlib, io\nfrom transparencia_fmt.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as f:\n"
        "    assert main(['--help']) == 0\n"
        "assert 'formatos' in f.getvalue() and 'validar' in f.getvalue()"
    )
    assert _modulos_tras(codigo) == set()


@pytest.mark.parametrize("nombre", ["Documento", "Formato", "hookimpl", "ErrorDeUso", "Tabla"])
def test_los_nombres_publicos_siguen_ahi(nombre):
    """Perezosos (PEP 562) pero los mismos objetos de siempre."""
    import importlib

    import transparencia_fmt as tf

    modulo = importlib.import_module(f"transparencia_fmt.{tf._PEREZOSOS[nombre]}")
    assert getattr(tf, nombre) is getattr(modulo, nombre)
    assert nombre in dir(tf)
    with pytest.raises(AttributeError):
        tf.no_existe  # noqa: B018
