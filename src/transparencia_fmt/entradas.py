"""Los plugins de terceros instalados (entry points del grupo ``transparencia_fmt``), sin
leer en cada arranque los metadatos de todas las distribuciones.

importlib.metadata recorre cada distribución de sys.path: decenas de milisegundos en cada
`tfmt`. El índice guarda lo que dio (los entry points del grupo y la versión propia) con la
huella de lo que lo determina: cada carpeta de sys.path y, dentro, cada *.dist-info o
*.egg-info con su entry_points.txt. Instalar, quitar o actualizar un paquete cambia la huella
y el índice se rehace. Sin pluggy ni attrs: lo usa también `tfmt formatos`.
"""

from __future__ import annotations

import functools
import os
import re
import sys

from . import indices

TYPE_CHECKING = False  # sin `typing` en el arranque (`tfmt formatos`); mypy entiende esto
if TYPE_CHECKING:
    from importlib import metadata
    from typing import Any

GRUPO = "transparencia_fmt"
DISTRIBUCION = "transparencia-fmt"
#: Variable de entorno: vacía no carga plugins de terceros; "a,b" carga sólo esos.
VARIABLE_CARGA = "TFMT_CARGAR_PLUGINS"
#: Nombre anterior de `VARIABLE_CARGA`; se sigue aceptando.
VARIABLE_CARGA_ANTERIOR = "TFMT_LOAD_PLUGINS"


def _permitidos() -> set[str] | None:
    valor = os.environ.get(VARIABLE_CARGA, os.environ.get(VARIABLE_CARGA_ANTERIOR))
    if valor is None:
        return None
    return {v.strip().lower() for v in valor.split(",") if v.strip()}


def terceros_a_cargar(indice: dict[str, Any] | None = None) -> list[dict[str, str]]:
    """Los entry points de terceros que se cargarían, según `TFMT_CARGAR_PLUGINS`."""
    permitidos = _permitidos()
    if permitidos is not None and not permitidos:
        return []  # «TFMT_CARGAR_PLUGINS=»: ninguno, sin mirar lo instalado
    elegidos = []
    for e in (indice or indice_entradas())["entradas"]:
        if e["integrado"]:
            continue  # instalaciones anteriores declaraban los integrados como entry points
        if permitidos is not None and not (
            e["nombre"].lower() in permitidos or e["paquete"].lower() in permitidos
        ):
            continue
        elegidos.append(e)
    return elegidos


def huella_instalacion() -> list[Any]:
    """Lo que cambia al instalar, quitar o actualizar una distribución en sys.path."""
    huella: list[Any] = []
    for entrada in sys.path:
        ruta = entrada or os.curdir
        distribuciones = []
        try:
            with os.scandir(ruta) as elementos:
                for el in elementos:
                    if el.name.endswith((".dist-info", ".egg-info")):
                        distribuciones.append(
                            [
                                el.name,
                                indices.huella(el.path),
                                indices.huella(os.path.join(el.path, "entry_points.txt")),
                            ]
                        )
        except OSError:  # no existe, o es un .zip/.egg: basta su propia huella
            pass
        distribuciones.sort()
        huella.append([entrada, indices.huella(ruta), distribuciones])
    return huella


def indice_entradas() -> dict[str, Any]:
    """{"entradas": [...], "propia": versión}: de la caché si la huella coincide."""
    lugar = "\0".join([sys.executable, *sys.path])
    clave = huella_instalacion()
    valor = indices.leer("entry-points", lugar, clave)
    if _indice_valido(valor):
        return valor  # type: ignore[return-value]
    valor = _indice_entradas_lento()
    indices.guardar("entry-points", lugar, clave, valor)
    return valor


def _indice_valido(valor: Any) -> bool:
    return (
        isinstance(valor, dict)
        and isinstance(valor.get("propia"), str)
        and isinstance(valor.get("entradas"), list)
        and all(
            isinstance(e, dict)
            and all(isinstance(e.get(k), str) for k in ("nombre", "valor", "paquete", "version"))
            and isinstance(e.get("integrado"), bool)
            for e in valor["entradas"]
        )
    )


def _indice_entradas_lento() -> dict[str, Any]:
    from importlib import metadata

    entradas = []
    for ep in metadata.entry_points(group=GRUPO):
        dist = getattr(ep, "dist", None)
        entradas.append(
            {
                "nombre": ep.name,
                "valor": ep.value,
                "paquete": str(dist.metadata["Name"] or ep.name) if dist is not None else ep.name,
                "version": str(dist.version) if dist is not None else "",
                "integrado": _es_integrado(ep),
            }
        )
    try:
        propia = metadata.version(DISTRIBUCION)
    except metadata.PackageNotFoundError:  # desde el código fuente, sin instalar
        propia = ""
    return {"entradas": entradas, "propia": propia}


@functools.cache
def _entry_point() -> re.Pattern[str]:
    """La forma de un entry point «modulo.sub:objeto.atributo [extras]» (la de
    importlib.metadata); se compila al cargar el primer plugin de terceros, no en cada arranque."""
    return re.compile(r"(?P<modulo>[\w.]+)\s*(:\s*(?P<atributo>[\w.]+)\s*)?(\[.*\]\s*)?$")


def cargar_objeto(valor: str) -> Any:
    """Lo que carga `EntryPoint.load()`, sin importar importlib.metadata."""
    import importlib

    partes = _entry_point().match(valor)
    if partes is None:
        raise ValueError(f"entry point mal escrito: «{valor}» (se espera modulo:objeto)")
    objeto = importlib.import_module(partes.group("modulo"))
    for atributo in filter(None, (partes.group("atributo") or "").split(".")):
        objeto = getattr(objeto, atributo)
    return objeto


def _es_integrado(ep: metadata.EntryPoint) -> bool:
    dist = getattr(ep, "dist", None)
    nombre = (dist.metadata["Name"] if dist is not None else "") or ""
    return str(nombre).lower().replace("_", "-") == DISTRIBUCION
