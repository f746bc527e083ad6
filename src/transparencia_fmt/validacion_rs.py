"""Errores de jsonschema-rs con la forma que espera la traducción al español.

jsonschema-rs señala cada error con su ruta en el documento y en el esquema; de ahí salen
la palabra clave, su valor y el subesquema, sin volver a validar con jsonschema (que es
~50 veces más lento). Los errores de un registro se ordenan como los daría jsonschema
(orden de las palabras clave y de las propiedades en el esquema): mensajes y orden iguales.

También arma el esquema «limpio» de un formato: el del registro más un `pattern` en cada
texto que rechaza los caracteres de control, para comprobar las dos cosas en una pasada.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

#: (id de la lista de registros, índices de los registros que pueden tener caracteres de
#: control): el validador ya lo averiguó en su pasada con jsonschema-rs y la regla integrada
#: sólo revisa ésos; None = no se sabe (se revisan todos).
PISTA_CONTROL: ContextVar[tuple[int, frozenset[int]] | None] = ContextVar(
    "pista_control", default=None
)

#: Texto sin caracteres que XML no admite (los mismos que `texto.limpiar`).
#: Sin controles ni marcas de dirección (bidi), que invierten lo que se ve (U+202E).
PATRON_LIMPIO = (
    "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\u202A-\\u202E\\u2066-\\u2069\\uFFFE\\uFFFF]*$"
)
_CUALQUIER_VALOR = {
    "anyOf": [
        {"type": "string", "pattern": PATRON_LIMPIO},
        {"type": ["number", "boolean", "null"]},
        {"type": "array", "items": {"$ref": "#/$defs/limpio"}},
        {"type": "object", "additionalProperties": {"$ref": "#/$defs/limpio"}},
    ]
}
#: Palabras clave cuya traducción no usa el mensaje en inglés: las demás se piden a jsonschema.
TRADUCIBLES = frozenset(
    {
        "required",
        "additionalProperties",
        "unevaluatedProperties",
        "enum",
        "const",
        "type",
        "format",
        "pattern",
        "maxLength",
        "minLength",
        "minItems",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "uniqueItems",
        "oneOf",
    }
)


def esquema_limpio(esquema: Mapping[str, Any]) -> dict[str, Any]:
    """Lo que `esquema` describe, pero sólo exigiendo textos sin caracteres de control."""
    salida: dict[str, Any] = {"pattern": PATRON_LIMPIO}
    propiedades = esquema.get("properties")
    if isinstance(propiedades, Mapping):
        salida["properties"] = {k: esquema_limpio(v) for k, v in propiedades.items()}
        salida["additionalProperties"] = {"$ref": "#/$defs/limpio"}
    elif esquema.get("type") == "object" or (
        esquema.get("type") is None and not {"enum", "const"} & esquema.keys()
    ):  # cualquier cosa: se revisa recorriéndola entera
        salida = {"$ref": "#/$defs/limpio"}
    items = esquema.get("items")
    if isinstance(items, Mapping) and "$ref" not in salida:
        salida["items"] = esquema_limpio(items)
    return salida


def lista_limpia(registro: Mapping[str, Any]) -> dict[str, Any]:
    """Lista de registros válidos (`allOf/0`) y sin caracteres de control (`allOf/1`)."""
    return {
        "type": "array",
        "items": {"allOf": [registro, esquema_limpio(registro)]},
        "$defs": {"limpio": _CUALQUIER_VALOR},
    }


class ErrorRs:
    """Un error de jsonschema-rs con los atributos de `jsonschema.ValidationError` que usa la
    traducción: `absolute_path`, `validator`, `validator_value`, `schema`, `instance`."""

    __slots__ = (
        "absolute_path",
        "instance",
        "message",
        "orden",
        "schema",
        "schema_path",
        "validator",
        "validator_value",
    )

    def __init__(
        self, error: Any, raiz: Mapping[str, Any], ruta_esquema: list[Any], ruta: list[Any]
    ) -> None:
        self.absolute_path = deque(ruta)
        self.schema_path = ruta_esquema
        self.instance = error.instance
        self.message = error.message
        padre: Any = raiz
        for paso in ruta_esquema[:-1]:
            padre = padre[int(paso)] if isinstance(padre, list) else padre[paso]
        self.schema = padre
        self.validator = ruta_esquema[-1] if ruta_esquema else ""
        tipo = type(error.kind).__name__
        if tipo == "Required":  # jsonschema-rs da un error por cada propiedad que falta
            self.validator_value: Any = [error.kind.property]
        elif isinstance(padre, Mapping):
            self.validator_value = padre.get(self.validator)
        else:
            self.validator_value = None
        self.orden = _orden(raiz, ruta_esquema, ruta)


_POSICIONES: dict[int, tuple[Any, dict[Any, int]]] = {}


def _posicion(nodo: Mapping[str, Any], clave: Any) -> int:
    guardado = _POSICIONES.get(id(nodo))
    if guardado is None or guardado[0] is not nodo:
        guardado = (nodo, {k: i for i, k in enumerate(nodo)})
        _POSICIONES[id(nodo)] = guardado
    return guardado[1].get(clave, len(guardado[1]))


def _orden(raiz: Mapping[str, Any], ruta_esquema: list[Any], ruta: list[Any]) -> tuple[int, ...]:
    """Clave de orden: posición de cada paso en su esquema y, en listas, la de cada elemento."""
    indices = [p for p in ruta if isinstance(p, int)]
    clave: list[int] = []
    nodo: Any = raiz
    for paso in ruta_esquema:
        if isinstance(nodo, list):
            clave.append(int(paso))
            nodo = nodo[int(paso)]
            continue
        if not isinstance(nodo, Mapping):
            break
        clave.append(_posicion(nodo, paso))
        if paso == "items" and indices:
            clave.append(indices.pop(0))
        nodo = nodo.get(paso)
    return tuple(clave)


def errores_de(
    validador: Any, instancia: Any, raiz: Mapping[str, Any], formatos: Iterable[str] = ("date",)
) -> list[ErrorRs]:
    """Todos los errores de `instancia`, en el orden de jsonschema."""
    permitidos = frozenset(formatos)
    errores = [
        ErrorRs(e, raiz, list(e.schema_path), list(e.instance_path))
        for e in validador.iter_errors(instancia)
        if not _formato_ignorado(e, permitidos)
    ]
    errores.sort(key=lambda e: e.orden)
    return errores


def _formato_ignorado(error: Any, permitidos: frozenset[str]) -> bool:
    """jsonschema sólo revisa los formatos pedidos (fecha); se descarta lo demás."""
    return type(error.kind).__name__ == "Format" and error.kind.format not in permitidos


def por_registro(
    errores: Iterator[Any], registro: Mapping[str, Any]
) -> tuple[dict[int, list[ErrorRs]], set[int]]:
    """Errores de la lista limpia agrupados por registro (rutas relativas al registro) y los
    registros con caracteres de control."""
    grupos: dict[int, list[ErrorRs]] = {}
    con_control: set[int] = set()
    permitidos = frozenset(("date",))
    for e in errores:
        ruta = list(e.instance_path)
        esquema = list(e.schema_path)
        if not ruta or not isinstance(ruta[0], int):
            continue
        i = ruta[0]
        # ['items', 'allOf', 0 | 1, ...]: 0 es el esquema del registro, 1 el de textos limpios
        if len(esquema) < 3 or esquema[:2] != ["items", "allOf"]:
            continue
        if int(esquema[2]) == 1:
            con_control.add(i)
            continue
        if _formato_ignorado(e, permitidos):
            continue
        grupos.setdefault(i, []).append(ErrorRs(e, registro, esquema[3:], ruta[1:]))
    for lista in grupos.values():
        lista.sort(key=lambda e: e.orden)
    return grupos, con_control
