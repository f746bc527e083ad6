"""De la definición de una propiedad en el esquema (JSON Schema con anotaciones ``x-sipot``,
``x-tipo``, ``x-presentacion``…) a la `Columna` del formato: su tipo, catálogo y subcolumnas."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .modelos import Columna

_TIPO_SIPOT = {
    3: "numero",
    4: "fecha",
    6: "moneda",
    7: "hipervinculo",
    9: "catalogo",
    10: "tabla",
    12: "anio",
    13: "fecha",
}


def tipo_de(definicion: Mapping[str, Any]) -> str:
    """El tipo de la columna: ``x-tipo``, el tipo del SIPOT o el de JSON Schema."""
    if "x-tipo" in definicion:
        return str(definicion["x-tipo"])
    sipot = definicion.get("x-sipot") or {}
    if sipot.get("tipo") in _TIPO_SIPOT:
        return _TIPO_SIPOT[sipot["tipo"]]
    if "enum" in definicion:
        return "catalogo"
    tipo = definicion.get("type")
    if tipo == "array":
        items = definicion.get("items") or {}
        return "tabla" if items.get("type") == "object" else "lista"
    if tipo == "integer":
        return "entero"
    if tipo == "number":
        return "numero"
    if tipo == "object":
        return "objeto"
    if definicion.get("format") == "date":
        return "fecha"
    return "texto"


def columna(clave: str, definicion: Mapping[str, Any], requerido: bool, ambito: str) -> Columna:
    """La `Columna` de la propiedad `clave` (con sus subcolumnas si es tabla u objeto)."""
    tipo = tipo_de(definicion)
    catalogo = None
    subcolumnas: tuple[Columna, ...] = ()
    if "enum" in definicion:
        catalogo = tuple(str(v) for v in definicion["enum"])
    elif tipo == "lista":
        catalogo = tuple(str(v) for v in (definicion.get("items") or {}).get("enum", ())) or None
    if tipo in ("tabla", "objeto"):
        interno = definicion.get("items", definicion) if tipo == "tabla" else definicion
        req = set(interno.get("required", []))
        subcolumnas = tuple(
            columna(k, v, k in req, "registro") for k, v in interno.get("properties", {}).items()
        )
    sipot = definicion.get("x-sipot") or {}
    return Columna(
        clave=clave,
        titulo=str(definicion.get("title") or clave),
        tipo=tipo,
        requerido=requerido,
        catalogo=catalogo,
        ambito=ambito,  # type: ignore[arg-type]
        subcolumnas=subcolumnas,
        sipot_tipo=sipot.get("tipo"),
        sipot_id=sipot.get("id"),
        presentacion=definicion.get("x-presentacion"),
        descripcion=definicion.get("description"),
        colores=definicion.get("x-colores"),
        encabezado=sipot.get("encabezado"),
    )


def con(columna: Columna, **cambios: Any) -> Columna:
    """Copia de `columna` con `cambios`."""
    return attrs.evolve(columna, **cambios)
