"""Informe de seguimiento del POA: la cuadrícula planeado contra hecho y el avance de cada meta.

Se arma como una `Composicion` neutral (bloques) que dibujan los exportadores DOCX y PDF:
la cuadrícula es una tabla con color por casilla y cada meta una `Grafica` de barras.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any

from .composicion import (
    Bloque,
    Composicion,
    Encabezado,
    Firma,
    Grafica,
    Metadatos,
    Parrafo,
    Seccion,
    TablaBloque,
    Titulo,
)
from .seguimiento import MESES, NOMBRES_MES, Resumen, resumir
from .texto import limpiar

#: Casilla → letra de la cuadrícula (la «X» es la marca del POA: planeada y aún sin registro).
MARCAS = {"Realizada": "H", "Parcial": "P", "No realizada": "N"}
COLORES = {"H": "C6EFCE", "P": "FFEB9C", "N": "FFC7CE", "X": "E4E7EB", "+H": "DDEBF7"}
LEYENDA = (
    "H: realizada · P: parcial · N: no realizada · X: planeada, sin registro · "
    "+H: realizada fuera de lo planeado · vacío: no planeada."
)


def _casilla(resumen: Resumen, numero: int, mes: str) -> str:
    c = resumen.cuadricula[(numero, mes)]
    if c.estado is None:
        return "X" if c.planeada else ""
    marca = MARCAS.get(c.estado, "?")
    return marca if c.planeada else f"+{marca}"


def _punto(texto: str) -> str:
    texto = texto.strip()
    return texto if texto.endswith((".", "!", "?")) else f"{texto}."


def _corto(texto: str, maximo: int = 55) -> str:
    return texto if len(texto) <= maximo else texto[: maximo - 1].rstrip() + "…"


def _n(valor: float) -> str:
    return f"{valor:.1f}".rstrip("0").rstrip(".")


def _cuadricula(resumen: Resumen) -> TablaBloque:
    filas: list[list[str]] = []
    for numero, descripcion in resumen.actividades:
        filas.append(
            [str(numero), limpiar(descripcion), *(_casilla(resumen, numero, m) for m in MESES)]
        )
    totales = ["", "Realizado / planeado"]
    for m in MESES:
        planeadas = sum(1 for (_, mes), c in resumen.cuadricula.items() if mes == m and c.planeada)
        hecho = sum(
            {"Realizada": 1.0, "Parcial": 0.5}.get(c.estado or "", 0.0)
            for (_, mes), c in resumen.cuadricula.items()
            if mes == m and c.planeada
        )
        registradas = any(
            c.estado for (_, mes), c in resumen.cuadricula.items() if mes == m and c.planeada
        )
        totales.append(f"{_n(hecho)}/{planeadas}" if registradas else "")
    filas.append(totales)
    colores: tuple[Mapping[str, str] | None, ...] = (None, None, *([COLORES] * len(MESES)))
    return TablaBloque(
        columnas=("N°", "Descripción de la Actividad", *MESES),
        filas=filas,
        tipos=("entero", "texto", *(["texto"] * len(MESES))),
        pesos=(0.4, 5.0, *([0.55] * len(MESES))),
        total_filas=len(filas),
        colores=colores,
    )


def _corte(ejercicio: Any, mes: str | None) -> str:
    if mes is None or not isinstance(ejercicio, int):
        return "sin registros"
    n = MESES.index(mes) + 1
    ultimo = dt.date(ejercicio, n, calendar.monthrange(ejercicio, n)[1])
    return f"{ultimo:%d/%m/%Y} ({NOMBRES_MES[n - 1]})"


def componer_informe(
    poa: Mapping[str, Any], seguimiento: Mapping[str, Any], sujeto: Mapping[str, Any]
) -> Composicion:
    """El informe de seguimiento de `poa` con lo registrado en `seguimiento`."""
    resumen = resumir(poa, seguimiento)
    so = poa.get("sujeto_obligado")
    datos_so: Mapping[str, Any] = so if isinstance(so, Mapping) else {**sujeto, "nombre": so or ""}
    if not datos_so.get("nombre"):
        datos_so = sujeto
    encabezado = Encabezado(
        nombre=limpiar(str(datos_so.get("nombre", ""))),
        lema=limpiar(str(datos_so.get("lema", ""))),
        domicilio=limpiar(str(datos_so.get("domicilio", ""))),
        telefono=limpiar(str(datos_so.get("telefono", ""))),
        sitio_web=limpiar(str(datos_so.get("sitio_web", ""))),
    )
    ejercicio = poa.get("ejercicio")
    area = limpiar(str(poa.get("area", "")))
    titulo = f"INFORME DE SEGUIMIENTO DEL PLAN OPERATIVO ANUAL {ejercicio} {area.upper()}".strip()
    d = resumen.a_dict()
    al_corte = d["avance_al_corte"]
    resumen_texto = (
        f"Marcas planeadas en el calendario: {d['marcas_planeadas']}. Registradas: "
        f"{d['registradas']} (realizadas {d['realizadas']}, parciales {d['parciales']}, no "
        f"realizadas {d['no_realizadas']}). Avance al corte: "
        f"{_n(al_corte) + ' %' if al_corte is not None else 'sin registros'} de lo planeado hasta "
        f"el último mes registrado; {_n(d['avance_anual'])} % del año (una parcial cuenta media)."
    )
    if d["fuera_de_plan"]:
        resumen_texto += f" Además, {d['fuera_de_plan']} registros fuera de lo planeado."
    bloques: list[Bloque] = [
        Titulo(titulo),
        Parrafo(encabezado.nombre, resalte="Sujeto obligado: ", estilo="datos"),
        Parrafo(area, resalte="Área: ", estilo="datos"),
        Parrafo(_corte(ejercicio, resumen.ultimo_mes), resalte="Corte: ", estilo="datos"),
        Parrafo(resumen_texto),
        Seccion("Calendario: planeado contra hecho", 1),
        _cuadricula(resumen),
        Parrafo(LEYENDA, estilo="pequeno"),
        Seccion("Avance de las metas", 1),
    ]
    for meta in resumen.metas:
        promedio = meta.promedio
        descripcion = ", ".join(f"{m} {_n(v)} %" for m, v in meta.por_mes.items())
        bloques.append(
            Grafica(
                titulo=limpiar(f"Meta {meta.id}: {_corto(meta.indicador)}"),
                etiquetas=MESES,
                valores=tuple(meta.por_mes.get(m) for m in MESES),
                referencia=100.0,
                texto_alternativo=limpiar(
                    f"Gráfica de barras del avance mensual (%) de la meta {meta.id}: "
                    + (descripcion or "sin registros")
                    + "."
                ),
                pie=limpiar(
                    (
                        f"Indicador: {_punto(meta.indicador)} "
                        if _corto(meta.indicador) != meta.indicador
                        else ""
                    )
                    + f"Meta: {_punto(meta.meta)} Unidad de medida: {_punto(meta.unidad)} "
                    + (
                        f"Avance promedio registrado: {_n(promedio)} %."
                        if promedio is not None
                        else "Sin avance registrado."
                    )
                ),
            )
        )
    notas = [
        [
            r.get("mes", ""),
            str(r.get("actividad", "")),
            r.get("estado", ""),
            limpiar(str(r.get("nota") or "")),
            limpiar(str(r.get("evidencia") or "")),
        ]
        for r in seguimiento.get("actividades") or []
        if isinstance(r, Mapping) and (r.get("nota") or r.get("evidencia"))
    ]
    if notas:
        bloques += [
            Seccion("Notas y evidencias", 1),
            TablaBloque(
                columnas=("Mes", "N°", "Estado", "Nota", "Evidencia (hipervínculo)"),
                filas=notas,
                tipos=("texto", "entero", "texto", "texto", "hipervinculo"),
                pesos=(0.6, 0.4, 1.0, 4.0, 3.0),
                total_filas=len(notas),
            ),
        ]
    responsable = poa.get("responsable")
    if isinstance(responsable, Mapping) and responsable.get("nombre"):
        bloques.append(
            Firma(limpiar(str(responsable["nombre"])), limpiar(str(responsable.get("cargo", ""))))
        )
    return Composicion(
        metadatos=Metadatos(
            titulo=titulo,
            autor=encabezado.nombre,
            asunto=f"Seguimiento del Plan Operativo Anual {ejercicio} ({area})",
            palabras_clave=("POA", "seguimiento", "transparencia", str(ejercicio)),
        ),
        encabezado=encabezado,
        bloques=tuple(bloques),
        orientacion="horizontal",
        pie_pagina=limpiar(
            f"Seguimiento POA {ejercicio} · corte {_corte(ejercicio, resumen.ultimo_mes)}"
        ),
    )
