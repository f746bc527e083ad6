"""Dependencias opcionales, importadas en un solo lugar.

jsonschema-rs acelera la validación; sin él (alguna plataforma sin rueda) todo funciona
igual, más despacio.
"""

from __future__ import annotations

from typing import Any

jsonschema_rs: Any
try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - depende de la plataforma
    jsonschema_rs = None

__all__ = ["jsonschema_rs"]
