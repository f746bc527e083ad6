"""Importador del documento JSON propio (el formato canónico)."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from transparencia_fmt.catalogo import Catalogo
from transparencia_fmt.decodificacion import leer_texto
from transparencia_fmt.documento import Documento, documento_desde_dict
from transparencia_fmt.errores import ErrorDeDatos
from transparencia_fmt.plugins import hookimpl


class ImportadorJSON:
    """El documento JSON propio."""

    nombre = "json"
    extensiones = (".json",)
    descripcion = "Documento JSON de transparencia_fmt (el formato canónico)"

    def reconoce(self, ruta: Path, cabecera: bytes) -> bool:
        """Empieza con «{»: es JSON."""
        return cabecera.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")

    def importar(self, ruta: Path, catalogo: Catalogo) -> Documento:
        """Lee el JSON y arma el documento."""
        texto = leer_texto(ruta)
        datos = leer_json(texto, ruta)
        del texto  # con 100,000 registros, el texto pesa tanto como los datos
        return documento_desde_dict(datos, catalogo, ruta, ceder=True)


def leer_json(texto: str, ruta: Path) -> Any:
    """JSON estricto: sin claves repetidas (se perdería un valor), sin NaN ni Infinity (no
    son JSON), sin anidamiento absurdo y sin caracteres sustitutos sueltos («\\ud800»)."""
    repetidas: list[str] = []

    def sin_repetidas(pares: list[tuple[str, Any]]) -> dict[str, Any]:
        d = dict(pares)  # en C; sólo si hay menos claves que pares se busca cuáles
        if len(d) != len(pares):
            vistas: set[str] = set()
            for clave, _ in pares:
                if clave in vistas and clave not in repetidas:
                    repetidas.append(clave)
                vistas.add(clave)
        return d

    def constante(nombre: str) -> Any:
        raise ValueError(nombre)

    try:
        datos = json.loads(texto, object_pairs_hook=sin_repetidas, parse_constant=constante)
    except json.JSONDecodeError as exc:
        raise ErrorDeDatos(
            f"{ruta}: el JSON está mal escrito en la línea {exc.lineno}, columna {exc.colno}: "
            f"{_MENSAJES.get(exc.msg.split(':')[0], exc.msg)}. Revise comas, comillas y llaves "
            "cerca de ese punto.",
            archivo=str(ruta),
        ) from None
    except ValueError as exc:  # NaN, Infinity, -Infinity
        linea = _linea(texto, str(exc))
        raise ErrorDeDatos(
            f"{ruta}, línea {linea}: «{exc}» no es un valor JSON válido (JSON no tiene NaN ni "
            "infinito). Deje la celda vacía (null) o escriba el número.",
            archivo=str(ruta),
        ) from None
    except RecursionError:
        raise ErrorDeDatos(
            f"{ruta}: los datos están anidados a demasiada profundidad (listas u objetos dentro "
            "de otros cientos de veces); un formato de transparencia no lo necesita.",
            archivo=str(ruta),
        ) from None
    if repetidas:
        detalle = "; ".join(
            f"«{c}» (líneas {', '.join(map(str, _lineas_clave(texto, c)))})" for c in repetidas[:5]
        )
        raise ErrorDeDatos(
            f"{ruta}: hay claves repetidas en un mismo objeto y sólo se conservaría el último "
            f"valor: {detalle}. Deje cada clave una sola vez.",
            archivo=str(ruta),
        )
    # La búsqueda sólo si hay un escape «\\ud…» (es lenta en textos grandes).
    sustituto = _sustituto().search(texto) if "\\ud" in texto or "\\uD" in texto else None
    if sustituto is not None:
        raise ErrorDeDatos(
            f"{ruta}, línea {_linea_pos(texto, sustituto.start())}: «{sustituto.group()}» es "
            "medio carácter (un sustituto UTF-16 suelto) y no se puede guardar ni publicar. "
            "Corrija ese texto.",
            archivo=str(ruta),
        )
    return datos


@functools.cache
def _sustituto() -> re.Pattern[str]:
    """Escape de un sustituto UTF-16 que no forma par (alto sin bajo, o bajo sin alto). Se
    compila al usarse: compilarla no es parte de cada arranque."""
    return re.compile(
        r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
        r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    )


_MENSAJES = {
    "Expecting value": "se esperaba un valor",
    "Expecting ',' delimiter": "falta una coma",
    "Expecting ':' delimiter": "faltan los dos puntos",
    "Expecting property name enclosed in double quotes": "se esperaba una clave entre comillas",
    "Unterminated string starting at": "una cadena no se cerró",
    "Extra data": "sobra texto después del final",
    "Invalid control character at": "hay un carácter de control dentro de una cadena",
    "Invalid \\escape": "hay un escape «\\» inválido",
}


def _linea_pos(texto: str, pos: int) -> int:
    return texto.count("\n", 0, pos) + 1


def _linea(texto: str, palabra: str) -> int:
    m = re.search(r"(?<![\w\"])" + re.escape(palabra) + r"(?![\w\"])", texto)
    return _linea_pos(texto, m.start()) if m else 1


def _lineas_clave(texto: str, clave: str) -> list[int]:
    patron = re.compile(re.escape(json.dumps(clave, ensure_ascii=False)) + r"\s*:")
    return [_linea_pos(texto, m.start()) for m in patron.finditer(texto)][:6] or [1]


@hookimpl
def registrar_importadores() -> list[Any]:
    """El importador JSON."""
    return [ImportadorJSON()]
