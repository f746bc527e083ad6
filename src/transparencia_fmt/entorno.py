"""El entorno de trabajo: plugins, catálogo, validador, exportadores e importadores juntos.

Es lo que usan el CLI y la API pública; se construye una vez por proceso.
"""

from __future__ import annotations

import functools
import stat
from pathlib import Path
from typing import Any

from attrs import define, field

from .catalogo import Catalogo
from .contrato import Configuracion
from .documento import Documento
from .errores import (
    ErrorDeDatos,
    ErrorDePlugin,
    ErrorDeUso,
    ExportadorDesconocido,
    TransparenciaError,
)
from .fallos import error_de_sistema, limpiar_terminal
from .metodos_attrs import repr_attrs
from .modelos import Informe
from .plugins import Aportacion, Gestor, crear_gestor
from .validacion import Validador


@define(eq=False)
class Entorno:
    """Plugins, catálogo y validador juntos: lo que usan el CLI y la API pública."""

    __repr__ = repr_attrs

    gestor: Gestor
    catalogo: Catalogo
    validador: Validador
    _exportadores: dict[str, Aportacion] | None = field(default=None, init=False)
    _importadores: list[Aportacion] | None = field(default=None, init=False)

    @classmethod
    def crear(
        cls,
        cargar_terceros: bool = True,
        extra: tuple[tuple[str, Any], ...] = (),
        configuracion: Configuracion | None = None,
    ) -> Entorno:
        """Gestor de plugins, catálogo y validador. `extra`: pares (nombre, plugin) para
        probar un plugin sin instalarlo; `configuracion`: opciones de los plugins (si no,
        las del archivo que nombra TFMT_CONFIGURACION)."""
        gestor = crear_gestor(
            cargar_terceros=cargar_terceros, extra=extra, configuracion=configuracion
        )
        catalogo = Catalogo.cargar(gestor)
        return cls(gestor, catalogo, Validador(catalogo, gestor))

    # -- exportadores e importadores -----------------------------------------------------
    @property
    def exportadores(self) -> dict[str, Aportacion]:
        """Exportadores por nombre (integrados y de plugins)."""
        if self._exportadores is None:
            # Entre plugins de terceros con el mismo nombre gana el último (como en datasette);
            # el gestor ya rechazó los que querían reemplazar a uno integrado.
            self._exportadores = {r.objeto.nombre: r for r in self.gestor.exportadores()}
        return self._exportadores

    @property
    def importadores(self) -> list[Aportacion]:
        """Importadores en orden de registro."""
        if self._importadores is None:
            self._importadores = self.gestor.importadores()
        return self._importadores

    def exportador(self, nombre: str) -> Aportacion:
        """El exportador `nombre`; ExportadorDesconocido si no existe."""
        try:
            return self.exportadores[nombre]
        except KeyError:
            raise ExportadorDesconocido(nombre, sorted(self.exportadores)) from None

    # -- operaciones ---------------------------------------------------------------------
    def cargar(self, ruta: str | Path) -> Documento:
        """Lee un archivo con el importador de su extensión (o contenido)."""
        ruta = Path(ruta)
        nombre = limpiar_terminal(str(ruta))
        try:
            info = ruta.stat()
        except FileNotFoundError:
            raise ErrorDeUso(
                f"No existe el archivo {nombre}. Revise la ruta y el nombre."
            ) from None
        except OSError as exc:
            raise error_de_sistema(exc, ruta, "leer") from exc
        if stat.S_ISDIR(info.st_mode):
            raise ErrorDeUso(f"{nombre} es una carpeta; indique un archivo.")
        if not stat.S_ISREG(info.st_mode):
            # Una tubería (FIFO) o un dispositivo: leerlo podría quedarse esperando para siempre.
            raise ErrorDeUso(
                f"{nombre} no es un archivo normal (es una tubería o un dispositivo); "
                "guarde los datos en un archivo y páselo a tfmt."
            )
        try:
            with ruta.open("rb") as f:
                cabecera = f.read(512)
        except OSError as exc:
            raise error_de_sistema(exc, ruta, "leer") from exc
        extension = ruta.suffix.lower()
        candidatos = [r for r in self.importadores if extension in r.objeto.extensiones]
        if not candidatos:
            candidatos = [
                r
                for r in self.importadores
                if callable(getattr(r.objeto, "reconoce", None)) and _reconoce(r, ruta, cabecera)
            ]
        if not candidatos:
            conocidas = sorted({e for r in self.importadores for e in r.objeto.extensiones})
            raise ErrorDeUso(
                f"No sé leer archivos «{extension or ruta.name}». Formatos que se leen: "
                f"{', '.join(conocidas)}."
            )
        registro = candidatos[-1]
        try:
            documento: Documento = registro.objeto.importar(ruta, self.catalogo)
            if isinstance(documento, Documento) and documento.origen is None:
                # Un importador de plugin armado con `desde_dict` no sabe de qué archivo vino:
                # sin esto los mensajes, el resumen y `--json` no nombrarían el archivo.
                documento.origen = ruta
            return documento
        except (ErrorDeDatos, ErrorDeUso):
            raise
        except OSError as exc:
            raise error_de_sistema(exc, exc.filename or ruta, "leer") from exc
        except RecursionError:
            raise ErrorDeDatos(
                f"{nombre}: los datos están anidados a demasiada profundidad (listas u objetos "
                "dentro de otros cientos de veces); un formato de transparencia no lo necesita.",
                archivo=str(ruta),
            ) from None
        except Exception as exc:  # noqa: BLE001 - el error de un importador de plugin se explica
            raise ErrorDeDatos(
                f"El importador «{registro.objeto.nombre}» ({registro.paquete}) no pudo leer "
                f"{nombre}: {type(exc).__name__}: {limpiar_terminal(str(exc))}",
                archivo=str(ruta),
            ) from exc

    def validar(self, documento: Documento) -> Informe:
        """Valida contra el esquema y las reglas; no levanta por los datos (un argumento que
        no es un `Documento` es un error de programación: TypeError)."""
        _exigir_documento(documento, "validar")
        return self.validador.validar(documento)

    def exportar(self, documento: Documento, nombre: str, destino: str | Path) -> list[Path]:
        """Exporta con el exportador `nombre`; devuelve los archivos escritos.

        `destino` sigue la regla de `tfmt exportar -o` (`salidas`): si termina en separador
        («salida/», o «salida\\» en Windows) o es una carpeta que existe, el archivo va dentro
        con el nombre de la entrada («fr5.pdf», «fr5.csv-excel.csv»; sin archivo de origen,
        el id del formato). Cualquier otra ruta es el archivo tal cual. Todo o nada. Nunca
        reemplaza el archivo de entrada ni los que se leyeron con él: ErrorDeUso."""
        _exigir_documento(documento, "exportar")
        if str(destino) == "":
            raise ErrorDeUso(
                "tf.exportar necesita un destino: un archivo o una carpeta («salida/»)."
            )
        from .salidas import destino_de_exportacion

        registro = self.exportador(nombre)
        archivo = destino_de_exportacion(destino, base_de_salida(documento), registro.objeto)
        return self.exportar_archivo(documento, nombre, archivo)

    def exportar_archivo(
        self, documento: Documento, nombre: str, destino: str | Path
    ) -> list[Path]:
        """Exporta a `destino`, que es el archivo (ya resuelto por `salidas`; una carpeta que
        existe es un error). Todo o nada: un fallo no deja archivos a medias."""
        from .atomico import comprobar_destino, escribir_atomico, reemplazar, temporal_junto_a
        from .contrato_exportador import problema_archivo_extra
        from .salidas import no_pisar_entrada

        registro = self.exportador(nombre)
        exportador = registro.objeto
        destino = Path(destino)
        comprobar_destino(destino)  # una carpeta o un nombre imposible: antes de exportar nada
        no_pisar_entrada(destino, documento)  # el archivo de entrada nunca se reemplaza
        escritos: list[Path] = []
        try:
            with temporal_junto_a(destino) as (flujo, temporal):
                exportador.exportar(documento, flujo)
            extra_fn = getattr(exportador, "archivos_extra", None)
            extras: dict[Any, Any] = dict(
                (extra_fn(documento, destino.name) if callable(extra_fn) else None) or {}
            )
            ocupados = {destino.name.casefold()}
            for nombre_extra in extras:  # todos antes de escribir el primero
                problema = problema_archivo_extra(nombre_extra, ocupados)
                if problema:
                    raise ErrorDePlugin(
                        f"El exportador «{nombre}» ({registro.paquete} {registro.version}) no "
                        f"cumple el contrato: archivos_extra dio un nombre inservible: "
                        f"{limpiar_terminal(problema)}. No se dejó ningún archivo; avise a "
                        "quien mantiene el plugin.",
                        plugin=registro.plugin,
                    )
                ocupados.add(nombre_extra.casefold())
            for nombre_extra, contenido in extras.items():
                ruta_extra = destino.parent / nombre_extra
                no_pisar_entrada(ruta_extra, documento)
                escribir_atomico(ruta_extra, contenido)
                escritos.append(ruta_extra)
            reemplazar(temporal, destino)
        except TransparenciaError:
            _borrar(escritos, destino)
            raise
        except OSError as exc:  # el equipo (disco, permisos), no el exportador
            _borrar(escritos, destino)
            raise error_de_sistema(exc, exc.filename or destino) from exc
        except (UnicodeError, RecursionError) as exc:  # los datos, no el exportador
            _borrar(escritos, destino)
            raise ErrorDeDatos(
                f"No se pudo exportar {limpiar_terminal(str(destino))}: los datos traen "
                + (
                    "texto con caracteres que no existen en Unicode (p. ej. «\\ud800» suelto)"
                    if isinstance(exc, UnicodeError)
                    else "listas u objetos anidados a demasiada profundidad"
                )
                + ". Valide el documento con «tfmt validar» para ver dónde. No se dejó ningún "
                "archivo.",
                archivo=str(documento.origen) if documento.origen else None,
            ) from exc
        except Exception as exc:  # noqa: BLE001 - se explica qué exportador falló y dónde
            _borrar(escritos, destino)
            raise ErrorDePlugin(
                f"El exportador «{nombre}» ({registro.paquete} {registro.version}) falló al "
                f"escribir {limpiar_terminal(destino.name)}: {type(exc).__name__}: "
                f"{limpiar_terminal(str(exc))}. No se dejó ningún archivo.",
                plugin=registro.plugin,
            ) from exc
        return [destino, *escritos]


def base_de_salida(documento: Documento) -> str:
    """El nombre base de lo exportado, como en el CLI: el del archivo leído sin extensión
    («fr5.json» → «fr5»); un documento armado en memoria usa el id de su formato."""
    if documento.origen is not None and Path(documento.origen).stem:
        return Path(documento.origen).stem
    return documento.formato.id


def _exigir_documento(documento: object, funcion: str) -> None:
    """`validar(dict)` es un error de quien programa, no de los datos: se dice qué pasar."""
    if isinstance(documento, Documento):
        return
    tipo = "un dict" if isinstance(documento, dict) else f"un {type(documento).__name__}"
    raise TypeError(
        f"{funcion}() espera un Documento de transparencia_fmt y recibió {tipo}. Arme el "
        "documento con tf.desde_dict(datos) (o documento_desde_dict) o léalo de un archivo "
        "con tf.cargar(ruta)."
    )


def nombre_de_salida(base: str, exportador: Any) -> str:
    """`base.pdf`, o `base.csv-excel.csv` cuando el nombre no es la extensión (CLI y web).

    La regla vive en `salidas` (con la de carpeta o archivo de `-o`)."""
    from .salidas import nombre_archivo

    return nombre_archivo(base, exportador)


def _reconoce(registro: Aportacion, ruta: Path, cabecera: bytes) -> bool:
    try:
        return bool(registro.objeto.reconoce(ruta, cabecera))
    except Exception:  # noqa: BLE001
        return False


def _borrar(rutas: list[Path], destino: Path) -> None:
    from .atomico import es_temporal, prefijo_temporal

    for r in rutas:
        r.unlink(missing_ok=True)
    prefijo = prefijo_temporal(destino)
    try:
        for t in destino.parent.glob("*.tmp"):
            if t.name.startswith(prefijo) and es_temporal(t):
                t.unlink(missing_ok=True)
    except OSError:
        pass


@functools.cache
def entorno() -> Entorno:
    """El entorno por omisión del proceso (con plugins de terceros, salvo TFMT_LOAD_PLUGINS)."""
    return Entorno.crear()
