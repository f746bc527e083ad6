"""¿Es un JSON Schema válido? Revisión de los esquemas de plugins, en español.

Un esquema de plugin con una palabra clave mal escrita (``"type": "banana"``) no debe llegar
al validador: allí jsonschema-rs lo rechaza en inglés y a media orden. El catálogo revisa
cada esquema de plugin contra el metaesquema al cargarlo (un milisegundo; los integrados
no: los revisan las pruebas y no cuestan nada al arranque) y lo omite con un aviso que dice
dónde y qué está mal. Lo que el metaesquema no ve (una expresión regular que no compila)
lo explica `explicar` cuando el validador compila el formato.
"""

from __future__ import annotations

from typing import Any

from .opcionales import jsonschema_rs as _rs

_TIPOS = "string, integer, number, boolean, array, object o null"

#: Lo que exige el metaesquema por palabra clave, dicho para quien escribe el esquema.
_ESPERA = {
    "type": f"un tipo de JSON Schema ({_TIPOS}) o una lista de ellos",
    "required": "una lista de nombres de propiedad (textos), sin repetir",
    "enum": "una lista de valores",
    "properties": "un objeto: nombre de propiedad → subesquema",
    "patternProperties": "un objeto: expresión regular → subesquema",
    "$defs": "un objeto: nombre → subesquema",
    "items": "un subesquema (objeto o true/false)",
    "prefixItems": "una lista no vacía de subesquemas",
    "allOf": "una lista no vacía de subesquemas",
    "anyOf": "una lista no vacía de subesquemas",
    "oneOf": "una lista no vacía de subesquemas",
    "pattern": "una expresión regular (texto)",
    "format": "un texto (p. ej. «date»)",
    "title": "un texto",
    "description": "un texto",
    "$id": "un texto (URI)",
    "$ref": "un texto (URI)",
    "$schema": "un texto (URI)",
    "additionalProperties": "un subesquema (objeto o true/false)",
    "unevaluatedProperties": "un subesquema (objeto o true/false)",
}
for _p in ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"):
    _ESPERA[_p] = "un número entero no negativo"
for _p in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
    _ESPERA[_p] = "un número"
_ESPERA["multipleOf"] = "un número mayor que cero"
_ESPERA["uniqueItems"] = "true o false"


def problema(esquema: Any) -> str | None:
    """Qué tiene `esquema` que no es JSON Schema válido (en español, con su ubicación), o
    None si el metaesquema lo acepta."""
    if _rs is not None:
        try:
            _rs.meta.validate(esquema)
        except _rs.ValidationError as exc:
            ruta = [str(p) for p in exc.instance_path]
            return _decir(ruta, exc.instance, exc.message)
        except Exception as exc:  # noqa: BLE001 - p. ej. un $schema desconocido
            return f"no se pudo revisar: {exc}"
        return None
    import jsonschema  # sin jsonschema-rs (alguna plataforma sin rueda)

    clase = jsonschema.validators.validator_for(esquema, default=jsonschema.Draft202012Validator)
    error = jsonschema.exceptions.best_match(
        clase(clase.META_SCHEMA, format_checker=clase.FORMAT_CHECKER).iter_errors(esquema)
    )
    if error is None:
        return None
    return _decir([str(p) for p in error.absolute_path], error.instance, error.message)


def _decir(ruta: list[str], valor: Any, original: str) -> str:
    donde = "/".join(ruta) or "(la raíz)"
    clave = next((p for p in reversed(ruta) if not p.isdigit()), "")
    espera = _ESPERA.get(clave)
    valor_txt = _corto(valor)
    if espera:
        gist = f"«{clave}» debe ser {espera}, pero vale {valor_txt}"
    else:
        gist = f"el valor {valor_txt} no cumple el metaesquema de JSON Schema 2020-12"
    return f"en «{donde}»: {gist} (jsonschema: {_corto_texto(original)})"


def explicar(exc: BaseException) -> str:
    """El error con que jsonschema-rs (o jsonschema) rechazó compilar un esquema, en español
    hasta donde se puede (el detalle original, entre paréntesis)."""
    texto = _corto_texto(str(exc).split("\n\n")[0])
    ruta = [str(p) for p in getattr(exc, "instance_path", None) or ()]
    donde = f" en «{'/'.join(ruta)}»" if ruta else ""
    if "regex" in texto or "regular expression" in texto:
        return f"una expresión regular (pattern) no compila{donde} ({texto})"
    return f"no es un JSON Schema que se pueda compilar{donde} ({type(exc).__name__}: {texto})"


def _corto(valor: Any) -> str:
    import json

    try:
        texto = json.dumps(valor, ensure_ascii=False)
    except (TypeError, ValueError):
        texto = repr(valor)
    return f"«{texto[:80]}…»" if len(texto) > 80 else f"«{texto}»"


def _corto_texto(texto: str) -> str:
    texto = " ".join(texto.split())
    return texto[:200] + "…" if len(texto) > 200 else texto
