"""Índices en la caché del usuario: lo que el arranque ya calculó una vez (entry points,
metadatos del catálogo) para no volver a calcularlo.

Sólo una optimización: cada índice guarda la clave con que se calculó (tamaños y fechas de
los archivos de los que sale) y se usa únicamente si la clave coincide. Una carpeta sin
permiso, un archivo corrupto o dos procesos escribiendo a la vez dan lo mismo que no tener
caché: se calcula por el camino lento. JSON (no pickle): un archivo ajeno no ejecuta código.
`TFMT_CACHE` elige la carpeta; vacía, desactiva la caché.
"""

from __future__ import annotations

import json
import os
import sys
import zlib

# Sin pathlib ni typing: `tfmt formatos` lee índices en cada arranque. mypy entiende esto.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

VARIABLE_CACHE = "TFMT_CACHE"
#: Cambia si cambia la forma de los índices: los viejos dejan de coincidir.
VERSION = 1


def carpeta() -> str | None:
    """La carpeta de caché del usuario (como platformdirs), o None si está desactivada.
    (Cadenas y os.path, no pathlib: es el camino del arranque.)"""
    elegida = os.environ.get(VARIABLE_CACHE)
    if elegida is not None:
        return elegida if elegida.strip() else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(_casa(), "AppData", "Local")
        return os.path.join(base, "transparencia-fmt", "Cache")
    if sys.platform == "darwin":
        return os.path.join(_casa(), "Library", "Caches", "transparencia-fmt")
    base = os.environ.get("XDG_CACHE_HOME") or ""
    base = base if os.path.isabs(base) else os.path.join(_casa(), ".cache")
    return os.path.join(base, "transparencia-fmt")


def _casa() -> str:
    """`Path.home()`: la carpeta personal; RuntimeError si no se puede saber."""
    casa = os.path.expanduser("~")
    if casa == "~":
        raise RuntimeError("no se pudo saber la carpeta personal")
    return casa


def _archivo(nombre: str, lugar: str) -> str | None:
    """Un archivo por índice y por instalación (`lugar`): dos entornos no se pisan."""
    try:
        raiz = carpeta()
    except (OSError, RuntimeError, KeyError):  # sin carpeta personal
        return None
    if raiz is None:
        return None
    crc = zlib.crc32(lugar.encode("utf-8", "surrogatepass"))
    return os.path.join(raiz, f"{nombre}-{crc:08x}.json")


def leer(nombre: str, lugar: str, clave: Any) -> Any | None:
    """El valor guardado si su clave es `clave` (sólo listas, dicts, str, int: lo que JSON
    devuelve igual); si no, None."""
    archivo = _archivo(nombre, lugar)
    if archivo is None:
        return None
    try:
        with open(archivo, "rb") as f:
            datos = json.loads(f.read())
        if datos["version"] == VERSION and datos["lugar"] == lugar and datos["clave"] == clave:
            return datos["valor"]
    except Exception:  # noqa: BLE001 - corrupto, ilegible o ajeno: como si no existiera
        pass
    return None


def guardar(nombre: str, lugar: str, clave: Any, valor: Any) -> bool:
    """Guarda atómicamente (temporal propio + os.replace): un lector ve el índice viejo o el
    nuevo, nunca uno a medias. Cualquier fallo se calla: la caché es sólo una optimización."""
    archivo = _archivo(nombre, lugar)
    if archivo is None:
        return False
    carpeta_archivo, nombre_archivo = os.path.split(archivo)
    temporal = os.path.join(
        carpeta_archivo, f".{nombre_archivo}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    )
    try:
        texto = json.dumps(
            {"version": VERSION, "lugar": lugar, "clave": clave, "valor": valor},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8", "surrogatepass")
        os.makedirs(carpeta_archivo, exist_ok=True)
        with open(temporal, "xb") as f:
            f.write(texto)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporal, archivo)
        return True
    except Exception:  # noqa: BLE001 - sin permiso, disco lleno, Windows con el archivo abierto…
        try:
            os.unlink(temporal)
        except OSError:  # no se llegó a crear, o no se puede borrar
            pass
        return False


def huella(ruta: str | os.PathLike[str]) -> list[int] | None:
    """[tamaño, mtime_ns] de un archivo o carpeta; None si no existe o no se puede ver."""
    try:
        info = os.stat(ruta)
    except (OSError, ValueError):
        return None
    return [info.st_size, info.st_mtime_ns]
