"""Candado entre procesos para el espacio de trabajo (fcntl en POSIX, msvcrt en Windows).

Serializa los `actualizar` concurrentes: ninguno se pierde. El sistema operativo suelta el
candado si el proceso muere, así que no quedan candados huérfanos.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

from .errores import ErrorDeUso


class Candado:
    """Candado de un espacio de trabajo: un solo proceso escribe a la vez."""

    def __init__(self, ruta: Path, espera: float = 60.0) -> None:
        self.ruta = ruta
        self.espera = espera
        self._fd: int | None = None

    def __enter__(self) -> Candado:
        try:
            self._fd = os.open(self.ruta, os.O_RDWR | os.O_CREAT, 0o666)
        except IsADirectoryError:
            raise ErrorDeUso(
                f"El candado {self.ruta} es una carpeta; debe ser un archivo. Bórrela (no guarda "
                "datos) e inténtelo de nuevo."
            ) from None
        except OSError as exc:
            from .fallos import error_de_sistema

            raise error_de_sistema(exc, self.ruta, "abrir el candado") from exc
        limite = time.monotonic() + self.espera
        while True:
            try:
                _bloquear(self._fd)
                return self
            except OSError:
                if time.monotonic() > limite:
                    os.close(self._fd)
                    self._fd = None
                    raise ErrorDeUso(
                        f"Otro proceso está actualizando este espacio de trabajo ({self.ruta}); "
                        "espere a que termine e inténtelo de nuevo."
                    ) from None
                time.sleep(0.05)

    def __exit__(
        self,
        tipo: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            try:
                _soltar(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None


if os.name == "nt":  # pragma: no cover - sólo en Windows
    import msvcrt

    def _bloquear(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]

    def _soltar(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]

else:
    import fcntl

    def _bloquear(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _soltar(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
