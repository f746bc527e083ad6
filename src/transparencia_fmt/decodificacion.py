"""Lectura de texto de archivos que llegan de Excel u otros programas.

UTF-8 (con o sin BOM), UTF-16 con BOM («Texto Unicode» de Excel) o Windows-1252; y el
aviso de acentos rotos («Ã³» por «ó») que deja mezclar codificaciones.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .errores import ErrorDeDatos
from .modelos import ErrorValidacion

__all__ = ["decodificar", "leer_texto", "revisar_acentos"]

# Las expresiones se compilan al usarse (sólo con archivos que no son UTF-8): compilarlas
# no es parte de cada arranque.


@functools.cache
def _acentos_rotos() -> re.Pattern[str]:
    """Secuencias de UTF-8 leído como Windows-1252 («Ã³» por «ó»): acentos ya rotos."""
    return re.compile("Ã[\u00a0-\u00bf\u2018-\u2030\u0160\u0161\u0192]|Â[\u00a0-\u00bf]")


def leer_texto(ruta: Path) -> str:
    """UTF-8 (con o sin BOM), UTF-16 con BOM («Texto Unicode» de Excel) o Windows-1252."""
    return decodificar(ruta)[0]


#: Letras y signos que un texto en español guardado como Windows-1252 usa fuera de ASCII.
_CP1252_PLAUSIBLE = set("áéíóúÁÉÍÓÚñÑüÜ¿¡°ºª«»·€“”‘’–—…çÇàèìòùÀÈÌÒÙâêîôûäëïöÿ§¨´ ×÷±²³µ¶©®™•")


@functools.cache
def _utf8_multibyte() -> re.Pattern[bytes]:
    """Secuencia UTF-8 multibyte bien formada (evidencia de que el archivo es UTF-8)."""
    return re.compile(
        rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
    )


def decodificar(ruta: Path) -> tuple[str, str]:
    """El texto y la codificación con que se leyó, decidida con evidencia del archivo completo.

    - BOM de UTF-8 o UTF-16: manda el BOM (un byte inválido después es un error, no un cambio
      de codificación).
    - UTF-8 válido: UTF-8.
    - Si no, Windows-1252 (Excel en Windows) sólo si es plausible: ninguna secuencia UTF-8 bien
      formada (un archivo con «ó» en UTF-8 y un byte suelto mezcla codificaciones), ningún byte
      sin carácter en cp1252, sin bytes nulos, y los caracteres fuera de ASCII son letras y
      signos del español.
    - Si nada de eso: ErrorDeDatos con la línea y la columna del primer byte problemático.
    """
    try:
        crudo = ruta.read_bytes()
    except OSError as exc:
        from .fallos import error_de_sistema

        raise error_de_sistema(exc, ruta, "leer") from exc
    if crudo.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return crudo.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise _error(ruta, crudo, exc.start, "UTF-16 (lo dice su BOM)") from None
    if crudo.startswith(b"\xef\xbb\xbf"):
        try:
            return crudo[3:].decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            raise _error(ruta, crudo, exc.start + 3, "UTF-8 (lo dice su BOM)") from None
    try:
        texto = crudo.decode("utf-8")
    except UnicodeDecodeError as exc:
        inicio_malo = exc.start
    else:
        if "\x00" in texto:
            raise _error(ruta, crudo, crudo.index(b"\x00"), "texto")
        return texto, "utf-8"
    if b"\x00" in crudo:
        raise _error(ruta, crudo, crudo.index(b"\x00"), "texto")
    bueno = _utf8_multibyte().search(crudo)
    if bueno is not None:
        linea_buena = crudo.count(b"\n", 0, bueno.start()) + 1
        raise _error(
            ruta,
            crudo,
            inicio_malo,
            "UTF-8",
            f" El archivo mezcla codificaciones: la línea {linea_buena} trae acentos en UTF-8.",
        )
    try:
        texto = crudo.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _error(ruta, crudo, exc.start, "UTF-8 ni como Windows-1252") from None
    raros = [i for i, c in enumerate(texto) if ord(c) > 0x7F and c not in _CP1252_PLAUSIBLE]
    if raros:
        raise _error(ruta, crudo, raros[0], "UTF-8 ni como Windows-1252 (no parece texto)")
    return texto, "cp1252"


def _error(ruta: Path, crudo: bytes, pos: int, como: str, extra: str = "") -> ErrorDeDatos:
    linea = crudo.count(b"\n", 0, pos) + 1
    columna = pos - (crudo.rfind(b"\n", 0, pos) + 1) + 1
    return ErrorDeDatos(
        f"{ruta}, línea {linea}, columna {columna}: no se puede leer como {como}: el byte "
        f"0x{crudo[pos]:02X} no es un carácter válido.{extra} Guárdelo como UTF-8 (en Excel: "
        "«CSV UTF-8 (delimitado por comas)»; en el Bloc de notas: codificación UTF-8).",
        archivo=str(ruta),
    )


def revisar_acentos(texto: str, archivo: str, codificacion: str) -> list[ErrorValidacion]:
    """Un archivo leído como Windows-1252 con «Ã³» donde iba «ó» mezcla codificaciones (o
    ya traía los acentos rotos): se señala, nunca pasa en silencio."""
    m = _acentos_rotos().search(texto) if codificacion == "cp1252" else None
    if not m:
        return []
    linea = texto.count("\n", 0, m.start()) + 1
    return [
        ErrorValidacion(
            codigo="acentos-rotos",
            mensaje=f"La línea {linea} trae «{m.group()}» donde seguramente iba una letra "
            "acentuada: el "
            "archivo se guardó alguna vez con otra codificación. Corrija los acentos y guárdelo "
            "como «CSV UTF-8».",
            valor=m.group(),
            archivo=archivo,
            fila=linea,
        )
    ]
