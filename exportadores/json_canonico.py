"""Exportador `json`: el documento canónico, tal como lo guarda el espacio de trabajo."""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from transparencia_fmt import hookimpl


class ExportadorJSON:
    """El documento en su JSON canónico."""

    nombre = "json"
    extension = ".json"
    descripcion = "Documento canónico en JSON (UTF-8), el que se valida y se guarda"

    def exportar(self, documento: Any, destino: BinaryIO) -> None:
        """Escribe el JSON canónico en UTF-8."""
        texto = json.dumps(documento.a_json(), ensure_ascii=False, indent=2)
        destino.write((texto + "\n").encode("utf-8"))


@hookimpl
def registrar_exportadores() -> list[Any]:
    """El exportador JSON."""
    return [ExportadorJSON()]
