"""Lo que se ve dentro de un .xlsx sin abrirlo con una biblioteca de hojas de cálculo.

- `diagnosticar`: qué es en realidad un archivo que no se pudo abrir como libro (un .xls
  antiguo, una hoja de LibreOffice, un CSV renombrado, un ZIP roto o incompleto), para
  explicarlo en español en lugar del nombre de la excepción de la biblioteca.
- `formulas_sin_valor`: celdas con fórmula pero sin valor calculado (así las escriben los
  programas, no Excel): quien las lee ve una celda vacía, y eso no debe pasar en silencio.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

__all__ = ["diagnosticar", "formulas_sin_valor"]

_MAXIMO_FORMULAS = 10_000


def diagnosticar(ruta: Path) -> str:
    """Frase en español que dice por qué `ruta` no es un libro .xlsx (o .ods) legible y qué
    hacer."""
    try:
        with ruta.open("rb") as f:
            cabecera = f.read(8)
    except OSError:
        return "no se pudo leer el archivo"
    if cabecera.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "es un libro de Excel 97-2003 (.xls) o está cifrado con contraseña; ábralo en Excel "
            "y guárdelo como «Libro de Excel (.xlsx)» sin contraseña"
        )
    if not cabecera.startswith(b"PK"):
        return (
            "no es un libro de Excel (no es un archivo .xlsx; ¿es un CSV o un texto con la "
            "extensión cambiada?); ábralo en Excel y guárdelo como «Libro de Excel (.xlsx)»"
        )
    try:
        with zipfile.ZipFile(ruta) as z:
            nombres = set(z.namelist())
            if "mimetype" in nombres and b"opendocument" in z.read("mimetype"):
                if ruta.suffix.lower() != ".ods":
                    return (
                        f"es una hoja de cálculo de LibreOffice u OpenOffice (.ods) con la "
                        f"extensión «{ruta.suffix}»; cámbiele la extensión a .ods o guárdela "
                        "como «Libro de Excel 2007-365 (.xlsx)»"
                    )
                return (
                    "es una hoja de cálculo de LibreOffice u OpenOffice (.ods) que no se pudo "
                    "leer (¿está dañada?); ábrala en LibreOffice y guárdela de nuevo, o "
                    "guárdela como «Libro de Excel 2007-365 (.xlsx)»"
                )
            if "xl/workbook.xml" in nombres and ruta.suffix.lower() == ".ods":
                # python-calamine elige el lector por la extensión: lo lee como .ods.
                return (
                    f"es un libro de Excel (.xlsx) con la extensión «{ruta.suffix}»; cámbiele "
                    "la extensión a .xlsx"
                )
            if "xl/workbook.xml" not in nombres:
                return (
                    "es un archivo ZIP pero no un libro de Excel (le falta xl/workbook.xml); "
                    "guárdelo desde Excel como «Libro de Excel (.xlsx)»"
                )
            malo = z.testzip()
            if malo is not None:
                return f"está dañado (la parte {malo} no se puede leer); vuelva a copiarlo"
    except zipfile.BadZipFile:
        return (
            "está dañado o incompleto (el ZIP que lo forma está cortado: ¿se copió o descargó "
            "a medias?); vuelva a copiarlo o guárdelo de nuevo desde Excel"
        )
    except (OSError, KeyError, RuntimeError, EOFError, ValueError):
        return "está dañado; vuelva a copiarlo o guárdelo de nuevo desde Excel"
    return "está dañado o tiene un contenido que no se reconoce; guárdelo de nuevo desde Excel"


_HOJA = re.compile(rb"<sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]*)\"")
_HOJA_INVERSA = re.compile(rb"<sheet\b[^>]*?\br:id=\"([^\"]*)\"[^>]*?\bname=\"([^\"]*)\"")
_RELACION = re.compile(rb"<Relationship\b[^>]*?\bId=\"([^\"]*)\"[^>]*?\bTarget=\"([^\"]*)\"")
_RELACION_INVERSA = re.compile(
    rb"<Relationship\b[^>]*?\bTarget=\"([^\"]*)\"[^>]*?\bId=\"([^\"]*)\""
)
_REF = re.compile(rb"\br=\"([A-Z]+[0-9]+)\"")
#: Un valor guardado no vacío («<v></v>» es lo que deja openpyxl: sin valor calculado).
_CON_VALOR = re.compile(rb"<v(?:\s[^>]*)?>[^<]|<is>")
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)


def _xml(texto: bytes) -> str:
    return (
        texto.decode("utf-8", "replace")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
    )


def formulas_sin_valor(ruta: Path, hoja: str) -> list[tuple[str, str]]:
    """(celda, fórmula) de cada celda de `hoja` con fórmula y sin valor calculado guardado."""
    try:
        with zipfile.ZipFile(ruta) as z:
            libro = z.read("xl/workbook.xml")
            relaciones = z.read("xl/_rels/workbook.xml.rels")
            ids = {_xml(n): i for n, i in _HOJA.findall(libro)}
            ids.update({_xml(n): i for i, n in _HOJA_INVERSA.findall(libro)})
            destinos = dict(_RELACION.findall(relaciones))
            destinos.update({i: t for t, i in _RELACION_INVERSA.findall(relaciones)})
            destino = destinos.get(ids.get(hoja, b""), b"").decode("utf-8", "replace")
            if not destino:
                return []
            parte = destino.lstrip("/") if destino.startswith("/") else f"xl/{destino}"
            halladas: list[tuple[str, str]] = []
            # Por trozos (la hoja de 100,000 filas pesa cientos de MB): cada trozo termina
            # en un «</c>», así que toda celda con fórmula queda entera en un trozo.
            resto = b""
            with z.open(posixpath.normpath(parte)) as hoja_xml:
                while len(halladas) < _MAXIMO_FORMULAS:
                    trozo = hoja_xml.read(_TROZO)
                    xml = resto + trozo
                    corte = len(xml)
                    if trozo:
                        fin = xml.rfind(b"</c>")
                        corte = fin + 4 if fin >= 0 else 0
                    xml, resto = xml[:corte], xml[corte:]
                    if b"<f" in xml:  # lo común: ninguna fórmula, nada que recorrer
                        halladas += _formulas_en(xml, _MAXIMO_FORMULAS - len(halladas))
                    if not trozo:
                        break
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError):
        return []
    return halladas


#: Bytes de la hoja que se leen a la vez.
_TROZO = 1 << 20


def _formulas_en(xml: bytes, maximo: int) -> list[tuple[str, str]]:
    """(celda, fórmula) de las celdas con fórmula y sin valor de un trozo de celdas enteras."""
    halladas: list[tuple[str, str]] = []
    posicion = 0
    while len(halladas) < maximo:
        f = xml.find(b"<f", posicion)
        if f < 0:
            break
        inicio = xml.rfind(b"<c ", 0, f)
        fin = xml.find(b"</c>", f)
        fin = len(xml) if fin < 0 else fin
        posicion = fin
        celda = xml[inicio:fin]
        if inicio < 0 or _CON_VALOR.search(celda):
            continue
        ref = _REF.search(celda[: celda.find(b">") + 1])
        formula = _FORMULA.search(celda)
        texto = _xml(formula.group(1) or b"") if formula else ""
        halladas.append(
            (ref.group(1).decode() if ref else "?", f"={texto}" if texto else "(compartida)")
        )
    return halladas
