"""`tfmt servir`: el espacio de trabajo en el navegador (extra opcional «web»).

Páginas HTML hechas en el servidor (Starlette + Jinja2), sin JavaScript ni nada de fuera.
Llama a las mismas funciones de la biblioteca que el CLI: ninguna regla se copia aquí.
"""

from __future__ import annotations

from .app import crear_app

__all__ = ["crear_app"]
