"""Errores de jsonschema-rs con la forma que espera la traducción al español.

jsonschema-rs señala cada error con su ruta en el documento y en el esquema; de ahí salen
la palabra clave, su valor y el subesquema, sin volver a validar con jsonschema (que es
~50 veces más lento). Los errores de un registro se ordenan como los daría jsonschema
(orden de las palabras clave y de las propiedades en el esquema): mensajes y orden iguales.

También arma el esquema «limpio» de un formato: el del registro más un `pattern` en cada
texto que rechaza los caracteres de control, para comprobar las dos cosas en una pasada.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from .glifos import CLASE_BLANCA_DIBUJABLE, CLASE_DIBUJABLE, CLASE_DIBUJABLE_NO_BLANCA
from .saneo import json_puro

#: (id de la lista de registros, {índice: claves}) de los registros que pueden tener
#: caracteres de control y en qué claves (None: todas): el validador ya lo averiguó en su
#: pasada con jsonschema-rs y la regla integrada sólo revisa ésos; None = no se sabe (se
#: revisan todos).
PISTA_CONTROL: ContextVar[tuple[int, Mapping[int, Collection[str] | None]] | None] = ContextVar(
    "pista_control", default=None
)

#: Texto sin caracteres que XML no admite (los mismos que `texto.limpiar`).
#: Sin controles ni marcas de dirección (bidi), que invierten lo que se ve (U+202E).
_CONTROLES = "\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\u202A-\\u202E\\u2066-\\u2069\\uFFFE\\uFFFF"
PATRON_LIMPIO = f"^[^{_CONTROLES}]*$"
#: Lo que `str.strip()` quita (espacios de Unicode), sin los controles: escrito a mano y no
#: con `\\s`, que no es igual en Python, Rust y ECMA-262.
_BLANCOS = "\\t\\n\\r \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000"
#: Texto obligatorio: limpio y con algo más que espacios. Sin ambigüedad (los blancos del
#: principio, el primer carácter que no lo es, el resto): lineal también en Python `re`.
PATRON_OBLIGATORIO = f"^[{_BLANCOS}]*[^{_CONTROLES}{_BLANCOS}][^{_CONTROLES}]*$"
#: Los patrones de la regla de texto que llevan los esquemas publicados (`esquemas/`).
PATRONES_TEXTO = frozenset({PATRON_LIMPIO, PATRON_OBLIGATORIO})
#: Los mismos, más estrictos, en la pasada rápida: sólo caracteres que el PDF dibuja seguro
#: (`glifos`). Un texto que no los cumple se vuelve a revisar en Python (como uno con
#: controles): la regla integrada dice si trae controles o caracteres que saldrían como «?».
PATRON_DIBUJABLE = f"^[{CLASE_DIBUJABLE}]*$"
PATRON_DIBUJABLE_OBLIGATORIO = (
    f"^[{CLASE_BLANCA_DIBUJABLE}]*[{CLASE_DIBUJABLE_NO_BLANCA}][{CLASE_DIBUJABLE}]*$"
)
_ESTRICTO = {PATRON_LIMPIO: PATRON_DIBUJABLE, PATRON_OBLIGATORIO: PATRON_DIBUJABLE_OBLIGATORIO}
_PATRONES_REGLA = PATRONES_TEXTO | {PATRON_DIBUJABLE, PATRON_DIBUJABLE_OBLIGATORIO}
#: Patrones de los esquemas integrados que ya sólo admiten ASCII visible (fecha, huella):
#: un texto que los cumple no trae controles; no necesitan además la regla.
PATRONES_YA_LIMPIOS = frozenset({"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "^[0-9a-f]{64}$"})


def regla_de_texto(nodo: Mapping[str, Any]) -> str | None:
    """El patrón de la regla de texto que ya lleva `nodo` (propio, en `allOf` o implícito en
    un patrón que sólo admite ASCII visible); None si no la lleva."""
    patron = nodo.get("pattern")
    if patron in PATRONES_TEXTO:
        return str(patron)
    for sub in nodo.get("allOf") or ():
        if isinstance(sub, Mapping) and sub.get("pattern") in PATRONES_TEXTO:
            return str(sub["pattern"])
    return PATRON_LIMPIO if patron in PATRONES_YA_LIMPIOS else None


def sin_reglas_de_texto(nodo: Any) -> Any:
    """Copia de un esquema sin la regla de texto (para comparar con lo que cuesta sin ella)."""
    if isinstance(nodo, list):
        return [sin_reglas_de_texto(x) for x in nodo]
    if not isinstance(nodo, Mapping):
        return nodo
    salida = {}
    for k, v in nodo.items():
        if k == "pattern" and v in PATRONES_TEXTO:
            continue
        if k == "allOf" and isinstance(v, list):
            v = [
                x for x in v if not (isinstance(x, Mapping) and x.get("pattern") in PATRONES_TEXTO)
            ]
            if not v:
                continue
        salida[k] = v if k in ("enum", "const") else sin_reglas_de_texto(v)
    return salida


_CUALQUIER_VALOR = {
    "anyOf": [
        {"type": "string", "pattern": PATRON_DIBUJABLE},
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
    """Lo que `esquema` describe, pero sólo exigiendo textos sin caracteres de control (ni
    que el PDF no dibuje: ésos se revisan aparte)."""
    salida: dict[str, Any] = {"pattern": PATRON_DIBUJABLE}
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
        padre, self.validator, self.validator_value = _en_esquema(raiz, ruta_esquema)
        self.schema = padre
        if self.validator == "required":  # jsonschema-rs da un error por cada faltante
            self.validator_value = [error.kind.property]
        indices = tuple(p for p in ruta if isinstance(p, int))
        if indices:
            self.orden = _orden(raiz, ruta_esquema, list(indices))
        else:  # lo común (registros planos): la misma ruta del esquema, el mismo orden
            self.orden = _cacheado(
                raiz, ("orden", *ruta_esquema), lambda: _orden(raiz, ruta_esquema, [])
            )


#: Lo que se deduce de una ruta del esquema, por esquema raíz (se guarda la raíz para que su
#: id no se confunda con el de otro objeto).
_CACHE_ESQUEMA: dict[tuple[Any, ...], tuple[Any, Any]] = {}


def _cacheado(raiz: Mapping[str, Any], clave: tuple[Any, ...], calcular: Any) -> Any:
    llave = (id(raiz), *clave)
    guardado = _CACHE_ESQUEMA.get(llave)
    if guardado is None or guardado[0] is not raiz:
        if len(_CACHE_ESQUEMA) > 20_000:  # tope: no retener esquemas de validadores viejos
            _CACHE_ESQUEMA.clear()
        guardado = (raiz, calcular())
        _CACHE_ESQUEMA[llave] = guardado
    return guardado[1]


def _en_esquema(raiz: Mapping[str, Any], ruta_esquema: list[Any]) -> tuple[Any, str, Any]:
    """(subesquema donde falló, palabra clave, su valor)."""

    def calcular() -> tuple[Any, str, Any]:
        padre: Any = raiz
        for paso in ruta_esquema[:-1]:
            padre = padre[int(paso)] if isinstance(padre, list) else padre[paso]
        palabra = str(ruta_esquema[-1]) if ruta_esquema else ""
        valor = padre.get(palabra) if isinstance(padre, Mapping) else None
        return padre, palabra, valor

    resultado: tuple[Any, str, Any] = _cacheado(raiz, ("esquema", *ruta_esquema), calcular)
    return resultado


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


# -- camino rápido: el esquema del registro revisa también controles y blancos -----------
#: Un texto obligatorio que sólo trae espacios es una celda vacía (como "" o null).
NO_BLANCO: dict[str, Any] = {"type": "string", "pattern": "^\\s*$"}
#: Lo mismo donde el esquema admite null.
NO_BLANCO_NULO: dict[str, Any] = {"anyOf": [{"type": "null"}, NO_BLANCO]}
_TIPOS_JSON = frozenset({"string", "integer", "number", "boolean", "null", "object", "array"})
#: Palabras clave que el esquema rápido copia tal cual: ninguna hace recorrer valores que la
#: copia no revise (las demás, p. ej. `anyOf` o `$ref`, llevan al camino general).
_COPIABLES = frozenset(
    {
        "type",
        "enum",
        "const",
        "maxLength",
        "minLength",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "required",
        "additionalProperties",
        "properties",
        "items",
        "title",
        "description",
        "examples",
        "default",
        "$comment",
    }
)


def registro_rapido(registro: Mapping[str, Any]) -> dict[str, Any] | None:
    """El esquema de un registro con, en cada texto, el patrón que rechaza los caracteres de
    control y, en cada dato obligatorio, el que rechaza el blanco: una sola pasada de
    jsonschema-rs revisa las tres cosas sin leer dos veces cada texto.

    None si el esquema usa algo que esta copia no sabe recorrer (se usa el camino general)."""
    return _rapido(registro, requerido=False)


def _rapido(nodo: Any, requerido: bool) -> dict[str, Any] | None:
    if not isinstance(nodo, Mapping) or any(
        k not in _COPIABLES and not k.startswith("x-") and not (k == "allOf" and _solo_regla(nodo))
        for k in nodo
    ):
        return None
    tipo = nodo.get("type")
    tipos = {tipo} if isinstance(tipo, str) else set(tipo) if isinstance(tipo, list) else set()
    if not tipos <= _TIPOS_JSON:
        return None
    if not tipos:  # sólo un catálogo (enum/const) de valores limpios
        valores = nodo["enum"] if "enum" in nodo else [nodo["const"]] if "const" in nodo else None
        if not isinstance(valores, list) or not all(_constante(v, requerido) for v in valores):
            return None
    salida = dict(nodo)
    if "object" in tipos:
        propiedades = nodo.get("properties", {})
        if nodo.get("additionalProperties") is not False or not isinstance(propiedades, Mapping):
            return None  # habría valores que ningún subesquema revisa
        obligatorias = set(nodo.get("required") or ())
        nuevas = {}
        for clave, sub in propiedades.items():
            rapido = _rapido(sub, clave in obligatorias)
            if rapido is None:
                return None
            nuevas[clave] = rapido
        salida["properties"] = nuevas
    elif "properties" in nodo or "additionalProperties" in nodo:
        return None
    if "array" in tipos:
        items = _rapido(nodo.get("items"), False)
        if items is None:
            return None
        salida["items"] = items
    elif "items" in nodo:
        return None
    # En todo nodo, no sólo en los de texto: `pattern` revisa cualquier texto que llegue ahí
    # (también uno fuera de catálogo o en una columna numérica), y nada más. Si el esquema
    # publicado ya trae la regla de texto, no se agrega otra vez.
    regla = regla_de_texto(nodo)
    if regla is None and "pattern" in salida:  # su patrón (hipervínculo…) y además el limpio
        salida["allOf"] = [{"pattern": PATRON_DIBUJABLE}]
    elif regla is None:
        salida["pattern"] = PATRON_DIBUJABLE
    elif salida.get("pattern") in PATRONES_TEXTO:  # la publicada, en su versión estricta
        salida["pattern"] = _ESTRICTO[salida["pattern"]]
    elif "allOf" in salida:
        salida["allOf"] = [{"pattern": _ESTRICTO[x["pattern"]]} for x in salida["allOf"]]
    if regla == PATRON_OBLIGATORIO:
        pass  # el patrón publicado ya rechaza el blanco
    elif requerido and "null" in tipos:
        salida["not"] = NO_BLANCO_NULO
    elif requerido and "string" in tipos:
        salida["not"] = NO_BLANCO
    return salida


def _solo_regla(nodo: Mapping[str, Any]) -> bool:
    """`allOf` del nodo sólo trae la regla de texto (así la lleva un patrón ya ocupado)."""
    todos = nodo.get("allOf")
    return isinstance(todos, list) and all(
        isinstance(x, Mapping) and x.keys() == {"pattern"} and x["pattern"] in PATRONES_TEXTO
        for x in todos
    )


def _constante(valor: Any, requerido: bool) -> bool:
    """Un valor de catálogo que no trae controles (ni es blanco, si el dato es obligatorio)."""
    if isinstance(valor, str):
        return not _CONTROL.search(valor) and not (requerido and not valor.strip())
    if valor is None:
        return not requerido
    return isinstance(valor, int | float)


_CONTROL = re.compile(f"[{_CONTROLES}]")
#: Un carácter que el PDF no dibuja tal cual: la regla de texto tiene que ver ese valor.
_NO_DIBUJABLE = re.compile(f"[^{CLASE_DIBUJABLE}]")


def es_regla_de_texto(error: Any) -> bool:
    """El error es de la regla de texto publicada: controles (los avisa la regla integrada,
    con su código) o, si el texto está en blanco, un dato obligatorio vacío («Falta…»)."""
    return error.validator == "pattern" and error.validator_value in _PATRONES_REGLA


def es_control(error: Any) -> bool:
    """El error sólo dice que un texto trae caracteres de control (lo avisa la regla)."""
    if not es_regla_de_texto(error):
        return False
    valor = error.instance
    return not (isinstance(valor, str) and not valor.strip())


def revisar_registros(
    validador: Any, raiz: Mapping[str, Any], registros: list[Any]
) -> tuple[dict[int, list[ErrorRs]], dict[int, set[str]]] | None:
    """Una pasada de jsonschema-rs con el esquema rápido: errores por índice de registro
    (rutas relativas al registro) y, por registro, las claves cuyos textos hay que revisar en
    busca de caracteres de control: donde el patrón los halló, y las listas u objetos y
    columnas desconocidas que el esquema no recorrió.

    None si algún valor no es JSON (fecha, NaN, sustituto suelto, clave numérica…): ése lo
    explica `sanear`, que es más lento pero dice qué y dónde."""
    try:
        if validador.is_valid(registros):
            return {}, {}
        crudos = list(validador.iter_errors(registros))
    except Exception:  # noqa: BLE001 - un tipo de Python que Rust no acepta, recursión…
        return None
    grupos: dict[int, list[ErrorRs]] = {}
    revisar: dict[int, set[str]] = {}
    conocidas = raiz.get("properties") or {}
    for crudo in crudos:
        ruta = list(crudo.instance_path)
        if not ruta or not isinstance(ruta[0], int):
            return None  # la lista misma: no pasa con una lista de Python
        i, reg = ruta[0], registros[ruta[0]]
        esquema = list(crudo.schema_path)[1:]
        error = ErrorRs(crudo, raiz, esquema, ruta[1:])
        control = es_regla_de_texto(error)  # controles o, si está en blanco, «Falta…»
        if not isinstance(reg, Mapping):
            if not es_json(reg):
                return None
        elif len(ruta) > 1 or error.validator == "additionalProperties":
            claves = [ruta[1]] if len(ruta) > 1 else [k for k in reg if k not in conocidas]
            for clave in claves:
                valor = reg.get(clave)
                if not es_json(valor):
                    return None
                if (
                    control
                    or len(ruta) == 1
                    or isinstance(valor, list | dict | tuple)
                    or (isinstance(valor, str) and _NO_DIBUJABLE.search(valor) is not None)
                ):  # un texto que falla un patrón «ya limpio» (fecha): sin la regla estricta
                    revisar.setdefault(i, set()).add(str(clave))
        if control and not es_control(error):
            grupos.setdefault(i, []).append(error)  # texto obligatorio en blanco
        elif not control and not (
            error.validator == "format" and crudo.kind.format not in _FORMATOS
        ):
            grupos.setdefault(i, []).append(error)
    for lista in grupos.values():
        lista.sort(key=lambda e: e.orden)
    return grupos, revisar


#: jsonschema sólo revisa el formato de fecha: los demás (uri…) no se dicen.
_FORMATOS = frozenset(("date",))


def es_json(valor: Any) -> bool:
    """El valor es JSON tal cual (jsonschema-rs lee NaN como null y no ve los sustitutos
    sueltos de un texto que no revisa con un patrón)."""
    tipo = type(valor)
    if tipo is str:
        return valor.isascii() or not _SUSTITUTO.search(valor)
    if valor is None or tipo is int or tipo is bool:
        return True
    if tipo is float:
        return math.isfinite(valor)
    return json_puro(valor)


_SUSTITUTO = re.compile("[\ud800-\udfff]")
