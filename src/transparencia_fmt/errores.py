"""Excepciones: cada una hereda del built-in que significa y sabe su código de salida.

Los códigos de salida de `tfmt` viven aquí, en un solo lugar (`CodigoSalida`); cómo una
excepción cualquiera se vuelve mensaje en español y código está en `fallos.explicar`.
"""

from __future__ import annotations

import enum

TYPE_CHECKING = False  # sin `typing` en el arranque; mypy entiende esta constante
if TYPE_CHECKING:
    from typing import Any


class CodigoSalida(enum.IntEnum):
    """Códigos de salida de `tfmt` (como `pytest.ExitCode` o `httpie.ExitStatus`).

    - ``OK`` (0): todo bien.
    - ``DATOS_INVALIDOS`` (1): los datos no son válidos o no se pueden leer; el mensaje dice
      archivo, registro, columna y valor.
    - ``MAL_USO`` (2): se pidió algo imposible: un archivo o carpeta que no existe o no se puede
      leer o escribir (permisos, disco lleno, nombre demasiado largo), un formato o exportador
      desconocido, opciones mal escritas.
    - ``ERROR_DE_PLUGIN`` (7, el ``PLUGIN_ERROR`` de httpie): un exportador o una derivación
      falló por un defecto suyo (de un plugin; el mensaje nombra paquete y versión), no por los
      datos; lo demás que se pidió sí se hizo. Avise a quien mantiene el plugin.
    - ``INTERRUMPIDO`` (130): la persona lo detuvo con Ctrl-C; no queda nada a medias.
    - ``ERROR_INTERNO`` (3): un defecto del programa, nunca un problema de los datos ni del
      equipo; repórtelo con la salida de ``TFMT_DEPURAR=1``.
    """

    OK = 0
    DATOS_INVALIDOS = 1
    MAL_USO = 2
    ERROR_INTERNO = 3
    ERROR_DE_PLUGIN = 7
    INTERRUMPIDO = 130


class TransparenciaError(Exception):
    """Base de todos los errores que el programa explica a la persona usuaria."""

    #: Código de salida del CLI (`CodigoSalida`).
    codigo_salida: int = CodigoSalida.DATOS_INVALIDOS


class ErrorDeDatos(TransparenciaError, ValueError):
    """Los datos no se pueden leer o no son válidos (sale con 1)."""

    def __init__(
        self, mensaje: str, *, archivo: str | None = None, errores: list[Any] | None = None
    ):
        super().__init__(mensaje)
        self.archivo = archivo
        #: ErrorValidacion localizados que explican el problema, si los hay.
        self.errores = errores or []


class ErrorDeUso(TransparenciaError):
    """Se pidió algo imposible: archivo inexistente, formato o exportador desconocido (2)."""

    codigo_salida = CodigoSalida.MAL_USO


class ErrorDeSalida(ErrorDeUso):
    """No se pudo escribir (o leer) un archivo por el equipo: permisos, disco lleno, ruta
    imposible. Sale con 2 y detiene el trabajo: seguir sólo repetiría el mismo error."""

    def __init__(self, mensaje: str, *, ruta: str | None = None, errno_: int | None = None):
        super().__init__(mensaje)
        self.ruta = ruta
        self.errno_original = errno_


class FormatoDesconocido(ErrorDeUso, LookupError):
    """No hay un formato con ese id o nombre corto (sale con 2)."""

    def __init__(self, formato: str, sugerencias: list[str] | None = None):
        texto = f"No existe el formato «{formato}»."
        if sugerencias:
            texto += " ¿Quiso decir " + ", ".join(sugerencias) + "?"
        texto += " Consulte la lista con «tfmt formatos»."
        super().__init__(texto)
        self.formato = formato


class ExportadorDesconocido(ErrorDeUso, LookupError):
    """No hay un exportador con ese nombre (sale con 2)."""

    def __init__(self, nombre: str, disponibles: list[str]):
        super().__init__(
            f"No hay un exportador llamado «{nombre}». Disponibles: {', '.join(disponibles)}."
            " Consulte «tfmt exportadores»."
        )
        self.nombre = nombre


class ErrorDePlugin(TransparenciaError, RuntimeError):
    """Un plugin falló al exportar o devolvió algo que no cumple el contrato (sale con 7)."""

    codigo_salida = CodigoSalida.ERROR_DE_PLUGIN

    def __init__(self, mensaje: str, plugin: str | None = None):
        super().__init__(mensaje)
        self.plugin = plugin


class VersionCambiada(TransparenciaError):
    """Otra persona (u otra pestaña) guardó una versión después de la que se tomó como base."""

    codigo_salida = CodigoSalida.DATOS_INVALIDOS

    def __init__(self, formato: str, periodo: str, base: str, actual: str):
        super().__init__(
            f"Los datos de {formato} ({periodo}) cambiaron mientras usted trabajaba: otra persona "
            "u otra pestaña guardó una versión nueva. No se guardó nada; revise las diferencias "
            "y vuelva a aceptar si su archivo debe reemplazarla."
        )
        self.formato = formato
        self.periodo = periodo
        self.base = base
        self.actual = actual


class AvisoPlugin(UserWarning):
    """Un plugin falló y se dejó de lado; el resto sigue funcionando."""
