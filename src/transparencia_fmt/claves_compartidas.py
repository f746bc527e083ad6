"""Registros importados como diccionarios con las claves compartidas (PEP 412).

Un importador arma cientos de miles de diccionarios con las mismas pocas claves (una fila
de tabla secundaria: tres). Un `dict` común guarda cada clave con su hash en cada uno; el
`__dict__` de una instancia guarda sólo los valores y comparte la tabla de claves con las
demás instancias de su clase: en CPython 3.11–3.13, ~105 bytes en vez de ~185 con tres
claves, ~330 en vez de 832 con 29 (issue 13: memoria de la importación XLSX). Sigue siendo
un `dict` de verdad (json, jsonschema-rs, copy, pickle, ==, orden de inserción).

La tabla compartida se llena de una vez, con todas las claves que un registro puede llegar
a tener, antes del primer registro: así un registro al que le faltan claves, que las recibe
en otro orden o más tarde (la Nota propia, sus tablas secundarias) sigue compartiéndolas.
Una clave fuera de esa lista también funciona, pero ese registro se vuelve un `dict` común
y más grande que uno armado como `dict` (1.5–2 veces): la lista debe estar completa.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

#: CPython 3.11, 3.12 y 3.13 comparten a lo más 29 claves por clase (medido): con más,
#: conviene el `dict` común.
MAXIMO_CLAVES = 29


def fabrica_de_registros(claves: Collection[str]) -> Callable[[], dict[str, Any]]:
    """Una función que da diccionarios vacíos para registros que llevarán a lo más estas
    `claves`; `dict` si son demasiadas para compartirlas."""
    unicas = list(dict.fromkeys(claves))
    if len(unicas) > MAXIMO_CLAVES:
        return dict
    clase = type("Registro", (), {})
    semilla = clase().__dict__
    for clave in unicas:  # la tabla compartida, completa antes del primer registro
        semilla[clave] = None

    def nuevo() -> dict[str, Any]:
        return clase().__dict__  # type: ignore[no-any-return]

    return nuevo
