"""Escritura atómica: archivo temporal en la misma carpeta, fsync y `os.replace`.

Quien lee nunca ve un archivo a medias y un fallo no deja basura ni borra la versión anterior.
Los temporales se llaman ``.<nombre>.<azar>.tmp``; uno huérfano (el proceso murió con SIGKILL
o se fue la luz) lo borra la siguiente escritura en esa carpeta cuando ya es viejo.
Los archivos quedan con los permisos que dice la umask (0644 con umask 022), no 0600.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errores import ErrorDeSalida, ErrorDeUso
from .fallos import error_de_sistema, limpiar_terminal

#: Un temporal más viejo que esto (segundos) ya no es de una escritura en curso.
EDAD_TEMPORAL_HUERFANO = 3600.0
_TEMPORAL = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
#: Parte del nombre del destino que va en el del temporal (255 bytes por nombre, con margen).
_LARGO_PREFIJO = 120


def _permisos_nuevos(destino: Path) -> int:
    """Los del archivo que se reemplaza o, si es nuevo, 0666 menos la umask."""
    try:
        return destino.stat().st_mode & 0o7777
    except OSError:
        pass
    mascara = os.umask(0)
    os.umask(mascara)
    return 0o666 & ~mascara


def prefijo_temporal(destino: Path) -> str:
    """Prefijo de los temporales de `destino` (para reconocerlos y limpiarlos)."""
    nombre = destino.name.encode("utf-8", "surrogateescape")[:_LARGO_PREFIJO]
    return "." + nombre.decode("utf-8", "ignore") + "."


def es_temporal(ruta: Path) -> bool:
    """El nombre es de un temporal de escritura atómica."""
    return bool(_TEMPORAL.match(ruta.name))


def limpiar_temporales(carpeta: Path, edad: float = EDAD_TEMPORAL_HUERFANO) -> list[Path]:
    """Borra los temporales huérfanos (por su nombre y su edad) de `carpeta`; devuelve cuáles."""
    borrados: list[Path] = []
    limite = time.time() - edad
    try:
        candidatos = [p for p in carpeta.iterdir() if es_temporal(p)]
    except OSError:
        return borrados
    for ruta in candidatos:
        try:
            if ruta.is_file() and not ruta.is_symlink() and ruta.stat().st_mtime <= limite:
                ruta.unlink()
                borrados.append(ruta)
        except OSError:
            continue  # otro proceso lo borró o no es nuestro: se deja
    return borrados


def comprobar_destino(destino: Path) -> None:
    """Falla antes de escribir nada si `destino` no puede ser un archivo."""
    if destino.is_dir():
        raise error_de_sistema(OSError(errno.EISDIR, "", str(destino)), destino)
    if len(destino.name.encode("utf-8", "surrogateescape")) > 255:
        raise error_de_sistema(OSError(errno.ENAMETOOLONG, "", str(destino)), destino)


@contextlib.contextmanager
def temporal_junto_a(destino: Path) -> Iterator[tuple[BinaryIO, Path]]:
    """Abre un temporal al lado de `destino`; lo borra si algo falla antes de `reemplazar`."""
    comprobar_destino(destino)
    try:
        destino.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # la carpeta madre es un archivo
        raise error_de_sistema(OSError(errno.ENOTDIR, "", str(destino)), destino) from exc
    except OSError as exc:
        raise error_de_sistema(exc, destino.parent, "crear la carpeta") from exc
    limpiar_temporales(destino.parent)
    try:
        fd, nombre = tempfile.mkstemp(
            prefix=prefijo_temporal(destino), suffix=".tmp", dir=destino.parent
        )
    except OSError as exc:
        raise error_de_sistema(exc, destino) from exc
    ruta = Path(nombre)
    try:
        with contextlib.suppress(OSError):
            os.fchmod(fd, _permisos_nuevos(destino))  # mkstemp crea 0600
        with os.fdopen(fd, "wb") as flujo:
            yield flujo, ruta
            flujo.flush()
            os.fsync(flujo.fileno())
    except OSError as exc:
        ruta.unlink(missing_ok=True)
        if isinstance(exc, ErrorDeSalida):
            raise
        propio = exc.filename in (None, nombre, str(destino))
        raise error_de_sistema(
            exc, destino if propio else exc.filename, "escribir" if propio else "leer"
        ) from exc
    except BaseException:
        ruta.unlink(missing_ok=True)
        raise


def reemplazar(temporal: Path, destino: Path, intentos: int = 20, espera: float = 0.25) -> None:
    """`os.replace` con reintentos: en Windows falla mientras Excel o Word tienen abierto el
    destino; si no se libera, se explica en español y el temporal se borra."""
    for intento in range(intentos):
        try:
            os.replace(temporal, destino)
            break
        except PermissionError:
            if intento == intentos - 1:
                temporal.unlink(missing_ok=True)
                raise ErrorDeUso(
                    f"No se pudo escribir {limpiar_terminal(str(destino))}: otro programa lo "
                    "tiene abierto (¿Excel o Word?) o el archivo está protegido contra cambios. "
                    "Ciérrelo o revise sus permisos e inténtelo de nuevo."
                ) from None
            time.sleep(espera)
        except OSError as exc:
            temporal.unlink(missing_ok=True)
            raise error_de_sistema(exc, destino) from exc
    _fsync_carpeta(destino.parent)


def escribir_atomico(destino: Path, escribir: Callable[[BinaryIO], None] | bytes) -> None:
    """Escribe `destino` todo o nada: temporal, fsync y os.replace."""
    with temporal_junto_a(destino) as (flujo, temporal):
        if isinstance(escribir, bytes):
            flujo.write(escribir)
        else:
            escribir(flujo)
    reemplazar(temporal, destino)


def _fsync_carpeta(carpeta: Path) -> None:
    if os.name != "posix":
        return  # Windows no permite abrir carpetas; NTFS registra el rename en su bitácora
    try:
        fd = os.open(carpeta, os.O_RDONLY)
    except OSError:
        return  # p. ej. una carpeta sin permiso de lectura: el rename ya ocurrió
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF, errno.EROFS):
            raise error_de_sistema(exc, carpeta) from exc
    finally:
        os.close(fd)


__all__ = [
    "EDAD_TEMPORAL_HUERFANO",
    "comprobar_destino",
    "es_temporal",
    "escribir_atomico",
    "limpiar_temporales",
    "prefijo_temporal",
    "reemplazar",
    "temporal_junto_a",
]
