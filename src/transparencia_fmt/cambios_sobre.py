"""Cambios del sobre propio de un registro, dichos como columnas del formato.

Un registro puede traer su ejercicio, periodo, área, fechas o Nota (`CLAVES_POR_REGISTRO`);
si no los trae, publica los del documento. Entre dos versiones, un cambio de esas claves se
dice con el valor que el registro publica antes y después, por columna oficial: el periodo
son dos columnas («Fecha de inicio…» y «Fecha de término…»), cada una con lo suyo.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .modelos import CLAVES_POR_REGISTRO, COLUMNA_DE_RUTA


def nombrar_cambios_del_sobre(
    cambiados: list[dict[str, Any]],
    viejo: tuple[Mapping[str, Any], list[Any]],
    nuevo: tuple[Mapping[str, Any], list[Any]],
    titulo: Callable[[str], str],
) -> list[dict[str, Any]]:
    """Cada cambio de una clave del sobre recibe `partes`: por columna común que cambió, su
    clave, su título (`titulo`) y el valor que el registro publica antes y después (el suyo o
    el del documento). `clave`, `antes` y `despues` quedan como están en los registros. Un
    cambio que no cambia lo publicado (el registro deja de repetir el valor del documento) se
    quita, y un registro sin otros cambios también. `viejo` y `nuevo`: (documento, registros)."""
    quedan = []
    for cambiado in cambiados:
        r_viejo = _registro(viejo[1], cambiado["antes"])
        r_nuevo = _registro(nuevo[1], cambiado["registro"])
        cambios = []
        for cambio in cambiado["cambios"]:
            clave = cambio["clave"]
            if clave in CLAVES_POR_REGISTRO:
                partes = [
                    {"clave": columna, "columna": titulo(columna), "antes": a, "despues": d}
                    for columna, ruta in _COLUMNAS[clave]
                    if not _iguales(
                        a := _publicado(r_viejo, viejo[0], ruta),
                        d := _publicado(r_nuevo, nuevo[0], ruta),
                    )
                ]
                if not partes:
                    continue
                cambio["partes"] = partes
                cambio["columna"] = " / ".join(p["columna"] for p in partes)
            cambios.append(cambio)
        if cambios:
            cambiado["cambios"] = cambios
            cambiado["campos"] = [c["clave"] for c in cambios]
            quedan.append(cambiado)
    return quedan


def cambios_del_documento(
    viejo: Mapping[str, Any], nuevo: Mapping[str, Any], titulo: Callable[[str], str]
) -> list[dict[str, Any]]:
    """Las columnas comunes que cambiaron en el sobre del documento (las publican todos los
    registros que no traen la suya), con su clave, título y valores antes y después. Un
    documento no tabular ya se compara entero como un registro: nada aquí."""
    if not isinstance(viejo.get("registros"), list) or not isinstance(nuevo.get("registros"), list):
        return []
    return [
        {"clave": columna, "columna": titulo(columna), "antes": a, "despues": d}
        for clave in CLAVES_POR_REGISTRO
        for columna, ruta in _COLUMNAS[clave]
        if not _iguales(a := _publicado({}, viejo, ruta), d := _publicado({}, nuevo, ruta))
    ]


#: Clave del sobre → sus columnas comunes con su ruta: «periodo» → inicio y término.
_COLUMNAS = {
    clave: [(columna, ruta) for ruta, columna in COLUMNA_DE_RUTA.items() if ruta[0] == clave]
    for clave in CLAVES_POR_REGISTRO
}


def _registro(registros: list[Any], numero: int) -> Mapping[str, Any]:
    reg = registros[numero - 1] if 0 < numero <= len(registros) else None
    return reg if isinstance(reg, Mapping) else {}


def _publicado(
    registro: Mapping[str, Any], documento: Mapping[str, Any], ruta: tuple[str, ...]
) -> Any:
    """El valor que publica el registro: el suyo si trae la clave, si no el del documento."""
    valor = (registro if ruta[0] in registro else documento).get(ruta[0])
    if len(ruta) == 2:
        return valor.get(ruta[1]) if isinstance(valor, Mapping) else None
    return valor


def _iguales(a: Any, b: Any) -> bool:
    """Vacío es vacío: una Nota "" y una que falta publican lo mismo."""
    return a == b or (a in (None, "") and b in (None, ""))
