"""Exportador CSV para el portal: perfiles `datos-abiertos` (por omisión) y `excel`.

Una fila por registro con los títulos oficiales; cada tabla secundaria en su propio CSV
enlazado por el número de registro; un `datapackage.json` (diccionario de datos) al lado.
Las celdas que una hoja de cálculo ejecutaría como fórmula se neutralizan.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import operator
import re
import unicodedata
from collections.abc import Iterable
from itertools import chain, compress, count, islice, repeat
from typing import Any, BinaryIO

from transparencia_fmt import hookimpl
from transparencia_fmt.filas import titulos_unicos
from transparencia_fmt.texto import INICIOS_PELIGROSOS, neutralizar_formula

_INICIOS = frozenset((*INICIOS_PELIGROSOS, "'"))

_TIPO_FRICTIONLESS = {
    "fecha": "date",
    "moneda": "number",
    "numero": "number",
    "entero": "integer",
    "anio": "integer",
    "tabla": "integer",  # el número de registro que enlaza con su tabla secundaria
}


_PRIMERA = operator.itemgetter(slice(None, 1))


def _neutralizada(fila: list[str]) -> list[str]:
    """La fila con las fórmulas neutralizadas. La revisión de la fila entera es en C (la
    primera letra de cada celda contra `_INICIOS`); sólo una fila con una celda que empieza
    así pasa celda por celda por `neutralizar_formula`."""
    if _INICIOS.isdisjoint(map(_PRIMERA, fila)):
        return fila
    return [neutralizar_formula(c) if c[:1] in _INICIOS else c for c in fila]


def _escribir(
    destino: BinaryIO, columnas: Iterable[str], filas: Iterable[list[str]], bom: bool
) -> None:
    """CSV en UTF-8 (con BOM para Excel), por lotes de filas: cada lote se codifica y se
    escribe de una vez, sin `TextIOWrapper` en medio, y la memoria no crece con las filas."""
    pendiente: list[str] = []
    escritor = csv.writer(_Lista(pendiente), lineterminator="\r\n")
    escritor.writerow(columnas)
    if bom:
        destino.write(codecs.BOM_UTF8)
    destino.write("".join(pendiente).encode("utf-8"))
    filas = iter(filas)
    while lote := list(islice(filas, _LOTE)):
        if not _INICIOS.isdisjoint(map(_PRIMERA, chain.from_iterable(lote))):
            lote = list(map(_neutralizada, lote))
        texto = _en_bloque(lote)
        if texto is None:  # filas disparejas, o de una celda, o algo que no es texto
            pendiente.clear()
            escritor.writerows(lote)
            texto = "".join(pendiente)
        destino.write(texto.encode("utf-8"))


def _en_bloque(lote: list[list[str]]) -> str | None:
    """El lote tal como lo escribe `csv.writer`, armado en C con `join` (`csv.writer` revisa
    letra por letra): una celda con coma, comillas o salto de línea va entre comillas (las
    suyas dobles), las demás tal cual; sólo se buscan, celda por celda, los caracteres que
    aparecen en el lote. None (y entonces escribe `csv.writer`) si alguna celda no es texto,
    si las filas no tienen todas las mismas celdas o si tienen menos de dos (una fila de una
    sola celda vacía se escribe `""`)."""
    k = len(lote[0])
    if k < 2 or set(map(len, lote)) != {k}:
        return None
    celdas = list(chain.from_iterable(lote))
    try:
        junto = "".join(celdas)
    except TypeError:
        return None
    citar: set[int] = set()
    for especial in _ESPECIALES:
        if especial in junto:
            citar.update(compress(count(), map(operator.contains, celdas, repeat(especial))))
    for i in citar:
        celdas[i] = '"' + celdas[i].replace('"', '""') + '"'
    return "\r\n".join(map(",".join, zip(*[iter(celdas)] * k, strict=True))) + "\r\n"


#: Lo que obliga a `csv.writer` (QUOTE_MINIMAL, terminador «\r\n») a citar una celda.
_ESPECIALES = (",", '"', "\n", "\r")


class _Lista:
    """Destino de `csv.writer` que guarda cada renglón en una lista (`write` en C)."""

    def __init__(self, pendiente: list[str]) -> None:
        self.write = pendiente.append


#: Filas por escritura al archivo.
_LOTE = 512


class ExportadorCSV:
    """CSV para el portal, con perfil datos-abiertos o excel."""

    extension = ".csv"

    def __init__(self, perfil: str = "datos-abiertos") -> None:
        self.perfil = perfil
        self.nombre = "csv" if perfil == "datos-abiertos" else "csv-excel"
        self.descripcion = (
            "CSV de datos abiertos para el portal: UTF-8, fechas AAAA-MM-DD, datapackage.json"
            if perfil == "datos-abiertos"
            else "CSV para abrir en Excel: UTF-8 con BOM, fechas dd/mm/aaaa"
        )

    @property
    def _iso(self) -> bool:
        return self.perfil == "datos-abiertos"

    def exportar(self, documento: Any, destino: BinaryIO) -> None:
        """Escribe la tabla principal como CSV (RFC 4180)."""
        tabla = documento.tabla(iso=self._iso)
        _escribir(destino, titulos_unicos(tabla.columnas), tabla.filas, bom=not self._iso)

    def archivos_extra(self, documento: Any, nombre_principal: str) -> dict[str, bytes]:
        """Tablas secundarias (``<base>.Tabla_<id>.csv``) y ``<base>.datapackage.json``."""
        base = nombre_principal.rsplit(".", 1)[0]
        extra: dict[str, bytes] = {}
        principal = documento.tabla(iso=self._iso)
        recursos = [_recurso(principal, nombre_principal, self._iso)]
        for tabla in documento.tablas_secundarias(iso=self._iso):
            nombre = f"{base}.{tabla.sipot_tabla or tabla.origen}.csv"
            flujo = io.BytesIO()
            _escribir(flujo, titulos_unicos(tabla.columnas), tabla.filas, bom=not self._iso)
            extra[nombre] = flujo.getvalue()
            recurso = _recurso(tabla, nombre, self._iso)
            # La tabla secundaria se enlaza con la columna del archivo principal que lleva el
            # número de registro (la de la tabla), no con un «ID» que el principal no tiene.
            if tabla.origen in principal.claves:
                enlace = titulos_unicos(principal.columnas)[principal.claves.index(tabla.origen)]
                recurso["schema"]["foreignKeys"] = [
                    {
                        "fields": [titulos_unicos(tabla.columnas)[0]],
                        "reference": {"resource": recursos[0]["name"], "fields": [enlace]},
                    }
                ]
            recursos.append(recurso)
        paquete = {
            "profile": "tabular-data-package",
            "name": _nombre(base),
            "title": f"{documento.formato.titulo_visible} — "
            f"{documento.sujeto_obligado.get('nombre', '')}",
            "x-perfil": self.perfil,
            "x-documento": {k: v for k, v in documento.datos.items() if k not in ("registros",)}
            if documento.formato.tipo == "tabular"
            else documento.sobre,
            "resources": recursos,
        }
        extra[f"{base}.datapackage.json"] = (
            json.dumps(paquete, ensure_ascii=False, indent=2) + "\n"
        ).encode("utf-8")
        return extra


def _nombre(texto: str) -> str:
    """Nombre de recurso Frictionless: sólo a-z, 0-9 y «-» (sin acentos: «Planeación» →
    «planeacion»)."""
    plano = unicodedata.normalize("NFKD", texto.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plano).strip("-") or "documento"


def _recurso(tabla: Any, ruta: str, iso: bool) -> dict[str, Any]:
    campos = []
    titulos = titulos_unicos(tabla.columnas)
    for titulo, clave, tipo in zip(titulos, tabla.claves, tabla.tipos, strict=False):
        campo: dict[str, Any] = {
            "name": titulo,
            "type": _TIPO_FRICTIONLESS.get(tipo, "string"),
            "x-clave": clave,
            "x-tipo": tipo,
        }
        if tipo == "fecha" and not iso:
            campo["type"], campo["format"] = "date", "%d/%m/%Y"
        campos.append(campo)
    return {
        "name": _nombre(ruta.rsplit(".", 1)[0]),
        "path": ruta,
        "profile": "tabular-data-resource",
        "format": "csv",
        "encoding": "utf-8" if iso else "utf-8-sig",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"'},
        "schema": {"fields": campos},
    }


@hookimpl
def registrar_exportadores() -> list[Any]:
    """Los exportadores CSV (datos abiertos y Excel)."""
    return [ExportadorCSV("datos-abiertos"), ExportadorCSV("excel")]
