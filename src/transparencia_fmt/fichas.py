"""Fichas del catálogo: lo que `tfmt formatos` muestra de cada formato, sin construirlo.

Construir los ~100 formatos integrados (leer cada esquema, resolver sus `$ref`, armar sus
columnas) cuesta una fracción de segundo en cada arranque. El índice de los integrados guarda,
por formato, su ficha (id, nombre corto, título, fundamento, periodicidad…) y, por esquema, su
`$id`; su clave es la huella (ruta, tamaño, mtime_ns) de cada esquema y del código que arma
las fichas: cambiar, agregar o quitar un esquema rehace el índice la próxima vez, sin pasos
manuales. Sin attrs ni referencing: es el camino del arranque.
"""

from __future__ import annotations

import os
import sys
import unicodedata

from . import indices

# Sin typing ni pathlib (y con él urllib.parse e ipaddress): `tfmt formatos` pasa por aquí en
# cada arranque. Las rutas son cadenas u os.PathLike. mypy entiende esta constante.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
    from pathlib import Path
    from typing import Any, Protocol, TypeVar

    from .modelos import Formato

    class Buscable(Protocol):
        """Lo que `filtrar` mira de un formato (un `Formato` o una `Ficha`)."""

        @property
        def id(self) -> str:
            """Id del formato."""

        @property
        def nombre_corto(self) -> str | None:
            """Nombre corto del SIPOT."""

        @property
        def titulo(self) -> str:
            """Título oficial."""

        @property
        def descripcion(self) -> str:
            """Descripción del esquema."""

        @property
        def fundamento(self) -> Sequence[Mapping[str, Any]]:
            """Fundamentos legales (ley, artículo, fracción…)."""

    B = TypeVar("B", bound=Buscable)

#: Los módulos cuyo código decide lo que va en una ficha: si cambian, el índice no sirve.
_CODIGO = ("fichas.py", "catalogo.py", "columnas_esquema.py", "modelos.py")


#: Cada signo ASCII (lo que no es letra ni dígito) → espacio.
_SIGNOS_ASCII = {i: " " for i in range(128) if not chr(i).isalnum()}


def normalizar(texto: str) -> str:
    """Minúsculas sin acentos ni signos, espacios simples: para comparar nombres y títulos."""
    if texto.isascii():  # ids y nombres cortos (cada arranque): lo mismo, sin recorrerlos
        return " ".join(texto.lower().translate(_SIGNOS_ASCII).split())
    t = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode().lower()
    t = "".join(c if c.isalnum() else " " for c in t)
    return " ".join(t.split())


def filtrar(
    formatos: Iterable[B], texto: str | None, fraccion: str | None, ley: str | None
) -> list[B]:
    """Los que coinciden con el texto (id, nombre, título), la fracción y la ley: una sola
    regla de búsqueda para `tfmt formatos`, `Catalogo.buscar` y `tfmt servir`."""
    elegidos = list(formatos)
    if texto:
        q = normalizar(texto)
        elegidos = [
            f
            for f in elegidos
            if q in normalizar(f"{f.id} {f.nombre_corto or ''} {f.titulo} {f.descripcion}")
        ]
    if fraccion:
        fr = fraccion.strip().upper()
        elegidos = [
            f
            for f in elegidos
            if any(str(x.get("fraccion", "")).upper() == fr for x in f.fundamento)
        ]
    if ley:
        n = normalizar(ley)
        elegidos = [
            f for f in elegidos if any(n in normalizar(str(x.get("ley", ""))) for x in f.fundamento)
        ]
    return elegidos


class Ficha:
    """Lo que se lista de un formato; se arma de un `Formato` (`de_formato`) o del índice.
    Los mismos nombres que en `Formato`, para que el CLI no distinga de dónde vino."""

    __slots__ = (
        "id",
        "nombre_corto",
        "titulo",
        "descripcion",
        "tipo",
        "fundamento",
        "titulo_visible",
        "periodicidad_texto",
        "fundamento_texto",
        "columnas",
        "orden",
        "_resumen",
    )

    def __init__(self, datos: Mapping[str, Any]) -> None:
        self.id: str = datos["id"]
        self.nombre_corto: str | None = datos["nombre_corto"]
        self.titulo: str = datos["titulo"]
        self.descripcion: str = datos["descripcion"]
        self.tipo: str = datos["tipo"]
        self.fundamento: tuple[Mapping[str, Any], ...] = tuple(datos["fundamento"])
        self.titulo_visible: str = datos["titulo_visible"]
        self.periodicidad_texto: str = datos["periodicidad_texto"]
        self.fundamento_texto: str = datos["fundamento_texto"]
        #: Las claves de las columnas, en orden (el CLI sólo las cuenta).
        self.columnas: tuple[str, ...] = tuple(datos["columnas"])
        self.orden: tuple[Any, ...] = tuple(datos["orden"])
        self._resumen: dict[str, Any] = datos["resumen"]

    def resumen(self) -> dict[str, Any]:
        """Como `Formato.resumen()`."""
        return dict(self._resumen)

    @staticmethod
    def datos_de(formato: Formato, orden: Sequence[Any]) -> dict[str, Any]:
        """La ficha de un formato como datos JSON (lo que guarda el índice)."""
        return {
            "id": formato.id,
            "nombre_corto": formato.nombre_corto,
            "titulo": formato.titulo,
            "descripcion": formato.descripcion,
            "tipo": formato.tipo,
            "fundamento": [dict(f) for f in formato.fundamento],
            "titulo_visible": formato.titulo_visible,
            "periodicidad_texto": formato.periodicidad_texto,
            "fundamento_texto": formato.fundamento_texto,
            "columnas": [c.clave for c in formato.columnas],
            "orden": list(orden),
            "resumen": formato.resumen(),
        }


# -- esquemas integrados e índice -----------------------------------------------------------
def carpeta_integrados() -> str | None:
    """La carpeta de los esquemas integrados si es una carpeta de verdad (no un .zip)."""
    from . import esquemas

    rutas: list[str] = list(getattr(esquemas, "__path__", ()))
    if len(rutas) == 1 and os.path.isdir(rutas[0]):
        return os.path.normpath(rutas[0])  # la cadena de Path(rutas[0]): la misma clave
    return None


def listar(raiz: str | os.PathLike[str]) -> Iterator[Path]:
    """Los esquemas (*.json) bajo `raiz`, en el orden de siempre (cada carpeta por nombre;
    las que empiezan con «_» o «.» no cuentan)."""
    from pathlib import Path

    return map(Path, _rutas(raiz))


def _rutas(raiz: str | os.PathLike[str]) -> Iterator[str]:
    """`listar` en cadenas (la huella mira ~100 archivos en cada arranque; Path es lento)."""
    pendientes = [os.fspath(raiz)]
    while pendientes:
        carpeta = pendientes.pop()
        with os.scandir(carpeta) as elementos:
            hijos = sorted(elementos, key=lambda h: h.name)
        for hijo in hijos:
            if hijo.is_dir():
                if not hijo.name.startswith(("_", ".")):
                    pendientes.append(hijo.path)
            elif hijo.name.endswith(".json"):
                yield hijo.path


def huella_integrados(raiz: str | os.PathLike[str]) -> list[Any] | None:
    """La clave del índice: (ruta, tamaño, mtime_ns) de cada esquema y del código que arma
    las fichas. None si algo no se puede mirar (se va por el camino lento)."""
    try:
        inicio = len(os.path.join(raiz, ""))
        archivos = [[p[inicio:].replace(os.sep, "/"), indices.huella(p)] for p in _rutas(raiz)]
    except OSError:
        return None
    aqui = os.path.dirname(__file__)
    codigo = [[n, indices.huella(os.path.join(aqui, n))] for n in _CODIGO]
    return [list(sys.version_info[:2]), str(raiz), archivos, codigo]


def _lugar(raiz: str | os.PathLike[str]) -> str:
    return str(raiz)


def leer_indice(raiz: str | os.PathLike[str], clave: list[Any]) -> dict[str, Any] | None:
    """El índice de los integrados (el $id de cada esquema; ruta, id y nombre corto de cada
    formato) si su clave coincide y tiene la forma esperada. Las fichas van aparte
    (`leer_fichas`): validar no las necesita."""
    valor = indices.leer("catalogo", _lugar(raiz), clave)
    try:
        if (
            isinstance(valor, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in valor["recursos"].items())
            and all(
                isinstance(ruta, str)
                and isinstance(fid, str)
                and (corto is None or isinstance(corto, str))
                for ruta, fid, corto in valor["formatos"]
            )
        ):
            return valor
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    return None


def leer_fichas(raiz: str | os.PathLike[str], clave: list[Any]) -> list[Ficha] | None:
    """Las fichas de los integrados (en el orden de sus archivos) si su clave coincide."""
    valor = indices.leer("fichas", _lugar(raiz), clave)
    try:
        return [Ficha(datos) for datos in valor]  # type: ignore[union-attr]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def indice_de(
    raiz: str | os.PathLike[str],
    integrados: Iterable[tuple[str, Mapping[str, Any], Formato | None]],
    orden: Callable[[Formato], Sequence[Any]],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """El índice de los integrados y sus fichas, de sus esquemas (ruta, esquema y el formato
    que salió de él, o None si el esquema no es de un formato)."""
    from pathlib import Path

    recursos: dict[str, str] = {}
    formatos, fichas = [], []
    for ruta, esquema, formato in integrados:
        relativa = Path(ruta).relative_to(raiz).as_posix()
        recursos[esquema["$id"]] = relativa
        if formato is not None:
            formatos.append([relativa, formato.id, formato.nombre_corto])
            fichas.append(Ficha.datos_de(formato, orden(formato)))
    return {"recursos": recursos, "formatos": formatos}, fichas


def guardar_indice(
    raiz: str | os.PathLike[str],
    clave: list[Any],
    indice: dict[str, Any],
    fichas: list[dict[str, Any]],
) -> None:
    """Guarda el índice y las fichas (si no se puede, no pasa nada)."""
    indices.guardar("fichas", _lugar(raiz), clave, fichas)
    indices.guardar("catalogo", _lugar(raiz), clave, indice)


def fichas_integradas() -> list[Ficha] | None:
    """Las fichas de los formatos integrados desde el índice, o None si no hay índice vigente."""
    raiz = carpeta_integrados()
    if raiz is None:
        return None
    clave = huella_integrados(raiz)
    fichas = leer_fichas(raiz, clave) if clave is not None else None
    if fichas is None:
        return None
    por_id = {f.id: f for f in fichas}
    return sorted(por_id.values(), key=lambda f: f.orden)


def leer_plano(raiz: str | os.PathLike[str], clave: list[Any], fid: str) -> dict[str, Any] | None:
    """El esquema sin $ref del formato `fid` (y las definiciones comunes sin $ref), guardado
    con la misma huella que el índice: validar un formato no necesita resolver referencias."""
    valor = indices.leer("esquema", f"{raiz}\0{fid}", clave)
    if (
        isinstance(valor, dict)
        and isinstance(valor.get("plano"), dict)
        and isinstance(valor.get("comunes"), dict)
    ):
        return valor
    return None


def guardar_plano(
    raiz: str | os.PathLike[str], clave: list[Any], fid: str, valor: dict[str, Any]
) -> None:
    """Guarda lo que lee `leer_plano` (si no se puede, no pasa nada)."""
    indices.guardar("esquema", f"{raiz}\0{fid}", clave, valor)
