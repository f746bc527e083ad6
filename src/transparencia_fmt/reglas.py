"""Reglas que un esquema no puede decir, como plugin integrado del gancho `validar_documento`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .documento import Documento, fecha
from .modelos import ErrorValidacion, Formato
from .plugins import hookimpl


def _titulo(formato: Formato, clave: str, defecto: str) -> str:
    col = formato.columna(clave)
    return col.titulo if col else defecto


@hookimpl
def validar_documento(formato: Formato, documento: Documento) -> list[ErrorValidacion]:
    errores: list[ErrorValidacion] = []
    datos = documento.datos
    crudo = datos.get("periodo")
    periodo: Mapping[str, Any] = crudo if isinstance(crudo, Mapping) else {}
    inicio, termino = fecha(periodo.get("inicio")), fecha(periodo.get("termino"))
    t_inicio = _titulo(formato, "periodo_inicio", "Fecha de inicio del periodo que se informa")
    t_termino = _titulo(formato, "periodo_termino", "Fecha de término del periodo que se informa")
    if inicio and termino and termino < inicio:
        errores.append(
            ErrorValidacion(
                "periodo-invertido",
                f"La «{t_termino}» ({termino:%d/%m/%Y}) es anterior a la «{t_inicio}» "
                f"({inicio:%d/%m/%Y}); corrija el orden de las fechas del periodo.",
                columna=t_termino,
                clave="periodo_termino",
                valor=periodo.get("termino"),
            )
        )
    ejercicio = datos.get("ejercicio")
    if isinstance(ejercicio, int) and not isinstance(ejercicio, bool):
        for clave, titulo, f in (
            ("periodo_inicio", t_inicio, inicio),
            ("periodo_termino", t_termino, termino),
        ):
            if f and f.year != ejercicio:
                errores.append(
                    ErrorValidacion(
                        "fecha-fuera-del-ejercicio",
                        f"La «{titulo}» ({f:%d/%m/%Y}) no cae dentro del ejercicio {ejercicio}; "
                        "el periodo que se informa debe pertenecer al ejercicio.",
                        columna=titulo,
                        clave=clave,
                        valor=f.isoformat(),
                    )
                )
        errores.extend(_anios_del_ejercicio(formato, documento, ejercicio))
    actualizacion = fecha(datos.get("fecha_actualizacion"))
    validacion = fecha(datos.get("fecha_validacion"))
    if actualizacion and validacion and validacion < actualizacion:
        t_val = _titulo(formato, "fecha_validacion", "Fecha de validación")
        errores.append(
            ErrorValidacion(
                "validacion-anterior",
                f"La «{t_val}» ({validacion:%d/%m/%Y}) es anterior a la fecha de actualización "
                f"({actualizacion:%d/%m/%Y}); la validación confirma lo ya actualizado, "
                "así que debe ser igual o posterior.",
                columna=t_val,
                clave="fecha_validacion",
                valor=datos.get("fecha_validacion"),
            )
        )
    return errores


def _anios_del_ejercicio(
    formato: Formato, documento: Documento, ejercicio: int
) -> list[ErrorValidacion]:
    """Un año marcado en el esquema con ``x-anio-del-ejercicio`` que contradice el ejercicio."""
    avisos = []
    propiedades: Mapping[str, Any] = formato.esquema.get("properties", {})
    for clave, definicion in propiedades.items():
        if not isinstance(definicion, Mapping) or not definicion.get("x-anio-del-ejercicio"):
            continue
        valor = documento.datos.get(clave)
        if isinstance(valor, int) and valor != ejercicio:
            titulo = definicion.get("title", clave)
            avisos.append(
                ErrorValidacion(
                    "anio-distinto-del-ejercicio",
                    f"«{titulo}» dice {valor} pero el documento es del ejercicio {ejercicio}; "
                    f"si es un error de captura, cámbielo a {ejercicio}.",
                    severidad="advertencia",
                    columna=titulo,
                    clave=clave,
                    valor=valor,
                )
            )
    return avisos
