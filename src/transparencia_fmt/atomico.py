"""Escritura atómica: archivo temporal en la misma carpeta, fsync y `os.replace`.

Quien lee nunca ve un archivo a medias y un fallo no deja basura ni borra la versión anterior.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errores import ErrorDeUso


@contextlib.contextmanager
def temporal_junto_a(destino: Path) -> Iterator[tuple[BinaryIO, Path]]:
    """Abre un temporal al lado de `destino`; lo borra si algo falla antes de `reemplazar`."""
    destino.parent.mkdir(parents=True, exist_ok=True)
    fd, nombre = tempfile.mkstemp(prefix=f".{destino.name}.", suffix=".tmp", dir=destino.parent)
    ruta = Path(nombre)
    try:
        with os.fdopen(fd, "wb") as flujo:
            yield flujo, ruta
            flujo.flush()
            os.fsync(flujo.fileno())
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
                    f"No se pudo escribir {destino}: otro programa lo tiene abierto (¿Excel o "
                    "Word?). Ciérrelo e inténtelo de nuevo."
                ) from None
            time.sleep(espera)
    _fsync_carpeta(destino.parent)


def escribir_atomico(destino: Path, escribir: Callable[[BinaryIO], None] | bytes) -> None:
    with temporal_junto_a(destino) as (flujo, temporal):
        if isinstance(escribir, bytes):
            flujo.write(escribir)
        else:
            escribir(flujo)
    reemplazar(temporal, destino)


def _fsync_carpeta(carpeta: Path) -> None:
    if os.name != "posix":
        return  # Windows no permite abrir carpetas; NTFS registra el rename en su bitácora
    fd = os.open(carpeta, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
