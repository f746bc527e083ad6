"""Anchos de columna calculados del contenido, sin saber de DOCX ni de PDF.

Una fecha, un año, la abreviatura de un mes o una palabra corta no se deben partir en dos
renglones en ningún procesador de textos (Word, LibreOffice, el visor de PDF). Por eso cada
columna lleva una pista: su «ficha mínima», el trozo más largo que no se puede partir (la
palabra más larga del encabezado y de una muestra de celdas, y la muestra de su tipo: una
fecha «00/00/0000»), y un peso según lo que suele llevar. El renderizador mide la ficha en
su fuente y llama a `repartir`, que da a cada columna al menos su mínimo y reparte el resto.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from itertools import islice

#: Filas que se miran para calcular las pistas (las tablas pueden ser enormes y fluir).
MUESTRA_FILAS = 200
#: Una palabra más larga que esto (una URL, un folio) sí se puede partir.
MAX_FICHA = 12
#: Lo que ocupa el valor más ancho de cada tipo de dato, aunque la muestra no lo tenga.
MUESTRAS_TIPO = {
    "fecha": "00/00/0000",
    "moneda": "$000,000.00",
    "numero": "00000.00",
    "anio": "0000",
    "entero": "000",
}
_TOPE_PESO = 60.0
_SIGNOS = ",.;:()«»\"'"


def _fichas(texto: str) -> list[str]:
    return [f for f in str(texto).split() if f]


def ficha_mas_larga(textos: Iterable[str], tope: int = MAX_FICHA) -> str:
    """La palabra más larga (hasta `tope` caracteres) de los textos dados."""
    mejor = ""
    for texto in textos:
        for ficha in _fichas(texto):
            # «modificación,» no se parte antes de la coma: cuenta la palabra, mide todo
            if len(ficha.strip(_SIGNOS)) <= tope and len(ficha) > len(mejor):
                mejor = ficha
    return mejor


def pistas(
    encabezados: Sequence[str],
    filas: Iterable[Sequence[object]],
    tipos: Sequence[str] = (),
) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """(fichas mínimas, pesos) por columna, de los encabezados y una muestra de filas.

    El peso es el largo típico de la celda (con tope), nunca menos que su ficha mínima: la
    columna «ID» de un solo dígito queda angosta y la de una descripción, ancha."""
    n = len(encabezados)
    tipos = tuple(tipos) if len(tipos) == n else ("",) * n
    fichas = [ficha_mas_larga([t]) for t in encabezados]
    largos = [0] * n
    cuenta = 0
    for fila in islice(filas, MUESTRA_FILAS):
        cuenta += 1
        for j, valor in enumerate(list(fila)[:n]):
            texto = "" if valor is None else str(valor)
            largos[j] += min(len(texto), int(_TOPE_PESO))
            ficha = ficha_mas_larga([texto])
            if len(ficha) > len(fichas[j]):
                fichas[j] = ficha
    for j, tipo in enumerate(tipos):
        muestra = MUESTRAS_TIPO.get(tipo)
        if muestra and len(muestra) > len(fichas[j]):
            fichas[j] = muestra
    pesos = tuple(
        max(float(len(fichas[j])), largos[j] / cuenta if cuenta else 8.0, 2.0) for j in range(n)
    )
    return tuple(fichas), pesos


def repartir(
    pesos: Sequence[float],
    minimos: Sequence[float],
    total: float,
    fichas: Sequence[str] = (),
) -> list[float]:
    """Reparte `total` (en la unidad que sea) según `pesos`, sin dar a ninguna columna menos
    que su mínimo. Si ni los mínimos caben, las columnas cuya ficha es una fecha, un número o
    un año (`fichas`) conservan el suyo y las de palabras largas se angostan."""
    n = len(minimos)
    if len(pesos) != n or any(p <= 0 for p in pesos):
        pesos = [1.0] * n
    if n == 0:
        return []
    if sum(minimos) >= total:
        duros = [i for i, f in enumerate(fichas[:n]) if f and (len(f) <= 4 or _con_cifras(f))]
        fijo = sum(minimos[i] for i in duros)
        blandos = sum(minimos[i] for i in range(n) if i not in duros)
        if duros and blandos and fijo < total:
            escala = (total - fijo) / blandos
            return [minimos[i] if i in duros else minimos[i] * escala for i in range(n)]
        return [total * m / sum(minimos) for m in minimos] if sum(minimos) else [total / n] * n
    fijos: dict[int, float] = {}
    while True:  # las que quedan angostas se fijan en su mínimo; el resto se reparte
        libres = [i for i in range(n) if i not in fijos]
        resto = total - sum(fijos.values())
        suma = sum(pesos[i] for i in libres)
        anchos = [fijos.get(i, resto * pesos[i] / suma if suma else 0.0) for i in range(n)]
        angostas = [i for i in libres if anchos[i] < minimos[i]]
        if not angostas:
            return anchos
        fijos.update((i, minimos[i]) for i in angostas)


def _con_cifras(ficha: str) -> bool:
    return any(c.isdigit() for c in ficha)


# Anchos de Arial/Helvetica (milésimas de em) para quien no tiene métricas a mano (DOCX):
# LibreOffice sustituye Arial por Liberation Sans, de las mismas medidas.
_ANCHOS = {
    **dict.fromkeys("0123456789$#_?Lek", 556),
    **dict.fromkeys("abdghnopqu", 556),
    **dict.fromkeys("cksvxyzJ", 500),
    **dict.fromkeys("ijl|", 222),
    **dict.fromkeys("ft/.,:;! ", 278),
    **dict.fromkeys("r-()[]", 333),
    **dict.fromkeys("ABEKPSVXY", 667),
    **dict.fromkeys("CDHNRUw", 722),
    **dict.fromkeys("GOQ", 778),
    "F": 611, "T": 611, "Z": 611, "I": 278, "M": 833, "m": 833, "W": 944, "%": 889,
    "&": 667, "@": 1015, "'": 191, '"': 355, "*": 389, "+": 584, "=": 584,
}  # fmt: skip


def ancho_texto(texto: str, puntos: float, negrita: bool = False) -> float:
    """Ancho aproximado en puntos de `texto` en Arial (las negritas, un 10 % más)."""
    base = unicodedata.normalize("NFKD", texto)
    milesimas = sum(_ANCHOS.get(c, 600) for c in base if not unicodedata.combining(c))
    return milesimas / 1000 * puntos * (1.1 if negrita else 1.0)
