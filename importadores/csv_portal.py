"""Importador CSV: el del portal (con su datapackage.json), uno guardado por Excel (cp1252,
«;») o una descarga de la PNT (tres líneas de metadatos antes de los encabezados).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from transparencia_fmt.catalogo import Catalogo
from transparencia_fmt.decodificacion import decodificar, leer_texto, revisar_acentos
from transparencia_fmt.documento import Documento, canonizar
from transparencia_fmt.errores import ErrorDeDatos
from transparencia_fmt.modelos import ErrorValidacion, Formato
from transparencia_fmt.plugins import hookimpl
from transparencia_fmt.reconocimiento import metadatos_pnt, reconocer
from transparencia_fmt.tabla_a_documento import LectorDeTabla, armar_datos


class ImportadorCSV:
    """CSV del portal, de Excel o de la PNT."""

    nombre = "csv"
    extensiones = (".csv", ".txt")
    descripcion = (
        "CSV del portal (perfiles datos-abiertos y excel), CSV de Excel (cp1252, «;») y "
        "descargas CSV de la PNT"
    )

    def importar(self, ruta: Path, catalogo: Catalogo) -> Documento:
        """Lee el CSV, sus tablas secundarias y su datapackage.json."""
        texto, codificacion = decodificar(ruta)
        filas = _leer_csv(texto)
        paquete, leidos = _leer_paquete(ruta)
        sobre: dict[str, Any] = dict(paquete.get("x-documento") or {})
        meta = metadatos_pnt(filas[:6])
        formato, inicio = reconocer(
            filas, catalogo, [sobre.get("formato"), meta.get("formato")], ruta
        )
        if meta.get("nombre del sujeto obligado") and "sujeto_obligado" not in sobre:
            sobre["sujeto_obligado"] = meta["nombre del sujeto obligado"]
        armador = LectorDeTabla(
            formato.columnas,
            filas[inicio],
            archivo=str(ruta),
            fila_cabecera=inicio + 1,
            restaurar=True,
            origen=f"del formato {formato.id}",
        )
        for numero, fila in enumerate(filas[inicio + 1 :], start=inicio + 2):
            if any(c.strip() for c in fila):
                armador.agregar(numero, fila)
        leidos += _secundarias(ruta, formato, armador.registros, paquete, armador.hallazgos)
        datos = armar_datos(formato, armador, sobre)
        hallazgos = revisar_acentos(texto, str(ruta), codificacion) + armador.hallazgos
        return Documento(
            formato=formato,
            datos=canonizar(datos),
            origen=ruta,
            hallazgos=hallazgos,
            acompanantes=tuple(leidos),
        )


def _leer_csv(texto: str) -> list[list[str]]:
    lineas = [linea for linea in texto[:8192].splitlines() if linea.strip()][:8]
    # la línea más larga (encabezados) decide; las de metadatos de la PNT son cortas
    muestra = max(lineas, key=len) if lineas else ""
    separador = max((",", ";", "\t"), key=muestra.count)
    return list(csv.reader(io.StringIO(texto, newline=""), delimiter=separador))


def _leer_paquete(ruta: Path) -> tuple[dict[str, Any], list[Path]]:
    """El datapackage.json de al lado (si hay) y la lista de archivos leídos."""
    candidato = ruta.with_name(ruta.stem + ".datapackage.json")
    if not candidato.exists():
        return {}, []
    try:
        paquete = json.loads(leer_texto(candidato))
    except ValueError as exc:
        raise ErrorDeDatos(
            f"{candidato}: JSON mal escrito ({exc}).", archivo=str(candidato)
        ) from exc
    return (paquete if isinstance(paquete, dict) else {}), [candidato]


def _secundarias(
    ruta: Path,
    formato: Formato,
    registros: list[dict[str, Any]],
    paquete: Mapping[str, Any],
    hallazgos: list[ErrorValidacion],
) -> list[Path]:
    """Lee las tablas secundarias en `registros`; devuelve los archivos que leyó."""
    leidos: list[Path] = []
    for col in formato.columnas_registro:
        if col.tipo != "tabla":
            continue
        nombres = [f"{ruta.stem}.{col.clave}.csv"]
        if col.sipot_id:
            nombres.insert(0, f"{ruta.stem}.Tabla_{col.sipot_id}.csv")
        archivo = next((ruta.with_name(n) for n in nombres if ruta.with_name(n).exists()), None)
        if archivo is None:
            continue
        leidos.append(archivo)
        texto, codificacion = decodificar(archivo)
        filas = _leer_csv(texto)
        if not filas:
            continue
        hallazgos.extend(revisar_acentos(texto, str(archivo), codificacion))
        sub = LectorDeTabla(
            col.subcolumnas,
            filas[0],
            archivo=str(archivo),
            restaurar=True,
            origen=f"de la tabla «{col.titulo}»",
            con_id=True,
        )
        pos_id = 0
        for numero, fila in enumerate(filas[1:], start=2):
            if not any(c.strip() for c in fila):
                continue
            enlace = fila[pos_id] if pos_id < len(fila) else ""
            numero_registro = int(enlace) if enlace.strip().isdigit() else 0
            destinos = [numero_registro - 1] if 0 < numero_registro <= len(registros) else []
            sub.agregar_enlazada(registros, col.clave, destinos, numero, fila, enlace)
        hallazgos.extend(sub.hallazgos)
    return leidos


@hookimpl
def registrar_importadores() -> list[Any]:
    """El importador CSV."""
    return [ImportadorCSV()]
