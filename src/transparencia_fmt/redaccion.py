"""Español que se lee bien: «1 error», «3 errores». Un solo ayudante para todo mensaje."""

from __future__ import annotations

TYPE_CHECKING = False  # sin `typing` en el arranque; mypy entiende esta constante
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any


def plural(palabra: str) -> str:
    """Plural regular: vocal + «s» (registro → registros), consonante + «es» (error →
    errores); la «z» final pasa a «ces». Los irregulares se dan explícitos en `cantidad`."""
    if not palabra:
        return palabra
    if palabra[-1] in "aeiouáéíóú":
        return palabra + "s"
    if palabra.endswith("z"):
        return palabra[:-1] + "ces"
    return palabra + "es"


def cantidad(n: int, singular: str, plural_: str | None = None) -> str:
    """«1 error», «0 errores», «2 errores»; `plural_` para los irregulares («está»/«están»)."""
    return f"{n} {singular if n == 1 else (plural_ or plural(singular))}"


def segun(n: int, singular: str, plural_: str | None = None) -> str:
    """Sólo la palabra, concordada con `n` («está»/«están»)."""
    return singular if n == 1 else (plural_ or plural(singular))


def texto_fundamentos(fundamentos: Iterable[Mapping[str, Any]]) -> str:
    """«LGTAIP 2015, art. 70, fracc. X, inciso b; …» en una línea. (Aquí y no en `modelos`:
    `tfmt formatos --fraccion` la usa sin cargar attrs.)"""
    partes = []
    for f in fundamentos:
        t = f"{f.get('ley', '')}, art. {f.get('articulo', '')}"
        if f.get("fraccion"):
            t += f", fracc. {f['fraccion']}"
        if f.get("inciso"):
            t += f", inciso {f['inciso']}"
        partes.append(t)
    return "; ".join(partes)
