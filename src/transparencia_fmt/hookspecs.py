"""Especificación de los ganchos (hooks) de transparencia_fmt.

Un plugin es un módulo o clase con funciones marcadas con ``transparencia_fmt.hookimpl``,
publicado en el grupo de entry points ``transparencia_fmt``. Una implementación puede
aceptar sólo una parte de los argumentos del gancho. Ninguno de estos ganchos es
``firstresult``: se llaman todas las implementaciones y se juntan sus resultados.
Los exportadores, importadores y reglas integrados se registran exactamente igual.
"""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("transparencia_fmt")


@hookspec
def registrar_exportadores() -> Any:
    """Devuelve un exportador o una lista de exportadores.

    Un exportador es cualquier objeto con:

    - ``nombre`` (str): lo que se escribe en ``tfmt exportar --a NOMBRE`` (p. ej. ``"pdf"``);
    - ``extension`` (str): extensión del archivo, con punto (``".pdf"``);
    - ``descripcion`` (str): una línea en español para ``tfmt exportadores``;
    - ``exportar(documento, destino)``: escribe el documento en ``destino``, un flujo binario
      abierto para escritura. Para exportadores sencillos, ``documento.tabla()`` da
      ``.columnas`` (títulos oficiales, incluidas las columnas comunes) y ``.filas``
      (listas de valores ya formateados para personas: fechas dd/mm/aaaa, dinero con dos
      decimales); ``documento.tablas_secundarias()`` da las tablas secundarias.

    Opcionales: ``archivos_extra(documento, destino_principal) -> dict[nombre, bytes]`` para
    escribir archivos al lado del principal (el CSV escribe así ``datapackage.json``).
    El programa escribe en un archivo temporal y lo renombra al terminar: un exportador que
    falla no deja archivos a medias. Si dos plugins registran el mismo nombre, gana el último.
    """


@hookspec
def registrar_importadores() -> Any:
    """Devuelve un importador o una lista de importadores.

    Un importador tiene ``nombre``, ``extensiones`` (tupla, con punto, p. ej. ``(".csv",)``),
    ``descripcion`` e ``importar(ruta, catalogo) -> Documento``. Si no puede leer el archivo
    levanta ``transparencia_fmt.ErrorDeDatos`` con un mensaje en español que diga dónde.
    Opcional: ``reconoce(ruta, cabecera: bytes) -> bool`` para elegir por contenido.
    """


@hookspec
def registrar_esquemas() -> Any:
    """Devuelve rutas (``str`` o ``pathlib.Path``) de archivos o carpetas con esquemas JSON.

    Cada esquema (Draft 2020-12) con una anotación ``x-formato`` (``id``, ``tipo``…) se
    añade al catálogo; los demás sirven como definiciones comunes para ``$ref``. Los
    ``$ref`` se resuelven sin red, contra los esquemas integrados y los de los plugins.
    """


@hookspec
def validar_documento(formato: Any, documento: Any) -> Any:
    """Devuelve una lista de ``ErrorValidacion`` con reglas que un esquema no puede decir.

    Se llama después de la validación por esquema, con el ``Formato`` y el ``Documento``.
    Los datos pueden ser inválidos: la regla debe tolerar tipos inesperados (no levantar
    excepciones) y numerar los registros desde 1.
    """
