"""Reconocimiento del formato de un archivo tabular (CSV u hoja de Excel) y metadatos de
las descargas de la PNT: lo usan los importadores CSV y XLSX.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .catalogo import Catalogo, normalizar
from .equivalencias import Equivalencias
from .errores import ErrorDeDatos
from .modelos import Formato
from .tabla_a_documento import COLUMNAS_PNT, clave_titulo, indice_titulos

__all__ = ["ETIQUETAS_PNT", "formatos_por_pistas", "metadatos_pnt", "reconocer"]

#: Etiquetas de las líneas de metadatos de las descargas de la PNT.
ETIQUETAS_PNT = {"nombre del sujeto obligado", "normativa", "formato", "periodo"}


def formatos_por_pistas(catalogo: Catalogo, pistas: Iterable[Any]) -> list[Formato]:
    """Formatos que señalan los metadatos: id, nombre corto (nacional o estatal), id SIPOT
    (nacional o estatal) o título."""
    elegidos: list[Formato] = []
    pistas = list(pistas)
    equivalente = Equivalencias(catalogo).resolver(pistas)
    if equivalente is not None:
        elegidos.append(equivalente)
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
    pistas = [p for p in pistas if p not in (None, "")]
    equivalencias = Equivalencias(catalogo)
    elegidos = formatos_por_pistas(catalogo, pistas)
    if elegidos:
        try:
            return _reconocer(filas, elegidos, ruta, donde)
        except ErrorDeDatos:
            # Si el id o el nombre corto lo dicen, no se busca otro formato por encabezados.
            if equivalencias.resolver(pistas) is not None:
                elegidos = [elegidos[0]]
                raise ErrorDeDatos(_no_coinciden(elegidos, ruta, donde)) from None
    declarado = equivalencias.declarado(pistas)
    try:
        formato, inicio = _reconocer(filas, list(catalogo), ruta, donde)
    except ErrorDeDatos:
        if declarado and not elegidos:
            raise ErrorDeDatos(_fuera_del_catalogo(filas, catalogo, pistas, ruta, donde)) from None
        if elegidos:
            raise ErrorDeDatos(_no_coinciden(elegidos, ruta, donde)) from None
        raise
    if declarado and not elegidos and _puntaje(filas[inicio], formato) < _MISMAS_COLUMNAS:
        # El libro dice su formato (id, nombre corto) y no está en el catálogo: validarlo
        # contra otro formato parecido daría cientos de errores falsos (45c contra Fr. III).
        # Sólo se acepta un formato de otras columnas si son las mismas (copia estatal).
        raise ErrorDeDatos(_fuera_del_catalogo(filas, catalogo, pistas, ruta, donde))
    return formato, inicio


#: Proporción de títulos en común para tomar por el mismo formato un libro que declara un
#: id o nombre corto desconocido (una copia estatal trae los mismos encabezados).
_MISMAS_COLUMNAS = 0.9


def _puntaje(fila: Sequence[Any], formato: Formato) -> float:
    indice, planas = indice_titulos(formato.columnas)
    celdas = {clave_titulo(c) for c in fila if c is not None and str(c).strip()} - COLUMNAS_PNT
    aciertos = len({id(indice[c]) for c in celdas if c in indice})
    return aciertos / max(len(planas), len(celdas), 1)


def _no_coinciden(elegidos: list[Formato], ruta: Path, donde: str) -> str:
    nombres = ", ".join(f.id for f in elegidos)
    return (
        f"{ruta}{donde}: el libro dice ser del formato {nombres}, pero sus encabezados no son "
        "los de ese formato. Compárelo con «tfmt comparar ARCHIVO» o use la plantilla de "
        "«tfmt plantilla ID --a xlsx»."
    )


def _fuera_del_catalogo(
    filas: Sequence[Sequence[Any]], catalogo: Catalogo, pistas: list[Any], ruta: Path, donde: str
) -> str:
    from .comparacion import formatos_cercanos

    textos = [str(p).strip() for p in pistas]
    id_formato = next((t for t in textos if t.isdigit()), "sin id")
    nombre = next(
        (t for t in textos if Equivalencias.por_regla(t) or "LGT_Art" in t or "LTAIP" in t),
        next((t for t in textos if not t.isdigit()), "sin nombre corto"),
    )
    # La fila de encabezados es la que más se parece a algún formato.
    opciones = [
        formatos_cercanos(catalogo, [str(c) for c in f if c not in (None, "")]) for f in filas[:15]
    ]
    cercanos = max(opciones, key=lambda o: o[0][1] if o else 0.0, default=[])
    lista = "; ".join(f"{f.id} «{f.titulo}» ({p:.0%} de columnas en común)" for f, p in cercanos)
    return (
        f"{ruta}{donde}: el formato de este libro no está en el catálogo (id de formato "
        f"{id_formato}, nombre corto «{nombre}»), así que no se valida contra otro formato. "
        f"Los más parecidos por sus encabezados: {lista or 'ninguno'}. Si es un formato nuevo "
        "del SIPOT, agréguelo con un plugin de esquemas; si el libro es de uno de ésos, "
        "corrija el id y el nombre corto (celdas A1 y D3)."
    )


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
