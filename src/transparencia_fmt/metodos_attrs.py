"""`__repr__`, `__eq__` y `__hash__` de clases attrs, los mismos que attrs genera, escritos
una sola vez.

attrs escribe y compila el código de esos métodos para cada clase al importarla: en los
modelos de un `tfmt validar` es un tercio de lo que cuesta crearlos (issue 13, arranque).
Con `auto_detect` (el de `define` y `frozen`), attrs no genera los que la clase ya trae:

    @frozen
    class Columna:
        __repr__ = repr_attrs
        __eq__ = eq_attrs
        __hash__ = hash_attrs  # sólo en clases congeladas (attrs hace hashables sólo ésas)

Mismo resultado que los de attrs: repr con los campos `repr=True` («...» si un objeto se
contiene a sí mismo), igualdad entre objetos de la misma clase comparando uno por uno los
campos `eq=True` (con su `eq_key`), hash de los campos `hash`/`eq` con una sal por clase.
"""

from __future__ import annotations

import threading
from operator import attrgetter

from attrs import NOTHING

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_EN_CURSO = threading.local()
#: clase → (nombre, eq_key) de los campos que compara `__eq__`.
_CAMPOS_EQ: dict[type, list[tuple[str, Any]]] = {}
#: clase → (sal, función que da la tupla de los campos que entran al hash).
_CLAVES_HASH: dict[type, tuple[int, Callable[[Any], tuple[Any, ...]]]] = {}


def repr_attrs(self: Any) -> str:
    """El `__repr__` de attrs: «Clase(campo=valor, …)»."""
    try:
        en_curso: set[int] = _EN_CURSO.ids
    except AttributeError:
        en_curso = _EN_CURSO.ids = set()
    if id(self) in en_curso:
        return "..."
    en_curso.add(id(self))
    try:
        partes = []
        for a in self.__attrs_attrs__:
            if a.repr is False:
                continue
            valor = getattr(self, a.name) if a.init else getattr(self, a.name, NOTHING)
            partes.append(f"{a.name}={valor!r}" if a.repr is True else f"{a.name}={a.repr(valor)}")
        nombre = self.__class__.__qualname__.rsplit(">.", 1)[-1]
        return f"{nombre}({', '.join(partes)})"
    finally:
        en_curso.discard(id(self))


def _clave(campos: list[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """La tupla de los campos (con su `eq_key`, si tienen) que entra al hash, como en attrs."""
    if any(a.eq_key is not None for a in campos):
        pares = [(a.name, a.eq_key) for a in campos]
        return lambda o: tuple(f(getattr(o, n)) if f else getattr(o, n) for n, f in pares)
    nombres = [a.name for a in campos]
    if len(nombres) >= 2:
        return attrgetter(*nombres)  # con 2 o más nombres da una tupla
    return lambda o: tuple(getattr(o, n) for n in nombres)


def eq_attrs(self: Any, other: Any) -> Any:
    """El `__eq__` de attrs: ``self.a == other.a and self.b == other.b …`` (sin atajo por
    identidad: NaN ≠ NaN); `__ne__` es el de Python (lo contrario, o NotImplemented)."""
    if other.__class__ is not self.__class__:
        return NotImplemented
    clase = self.__class__
    campos = _CAMPOS_EQ.get(clase)
    if campos is None:
        campos = _CAMPOS_EQ[clase] = [(a.name, a.eq_key) for a in clase.__attrs_attrs__ if a.eq]
    resultado: Any = True
    for nombre, llave in campos:
        if llave is None:
            resultado = getattr(self, nombre) == getattr(other, nombre)
        else:
            resultado = llave(getattr(self, nombre)) == llave(getattr(other, nombre))
        if not resultado:
            break
    return resultado


def hash_attrs(self: Any) -> int:
    """El `__hash__` de attrs para clases congeladas."""
    clase = self.__class__
    guardado = _CLAVES_HASH.get(clase)
    if guardado is None:
        campos = [a for a in clase.__attrs_attrs__ if a.hash is True or (a.hash is None and a.eq)]
        sal = hash(f"<attrs {clase.__module__}.{clase.__qualname__} __hash__>")
        guardado = _CLAVES_HASH[clase] = (sal, _clave(campos))
    sal, clave = guardado
    return hash((sal, *clave(self)))
