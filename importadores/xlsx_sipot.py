"""Importador XLSX: plantilla de carga masiva del SIPOT y descargas de la PNT.

Lee por flujo con python-calamine (mucho más rápido) o, si no está, con openpyxl en modo
de sólo lectura; ninguno se importa al arrancar el programa. La misma plantilla guardada
como .ods por LibreOffice u OpenOffice se lee con python-calamine. El formato sale del id SIPOT
o el nombre corto (plantilla), del «Formato:» (PNT), de la propiedad que deja nuestro
exportador o de los encabezados. Las tablas secundarias vienen de las hojas «Tabla_<id>»,
enlazadas por el número de la celda principal (o por la columna ID de la PNT).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any

from transparencia_fmt.catalogo import Catalogo, normalizar
from transparencia_fmt.documento import Celdas, Documento, canonizar
from transparencia_fmt.errores import ErrorDeDatos
from transparencia_fmt.libro_sipot import HOJA_PNT, HOJA_SIPOT, hoja_tabla, sobre_guardado
from transparencia_fmt.modelos import Columna, ErrorValidacion
from transparencia_fmt.plugins import hookimpl
from transparencia_fmt.reconocimiento import metadatos_pnt, reconocer
from transparencia_fmt.tabla_a_documento import (
    LectorDeTabla,
    armar_datos,
    clave_enlace,
    clave_titulo,
    fila_vacia,
    texto_celda,
)
from transparencia_fmt.xlsx_crudo import diagnosticar, formulas_sin_valor

_CABEZA = 15


class Libro:
    """Hojas de un libro, leídas fila por fila (la fila 1 de Excel es la primera)."""

    def __init__(self, ruta: Path, motor: str | None = None) -> None:
        self.ruta = ruta
        self._cal: Any = None
        self._wb: Any = None
        if motor is None:
            motor = _motor(ruta)
        self.motor = motor
        try:
            if motor == "calamine":
                from python_calamine import CalamineWorkbook

                self._cal = CalamineWorkbook.from_path(str(ruta))
                self.hojas: list[str] = list(self._cal.sheet_names)
            else:
                from transparencia_fmt.importadores import xlsx_flujo

                self._wb = xlsx_flujo.abrir(ruta)
                self.hojas = list(self._wb.sheetnames)
        except Exception as exc:  # noqa: BLE001 - cualquier fallo del lector se explica igual
            raise ErrorDeDatos(
                f"{ruta}: no se puede abrir como hoja de cálculo: {diagnosticar(ruta)}.",
                archivo=str(ruta),
            ) from exc

    def filas(self, hoja: str) -> Iterator[Sequence[Any]]:
        """Las filas de `hoja`, como tuplas de valores."""
        if self._cal is None:
            from transparencia_fmt.importadores.xlsx_flujo import filas

            yield from filas(self._wb[hoja])  # sin confiar en la dimensión que declara
            return
        hoja_cal = self._cal.get_sheet_by_name(hoja)
        if hoja_cal.start is None:
            return
        fila0, col0 = hoja_cal.start
        filas = iter(hoja_cal.iter_rows())
        primera = next(filas, None)
        if primera is None:
            return
        if fila0 and any(c != "" for c in primera):
            yield from [()] * fila0  # esta versión no rellena las filas iniciales vacías
        relleno = [""] * col0  # ni rellena las columnas iniciales vacías
        for fila in chain([primera], filas):
            yield relleno + fila if col0 else fila

    def cerrar(self) -> None:
        """Libera el archivo."""
        for libro in (self._cal, self._wb):
            cerrar = getattr(libro, "close", None)  # python-calamine antiguo no lo tiene
            if cerrar is not None:
                cerrar()


#: Hojas más grandes que esto (XML sin comprimir) se leen por flujo con openpyxl: calamine
#: carga la hoja entera antes de dar la primera fila (cada fila quedaría dos veces en memoria).
LIMITE_CALAMINE = 8 * 2**20


def _motor(ruta: Path) -> str:
    """python-calamine (mucho más rápido) si está instalado y las hojas son chicas; si no,
    openpyxl en modo de sólo lectura, con memoria acotada (issue 13). Un .ods (sin
    xl/worksheets/) va siempre a python-calamine: openpyxl no lo lee."""
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return "openpyxl"
    try:
        with zipfile.ZipFile(ruta) as z:
            hojas = sum(
                i.file_size for i in z.infolist() if i.filename.startswith("xl/worksheets/")
            )
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError):
        return "calamine"  # el lector dirá qué tiene el archivo
    return "calamine" if hojas <= LIMITE_CALAMINE else "openpyxl"


class ImportadorXLSX:
    """Plantilla del SIPOT o descarga de la PNT en Excel."""

    nombre = "xlsx"
    extensiones = (".xlsx", ".xlsm", ".ods")
    descripcion = (
        "Libro de Excel o de LibreOffice (.ods): plantilla de carga masiva del SIPOT o "
        "descarga de la PNT"
    )

    def __init__(self, motor: str | None = None) -> None:
        self.motor = motor

    def reconoce(self, ruta: Path, cabecera: bytes) -> bool:
        """Es un zip (los .xlsx y los .ods lo son)."""
        return cabecera.startswith(b"PK\x03\x04")

    def importar(self, ruta: Path, catalogo: Catalogo) -> Documento:
        """Lee la hoja principal y las tablas secundarias."""
        libro = Libro(ruta, self.motor)
        try:
            return _importar(libro, ruta, catalogo)
        except (ErrorDeDatos, TypeError, AttributeError, NameError):
            raise  # los datos ya explicados, o un defecto del programa (error interno)
        except Exception as exc:  # noqa: BLE001 - una hoja dañada a media lectura
            raise ErrorDeDatos(
                f"{ruta}: el libro se abrió pero no se pudo leer completo: {diagnosticar(ruta)}.",
                archivo=str(ruta),
            ) from exc
        finally:
            libro.cerrar()


def _importar(libro: Libro, ruta: Path, catalogo: Catalogo) -> Documento:
    principal = _hoja_principal(libro, ruta)
    filas = iter(libro.filas(principal))
    cabeza = list(islice(filas, _CABEZA))
    textos = [[texto_celda(c) for c in f] for f in cabeza]
    sobre = sobre_guardado(ruta)
    meta = metadatos_pnt(textos)
    pistas = [sobre.get("formato"), *_pistas_sipot(textos), meta.get("formato")]
    formato, inicio = reconocer(textos, catalogo, pistas, ruta, f", hoja «{principal}»")
    if meta.get("nombre del sujeto obligado") and "sujeto_obligado" not in sobre:
        sobre["sujeto_obligado"] = meta["nombre del sujeto obligado"]
    armador = _lector(
        formato.columnas, cabeza, inicio, ruta, principal, f"del formato {formato.id}"
    )
    for numero, fila in enumerate(chain(cabeza[inicio + 1 :], filas), start=inicio + 2):
        if not fila_vacia(fila):
            armador.agregar(numero, fila)
    armador.sin_mas_filas()
    for celda, formula in formulas_sin_valor(ruta, principal):
        armador.hallazgos.append(
            ErrorValidacion(
                codigo="formula-sin-valor",
                mensaje=f"La celda {celda} tiene la fórmula {formula} sin valor calculado (el "
                "archivo lo escribió un programa, no Excel), así que se lee vacía. Ábralo en "
                "Excel y guárdelo para que calcule, o escriba el valor en lugar de la fórmula.",
                archivo=str(ruta),
                hoja=principal,
                columna=f"celda {celda}",
                valor=formula,
            )
        )
    usadas = _secundarias(libro, armador, ruta)
    _otras_hojas(libro, {principal, *usadas}, armador.hallazgos, ruta)
    datos = armar_datos(formato, armador, sobre)
    celdas = Celdas(principal, armador.filas_hoja, armador.letras)
    return Documento(
        formato=formato,
        datos=canonizar(datos),
        origen=ruta,
        hallazgos=armador.hallazgos,
        celdas=celdas,
    )


def _lector(
    columnas: Sequence[Columna],
    cabeza: Sequence[Sequence[Any]],
    inicio: int,
    ruta: Path,
    hoja: str,
    origen: str,
    con_id: bool = False,
) -> LectorDeTabla:
    """El lector de la hoja, con la fila `inicio` de encabezados (contando desde 0)."""
    return LectorDeTabla(
        columnas,
        cabeza[inicio],
        archivo=str(ruta),
        hoja=hoja,
        fila_cabecera=inicio + 1,
        origen=origen,
        con_id=con_id,
    )


def _auxiliar(hoja: str) -> bool:
    return hoja.lower().startswith(("hidden", "tabla_"))


def _hoja_principal(libro: Libro, ruta: Path) -> str:
    por_nombre = {normalizar(h): h for h in libro.hojas}
    for nombre in (HOJA_SIPOT, HOJA_PNT):
        if normalizar(nombre) in por_nombre:
            return por_nombre[normalizar(nombre)]
    hoja = next((h for h in libro.hojas if not _auxiliar(h)), None)
    if hoja is None:
        raise ErrorDeDatos(
            f"{ruta}: el libro no tiene una hoja de datos («{HOJA_SIPOT}» o «{HOJA_PNT}»).",
            archivo=str(ruta),
        )
    return hoja


def _pistas_sipot(textos: list[list[str]]) -> list[str]:
    """A1 (id del formato) y los valores bajo «NOMBRE CORTO» y «TÍTULO»."""
    pistas = [textos[0][0]] if textos and textos[0] else []
    for r, fila in enumerate(textos[:5]):
        for c, celda in enumerate(fila):
            if normalizar(celda) in ("nombre corto", "titulo") and r + 1 < len(textos):
                debajo = textos[r + 1]
                if c < len(debajo):
                    pistas.append(debajo[c])
    return pistas


# -- tablas secundarias ----------------------------------------------------------------
def _secundarias(libro: Libro, armador: LectorDeTabla, ruta: Path) -> set[str]:
    usadas: set[str] = set()
    for clave, (col, hoja_titulo) in armador.tablas.items():
        candidatas = [hoja_titulo, hoja_tabla(col)]
        candidatas.append(f"Tabla_{col.clave}"[:31])
        hoja = next((h for h in candidatas if h and h in libro.hojas), None)
        enlaces = armador.enlaces[clave]
        if hoja is None:
            if any(enlaces):
                nombre = next(h for h in candidatas if h)
                armador.hallazgos.append(
                    ErrorValidacion(
                        codigo="hoja-faltante",
                        mensaje=f"La columna «{col.titulo}» enlaza filas de la hoja «{nombre}», "
                        "que no "
                        "está en el libro: esas filas faltan. Agregue la hoja.",
                        columna=col.titulo,
                        archivo=str(ruta),
                    )
                )
            continue
        usadas.add(hoja)
        del enlaces  # quedan en `destinos`: que la lista no los guarde otra vez
        destinos = _destinos(armador.enlaces.pop(clave), armador.ids)
        _leer_tabla(libro, hoja, col, destinos, armador, ruta)
    return usadas


def _destinos(enlaces: Sequence[str], ids: Sequence[str]) -> dict[str, int | list[int]]:
    """Enlace → índice del registro que lo trae (una lista sólo si varios lo comparten): un
    entero por registro, no una lista (issue 13: memoria de la importación)."""
    destinos: dict[str, int | list[int]] = {}
    for i, enlace in enumerate(enlaces):
        enlace = enlace or (ids[i] if ids else "")
        if not enlace:
            continue
        previo = destinos.setdefault(enlace, i)
        if previo != i:
            if isinstance(previo, int):
                destinos[enlace] = previo = [previo]
            previo.append(i)
    return destinos


def _leer_tabla(
    libro: Libro,
    hoja: str,
    col: Columna,
    destinos: dict[str, int | list[int]],
    armador: LectorDeTabla,
    ruta: Path,
) -> None:
    filas = iter(libro.filas(hoja))
    cabeza = list(islice(filas, 6))
    inicio = next((i for i, f in enumerate(cabeza) if f and clave_titulo(f[0]) == "id"), None)
    if inicio is None:
        armador.hallazgos.append(
            ErrorValidacion(
                codigo="sin-encabezados",
                mensaje=f"La hoja «{hoja}» no tiene la fila de encabezados que empieza con «ID»; "
                "no se leyó.",
                archivo=str(ruta),
                hoja=hoja,
            )
        )
        return
    sub = _lector(col.subcolumnas, cabeza, inicio, ruta, hoja, f"de la tabla «{col.titulo}»", True)
    for numero, fila in enumerate(chain(cabeza[inicio + 1 :], filas), start=inicio + 2):
        if fila_vacia(fila):
            continue
        enlace = clave_enlace(fila[0])
        indices = destinos.get(enlace, ())
        sub.agregar_enlazada(
            armador.registros,
            col.clave,
            (indices,) if isinstance(indices, int) else indices,
            numero,
            fila,
            enlace,
        )
    armador.hallazgos.extend(sub.hallazgos)


def _otras_hojas(
    libro: Libro, leidas: set[str], hallazgos: list[ErrorValidacion], ruta: Path
) -> None:
    """Toda hoja que no se leyó se nombra (salvo los catálogos Hidden_…)."""
    for hoja in libro.hojas:
        if hoja in leidas or hoja.lower().startswith("hidden"):
            continue
        tabla = hoja.lower().startswith("tabla_")
        hallazgos.append(
            ErrorValidacion(
                codigo="hoja-sin-columna" if tabla else "hoja-ignorada",
                mensaje=f"La hoja «{hoja}» "
                + (
                    "no corresponde a ninguna columna de tabla secundaria del formato; sus "
                    "filas no se leyeron. Revise el nombre de la hoja o el encabezado."
                    if tabla
                    else "no es parte del formato y no se leyó."
                ),
                severidad="error" if tabla else "advertencia",
                archivo=str(ruta),
                hoja=hoja,
            )
        )


@hookimpl
def registrar_importadores() -> list[Any]:
    """El importador XLSX."""
    return [ImportadorXLSX()]
