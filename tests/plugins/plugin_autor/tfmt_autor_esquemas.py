"""Registra las carpetas de esquemas que nombra TFMT_AUTOR_ESQUEMAS (las arma la prueba)."""

import os

from transparencia_fmt import hookimpl


@hookimpl
def registrar_esquemas():
    return [p for p in os.environ.get("TFMT_AUTOR_ESQUEMAS", "").split(os.pathsep) if p]
