"""Diseño del libro de carga masiva del SIPOT, común al importador y al exportador XLSX.

Hoja principal «Reporte de Formatos» (o «Información» en las descargas de la PNT), tablas
secundarias en hojas «Tabla_<id>» y el sobre del documento (sujeto obligado…), que el
SIPOT no lleva, en una propiedad personalizada del libro, en trozos de 250 caracteres.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from .modelos import Columna

#: Propiedad personalizada del libro donde el exportador guarda el sobre del documento
#: (sujeto obligado…), que el diseño del SIPOT no tiene.
PROPIEDAD = "transparencia_fmt"
HOJA_SIPOT = "Reporte de Formatos"
HOJA_PNT = "Información"
#: Excel edita propiedades de hasta 255 caracteres: el sobre va en trozos de este largo.
TROZO_PROPIEDAD = 250
_NOMBRE_ODF = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}name"


def hoja_tabla(col: Columna) -> str:
    """Nombre de la hoja de una tabla secundaria: «Tabla_<id SIPOT>» o «Tabla_<clave>».

    Excel limita el nombre a 31 caracteres: una clave larga se corta y se le agrega una
    huella corta, para que dos tablas de claves parecidas no caigan en la misma hoja."""
    if col.sipot_id:
        return f"Tabla_{col.sipot_id}"
    nombre = f"Tabla_{col.clave}"
    if len(nombre) <= 31:
        return nombre
    return f"{nombre[:26]}_{zlib.crc32(col.clave.encode()) & 0xFFFF:04x}"


def trozos_sobre(sobre: dict[str, Any]) -> list[tuple[str, str]]:
    """(nombre, valor) de las propiedades que guardan el sobre en el libro."""
    valor = json.dumps(sobre, ensure_ascii=False)
    trozos = range(0, len(valor), TROZO_PROPIEDAD)
    return [
        (PROPIEDAD if k == 0 else f"{PROPIEDAD}_{k + 1}", valor[i : i + TROZO_PROPIEDAD])
        for k, i in enumerate(trozos)
    ]


def sobre_guardado(ruta: Path) -> dict[str, Any]:
    """El sobre que dejó nuestro exportador en las propiedades del libro ({} si no hay).

    Un .xlsx las tiene en docProps/custom.xml; LibreOffice, al guardar el libro como .ods,
    las pasa a meta.xml («meta:user-defined»)."""
    import zipfile  # aquí: los importadores se registran en cada arranque de tfmt
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(ruta) as z:
            partes = set(z.namelist())
            xml = z.read("docProps/custom.xml" if "docProps/custom.xml" in partes else "meta.xml")
        raiz = ElementTree.fromstring(xml)
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    trozos: dict[int, str] = {}
    for prop in raiz.iter():
        nombre = prop.get("name") or prop.get(_NOMBRE_ODF) or ""
        if nombre == PROPIEDAD:
            trozos[1] = "".join(prop.itertext())
        elif nombre.startswith(PROPIEDAD + "_") and nombre[len(PROPIEDAD) + 1 :].isdigit():
            trozos[int(nombre[len(PROPIEDAD) + 1 :])] = "".join(prop.itertext())
    try:
        valor = json.loads("".join(trozos[k] for k in sorted(trozos))) if trozos else {}
    except ValueError:
        return {}  # propiedad dañada (p. ej. recortada al editarla): se ignora
    return valor if isinstance(valor, dict) else {}
