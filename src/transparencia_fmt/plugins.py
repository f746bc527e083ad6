"""Gestor de plugins: carga por entry points con aislamiento por plugin.

Los integrados se registran por el mismo grupo de entry points que los de terceros. Un
plugin que no importa, que levanta una excepción o que devuelve algo que no cumple el
contrato se nombra en un aviso y los demás siguen funcionando.
"""

from __future__ import annotations

import functools
import importlib
import os
import warnings
from collections.abc import Callable, Iterable
from importlib import metadata
from typing import Any

import pluggy
from attrs import define, field, frozen

from . import hookspecs

GRUPO = "transparencia_fmt"
DISTRIBUCION = "transparencia-fmt"
#: Variable de entorno: vacía no carga plugins de terceros; "a,b" carga sólo esos.
VARIABLE_CARGA = "TFMT_LOAD_PLUGINS"

#: Módulos integrados, por si el paquete corre sin instalar (sin metadatos de entry points).
INTEGRADOS = (
    ("json", "transparencia_fmt.exportadores.json_canonico"),
    ("csv", "transparencia_fmt.exportadores.csv_portal"),
    ("docx", "transparencia_fmt.exportadores.docx_documento"),
    ("pdf", "transparencia_fmt.exportadores.pdf_documento"),
    ("importador-json", "transparencia_fmt.importadores.json_canonico"),
    ("importador-csv", "transparencia_fmt.importadores.csv_portal"),
    ("importador-xlsx", "transparencia_fmt.importadores.xlsx_sipot"),
    ("xlsx-sipot", "transparencia_fmt.exportadores.xlsx_sipot"),
    ("reglas", "transparencia_fmt.reglas"),
)

hookimpl = pluggy.HookimplMarker(GRUPO)


class AvisoPlugin(UserWarning):
    """Un plugin falló y se dejó de lado; el resto sigue funcionando."""


@frozen
class Registro:
    """Algo que un plugin registró (exportador, importador o ruta de esquemas) y de quién vino."""

    objeto: Any
    plugin: str
    paquete: str
    version: str


@define
class Gestor:
    pm: pluggy.PluginManager
    #: nombre del plugin → (paquete, versión)
    procedencia: dict[str, tuple[str, str]] = field(factory=dict)
    fallos: list[str] = field(factory=list)

    def avisar(self, texto: str) -> None:
        self.fallos.append(texto)
        warnings.warn(texto, AvisoPlugin, stacklevel=2)

    def _llamar(self, gancho: str, validar: Callable[[Any], str | None]) -> list[Registro]:
        """Llama cada implementación por separado para que una que falla no tumbe a las demás."""
        resultados: list[Registro] = []
        caller = getattr(self.pm.hook, gancho)
        for impl in caller.get_hookimpls():
            nombre = impl.plugin_name
            paquete, version = self.procedencia.get(nombre, (nombre, ""))
            try:
                valor = impl.function()
            except Exception as exc:  # noqa: BLE001 - aislar plugins es el propósito
                self.avisar(
                    f"El plugin «{nombre}» ({paquete}) falló en {gancho}: "
                    f"{type(exc).__name__}: {exc}. Se omite; los demás siguen funcionando."
                )
                continue
            if valor is None:
                continue
            elementos = valor if isinstance(valor, list | tuple) else [valor]
            for el in elementos:
                problema = validar(el)
                if problema:
                    self.avisar(
                        f"El plugin «{nombre}» ({paquete}) registró en {gancho} un objeto "
                        f"inválido: {problema}. Se omite."
                    )
                    continue
                resultados.append(Registro(el, nombre, paquete, version))
        return resultados

    def exportadores(self) -> list[Registro]:
        return self._llamar("registrar_exportadores", _problema_exportador)

    def importadores(self) -> list[Registro]:
        return self._llamar("registrar_importadores", _problema_importador)

    def rutas_esquemas(self) -> list[Registro]:
        return self._llamar("registrar_esquemas", _problema_ruta)

    def implementaciones_validar(self) -> list[tuple[str, Callable[..., Any]]]:
        return [(i.plugin_name, i.function) for i in self.pm.hook.validar_documento.get_hookimpls()]


def _problema_exportador(obj: Any) -> str | None:
    faltan = [a for a in ("nombre", "extension", "descripcion") if not hasattr(obj, a)]
    if not callable(getattr(obj, "exportar", None)):
        faltan.append("exportar()")
    if faltan:
        return (
            f"le falta {', '.join(faltan)} (debe tener nombre, extension, descripcion y exportar)"
        )
    return None


def _problema_importador(obj: Any) -> str | None:
    faltan = [a for a in ("nombre", "extensiones") if not hasattr(obj, a)]
    if not callable(getattr(obj, "importar", None)):
        faltan.append("importar()")
    if faltan:
        return f"le falta {', '.join(faltan)}"
    return None


def _problema_ruta(obj: Any) -> str | None:
    if not isinstance(obj, str | os.PathLike):
        return f"se esperaba una ruta (str o Path), llegó {type(obj).__name__}"
    return None


def _es_integrado(ep: metadata.EntryPoint) -> bool:
    dist = getattr(ep, "dist", None)
    nombre = (dist.metadata["Name"] if dist is not None else "") or ""
    return nombre.lower().replace("_", "-") == DISTRIBUCION


def _permitidos() -> set[str] | None:
    valor = os.environ.get(VARIABLE_CARGA)
    if valor is None:
        return None
    return {v.strip().lower() for v in valor.split(",") if v.strip()}


def crear_gestor(cargar_terceros: bool = True, extra: Iterable[tuple[str, Any]] = ()) -> Gestor:
    """Construye el gestor: ganchos, integrados y plugins de terceros (aislados)."""
    pm = pluggy.PluginManager(GRUPO)
    pm.add_hookspecs(hookspecs)
    gestor = Gestor(pm)
    permitidos = _permitidos()
    puntos = list(metadata.entry_points(group=GRUPO))
    integrados = [ep for ep in puntos if _es_integrado(ep)]
    if not integrados:
        # Sin instalar (p. ej. desde el código fuente): los integrados por su módulo.
        for nombre, modulo in INTEGRADOS:
            _registrar(gestor, nombre, functools.partial(importlib.import_module, modulo), None)
    for ep in integrados:
        _registrar(gestor, ep.name, ep.load, ep)
    if cargar_terceros:
        for ep in puntos:
            if _es_integrado(ep):
                continue
            dist = getattr(ep, "dist", None)
            paquete = dist.metadata["Name"] if dist is not None else ""
            if permitidos is not None and not (
                ep.name.lower() in permitidos or (paquete or "").lower() in permitidos
            ):
                continue
            _registrar(gestor, ep.name, ep.load, ep)
    for nombre, plugin in extra:
        pm.register(plugin, name=nombre)
        gestor.procedencia[nombre] = (nombre, "")
    return gestor


def _registrar(
    gestor: Gestor, nombre: str, cargar: Callable[[], Any], ep: metadata.EntryPoint | None
) -> None:
    dist = getattr(ep, "dist", None) if ep is not None else None
    paquete = dist.metadata["Name"] if dist is not None else DISTRIBUCION
    version = dist.version if dist is not None else ""
    if gestor.pm.has_plugin(nombre) or gestor.pm.is_blocked(nombre):
        return
    try:
        plugin = cargar()
        gestor.pm.register(plugin, name=nombre)
    except Exception as exc:  # noqa: BLE001 - un plugin roto no debe tumbar el programa
        gestor.avisar(
            f"No se pudo cargar el plugin «{nombre}» del paquete {paquete} {version}: "
            f"{type(exc).__name__}: {exc}. Se omite; los demás siguen funcionando."
        )
        return
    gestor.procedencia[nombre] = (paquete, version)
