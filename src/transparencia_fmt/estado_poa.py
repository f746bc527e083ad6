"""Lo que `tfmt estado` dice del plan: avance de cada POA y derivados desactualizados.

Un documento derivado (``derivado_de``) guarda la huella de la versión de cada fuente; si la
versión vigente de esa fuente en el espacio ya es otra, el derivado quedó desactualizado.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from .espacio import EspacioTrabajo
from .seguimiento import FORMATO_POA, FORMATO_SEGUIMIENTO, resumir

_SEGURO = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def _leer(ruta: Path) -> dict[str, Any] | None:
    try:
        datos = json.loads(ruta.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return datos if isinstance(datos, dict) else None


def procedencia(ruta: Path) -> dict[str, Any] | None:
    """El sello ``derivado_de`` de una versión guardada, si es un documento derivado."""
    sello = (_leer(ruta) or {}).get("derivado_de")
    return sello if isinstance(sello, dict) else None


def texto_procedencia(sello: dict[str, Any] | None) -> str:
    """El sello ``derivado_de`` en una línea para `tfmt historial`."""
    if not sello:
        return ""
    fuentes = "; ".join(
        f"{f.get('formato')} {f.get('periodo') or ''} ({f.get('documento') or 'sin archivo'}, "
        f"sha256 {str(f.get('sha256', ''))[:12]})".replace("  ", " ")
        for f in sello.get("fuentes") or []
        if isinstance(f, dict)
    )
    return f"derivado con «{sello.get('derivacion')}» el {sello.get('fecha')} de: {fuentes}"


def avance_poas(espacio: EspacioTrabajo) -> list[dict[str, Any]]:
    """Cada POA del espacio con su seguimiento: marcas planeadas, registradas y avance."""
    resultado = []
    for ruta in sorted((espacio.raiz / "documentos" / FORMATO_POA).glob("*.json")):
        poa = _leer(ruta)
        if poa is None:
            continue
        ruta_seg = espacio.raiz / "documentos" / FORMATO_SEGUIMIENTO / ruta.name
        seguimiento = _leer(ruta_seg) if ruta_seg.is_file() else None
        resumen = resumir(poa, seguimiento)
        resultado.append(
            {
                "periodo": ruta.stem,
                "area": poa.get("area", ""),
                "documento": ruta.relative_to(espacio.raiz).as_posix(),
                "seguimiento": (
                    ruta_seg.relative_to(espacio.raiz).as_posix() if seguimiento else None
                ),
                **resumen.a_dict(),
            }
        )
    return resultado


def derivados(espacio: EspacioTrabajo) -> list[dict[str, Any]]:
    """Cada documento vigente derivado de otro, y si su fuente cambió desde la derivación."""
    resultado = []
    for ruta in espacio.documentos_vigentes():
        datos = _leer(ruta)
        sello = (datos or {}).get("derivado_de")
        if not isinstance(sello, dict):
            continue
        fuentes = []
        desactualizado = False
        for f in sello.get("fuentes") or []:
            if not isinstance(f, dict):
                continue
            situacion = "sin verificar"
            actual = None
            formato, periodo = str(f.get("formato", "")), str(f.get("periodo", ""))
            # Sólo se verifica una fuente que era la versión vigente de este mismo espacio.
            # Los datos del sello son del archivo: nunca se usan como ruta si no son ids seguros.
            en_espacio = (
                _SEGURO.match(formato) is not None
                and _SEGURO.match(periodo) is not None
                and str(f.get("documento", "")) == f"documentos/{formato}/{periodo}.json"
            )
            vigente = espacio.raiz / "documentos" / formato / f"{periodo}.json"
            if en_espacio and vigente.is_file():
                actual = hashlib.sha256(vigente.read_bytes()).hexdigest()
                situacion = "igual" if actual == f.get("sha256") else "cambió"
            elif en_espacio:
                situacion = "ya no existe"
            desactualizado |= situacion in ("cambió", "ya no existe")
            fuentes.append(
                {
                    "formato": formato,
                    "periodo": periodo or None,
                    "sha256_derivado": f.get("sha256"),
                    "sha256_vigente": actual,
                    "situacion": situacion,
                }
            )
        resultado.append(
            {
                "formato": ruta.parent.name,
                "periodo": ruta.stem,
                "documento": ruta.relative_to(espacio.raiz).as_posix(),
                "derivacion": sello.get("derivacion"),
                "fecha": sello.get("fecha"),
                "desactualizado": desactualizado,
                "fuentes": fuentes,
            }
        )
    return resultado


def agregar_al_estado(espacio: EspacioTrabajo, informe: dict[str, Any]) -> None:
    """Añade al informe de `tfmt estado` el avance de los POA y los derivados."""
    lista = derivados(espacio)
    informe["poa"] = avance_poas(espacio)
    informe["derivados"] = lista
    informe["derivados_desactualizados"] = [
        f"{d['formato']}/{d['periodo']}" for d in lista if d["desactualizado"]
    ]
    por_formato = {d["formato"] for d in lista if d["desactualizado"]}
    for f in informe.get("formatos", []):
        if f.get("formato") in por_formato:
            f["derivado_desactualizado"] = True


def lineas_texto(informe: dict[str, Any]) -> list[str]:
    """Las líneas que `tfmt estado` imprime sobre el plan y los derivados."""
    lineas = []
    for p in informe.get("poa", []):
        corte = (
            f"{p['avance_al_corte']} % de lo planeado hasta {p['ultimo_mes']}"
            if p["ultimo_mes"]
            else "sin seguimiento registrado"
        )
        lineas.append(
            f"POA {p['periodo']} ({p['area']}): {p['registradas']} de {p['marcas_planeadas']} "
            f"marcas del calendario registradas (realizadas {p['realizadas']}, parciales "
            f"{p['parciales']}, no realizadas {p['no_realizadas']}); avance {corte}; "
            f"{p['avance_anual']} % del año."
        )
        for m in p["metas"]:
            if m["promedio"] is not None:
                lineas.append(f"  meta {m['id']}: {m['promedio']} % promedio ({m['indicador']})")
    for d in informe.get("derivados", []):
        if d["desactualizado"]:
            cambio = ", ".join(
                f"{f['formato']} {f['periodo']} {f['situacion']}"
                for f in d["fuentes"]
                if f["situacion"] != "igual"
            )
            lineas.append(
                f"DESACTUALIZADO {d['formato']} {d['periodo']}: su fuente cambió ({cambio}); "
                f"vuelva a derivarlo con «tfmt derivar … --a {d['formato']} --guardar»."
            )
    return lineas
