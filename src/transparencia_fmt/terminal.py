"""La terminal del CLI: a dónde va la salida, a dónde los errores y si hay una persona mirando.

Las pruebas la sustituyen por una con `io.StringIO` (``main(argv, terminal=...)``). Sin
flujos propios usa ``sys.stdout`` y ``sys.stderr`` del momento (no los de cuando se creó).
"""

from __future__ import annotations

import sys
from typing import TextIO

from attrs import define, field


@define(eq=False)
class Terminal:
    """Salida, errores y si la salida de errores es una terminal (para la barra de progreso)."""

    _salida: TextIO | None = field(default=None, alias="salida")
    _errores: TextIO | None = field(default=None, alias="errores")
    interactiva: bool | None = None

    @property
    def salida(self) -> TextIO:
        """El flujo de la salida (``sys.stdout`` si no se dio otro)."""
        return self._salida if self._salida is not None else sys.stdout

    @property
    def errores(self) -> TextIO:
        """El flujo de los errores (``sys.stderr`` si no se dio otro)."""
        return self._errores if self._errores is not None else sys.stderr

    def es_interactiva(self) -> bool:
        """Hay una persona mirando (la barra de progreso se muestra sólo entonces)."""
        if self.interactiva is not None:
            return self.interactiva
        try:
            return bool(self.errores.isatty())
        except (AttributeError, OSError, ValueError):  # flujo sin isatty o ya cerrado
            return False


#: La terminal del proceso; `main` la cambia mientras corre un comando.
actual = Terminal()
