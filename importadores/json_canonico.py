"""Importador del documento JSON propio (el formato canónico)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from transparencia_fmt.catalogo import Catalogo
from transparencia_fmt.decodificacion import leer_texto
from transparencia_fmt.documento import Documento, documento_desde_dict
from transparencia_fmt.errores import ErrorDeDatos
from transparencia_fmt.plugins import hookimpl


class ImportadorJSON:
    nombre = "json"
    extensiones = (".json",)
    descripcion = "Documento JSON de transparencia_fmt (el formato canónico)"

    def reconoce(self, ruta: Path, cabecera: bytes) -> bool:
        return cabecera.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")

    def importar(self, ruta: Path, catalogo: Catalogo) -> Documento:
        texto = leer_texto(ruta)
        try:
            datos = json.loads(texto)
        except json.JSONDecodeError as exc:
            raise ErrorDeDatos(
                f"{ruta}: el JSON está mal escrito en la línea {exc.lineno}, columna {exc.colno}: "
                f"{exc.msg}. Revise comas, comillas y llaves cerca de ese punto.",
                archivo=str(ruta),
            ) from exc
        return documento_desde_dict(datos, catalogo, ruta)


@hookimpl
def registrar_importadores() -> list[Any]:
    return [ImportadorJSON()]
