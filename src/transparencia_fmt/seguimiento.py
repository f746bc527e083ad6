"""Seguimiento del POA: qué se hizo, mes por mes, de cada actividad del calendario y cada meta.

El seguimiento es un documento más (formato `Seguimiento_POA`) guardado en el espacio de
trabajo con historial y bitácora. Aquí se cruzan el plan (las marcas del calendario del POA)
con lo registrado: la cuadrícula planeado contra hecho, el avance de cada meta y el avance
al corte que muestran `tfmt estado`, el informe de seguimiento y la fracción VI.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from attrs import frozen

from .errores import ErrorDeUso

MESES = ("ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC")
NOMBRES_MES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
ESTADOS = ("Realizada", "Parcial", "No realizada")
#: Cuánto cuenta cada estado para el avance del calendario.
PESO = {"Realizada": 1.0, "Parcial": 0.5, "No realizada": 0.0}
FORMATO_POA = "Plan_Operativo_Anual"
FORMATO_SEGUIMIENTO = "Seguimiento_POA"


def mes(texto: str) -> str:
    """«ene», «Enero», «1» o «01» → «ENE». Otro valor es mal uso."""
    t = str(texto).strip().upper()
    if t.isdigit() and 1 <= int(t) <= 12:
        return MESES[int(t) - 1]
    for abreviado, nombre in zip(MESES, NOMBRES_MES, strict=True):
        if t in (abreviado, nombre.upper()):
            return abreviado
    raise ErrorDeUso(f"«{texto}» no es un mes. Use ENE…DIC, el nombre del mes o su número (1–12).")


def estado_actividad(texto: str) -> str:
    """«realizada», «parcial», «no-realizada» (y sinónimos) → el valor del catálogo."""
    t = " ".join(str(texto).strip().lower().replace("_", " ").replace("-", " ").split())
    equivalentes = {
        "realizada": "Realizada",
        "hecha": "Realizada",
        "si": "Realizada",
        "sí": "Realizada",
        "parcial": "Parcial",
        "no realizada": "No realizada",
        "no hecha": "No realizada",
        "no": "No realizada",
    }
    if t not in equivalentes:
        raise ErrorDeUso(
            f"«{texto}» no es un estado de actividad. Use: realizada, parcial o no-realizada."
        )
    return equivalentes[t]


@frozen
class Celda:
    """Una casilla de la cuadrícula: planeada o no, y el estado registrado (o None).

    Las notas y evidencias se quedan en los registros del seguimiento: quien las muestra
    (el informe) las lee de ahí, también las de actividades que el POA ya no tiene."""

    planeada: bool
    estado: str | None = None


@frozen
class AvanceMeta:
    """El avance registrado de una meta del POA, mes por mes."""

    id: int
    indicador: str
    meta: str
    unidad: str
    #: Mes → avance (0–100) registrado.
    por_mes: Mapping[str, float]

    @property
    def promedio(self) -> float | None:
        """Promedio de los meses registrados, o None si no hay."""
        valores = list(self.por_mes.values())
        return round(sum(valores) / len(valores), 1) if valores else None


@frozen
class Resumen:
    """El plan contra lo hecho, listo para contar, dibujar o derivar."""

    actividades: tuple[tuple[int, str], ...]
    #: (número de actividad, mes) → Celda
    cuadricula: Mapping[tuple[int, str], Celda]
    metas: tuple[AvanceMeta, ...]
    ultimo_mes: str | None

    @property
    def planeadas(self) -> int:
        """Marcas del calendario del POA (las «X» del cronograma)."""
        return sum(1 for c in self.cuadricula.values() if c.planeada)

    def contar(self, estado: str) -> int:
        """Marcas planeadas con ese estado (Realizada, Parcial, No realizada)."""
        return sum(1 for c in self.cuadricula.values() if c.planeada and c.estado == estado)

    @property
    def registradas(self) -> int:
        """Marcas planeadas que ya tienen registro."""
        return sum(1 for c in self.cuadricula.values() if c.planeada and c.estado)

    @property
    def fuera_de_plan(self) -> int:
        """Registros en meses que el calendario no marcaba."""
        return sum(1 for c in self.cuadricula.values() if not c.planeada and c.estado)

    @property
    def planeadas_al_corte(self) -> int:
        """Marcas planeadas hasta el último mes con registro."""
        if self.ultimo_mes is None:
            return 0
        limite = MESES.index(self.ultimo_mes)
        return sum(
            1 for (_, m), c in self.cuadricula.items() if c.planeada and MESES.index(m) <= limite
        )

    def _hecho(self) -> float:
        return sum(PESO.get(c.estado or "", 0.0) for c in self.cuadricula.values() if c.planeada)

    @property
    def avance_al_corte(self) -> float | None:
        """Porcentaje de lo planeado hasta el último mes registrado (parcial cuenta medio)."""
        total = self.planeadas_al_corte
        return round(100 * self._hecho() / total, 1) if total else None

    @property
    def avance_anual(self) -> float:
        """Porcentaje de todo lo planeado en el año (parcial cuenta medio)."""
        return round(100 * self._hecho() / self.planeadas, 1) if self.planeadas else 0.0

    def a_dict(self) -> dict[str, Any]:
        """El resumen como datos JSON (para `tfmt estado --json` y `seguimiento ver`)."""
        return {
            "marcas_planeadas": self.planeadas,
            "registradas": self.registradas,
            "realizadas": self.contar("Realizada"),
            "parciales": self.contar("Parcial"),
            "no_realizadas": self.contar("No realizada"),
            "fuera_de_plan": self.fuera_de_plan,
            "ultimo_mes": self.ultimo_mes,
            "planeadas_al_corte": self.planeadas_al_corte,
            "avance_al_corte": self.avance_al_corte,
            "avance_anual": self.avance_anual,
            "metas": [
                {
                    "id": m.id,
                    "indicador": m.indicador,
                    "unidad": m.unidad,
                    "por_mes": dict(m.por_mes),
                    "promedio": m.promedio,
                }
                for m in self.metas
            ],
        }


def _lista(valor: Any) -> list[Mapping[str, Any]]:
    return [v for v in valor if isinstance(v, Mapping)] if isinstance(valor, list) else []


def resumir(poa: Mapping[str, Any], seguimiento: Mapping[str, Any] | None) -> Resumen:
    """Cruza el calendario y las metas del POA con lo registrado en el seguimiento."""
    actividades: list[tuple[int, str]] = []
    cuadricula: dict[tuple[int, str], Celda] = {}
    for act in _lista(poa.get("calendario")):
        numero = act.get("numero")
        if not isinstance(numero, int):
            continue
        actividades.append((numero, str(act.get("descripcion", ""))))
        marcados = set(act.get("meses") or [])
        for m in MESES:
            cuadricula[(numero, m)] = Celda(planeada=m in marcados)
    registrados = _lista((seguimiento or {}).get("actividades"))
    metas_reg = _lista((seguimiento or {}).get("metas"))
    indices = [MESES.index(r["mes"]) for r in [*registrados, *metas_reg] if r.get("mes") in MESES]
    for r in registrados:
        clave = (r.get("actividad"), r.get("mes"))
        anterior = cuadricula.get(clave)  # type: ignore[arg-type]
        if anterior is None or not isinstance(r.get("estado"), str):
            continue  # una actividad que el POA ya no tiene: lo señala `inconsistencias`
        cuadricula[clave] = Celda(anterior.planeada, r["estado"])  # type: ignore[index]
    validos = sorted(
        (
            r
            for r in metas_reg
            if r.get("mes") in MESES and isinstance(r.get("avance"), int | float)
        ),
        key=lambda r: MESES.index(r["mes"]),
    )
    metas = []
    for meta in _lista(poa.get("metas")):
        if not isinstance(meta.get("id"), int):
            continue
        por_mes = {
            str(r["mes"]): float(r["avance"]) for r in validos if r.get("meta") == meta["id"]
        }
        metas.append(
            AvanceMeta(
                meta["id"],
                str(meta.get("indicador", "")),
                str(meta.get("meta", "")),
                str(meta.get("unidad_medida", "")),
                por_mes,
            )
        )
    return Resumen(
        tuple(actividades),
        cuadricula,
        tuple(metas),
        MESES[max(indices)] if indices else None,
    )


def numeros_actividad(poa: Mapping[str, Any]) -> list[int]:
    """Los números de las actividades del calendario del POA."""
    return [a["numero"] for a in _lista(poa.get("calendario")) if isinstance(a.get("numero"), int)]


def ids_meta(poa: Mapping[str, Any]) -> list[int]:
    """Los ID de las metas del POA."""
    return [m["id"] for m in _lista(poa.get("metas")) if isinstance(m.get("id"), int)]


def inconsistencias(poa: Mapping[str, Any], seguimiento: Mapping[str, Any]) -> list[str]:
    """Registros del seguimiento que no casan con el POA (actividad o meta inexistente)."""
    actividades = {a.get("numero") for a in _lista(poa.get("calendario"))}
    metas = {m.get("id") for m in _lista(poa.get("metas"))}
    avisos = []
    for r in _lista(seguimiento.get("actividades")):
        if r.get("actividad") not in actividades:
            avisos.append(
                f"{r.get('mes')}: la actividad {r.get('actividad')} no está en el calendario "
                "del POA."
            )
    for r in _lista(seguimiento.get("metas")):
        if r.get("meta") not in metas:
            avisos.append(f"{r.get('mes')}: la meta {r.get('meta')} no está en el POA.")
    return avisos


def nuevo(poa: Mapping[str, Any]) -> dict[str, Any]:
    """Un seguimiento vacío con el sobre del POA (mismo sujeto, ejercicio, periodo y área)."""
    return {
        "formato": FORMATO_SEGUIMIENTO,
        "sujeto_obligado": poa.get("sujeto_obligado", ""),
        "ejercicio": poa.get("ejercicio"),
        "periodo": poa.get("periodo"),
        "area_responsable": poa.get("area_responsable", ""),
        "fecha_actualizacion": poa.get("fecha_actualizacion", ""),
        "nota": "",
        "area": poa.get("area", ""),
        "actividades": [],
        "metas": [],
    }


def registrar(
    seguimiento: dict[str, Any],
    poa: Mapping[str, Any],
    meses: Iterable[str],
    actividades: Iterable[int] = (),
    estado: str | None = None,
    metas: Iterable[int] = (),
    avance: float | None = None,
    nota: str = "",
    evidencia: str = "",
) -> list[str]:
    """Anota (o corrige) lo hecho; devuelve qué cambió, en palabras. No guarda nada."""
    numeros = {
        a["numero"] for a in _lista(poa.get("calendario")) if isinstance(a.get("numero"), int)
    }
    ids_meta = {m["id"] for m in _lista(poa.get("metas")) if isinstance(m.get("id"), int)}
    cambios: list[str] = []
    for m in meses:
        for n in actividades:
            if n not in numeros:
                raise ErrorDeUso(
                    f"La actividad {n} no está en el calendario del POA (tiene "
                    f"{', '.join(str(x) for x in sorted(numeros))})."
                )
            fila: dict[str, Any] = {"mes": m, "actividad": n, "estado": estado}
            if nota:
                fila["nota"] = nota
            if evidencia:
                fila["evidencia"] = evidencia
            cambios.append(_poner(seguimiento, "actividades", "actividad", fila))
        for i in metas:
            if i not in ids_meta:
                raise ErrorDeUso(
                    f"La meta {i} no está en el POA (tiene "
                    f"{', '.join(str(x) for x in sorted(ids_meta))})."
                )
            fila = {"mes": m, "meta": i, "avance": avance}
            if nota:
                fila["nota"] = nota
            if evidencia:
                fila["evidencia"] = evidencia
            cambios.append(_poner(seguimiento, "metas", "meta", fila))
    return cambios


def _poner(seguimiento: dict[str, Any], lista: str, clave: str, fila: dict[str, Any]) -> str:
    filas = seguimiento.setdefault(lista, [])
    nombre = "actividad" if clave == "actividad" else "meta"
    valor = fila.get("estado") if clave == "actividad" else f"{fila.get('avance'):g} %"
    for i, existente in enumerate(filas):
        if existente.get("mes") == fila["mes"] and existente.get(clave) == fila[clave]:
            filas[i] = fila
            return f"{fila['mes']}: {nombre} {fila[clave]} corregida a {valor}"
    filas.append(fila)
    filas.sort(key=lambda f: (MESES.index(f["mes"]) if f.get("mes") in MESES else 99, f[clave]))
    return f"{fila['mes']}: {nombre} {fila[clave]} {valor}"
