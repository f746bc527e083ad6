"""Issue 10, punto 8: en CI una prueba que se salta (p. ej. sin ../shared) falla."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

AQUI = Path(__file__).resolve().parent


def _correr(tmp_path, ci: str | None):
    prueba = tmp_path / "test_omitida.py"
    prueba.write_text(
        "import pytest\nfrom pathlib import Path\n\n"
        "@pytest.mark.skipif(not Path('/no/existe/shared').exists(), reason='sin ../shared')\n"
        "def test_semilla():\n    assert False\n",
        "utf-8",
    )
    entorno = {**os.environ, "PYTHONPATH": str(AQUI)}
    entorno.pop("CI", None)
    if ci is not None:
        entorno["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "ci_sin_omitir", "-p", "no:cacheprovider",
         str(prueba), "--rootdir", str(tmp_path), "-c", os.devnull],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=entorno,
    )  # fmt: skip


def test_en_ci_omitir_es_fallar(tmp_path):
    r = _correr(tmp_path, "true")
    assert r.returncode == 1, r.stdout
    assert "no se omite ninguna prueba" in r.stdout and "sin ../shared" in r.stdout


def test_fuera_de_ci_se_omite(tmp_path):
    r = _correr(tmp_path, None)
    assert r.returncode == 0, r.stdout
    assert "1 skipped" in r.stdout


def test_la_suite_carga_el_plugin():
    conftest = (AQUI / "conftest.py").read_text("utf-8")
    assert 'pytest_plugins = ["ci_sin_omitir"]' in conftest
