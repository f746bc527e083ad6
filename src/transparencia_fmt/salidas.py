"""Adónde va lo que se escribe: una sola regla para `tfmt exportar`, `plantilla`, `estado`,
`demo` y la publicación del espacio de trabajo.

- Una ruta que termina en separador («nueva/») o que nombra una carpeta que existe es una
  carpeta: dentro va un archivo por exportador, con el nombre de la entrada.
- Con un solo exportador, cualquier otra ruta es el archivo; si no trae extensión («salida»),
  se le pone la del exportador («salida.pdf»).
- Con varios exportadores, la ruta es siempre carpeta.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: Una extensión de verdad: letras (y dígitos tras la primera letra), como «.pdf» o «.mp4».
_EXTENSION = re.compile(r"^\.[A-Za-z][A-Za-z0-9]{0,7}$")


def nombre_archivo(base: str, exportador: Any) -> str:
    """«POA» + pdf → «POA.pdf»; con un nombre distinto de su extensión (csv-excel) se
    distingue: «POA.csv-excel.csv», para que dos exportadores no se pisen en una carpeta."""
    extension = str(exportador.extension)
    if exportador.nombre == extension.lstrip("."):
        return f"{base}{extension}"
    return f"{base}.{exportador.nombre}{extension}"


def es_carpeta(ruta: str | Path) -> bool:
    """Termina en «/» (o «\\» en Windows) o es una carpeta que ya existe."""
    texto = os.fspath(ruta)
    separadores = tuple(s for s in (os.sep, os.altsep, "/") if s)
    return texto.endswith(separadores) or Path(texto).is_dir()


def con_extension(ruta: Path, extension: str) -> Path:
    """«salida» → «salida.pdf»; «informe.2026» → «informe.2026.pdf»; «a.pdf» queda igual."""
    if _EXTENSION.match(ruta.suffix):
        return ruta
    return ruta.with_name(ruta.name + extension)


def destinos(
    salida: str | Path | None,
    base: str,
    exportadores: Sequence[Any],
    por_omision: Path,
) -> list[Path]:
    """Un destino por exportador según la regla del módulo (por omisión, `por_omision/`)."""
    if salida is not None and str(salida) != "":
        if len(exportadores) == 1 and not es_carpeta(salida):
            return [con_extension(Path(salida), str(exportadores[0].extension))]
        carpeta = Path(salida)
    else:
        carpeta = por_omision
    return [carpeta / nombre_archivo(base, e) for e in exportadores]


def destino_unico(salida: str | Path | None, nombre: str, extension: str) -> Path:
    """Para lo que escribe un solo archivo (plantillas): carpeta → carpeta/nombre; sin
    extensión → se agrega; nada → `nombre` en la carpeta actual."""
    if salida is None or str(salida) == "":
        return Path(nombre)
    if es_carpeta(salida):
        return Path(salida) / nombre
    return con_extension(Path(salida), extension)
