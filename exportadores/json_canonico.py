"""Exportador `json`: el documento canónico, tal como lo guarda el espacio de trabajo."""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from transparencia_fmt import hookimpl


class ExportadorJSON:
    nombre = "json"
    extension = ".json"
    descripcion = "Documento canónico en JSON (UTF-8), el que se valida y se guarda"

    def exportar(self, documento: Any, destino: BinaryIO) -> None:
        texto = json.dumps(documento.a_json(), ensure_ascii=False, indent=2)
        destino.write((texto + "\n").encode("utf-8"))


@hookimpl
def registrar_exportadores() -> list[Any]:
    return [ExportadorJSON()]
