"""Especificación de los ganchos (hooks) de transparencia_fmt, tipada y documentada.

Un plugin es un módulo o clase con funciones marcadas con ``transparencia_fmt.hookimpl``,
publicado en el grupo de entry points ``transparencia_fmt``. Una implementación puede
aceptar sólo una parte de los argumentos del gancho (p. ej. ``registrar_exportadores()``
sin ``configuracion``). Ninguno es ``firstresult``: se llaman todas las implementaciones
y se juntan sus resultados. Los integrados se registran exactamente igual.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .contrato import Configuracion, Derivacion, Exportador, Importador
    from .documento import Documento
    from .modelos import ErrorValidacion, Formato

hookspec = pluggy.HookspecMarker("transparencia_fmt")


@hookspec
def registrar_exportadores(
    configuracion: Configuracion,
) -> Exportador | Sequence[Exportador] | None:
    """Devuelve un exportador o una lista de exportadores (ver `Exportador`).

    ``exportar(documento, destino)`` escribe en un flujo binario. Para exportadores
    sencillos, ``documento.tabla()`` da ``.columnas`` (títulos oficiales) y ``.filas``
    (textos para personas); ``documento.tablas_secundarias()`` las tablas secundarias;
    ``transparencia_fmt.composicion.componer(documento)`` los bloques neutrales.
    Opcional: ``archivos_extra(documento, nombre_principal) -> dict[str, bytes]`` para
    archivos al lado del principal. El programa escribe en un temporal y lo renombra.
    Un nombre ya usado por un exportador integrado (``pdf``, ``csv``…) se rechaza con un
    aviso; entre plugins de terceros con el mismo nombre gana el último.
    """


@hookspec
def registrar_importadores(
    configuracion: Configuracion,
) -> Importador | Sequence[Importador] | None:
    """Devuelve un importador o una lista de importadores (ver `Importador`).

    Se elige por extensión (el último registrado gana); si ninguno la tiene, por
    ``reconoce(ruta, cabecera: bytes) -> bool`` (opcional). Si no puede leer el archivo
    levanta ``transparencia_fmt.ErrorDeDatos`` con un mensaje en español que diga dónde.
    """


@hookspec
def registrar_esquemas(configuracion: Configuracion) -> str | Path | Sequence[str | Path] | None:
    """Devuelve rutas de archivos o carpetas con esquemas JSON (Draft 2020-12).

    Cada esquema con una anotación ``x-formato`` (``id``, ``tipo``…) se añade al catálogo;
    los demás sirven como definiciones comunes para ``$ref``, que se resuelven sin red.
    """


@hookspec
def validar_documento(
    formato: Formato, documento: Documento, configuracion: Configuracion
) -> Sequence[ErrorValidacion] | None:
    """Devuelve ``ErrorValidacion`` con reglas que un esquema no puede decir.

    Se llama después de la validación por esquema. Los datos pueden ser inválidos: la regla
    debe tolerar tipos inesperados (no levantar excepciones) y numerar registros desde 1.
    """


@hookspec
def registrar_derivaciones(
    configuracion: Configuracion,
) -> Derivacion | Sequence[Derivacion] | None:
    """Devuelve una derivación o una lista (ver `Derivacion`): «de un documento del formato A
    sé armar uno del B» (las integradas: POA → fracciones IV, XXIII a y VI).

    ``derivar(documento, contexto) -> dict`` devuelve los datos del documento nuevo con la
    forma del JSON canónico; ``contexto`` (``transparencia_fmt.derivacion.Contexto``) da el
    formato de destino, sus columnas por título oficial, los documentos de apoyo
    (``fuentes``), ``url_publicada(documento)`` y ``hallazgo(mensaje, …)`` para decir qué no
    se pudo llenar. Opcionales: ``aplica(documento) -> str | None`` (None si aplica; si no,
    por qué) y ``apoyos`` (ids de formato que se buscan en el espacio de trabajo, p. ej.
    ``("Seguimiento_POA",)``). El programa sella el resultado con ``derivado_de`` (derivación,
    fecha y, por fuente, formato, periodo, archivo y SHA-256 de la versión) y lo valida: una
    derivación nunca inventa; lo que el origen no dice queda vacío y explicado en la Nota.
    Si dos plugins registran el mismo ``nombre``, gana el último.
    """


#: Nombres de los ganchos, para avisar de implementaciones mal escritas.
GANCHOS = (
    "registrar_exportadores",
    "registrar_importadores",
    "registrar_esquemas",
    "validar_documento",
    "registrar_derivaciones",
)
