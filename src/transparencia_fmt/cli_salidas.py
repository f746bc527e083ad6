"""Lo que `tfmt exportar` y `tfmt plantilla` hacen con su salida además de la regla de
`salidas`: imprimir en pantalla con «-o -», no pisar una plantilla que ya existe y decir qué
exportador de plugin falló mientras los demás sí escribieron (sale con 7)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .errores import ErrorDeUso
from .fallos import limpiar_terminal

#: Lo que se puede leer en pantalla: texto, no un ZIP (DOCX, XLSX) ni un PDF.
EXTENSIONES_DE_TEXTO = frozenset({".json", ".csv", ".tsv", ".txt", ".md"})


def es_de_texto(exportador: Any) -> bool:
    """El exportador escribe texto (se puede mandar a la pantalla)."""
    return str(exportador.extension).lower() in EXTENSIONES_DE_TEXTO


def exigir_pantalla(pedidos: Sequence[Any], posibles: Iterable[str], otro: str) -> None:
    """«-o -» con un solo tipo de texto; si no, error de uso que dice cuáles pueden ir a la
    pantalla y qué escribir en su lugar (`otro`), antes de leer o escribir nada."""
    if len(pedidos) == 1 and es_de_texto(pedidos[0]):
        return
    lista = ", ".join(sorted(posibles))
    if len(pedidos) == 1:
        motivo = f"«{pedidos[0].nombre}» ({pedidos[0].extension}) no es texto"
    else:
        motivo = f"se pidieron {len(pedidos)} tipos y la pantalla recibe uno"
    raise ErrorDeUso(
        f"«-o -» imprime en pantalla un solo tipo de texto ({lista}); {motivo}. {otro}"
    )


def imprimir_exportado(entorno: Any, documento: Any, nombre: str) -> None:
    """Exporta a un temporal (con todo lo que `Entorno.exportar_archivo` garantiza) y manda el
    archivo principal a la salida estándar. Lo que no cabe en pantalla (tablas secundarias
    de un CSV) se avisa en stderr: nada se pierde sin decirlo."""
    import tempfile

    from .salidas import nombre_archivo

    exportador = entorno.exportador(nombre).objeto
    with tempfile.TemporaryDirectory(prefix="tfmt-pantalla-") as carpeta:
        destino = Path(carpeta) / nombre_archivo("pantalla", exportador)
        principal, *extras = entorno.exportar_archivo(documento, nombre, destino)
        escribir_bytes(principal.read_bytes())
    tablas = [r for r in extras if not r.name.endswith("datapackage.json")]
    if tablas:
        sys.stderr.write(
            f"AVISO: en pantalla va sólo la tabla principal; las {len(tablas)} tablas "
            "secundarias del formato se escriben con -o CARPETA/ (un archivo por tabla).\n"
        )


def escribir_bytes(datos: bytes) -> None:
    """Tal cual a un archivo o tubería (`> x.csv` da el mismo archivo que -o x.csv); en una
    terminal, como texto escapado: los datos no le mandan secuencias de escape."""
    salida = sys.stdout
    if getattr(salida, "cortada", False):
        return
    abajo = getattr(salida, "flujo", salida)
    crudo = getattr(abajo, "buffer", None)
    if crudo is None or salida.isatty():
        salida.write(datos.decode("utf-8-sig", errors="replace"))
        salida.flush()
        return
    salida.flush()
    try:
        crudo.write(datos)
        crudo.flush()
    except BrokenPipeError:
        cortar = getattr(salida, "cortar", None)
        if callable(cortar):
            cortar()  # quien leía ya no lee: el comando terminó bien y sale con 0


def no_reemplazar(rutas: Sequence[Path]) -> None:
    """Una plantilla ya escrita puede tener datos capturados: nunca se pisa. Error de uso
    con otro nombre libre que sugerir; el usuario decide (otro -o, o mover la suya)."""
    existentes = [r for r in rutas if r.exists() or r.is_symlink()]
    if not existentes:
        return
    principal = rutas[0]
    numero = 2
    while (sugerida := principal.with_name(_con_numero(principal.name, numero))).exists():
        numero += 1
    nombres = ", ".join(limpiar_terminal(str(r)) for r in existentes)
    raise ErrorDeUso(
        f"Ya existe {nombres}; no se reemplaza porque puede tener datos capturados. Para una "
        f"plantilla vacía nueva use otro nombre (p. ej. -o {limpiar_terminal(str(sugerida))}) "
        "o mueva o cambie de nombre el archivo que ya existe. No se escribió nada."
    )


def _con_numero(nombre: str, numero: int) -> str:
    """«ID.plantilla.xlsx» → «ID.plantilla-2.xlsx»."""
    base, punto, extension = nombre.rpartition(".")
    return f"{base}-{numero}.{extension}" if punto else f"{nombre}-{numero}"


def avisar_fallidos(fallidos: Sequence[tuple[Any, Exception]], hecho: str, quitar: str) -> int:
    """Cada exportador que falló (su error ya nombra plugin, paquete y versión) y un resumen
    de qué sí se hizo, en stderr; da el código de salida: 7 si alguno falló, si no 0."""
    from .errores import CodigoSalida

    if not fallidos:
        return 0
    for _, exc in fallidos:
        sys.stderr.write(f"ERROR: {exc}\n")
    nombres = "; ".join(
        dict.fromkeys(
            f"«{r.objeto.nombre}» ({f'{r.paquete} {r.version}'.strip()})" for r, _ in fallidos
        )
    )
    sys.stderr.write(
        f"ERROR: Falló el exportador {nombres}: es un defecto de su plugin, no de los datos; "
        f"{hecho}. Avise a quien mantiene el plugin o {quitar}.\n"
    )
    return int(CodigoSalida.ERROR_DE_PLUGIN)
