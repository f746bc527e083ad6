"""transparencia_fmt: formatos de transparencia (LGTAIP/LTG) como datos.

API pública::

    import transparencia_fmt as tf
    cat = tf.catalogo()
    fmt = cat.formato("LGT_Art_70_Fr_V")        # o "5 LGT_Art_70_Fr_V"
    doc = tf.cargar("ejemplos/LGT_Art_70_Fr_V.json")
    informe = tf.validar(doc)
    tf.exportar(doc, "csv", "salida/fr_v.csv")
    poa = tf.cargar("ejemplos/Plan_Operativo_Anual.json")
    tf.derivaciones_de(poa)                         # qué formatos se arman del POA
    fr_iv = tf.derivar(poa, "LGT_Art_70_Fr_IV")    # un Documento sellado con derivado_de
"""

from __future__ import annotations

import os
import sys
import types

# Sin `typing` ni `pathlib` aquí: lo que este archivo importa corre antes de que `consola`
# pueda atender un Ctrl-C, y `--help` no los necesita. mypy entiende esta constante.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from .catalogo import Catalogo
    from .contrato import Configuracion, Exportador, Importador
    from .documento import Documento
    from .entorno import Entorno
    from .errores import (
        ErrorDeDatos,
        ErrorDePlugin,
        ErrorDeUso,
        ExportadorDesconocido,
        FormatoDesconocido,
        TransparenciaError,
    )
    from .filas import Tabla
    from .modelos import Columna, ErrorValidacion, Formato, Informe, Periodo
    from .plugins import AvisoPlugin, hookimpl

#: Nombre público → módulo que lo define. Se importan al pedirlos (PEP 562): `import
#: transparencia_fmt` (y con él `tfmt --help`) no carga attrs, pluggy ni los esquemas.
_PEREZOSOS = {
    "Catalogo": "catalogo",
    "Configuracion": "contrato",
    "Exportador": "contrato",
    "Importador": "contrato",
    "Documento": "documento",
    "ErrorDeDatos": "errores",
    "ErrorDePlugin": "errores",
    "ErrorDeUso": "errores",
    "ExportadorDesconocido": "errores",
    "FormatoDesconocido": "errores",
    "TransparenciaError": "errores",
    "Tabla": "filas",
    "Columna": "modelos",
    "ErrorValidacion": "modelos",
    "Formato": "modelos",
    "Informe": "modelos",
    "Periodo": "modelos",
    "AvisoPlugin": "errores",
    "hookimpl": "plugins",
}

__all__ = [
    "AvisoPlugin",
    "Catalogo",
    "Columna",
    "Configuracion",
    "Documento",
    "ErrorDeDatos",
    "ErrorDePlugin",
    "ErrorDeUso",
    "ErrorValidacion",
    "Exportador",
    "ExportadorDesconocido",
    "Formato",
    "Importador",
    "FormatoDesconocido",
    "Informe",
    "Periodo",
    "Tabla",
    "TransparenciaError",
    "cargar",
    "catalogo",
    "derivaciones_de",
    "derivar",
    "desde_dict",
    "exportar",
    "hookimpl",
    "validar",
]


def _desde_el_codigo_fuente() -> None:
    """Sin instalar (``PYTHONPATH=src``), exportadores/, importadores/, esquemas/ y ejemplos/
    están junto a src/: se suman a la ruta del paquete para que todo funcione igual."""
    raiz = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    if not os.path.isfile(os.path.join(raiz, "importadores", "__init__.py")):
        return  # instalado (rueda o editable): importlib.util no hace falta en el arranque
    import importlib.util

    if importlib.util.find_spec(__name__ + ".importadores") is None:
        __path__.append(raiz)


_desde_el_codigo_fuente()


class _Paquete(types.ModuleType):
    """`tf.catalogo` es la función pública: importar después (perezoso) el submódulo
    `transparencia_fmt.catalogo` no debe reemplazarla, como no lo hacía al importarlo antes."""

    def __setattr__(self, nombre: str, valor: Any) -> None:
        if nombre == "catalogo" and isinstance(valor, types.ModuleType):
            return
        super().__setattr__(nombre, valor)


sys.modules[__name__].__class__ = _Paquete


def _entorno() -> Entorno:
    from .entorno import entorno

    return entorno()


def catalogo() -> Catalogo:
    """El catálogo de formatos integrados y de plugins."""
    return _entorno().catalogo


def cargar(ruta: str | Path) -> Documento:
    """Lee un documento (JSON, CSV o lo que sepan leer los plugins instalados)."""
    return _entorno().cargar(ruta)


def desde_dict(datos: dict[str, Any]) -> Documento:
    """Arma un `Documento` a partir de un dict con la forma del JSON canónico."""
    from .documento import documento_desde_dict

    return documento_desde_dict(datos, catalogo())


def validar(documento: Documento) -> Informe:
    """Valida contra el esquema y las reglas (integradas y de plugins); no levanta por los
    datos. Pide un `Documento` (de `cargar` o `desde_dict`); otra cosa es TypeError."""
    return _entorno().validar(documento)


def exportar(documento: Documento, exportador: str, destino: str | Path) -> list[Path]:
    """Exporta con el exportador nombrado; devuelve los archivos escritos.

    `destino` es el archivo («salida/fr5.pdf», tal cual) o, si termina en «/» (o «\\» en
    Windows) o es una carpeta que existe, la carpeta donde se escribe «<nombre><extensión>»
    como en `tfmt exportar -o carpeta/`: el nombre del archivo leído («fr5.pdf») o, para un
    documento de `desde_dict`, el id del formato («LGT_Art_70_Fr_V.pdf»).
    """
    return _entorno().exportar(documento, exportador, destino)


def derivaciones_de(documento: Documento) -> list[dict[str, Any]]:
    """Qué formatos se pueden derivar de `documento`: destino, nombre, descripción y si aplica."""
    from . import derivacion as d

    ent = _entorno()
    resultado = []
    for r in d.disponibles(ent, documento.formato.id):
        motivo = d.motivo_no_aplica(r.objeto, documento)
        if motivo is None and r.objeto.destino not in ent.catalogo:
            motivo = f"el formato {r.objeto.destino} no está en el catálogo instalado"
        resultado.append(
            {
                "destino": r.objeto.destino,
                "derivacion": r.objeto.nombre,
                "descripcion": r.objeto.descripcion,
                "aplica": motivo is None,
                "motivo": motivo,
                "paquete": r.paquete,
            }
        )
    return resultado


def derivar(
    documento: Documento,
    formato_id: str,
    fuentes: dict[str, Documento] | None = None,
    url_base: str | None = None,
) -> Documento:
    """Arma el documento del formato `formato_id` a partir de `documento` (p. ej. el POA).

    `fuentes`: documentos de apoyo por id de formato (p. ej. ``{"Seguimiento_POA": seg}``);
    si el documento está en un espacio de trabajo se buscan ahí. El resultado lleva
    ``derivado_de`` y, en ``hallazgos``, lo que el origen no dice. Valídelo con `validar`.
    """
    from . import derivacion as d

    return d.derivar(_entorno(), documento, formato_id, fuentes=fuentes, url_base=url_base)


def __getattr__(nombre: str) -> Any:
    modulo = _PEREZOSOS.get(nombre)
    if modulo is not None:
        import importlib

        valor = getattr(importlib.import_module(f"{__name__}.{modulo}"), nombre)
        globals()[nombre] = valor  # la próxima vez, sin pasar por aquí
        return valor
    if nombre == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("transparencia-fmt")
        except PackageNotFoundError:  # pragma: no cover
            return "0+desconocida"
    raise AttributeError(f"module {__name__!r} has no attribute {nombre!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
