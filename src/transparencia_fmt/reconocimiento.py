"""Reconocimiento del formato de un archivo tabular (CSV u hoja de Excel) y metadatos de
las descargas de la PNT: lo usan los importadores CSV y XLSX.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .catalogo import Catalogo, normalizar
from .errores import ErrorDeDatos
from .modelos import Formato
from .tabla_a_documento import COLUMNAS_PNT, clave_titulo, indice_titulos

__all__ = ["ETIQUETAS_PNT", "formatos_por_pistas", "metadatos_pnt", "reconocer"]

#: Etiquetas de las líneas de metadatos de las descargas de la PNT.
ETIQUETAS_PNT = {"nombre del sujeto obligado", "normativa", "formato", "periodo"}


def formatos_por_pistas(catalogo: Catalogo, pistas: Iterable[Any]) -> list[Formato]:
    """Formatos que señalan los metadatos: id, nombre corto, id SIPOT o título."""
    elegidos: list[Formato] = []
    for pista in pistas:
        texto = "" if pista is None else str(pista).strip()
        if not texto:
            continue
        if texto in catalogo:
            encontrados = [catalogo.formato(texto)]
        else:
            clave = normalizar(texto)
            encontrados = [
                f
                for f in catalogo
                if texto
                == str(((f.esquema.get("x-formato") or {}).get("sipot") or {}).get("id_formato"))
                or clave == normalizar(f.titulo)
            ]
        elegidos += [f for f in encontrados if all(f is not e for e in elegidos)]
    return elegidos


def reconocer(
    filas: Sequence[Sequence[Any]],
    catalogo: Catalogo,
    pistas: Iterable[Any],
    ruta: Path,
    donde: str = "",
) -> tuple[Formato, int]:
    """Elige el formato (primero entre los que dicen los metadatos) y la fila de encabezados."""
    elegidos = formatos_por_pistas(catalogo, pistas)
    if elegidos:
        try:
            return _reconocer(filas, elegidos, ruta, donde)
        except ErrorDeDatos:
            pass
    return _reconocer(filas, list(catalogo), ruta, donde)


def _reconocer(
    filas: Sequence[Sequence[Any]], candidatos: list[Formato], ruta: Path, donde: str
) -> tuple[Formato, int]:
    indices = [(f, *indice_titulos(f.columnas)) for f in candidatos]
    mejor: tuple[float, Formato | None, int] = (0.0, None, 0)
    for i, fila in enumerate(filas[:15]):
        celdas = {clave_titulo(c) for c in fila if c is not None and str(c).strip()} - COLUMNAS_PNT
        if len(celdas) < 2:
            continue
        for formato, indice, planas in indices:
            aciertos = len({id(indice[c]) for c in celdas if c in indice})
            puntaje = aciertos / max(len(planas), len(celdas))
            if puntaje > mejor[0]:
                mejor = (puntaje, formato, i)
    puntaje, elegido, inicio = mejor
    if elegido is None or puntaje < 0.5:
        raise ErrorDeDatos(
            f"{ruta}{donde}: no se reconoce el formato por sus encabezados. Use los títulos "
            "oficiales («tfmt plantilla ID --a csv» o «--a xlsx» da uno vacío) o agregue el "
            "datapackage.json que escribe «tfmt exportar».",
            archivo=str(ruta),
        )
    return elegido, inicio


def metadatos_pnt(filas: Iterable[Sequence[Any]]) -> dict[str, str]:
    """Pares «Etiqueta:» → valor de las primeras filas de una descarga de la PNT."""
    meta: dict[str, str] = {}
    for fila in filas:
        if not fila or not isinstance(fila[0], str) or not fila[0].strip().endswith(":"):
            continue
        etiqueta = normalizar(fila[0])
        if etiqueta in ETIQUETAS_PNT:
            meta[etiqueta] = next((str(c).strip() for c in fila[1:] if c not in (None, "")), "")
    return meta
