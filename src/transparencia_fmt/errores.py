"""Excepciones: cada una hereda del built-in que significa y sabe su código de salida."""

from __future__ import annotations


class TransparenciaError(Exception):
    """Base de todos los errores que el programa explica a la persona usuaria."""

    #: Código de salida del CLI: 1 datos inválidos, 2 mal uso.
    codigo_salida = 1


class ErrorDeDatos(TransparenciaError, ValueError):
    """Los datos no se pueden leer o no son válidos (sale con 1)."""

    def __init__(self, mensaje: str, *, archivo: str | None = None, errores: list | None = None):
        super().__init__(mensaje)
        self.archivo = archivo
        #: ErrorValidacion localizados que explican el problema, si los hay.
        self.errores = errores or []


class ErrorDeUso(TransparenciaError):
    """Se pidió algo imposible: archivo inexistente, formato o exportador desconocido (2)."""

    codigo_salida = 2


class FormatoDesconocido(ErrorDeUso, LookupError):
    def __init__(self, formato: str, sugerencias: list[str] | None = None):
        texto = f"No existe el formato «{formato}»."
        if sugerencias:
            texto += " ¿Quiso decir " + ", ".join(sugerencias) + "?"
        texto += " Consulte la lista con «tfmt formatos»."
        super().__init__(texto)
        self.formato = formato


class ExportadorDesconocido(ErrorDeUso, LookupError):
    def __init__(self, nombre: str, disponibles: list[str]):
        super().__init__(
            f"No hay un exportador llamado «{nombre}». Disponibles: {', '.join(disponibles)}."
            " Consulte «tfmt exportadores»."
        )
        self.nombre = nombre


class ErrorDePlugin(TransparenciaError, RuntimeError):
    """Un plugin falló al exportar o devolvió algo que no cumple el contrato."""

    def __init__(self, mensaje: str, plugin: str | None = None):
        super().__init__(mensaje)
        self.plugin = plugin
