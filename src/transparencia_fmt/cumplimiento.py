"""Estado de cumplimiento: qué formato está al día, por vencer, vencido o sin datos.

Es el indicador de la meta 4 del POA semilla: cada formato accesible, disponible y al día.
El mismo informe sale como documento (formato `Estado_Cumplimiento`) por los exportadores.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from attrs import asdict, frozen

from .documento import Documento, documento_desde_dict
from .espacio import EspacioTrabajo, periodo_de_documento
from .filas import fecha_iso_a_mx
from .periodos import PLAZO_DIAS, PeriodoInforme, ultimo_cerrado
from .redaccion import cantidad, segun

#: Situación de un formato: clave en los datos (JSON, sin acentos ni espacios) → texto.
ESTADOS = {
    "al_dia": "al día",
    "por_vencer": "por vencer",
    "vencido": "vencido",
    "sin_datos": "sin datos",
    "no_aplica": "no aplica",
}


@frozen
class EstadoFormato:
    """La situación de un formato a una fecha (clave de `ESTADOS`)."""

    formato: str
    titulo: str
    periodicidad: str
    ultimo_publicado: str | None
    periodo_exigible: str | None
    plazo: str | None
    estado: str


def estado(espacio: EspacioTrabajo, fecha: dt.date) -> dict[str, Any]:
    """El informe de cumplimiento del espacio a la fecha `fecha`, como datos."""
    aplicables = set(espacio.aplicables)
    filas: list[EstadoFormato] = []
    for formato in espacio.entorno.catalogo:
        publicados = [
            p
            for p in (
                periodo_de_documento(r)
                for r in (espacio.raiz / "documentos" / formato.id).glob("*.json")
            )
            if p is not None
        ]
        ultimo: PeriodoInforme | None = max(publicados, key=lambda p: p.termino, default=None)
        periodicidad = formato.periodicidad_texto
        cerrado = ultimo_cerrado(periodicidad, fecha)
        dias = int((formato.esquema.get("x-formato") or {}).get("plazo_dias") or PLAZO_DIAS)
        plazo = cerrado.plazo(dias) if cerrado else None
        if formato.id not in aplicables:
            situacion = "no_aplica"
        elif ultimo is None:
            situacion = "sin_datos"
        elif cerrado is None or ultimo.termino >= cerrado.termino:
            situacion = "al_dia"
        elif plazo is not None and fecha <= plazo:
            situacion = "por_vencer"
        else:
            situacion = "vencido"
        filas.append(
            EstadoFormato(
                formato=formato.id,
                titulo=formato.titulo,
                periodicidad=periodicidad,
                ultimo_publicado=ultimo.clave if ultimo else None,
                periodo_exigible=cerrado.clave if cerrado else None,
                plazo=plazo.isoformat() if plazo else None,
                estado=situacion,
            )
        )
    cuenta = Counter(f.estado for f in filas)
    total_aplicables = sum(1 for f in filas if f.estado != "no_aplica")
    return {
        "fecha": fecha.isoformat(),
        "sujeto_obligado": espacio.sujeto.get("nombre", ""),
        "formatos": [asdict(f) for f in filas],
        "totales": {e: cuenta.get(e, 0) for e in ESTADOS},
        "aplicables": total_aplicables,
        "porcentaje_al_dia": round(100 * cuenta.get("al_dia", 0) / total_aplicables, 1)
        if total_aplicables
        else 0.0,
    }


def como_documento(
    espacio: EspacioTrabajo, informe: dict[str, Any], plan: list[str] | None = None
) -> Documento:
    """El informe de estado como documento del formato `Estado_Cumplimiento` (para DOCX/PDF).
    `plan`: las líneas del avance de los POA y los derivados (`estado_poa.lineas_texto`)."""
    fecha = informe["fecha"]
    t = informe["totales"]
    resumen = (
        f"Al {fecha_iso_a_mx(fecha)}, de "
        f"{cantidad(informe['aplicables'], 'formato aplicable', 'formatos aplicables')} "
        f"{t['al_dia']} {segun(t['al_dia'], 'está', 'están')} al día "
        f"({informe['porcentaje_al_dia']} %), {t['por_vencer']} por vencer, "
        f"{cantidad(t['vencido'], 'vencido')} y {t['sin_datos']} sin datos."
    )
    datos = {
        "formato": "Estado_Cumplimiento",
        "sujeto_obligado": espacio.sujeto or "",
        "ejercicio": int(fecha[:4]),
        "periodo": {"inicio": fecha, "termino": fecha},
        "area_responsable": "Unidad de Transparencia",
        "fecha_actualizacion": fecha,
        "nota": "",
        "fecha_corte": fecha,
        "resumen": resumen,
        "formatos": [
            {
                "formato": f["formato"],
                "titulo": f["titulo"],
                "periodicidad": f["periodicidad"],
                **({"ultimo_publicado": f["ultimo_publicado"]} if f["ultimo_publicado"] else {}),
                **({"plazo": f["plazo"]} if f["plazo"] else {}),
                "estado": ESTADOS[f["estado"]],
            }
            for f in informe["formatos"]
            if f["estado"] != "no_aplica"
        ],
    }
    if plan:  # la sangría de las metas de un POA no sobrevive al párrafo: una raya la marca
        datos["plan"] = "\n\n".join(
            f"— {linea.strip()}" if linea.startswith(" ") else linea for linea in plan
        )
    return documento_desde_dict(datos, espacio.entorno.catalogo)
