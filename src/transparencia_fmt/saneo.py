"""Datos de Python → datos JSON, sin levantar nunca: el contrato de `tf.validar` y
`tf.desde_dict` con quien programa sistemas municipales.

Lo que tiene una forma JSON obvia se convierte (fechas → AAAA-MM-DD, Decimal → número,
tuplas → listas); lo demás (bytes, conjuntos, objetos, claves que no son texto, ciclos,
NaN/infinito, sustitutos sueltos, anidamiento absurdo) se reporta como hallazgo ubicado y
se deja vacío. El resultado es siempre una copia: el dict de quien llama no se toca.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import re
from collections.abc import Mapping
from itertools import chain
from typing import Any

from .modelos import ErrorValidacion

#: Profundidad máxima de listas u objetos anidados; ningún formato necesita más de ~8.
PROFUNDIDAD_MAXIMA = 64
_SUSTITUTO = re.compile("[\ud800-\udfff]")


def sanear(
    datos: Any, *, copiar_texto: bool = False, ceder: bool = False
) -> tuple[Any, list[ErrorValidacion]]:
    """Copia JSON de `datos` y los hallazgos de lo que no se pudo representar.

    `copiar_texto`: los textos con sustitutos sueltos se copian tal cual, sin hallazgo (los
    reporta `validar`; los exportadores de texto los quitan). `ceder` (con `copiar_texto`):
    quien llama no vuelve a usar `datos`; si ya son JSON se devuelven sin copiar."""
    if copiar_texto:
        copia = copia_json(datos, copiar=not ceder)
        if copia is not _NO_JSON:
            return copia, []
    else:
        texto = _texto_json(datos)
        if texto is not None:
            return json.loads(texto), []
    hallazgos: list[ErrorValidacion] = []
    limpio = _sanear(datos, [], hallazgos, set(), copiar_texto)
    return limpio, hallazgos


def _texto_json(datos: Any) -> str | None:
    """Camino rápido (en C): el JSON de `datos` si es serializable, sin NaN, sin sustitutos
    sueltos y sin anidamiento absurdo; si no, None (y se revisa valor por valor)."""
    try:
        texto = json.dumps(datos, ensure_ascii=False, allow_nan=False)
        texto.encode("utf-8")  # un sustituto suelto no se codifica
    except (TypeError, ValueError, RecursionError, UnicodeError):
        return None
    return texto if _profundidad_aceptable(datos) else None


_NO_JSON: Any = object()
_ESCALARES = frozenset((str, int, bool, type(None)))
_INFINITOS = (math.inf, -math.inf)


def copia_json(datos: Any, copiar: bool = True) -> Any:
    """Copia de las listas y objetos de `datos` si ya es JSON tal cual (textos con sustitutos
    incluidos); si no, `_NO_JSON`. Los textos y números se comparten (son inmutables, como en
    `copy.deepcopy`): copiar 100,000 registros no duplica su texto. Con `copiar=False` sólo
    se revisa (quien llama cede los datos) y se devuelven los mismos."""
    try:
        return _copia(datos, 1, copiar)
    except _NoEsJSON:
        return _NO_JSON


class _NoEsJSON(Exception):
    pass


def _copia(valor: Any, nivel: int, copiar: bool) -> Any:
    tipo = type(valor)
    if tipo in _ESCALARES:
        return valor
    if tipo is float:
        if valor != valor or valor in _INFINITOS:
            raise _NoEsJSON
        return valor
    if nivel > PROFUNDIDAD_MAXIMA or (tipo is not dict and tipo is not list):
        raise _NoEsJSON  # también un ciclo: su profundidad no tiene fin
    sub = nivel + 1
    escalares = _ESCALARES
    if tipo is list:
        if not copiar:
            for v in valor:
                if type(v) not in escalares:
                    _copia(v, sub, False)
            return valor
        return [v if type(v) in escalares else _copia(v, sub, True) for v in valor]
    if not all(type(k) is str for k in valor):
        raise _NoEsJSON
    if not copiar:
        for v in valor.values():
            if type(v) not in escalares:
                _copia(v, sub, False)
        return valor
    return {k: v if type(v) in escalares else _copia(v, sub, True) for k, v in valor.items()}


def json_puro(datos: Any) -> bool:
    """True si `datos` ya es JSON tal cual (lo que `sanear` copiaría sin cambios ni hallazgos):
    quien sólo lee los datos puede usarlos sin copiarlos."""
    try:
        json.dumps(datos, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError, UnicodeError):
        return False
    return _profundidad_aceptable(datos, claves_texto=True)


_CONTENEDORES = (dict, list, tuple)


def _valores(contenedor: Any) -> Any:
    return contenedor.values() if isinstance(contenedor, dict) else contenedor


def _profundidad_aceptable(datos: Any, claves_texto: bool = False) -> bool:
    """Anidamiento de listas y objetos de a lo más `PROFUNDIDAD_MAXIMA` (el de más afuera
    cuenta 1); se recorre por niveles y sólo se guardan los contenedores (lineal, sin
    recorrer el texto JSON). Con `claves_texto`, además toda clave es `str` (json.dumps
    convertiría en silencio una clave numérica)."""
    nivel = [datos] if isinstance(datos, _CONTENEDORES) else []
    profundidad = 0
    while nivel:
        profundidad += 1
        if profundidad > PROFUNDIDAD_MAXIMA:
            return False
        if claves_texto:
            objetos = (c for c in nivel if isinstance(c, dict))
            if not all(type(k) is str for k in chain.from_iterable(objetos)):
                return False
        nivel = [
            v for v in chain.from_iterable(map(_valores, nivel)) if isinstance(v, _CONTENEDORES)
        ]
    return True


def _sanear(
    valor: Any,
    ruta: list[Any],
    hallazgos: list[ErrorValidacion],
    activos: set[int],
    copiar_texto: bool = False,
) -> Any:
    if valor is None or isinstance(valor, bool):
        return valor
    if isinstance(valor, str):
        if _SUSTITUTO.search(valor) and not copiar_texto:
            # Se deja escrito («\\ud800») para que el resto de la validación no lo cuente dos veces.
            escrito = valor.encode("utf-8", "backslashreplace").decode("utf-8")
            _hallazgo(
                hallazgos,
                ruta,
                escrito,
                "trae medio carácter (un sustituto UTF-16 suelto, p. ej. «\\ud800») que no se "
                "puede guardar ni publicar; corrija ese texto",
            )
            return escrito
        return valor if type(valor) is str else str.__str__(valor)
    if isinstance(valor, int):
        return int(valor)
    if isinstance(valor, float | decimal.Decimal):
        try:
            finito = math.isfinite(valor)
        except (TypeError, ValueError):  # Decimal('sNaN')
            finito = False
        if not finito:
            _hallazgo(hallazgos, ruta, str(valor), "no es un número finito (NaN o infinito)")
            return None
        if isinstance(valor, decimal.Decimal):
            return int(valor) if valor == valor.to_integral_value() else float(valor)
        return valor
    if isinstance(valor, dt.datetime):
        if valor.time() == dt.time() and valor.tzinfo is None:
            return valor.date().isoformat()
        return valor.isoformat()
    if isinstance(valor, dt.date):
        return valor.isoformat()
    if isinstance(valor, Mapping | list | tuple):
        if id(valor) in activos:
            _hallazgo(hallazgos, ruta, None, "se contiene a sí mismo (una referencia circular)")
            return None
        if len(ruta) >= PROFUNDIDAD_MAXIMA:
            _hallazgo(
                hallazgos,
                ruta,
                None,
                f"está anidado a más de {PROFUNDIDAD_MAXIMA} niveles (listas u objetos dentro "
                "de otros); ningún formato lo necesita",
            )
            return None
        activos.add(id(valor))
        try:
            if isinstance(valor, Mapping):
                salida: dict[str, Any] = {}
                for clave, sub in list(valor.items()):
                    if not isinstance(clave, str) or (
                        _SUSTITUTO.search(clave) and not copiar_texto
                    ):
                        _hallazgo(
                            hallazgos,
                            [*ruta, repr(clave)],
                            None,
                            f"tiene una clave {repr(clave)[:40]} que no es un texto válido; "
                            "las claves son los nombres de las columnas",
                        )
                        continue
                    salida[clave] = _sanear(sub, [*ruta, clave], hallazgos, activos, copiar_texto)
                return salida
            return [
                _sanear(sub, [*ruta, i], hallazgos, activos, copiar_texto)
                for i, sub in enumerate(valor)
            ]
        finally:
            activos.discard(id(valor))
    tipo = type(valor).__name__
    _hallazgo(
        hallazgos,
        ruta,
        _descripcion(valor),
        f"es un valor de Python ({tipo}) sin forma en JSON; use texto, número, fecha, lista u "
        "objeto",
    )
    return None


def _descripcion(valor: Any) -> str:
    try:
        texto = repr(valor)
    except Exception:  # noqa: BLE001 - un __repr__ roto no debe tumbar la validación
        texto = f"<{type(valor).__name__}>"
    return texto[:80]


def _hallazgo(hallazgos: list[ErrorValidacion], ruta: list[Any], valor: Any, que: str) -> None:
    registro: int | None = None
    resto = ruta
    if len(ruta) >= 2 and ruta[0] == "registros" and isinstance(ruta[1], int):
        registro, resto = ruta[1] + 1, ruta[2:]
    nombre = ".".join(str(p) for p in resto) or "documento"
    clave = next((str(p) for p in resto if isinstance(p, str)), None)
    hallazgos.append(
        ErrorValidacion(
            codigo="valor-no-json",
            mensaje=f"«{nombre}» {que}.",
            registro=registro,
            columna=nombre,
            clave=clave,
            valor=valor,
        )
    )
