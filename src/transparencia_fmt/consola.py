"""La entrada del guion `tfmt`.

Un Ctrl-C mientras Python aún carga la línea de comandos llega antes de que `cli.main` pueda
atenderlo; aquí se atiende igual que después: mensaje en español y salida 130, sin traza.
"""

from __future__ import annotations

import sys


def main() -> int:
    """Carga `cli` y corre `tfmt`; un Ctrl-C durante la carga sale como uno durante la corrida."""
    try:
        from .cli import main as principal
    except KeyboardInterrupt as exc:
        from .fallos import explicar

        mensaje, codigo = explicar(exc)
        try:
            sys.stderr.write(f"ERROR: {mensaje}\n")
        except (OSError, ValueError):
            pass  # sin dónde escribir: queda el código de salida
        return int(codigo)
    return principal()
