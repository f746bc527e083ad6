"""Escritura atómica: archivo temporal en la misma carpeta, fsync y `os.replace`.

Quien lee nunca ve un archivo a medias y un fallo no deja basura ni borra la versión anterior.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


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


def reemplazar(temporal: Path, destino: Path) -> None:
    os.replace(temporal, destino)
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
