"""Texto hostil es dato, no código: fórmulas de hoja de cálculo y caracteres de control."""

from __future__ import annotations

import functools
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


@functools.cache
def _control() -> re.Pattern[str]:
    """Caracteres que XML 1.0 no admite (salvo tab, LF y CR); \\x0b es el salto de línea de
    Excel. Se compila al usarse: compilarla (~0.5 ms) no es parte de cada arranque."""
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def tiene_control(valor: str) -> bool:
    """El texto trae caracteres de control que Word y PDF no admiten."""
    return bool(_control().search(valor))


def limpiar(valor: str) -> str:
    """Texto apto para XML (DOCX, PDF): \\x0b y \\x0c pasan a salto de línea; otros se quitan."""
    # Lo imprimible no trae ninguno (control, sustituto y U+FFFE/U+FFFF no lo son) y
    # `isprintable` cuesta un tercio de la búsqueda: va primero, se llama por cada celda.
    if valor.isprintable() or not _control().search(valor):
        return valor
    return _control().sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", valor)


def describir_control(valor: str) -> str:
    """Lista legible de los caracteres de control presentes, para los avisos."""
    vistos = sorted({f"U+{ord(c):04X}" for c in _control().findall(valor)})
    return ", ".join(vistos)
