"""Lectura de texto de archivos que llegan de Excel u otros programas.

UTF-8 (con o sin BOM), UTF-16 con BOM («Texto Unicode» de Excel) o Windows-1252; y el
aviso de acentos rotos («Ã³» por «ó») que deja mezclar codificaciones.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errores import ErrorDeDatos
from .modelos import ErrorValidacion

__all__ = ["decodificar", "leer_texto", "revisar_acentos"]

#: Secuencias de UTF-8 leído como Windows-1252 («Ã³» por «ó»): acentos ya rotos.
_ACENTOS_ROTOS = re.compile("Ã[\u00a0-\u00bf\u2018-\u2030\u0160\u0161\u0192]|Â[\u00a0-\u00bf]")


def leer_texto(ruta: Path) -> str:
    """UTF-8 (con o sin BOM), UTF-16 con BOM («Texto Unicode» de Excel) o Windows-1252."""
    return decodificar(ruta)[0]


def decodificar(ruta: Path) -> tuple[str, str]:
    """El texto y la codificación con que se leyó; ErrorDeDatos con la línea si no se puede."""
    try:
        crudo = ruta.read_bytes()
    except OSError as exc:
        raise ErrorDeDatos(f"No se pudo leer {ruta}: {exc.strerror}", archivo=str(ruta)) from exc
    codificaciones = ["utf-8", "cp1252"]
    if crudo.startswith((b"\xff\xfe", b"\xfe\xff")):
        codificaciones = ["utf-16"]
    elif crudo.startswith(b"\xef\xbb\xbf"):
        crudo, codificaciones = crudo[3:], ["utf-8"]  # el BOM dice UTF-8: no se adivina otra
    for codificacion in codificaciones:
        try:
            return crudo.decode(codificacion), codificacion
        except UnicodeDecodeError as exc:
            error = exc
    linea = crudo.count(b"\n", 0, error.start) + 1
    raise ErrorDeDatos(
        f"{ruta}: no se pudo leer como {' ni como '.join(codificaciones)}: el byte "
        f"0x{crudo[error.start]:02X} de la línea {linea} no es un carácter válido. Guárdelo "
        "desde Excel como «CSV UTF-8 (delimitado por comas)».",
        archivo=str(ruta),
    ) from error


def revisar_acentos(texto: str, archivo: str, codificacion: str) -> list[ErrorValidacion]:
    """Un archivo leído como Windows-1252 con «Ã³» donde iba «ó» mezcla codificaciones (o
    ya traía los acentos rotos): se señala, nunca pasa en silencio."""
    m = _ACENTOS_ROTOS.search(texto) if codificacion == "cp1252" else None
    if not m:
        return []
    linea = texto.count("\n", 0, m.start()) + 1
    return [
        ErrorValidacion(
            "acentos-rotos",
            f"La línea {linea} trae «{m.group()}» donde seguramente iba una letra acentuada: el "
            "archivo se guardó alguna vez con otra codificación. Corrija los acentos y guárdelo "
            "como «CSV UTF-8».",
            valor=m.group(),
            archivo=archivo,
            fila=linea,
        )
    ]
