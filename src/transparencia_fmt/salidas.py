"""Adónde va lo que se escribe: una sola regla para `tfmt exportar`, `plantilla`, `estado`,
`demo` y la publicación del espacio de trabajo.

- Una ruta que termina en separador («nueva/») o que nombra una carpeta que existe es una
  carpeta: dentro va un archivo por exportador, con el nombre de la entrada.
- Con un solo exportador, cualquier otra ruta es el archivo; si no trae extensión («salida»),
  se le pone la del exportador («salida.pdf»).
- Con varios exportadores, la ruta es siempre carpeta.
- Un archivo con la extensión de otro tipo («informe.docx» para un PDF) es un error de uso:
  Word no abriría ese PDF. «-o -» (la pantalla) lo atiende cada comando antes de llegar aquí.

La biblioteca (`tf.exportar`) sigue la misma regla de carpeta; una ruta de archivo se usa
tal cual (`destino_de_exportacion`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .contrato_exportador import problema_extension, problema_nombre
from .errores import ErrorDePlugin, ErrorDeUso
from .fallos import limpiar_terminal

#: Una extensión de verdad: letras (y dígitos tras la primera letra), como «.pdf» o «.mp4».
_EXTENSION = re.compile(r"^\.[A-Za-z][A-Za-z0-9]{0,7}$")


def nombre_archivo(base: str, exportador: Any) -> str:
    """«POA» + pdf → «POA.pdf»; con un nombre distinto de su extensión (csv-excel) se
    distingue: «POA.csv-excel.csv», para que dos exportadores no se pisen en una carpeta."""
    extension = extension_segura(exportador)
    problema = problema_nombre(exportador.nombre)
    if problema:
        raise _exportador_invalido(exportador, problema)
    if exportador.nombre == extension.lstrip("."):
        return f"{base}{extension}"
    return f"{base}.{exportador.nombre}{extension}"


def extension_segura(exportador: Any) -> str:
    """La extensión del exportador, revisada otra vez aquí (además de al registrarlo): un
    objeto que llega por la biblioteca o que cambió después no debe poder escribir con «/» o
    «..» fuera de la carpeta de salida."""
    extension = getattr(exportador, "extension", None)
    problema = problema_extension(extension)
    if problema:
        raise _exportador_invalido(exportador, problema)
    return str(extension)


def _exportador_invalido(exportador: Any, problema: str) -> ErrorDePlugin:
    return ErrorDePlugin(
        f"El exportador {getattr(exportador, 'nombre', exportador)!r} no cumple el contrato: "
        f"{problema}. No se escribió nada; avise a quien mantiene el plugin."
    )


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


def archivo_de(salida: str | Path, extension: str, tipo: str) -> Path:
    """`con_extension`, y un error de uso si `salida` ya trae la extensión de otro tipo."""
    ruta = con_extension(Path(salida), extension)
    if not ruta.name.lower().endswith(extension.lower()):
        sugerida = limpiar_terminal(str(ruta.with_suffix(extension)))
        raise ErrorDeUso(
            f"La salida {limpiar_terminal(str(ruta))} termina en {ruta.suffix}, pero {tipo} "
            f"escribe archivos {extension}: use -o {sugerida} (o una carpeta, terminada en "
            f"«{os.sep}»). No se escribió nada."
        )
    return ruta


def _no_pantalla(salida: str | Path) -> None:
    """«-o -» nunca es un archivo llamado «-» (quien imprime en pantalla lo atiende antes)."""
    if os.fspath(salida) == "-":
        raise ErrorDeUso(
            "«-o -» (la pantalla) no se puede usar aquí; indique un archivo o una carpeta."
        )


def destinos(
    salida: str | Path | None,
    base: str,
    exportadores: Sequence[Any],
    por_omision: Path,
) -> list[Path]:
    """Un destino por exportador según la regla del módulo (por omisión, `por_omision/`)."""
    if salida is not None and str(salida) != "":
        _no_pantalla(salida)
        if len(exportadores) == 1 and not es_carpeta(salida):
            archivo, unico = Path(salida), exportadores[0]
            destino = archivo_de(archivo, extension_segura(unico), str(unico.nombre))
            return [_dentro(destino, archivo.parent, unico)]
        carpeta = Path(salida)
    else:
        carpeta = por_omision
    rutas = [_dentro(carpeta / nombre_archivo(base, e), carpeta, e) for e in exportadores]
    _sin_choques(rutas, exportadores)
    return rutas


def _sin_choques(rutas: list[Path], exportadores: Sequence[Any]) -> None:
    """Dos exportadores distintos cuyos archivos sólo cambian en mayúsculas («fr5.Texto.txt»,
    «fr5.texto.txt») se pisarían en Windows y macOS: error del plugin, en cualquier sistema."""
    vistos: dict[str, Any] = {}
    for ruta, exportador in zip(rutas, exportadores, strict=True):
        otro = vistos.setdefault(ruta.name.casefold(), exportador)
        if getattr(otro, "nombre", otro) != getattr(exportador, "nombre", exportador):
            raise _exportador_invalido(
                exportador,
                f"su archivo {limpiar_terminal(ruta.name)} es, en Windows, el mismo que el de "
                f"{getattr(otro, 'nombre', otro)!r} (sólo cambian mayúsculas)",
            )


def _dentro(destino: Path, carpeta: Path, exportador: Any) -> Path:
    """Defensa final: el archivo de un exportador queda justo en la carpeta pedida."""
    if destino.parent != carpeta or destino.name in ("", ".", ".."):
        raise _exportador_invalido(exportador, f"su archivo saldría de {carpeta}")
    return destino


def destino_de_exportacion(destino: str | Path, base: str, exportador: Any) -> Path:
    """Para la biblioteca (`tf.exportar`): carpeta → carpeta/nombre como en el CLI; otra ruta
    es el archivo tal cual (sin agregar extensión: quien programa eligió el nombre)."""
    if es_carpeta(destino):
        return Path(destino) / nombre_archivo(base, exportador)
    return Path(destino)


def destino_unico(salida: str | Path | None, nombre: str, extension: str) -> Path:
    """Para lo que escribe un solo archivo (plantillas): carpeta → carpeta/nombre; sin
    extensión → se agrega; nada → `nombre` en la carpeta actual."""
    if salida is None or str(salida) == "":
        return Path(nombre)
    _no_pantalla(salida)
    if es_carpeta(salida):
        return Path(salida) / nombre
    return archivo_de(salida, extension, extension.lstrip("."))


def no_pisar_entrada(destino: Path, documento: Any) -> None:
    """Error de uso si `destino` es el archivo del que se leyó `documento` o uno que se leyó
    con él (tablas secundarias CSV, datapackage.json): exportar nunca reemplaza los datos de
    quien exporta. Una sola regla para `tfmt exportar` y `tf.exportar`. `samefile` reconoce el
    mismo archivo con otra ruta, otras mayúsculas (Windows, macOS) o por un enlace."""
    origen = getattr(documento, "origen", None)
    if origen is None:
        return
    for entrada in (Path(origen), *getattr(documento, "acompanantes", ())):
        try:
            mismo = os.path.samefile(destino, entrada)
        except OSError:  # uno de los dos no existe: no hay nada que pisar
            continue
        if mismo:
            cual = (
                "el archivo de entrada"
                if entrada == Path(origen)
                else (f"{limpiar_terminal(entrada.name)}, que se leyó con la entrada")
            )
            raise ErrorDeUso(
                f"La salida {limpiar_terminal(str(destino))} sobrescribiría {cual}; indique "
                "otro nombre o una carpeta (-o en tfmt). No se escribió nada."
            )
