"""La terminal del CLI: a dónde va la salida, a dónde los errores y si hay una persona mirando.

Las pruebas la sustituyen por una con `io.StringIO` (``main(argv, terminal=...)``).
"""

from __future__ import annotations

import sys
from typing import TextIO

from attrs import define, field


@define(eq=False)
class Terminal:
    """Salida, errores y si la salida de errores es una terminal (para la barra de progreso)."""

    salida: TextIO = field(factory=lambda: sys.stdout)
    errores: TextIO = field(factory=lambda: sys.stderr)
    interactiva: bool | None = None

    def es_interactiva(self) -> bool:
        """Hay una persona mirando (la barra de progreso se muestra sólo entonces)."""
        if self.interactiva is not None:
            return self.interactiva
        return bool(getattr(self.errores, "isatty", lambda: False)())


#: La terminal del proceso; `main` la cambia mientras corre un comando.
actual = Terminal()
