"""Texto hostil es dato, no código: fórmulas de hoja de cálculo y caracteres de control."""

from __future__ import annotations

import re

#: Un valor que empieza así lo ejecuta Excel/LibreOffice como fórmula (CSV injection).
INICIOS_PELIGROSOS = ("=", "+", "-", "@", "\t", "\r")
_NUMERO = re.compile(r"^-?\d+(\.\d+)?$")


def neutralizar_formula(valor: str) -> str:
    """Antepone un apóstrofo a lo que una hoja de cálculo ejecutaría como fórmula.

    También a lo que ya empieza con apóstrofo, para que `restaurar_formula` sea su inversa
    exacta. Los números negativos simples («-5.00») se dejan: no son fórmulas.
    """
    if not valor:
        return valor
    if valor.startswith("'") or (valor.startswith(INICIOS_PELIGROSOS) and not _NUMERO.match(valor)):
        return "'" + valor
    return valor


def restaurar_formula(valor: str) -> str:
    """Inversa de `neutralizar_formula` para leer de vuelta nuestros propios CSV."""
    return valor[1:] if valor.startswith("'") else valor
