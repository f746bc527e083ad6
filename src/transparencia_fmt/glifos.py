"""Qué caracteres dibuja la fuente del PDF (Bitstream Vera, la que trae reportlab) y qué hace
el exportador PDF con los demás.

Vive en el núcleo, sin reportlab: la validación avisa (regla integrada) de los caracteres que
en el PDF saldrían como «?» (emoji, alfabetos que Vera no trae) y el exportador usa esta misma
decisión (`sustituto`), así el aviso y el PDF no se contradicen. Una prueba compara
`CUBIERTOS_PDF` con la fuente.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping

#: Puntos de código que trae Vera.ttf (rangos inclusivos).
_RANGOS_VERA = (
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x106, 0x107),
    (0x10C, 0x111),
    (0x11E, 0x11F),
    (0x130, 0x131),
    (0x141, 0x142),
    (0x152, 0x153),
    (0x15E, 0x161),
    (0x178, 0x178),
    (0x17D, 0x17E),
    (0x192, 0x192),
    (0x2C6, 0x2C7),
    (0x2D8, 0x2DD),
    (0x3A9, 0x3A9),
    (0x3C0, 0x3C0),
    (0x2013, 0x2026),
    (0x2030, 0x2030),
    (0x2039, 0x203A),
    (0x20AC, 0x20AC),
    (0x2122, 0x2122),
    (0x2202, 0x2206),
    (0x220F, 0x221E),
    (0x222B, 0x222B),
    (0x2248, 0x2248),
    (0x2260, 0x2265),
    (0x25CA, 0x25CA),
    (0xFB01, 0xFB02),
    (0xFFFF, 0xFFFF),
)
CUBIERTOS_PDF = frozenset(p for a, b in _RANGOS_VERA for p in range(a, b + 1))

#: Separadores de espacio de Unicode (Zs) que Vera no trae: «1\u202f000», «\u2003x» (sangría)
#: son texto legítimo; el PDF los escribe como espacio, no «?».
_ESPACIOS = (
    "\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
#: Separadores de línea y de párrafo (Zl, Zp): salto de línea.
_SALTOS = "\u2028\u2029"

#: Sustitutos legibles para caracteres que Bitstream Vera no trae.
SUSTITUTOS_PDF = {
    **dict.fromkeys(_ESPACIOS, " "),
    **dict.fromkeys(_SALTOS, "\n"),
    **dict.fromkeys("\u2010\u2011\u2012\u2043", "-"),
    **dict.fromkeys("\u25cf\u25aa\u25e6", "\u2022"),
    **dict.fromkeys("\r\u200b\ufeff", ""),
    **{"\n": "\n", "\t": " ", "\u2032": "'", "\u2033": '"', "\u2044": "/"},
    **{"\u2192": "->", "\u2190": "<-", "\u2264": "<=", "\u2265": ">="},
}
#: Lo que el PDF pone en lugar de un carácter que no puede dibujar.
SIN_GLIFO = "?"
#: Caracteres de control, marcas de dirección y U+FFFE/U+FFFF: de ésos avisa otra regla.
_CONTROLES = frozenset(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]
    + [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFFFE, 0xFFFF]
)
#: Espacios que `str.strip()` quita y que el PDF dibuja (o cambia por espacio o salto).
_BLANCOS_DIBUJABLES = frozenset(map(ord, "\t\n\r \xa0" + _ESPACIOS + _SALTOS))


def sustituto(punto: int, cubiertos: frozenset[int] = CUBIERTOS_PDF) -> str:
    """Lo que el PDF escribe en lugar del carácter `punto` («?» si no puede dibujarlo), ya
    normalizado el texto a NFC (`para_pdf`)."""
    caracter = chr(punto)
    if caracter in SUSTITUTOS_PDF:
        return SUSTITUTOS_PDF[caracter]
    if punto in cubiertos and punto >= 32:
        return caracter
    categoria = unicodedata.category(caracter)
    if categoria == "Zs":
        return " "
    if categoria in ("Zl", "Zp"):
        return "\n"
    if categoria in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return ""  # controles, sustitutos sueltos, privados: no se dibujan
    if categoria in ("Mn", "Me"):
        # Acento combinante que NFC no pudo unir a su letra: se pierde el acento, como
        # «ą» → «a» (selectores de variante de emoji, también).
        return ""
    base = "".join(c for c in unicodedata.normalize("NFKD", caracter) if ord(c) in cubiertos)
    return base if base.strip() else SIN_GLIFO


def para_pdf(texto: str, tabla: Mapping[int, str]) -> str:
    """El texto como lo escribe el PDF: primero NFC («Jose\u0301» pegado de macOS es «José»),
    luego cada carácter por su `sustituto` (`tabla` para `str.translate`). El exportador y
    el aviso `sin-glifo-pdf` (`sin_glifo`) deciden con esto: no se contradicen."""
    return unicodedata.normalize("NFC", texto).translate(tabla)


def _clase(puntos: frozenset[int]) -> str:
    """Clase de regex (sin corchetes) con esos puntos, escrita igual para Python, Rust y
    ECMA-262 (sólo escapes \\uXXXX)."""
    rangos: list[tuple[int, int]] = []
    for p in sorted(puntos):
        if rangos and rangos[-1][1] == p - 1:
            rangos[-1] = (rangos[-1][0], p)
        else:
            rangos.append((p, p))
    return "".join(f"\\u{a:04X}" if a == b else f"\\u{a:04X}-\\u{b:04X}" for a, b in rangos)


#: Lo que seguro se ve igual en el PDF (o con su sustituto): sin controles. Un texto que trae
#: otro carácter se revisa con `sin_glifo` (puede que sólo pierda el acento).
_DIBUJABLES = (
    frozenset(p for p in CUBIERTOS_PDF if p >= 32) | frozenset(map(ord, SUSTITUTOS_PDF))
) - _CONTROLES
CLASE_DIBUJABLE = _clase(_DIBUJABLES)
CLASE_DIBUJABLE_NO_BLANCA = _clase(_DIBUJABLES - _BLANCOS_DIBUJABLES)
CLASE_BLANCA_DIBUJABLE = _clase(_BLANCOS_DIBUJABLES)


@functools.cache
def _fuera() -> re.Pattern[str]:
    return re.compile(f"[^{CLASE_DIBUJABLE}]")


def sin_glifo(texto: str) -> list[str]:
    """Los caracteres distintos de `texto` que en el PDF saldrían como «?», en orden."""
    if texto.isascii() or _fuera().search(texto) is None:
        return []
    texto = unicodedata.normalize("NFC", texto)  # lo mismo que `para_pdf`
    vistos = dict.fromkeys(c for c in _fuera().findall(texto) if _es_sin_glifo(ord(c)))
    return list(vistos)


@functools.cache
def _es_sin_glifo(punto: int) -> bool:
    return punto not in _CONTROLES and chr(punto) != SIN_GLIFO and sustituto(punto) == SIN_GLIFO


def describir(caracteres: list[str]) -> str:
    """«😀» U+1F600, «я» U+044F… (los primeros), para los avisos."""
    partes = [f"«{c}» U+{ord(c):04X}" for c in caracteres[:6]]
    return ", ".join(partes) + (", …" if len(caracteres) > 6 else "")
