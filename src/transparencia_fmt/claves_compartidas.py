"""Registros importados como diccionarios con las claves compartidas (PEP 412).

Un importador arma cientos de miles de diccionarios con las mismas pocas claves (una fila
de tabla secundaria: tres). Un `dict` común guarda cada clave con su hash en cada uno; el
`__dict__` de una instancia guarda sólo los valores y comparte la tabla de claves con las
demás instancias de su clase: en CPython 3.11–3.13, ~100 bytes en vez de 180 con tres
claves, ~330 en vez de 832 con 29 (issue 13: memoria de la importación XLSX). Sigue siendo
un `dict` de verdad (json, jsonschema-rs, copy, pickle, ==); agregar, quitar o reordenar
claves funciona igual, sólo deja de ahorrar en ese registro.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

#: CPython 3.11, 3.12 y 3.13 comparten a lo más 29 claves por clase (medido): con 30, el
#: diccionario se vuelve común y dos veces más grande que uno armado como `dict`.
MAXIMO_CLAVES = 29


def fabrica_de_registros(claves: Collection[str]) -> Callable[[], dict[str, Any]]:
    """Una función que da diccionarios vacíos para registros que llevarán (a lo más) estas
    `claves`; `dict` si son demasiadas para compartirlas."""
    if len(set(claves)) > MAXIMO_CLAVES:
        return dict
    clase = type("Registro", (), {})

    def nuevo() -> dict[str, Any]:
        return clase().__dict__  # type: ignore[no-any-return]

    return nuevo
