"""El contrato de los plugins: qué es un exportador, un importador y la configuración.

`Exportador` e `Importador` son `typing.Protocol`: un plugin no hereda de nada, basta con
que su objeto tenga estos atributos y métodos (mypy lo comprueba si el plugin lo anota).
`Configuracion` es el argumento por el que un gancho lee sus opciones (como el objeto
`datasette` en los ganchos de datasette).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, runtime_checkable

from attrs import field, frozen

from .errores import ErrorDeUso
from .metodos_attrs import eq_attrs, hash_attrs, repr_attrs

if TYPE_CHECKING:
    from .catalogo import Catalogo
    from .derivacion import Contexto
    from .documento import Documento

#: Variable de entorno con la ruta de un TOML de opciones de plugins (tablas [plugins.NOMBRE]).
VARIABLE_CONFIGURACION = "TFMT_CONFIGURACION"


@runtime_checkable
class Exportador(Protocol):
    """Escribe un documento en un flujo binario (lo registra `registrar_exportadores`)."""

    #: Lo que se escribe en ``tfmt exportar --a NOMBRE`` (p. ej. ``"pdf"``).
    nombre: str
    #: Extensión del archivo, con punto (``".pdf"``).
    extension: str
    #: Una línea en español para ``tfmt exportadores``.
    descripcion: str

    def exportar(self, documento: Documento, destino: BinaryIO) -> None:
        """Escribe `documento` en `destino`, un flujo binario abierto para escritura."""


@runtime_checkable
class Importador(Protocol):
    """Lee un archivo y lo convierte en `Documento` (lo registra `registrar_importadores`)."""

    nombre: str
    #: Extensiones que lee, con punto (``(".csv", ".txt")``).
    extensiones: tuple[str, ...]
    descripcion: str

    def importar(self, ruta: Path, catalogo: Catalogo) -> Documento:
        """Lee `ruta`; si no puede, levanta `ErrorDeDatos` diciendo dónde (archivo, fila…)."""


@runtime_checkable
class Derivacion(Protocol):
    """Arma un documento de un formato a partir de otro (lo registra `registrar_derivaciones`)."""

    #: Identificador estable (``"poa-a-fr-iv"``).
    nombre: str
    #: Id del formato de entrada (``"Plan_Operativo_Anual"``).
    origen: str
    #: Id del formato que produce (``"LGT_Art_70_Fr_IV"``).
    destino: str
    #: Una línea en español para ``tfmt derivar DOC``.
    descripcion: str

    def derivar(self, documento: Documento, contexto: Contexto) -> dict[str, Any]:
        """Los datos del documento nuevo (JSON canónico); lo que falta, con `contexto.hallazgo`."""


@frozen
class Configuracion:
    """Opciones de los plugins, por nombre de plugin (entry point) o de paquete."""

    __repr__ = repr_attrs
    __eq__ = eq_attrs
    __hash__ = hash_attrs

    opciones: Mapping[str, Mapping[str, Any]] = field(factory=dict)

    def plugin(self, nombre: str) -> dict[str, Any]:
        """Las opciones de `nombre` (entry point o paquete); ``{}`` si no tiene."""
        return dict(self.opciones.get(nombre) or {})

    @classmethod
    def desde_toml(cls, ruta: str | Path) -> Configuracion:
        """Lee las tablas ``[plugins.NOMBRE]`` de un archivo TOML."""
        ruta = Path(ruta)
        import tomllib  # sólo si hay archivo de configuración: no en cada arranque

        try:
            datos = tomllib.loads(ruta.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ErrorDeUso(
                f"No se pudo leer la configuración de plugins {ruta}: {exc}. Revise el archivo "
                f"o quite la variable {VARIABLE_CONFIGURACION}."
            ) from exc
        plugins = datos.get("plugins", {})
        if not isinstance(plugins, dict):
            raise ErrorDeUso(f"{ruta}: «plugins» debe ser una tabla ([plugins.NOMBRE]).")
        return cls({k: v for k, v in plugins.items() if isinstance(v, dict)})

    @classmethod
    def del_entorno(cls) -> Configuracion:
        """La del archivo que nombra TFMT_CONFIGURACION; vacía si no está definida."""
        ruta = os.environ.get(VARIABLE_CONFIGURACION)
        return cls.desde_toml(ruta) if ruta else cls()


__all__ = ["VARIABLE_CONFIGURACION", "Configuracion", "Derivacion", "Exportador", "Importador"]
