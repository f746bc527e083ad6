"""Plugin de pytest: con CI=true ninguna prueba se omite en silencio.

Una prueba que se salta porque falta `../shared` (la semilla, las plantillas reales) pasa
por buena en un clon fresco; en CI eso es un error que se reporta con la razón del salto.
"""

from __future__ import annotations

import os

import pytest


def en_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    resultado = yield
    reporte = resultado.get_result()
    if en_ci() and reporte.skipped and not hasattr(reporte, "wasxfail"):
        razon = reporte.longrepr[2] if isinstance(reporte.longrepr, tuple) else reporte.longrepr
        reporte.outcome = "failed"
        reporte.longrepr = (
            f"En CI (CI=true) no se omite ninguna prueba, y ésta se omitió: {razon}. "
            "¿Falta ../shared junto al repositorio?"
        )
