"""Periodos de actualización: «2026-T1», «2026-S2», «2026», «2026-03», y plazos de publicación."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from attrs import frozen

from .errores import ErrorDeUso

#: Los LTG dan 30 días naturales tras el cierre del periodo, salvo que el formato diga otro plazo.
PLAZO_DIAS = 30
#: «2026-anual» es la clave con que se guarda un periodo anual: también se acepta.
_PATRON = re.compile(r"^(\d{4})(?:-(T[1-4]|S[12]|0[1-9]|1[0-2]|ANUAL))?$")


@frozen
class PeriodoInforme:
    """Un periodo de informe (trimestre, semestre, año o mes) con su clave."""

    ejercicio: int
    etiqueta: str  # "T1", "S2", "anual", "03"
    inicio: dt.date
    termino: dt.date

    @property
    def clave(self) -> str:
        """Nombre de archivo seguro: «2026-T1»."""
        return f"{self.ejercicio}-{self.etiqueta}"

    def plazo(self, dias: int = PLAZO_DIAS) -> dt.date:
        """Último día para publicar: `dias` naturales tras el cierre."""
        return self.termino + dt.timedelta(days=dias)


def _fin_de_mes(anio: int, mes: int) -> dt.date:
    return dt.date(anio, mes, calendar.monthrange(anio, mes)[1])


def interpretar_periodo(texto: str) -> PeriodoInforme:
    """«2026-T1» → 1 ene–31 mar 2026. Cualquier otra cosa es mal uso (sale con 2)."""
    m = _PATRON.match(str(texto).strip().upper())
    if not m:
        raise ErrorDeUso(
            f"Periodo «{texto}» no válido. Use AAAA (anual), AAAA-S1/S2 (semestre), "
            "AAAA-T1…T4 (trimestre) o AAAA-MM (mes), p. ej. 2026-T1."
        )
    anio, parte = int(m.group(1)), m.group(2)
    if not 2000 <= anio <= 2100:
        raise ErrorDeUso(f"El año {anio} del periodo está fuera de rango (2000–2100).")
    if parte is None or parte == "ANUAL":
        return PeriodoInforme(anio, "anual", dt.date(anio, 1, 1), dt.date(anio, 12, 31))
    if parte.startswith("T"):
        n = int(parte[1])
        return PeriodoInforme(anio, parte, dt.date(anio, 3 * n - 2, 1), _fin_de_mes(anio, 3 * n))
    if parte.startswith("S"):
        n = int(parte[1])
        return PeriodoInforme(anio, parte, dt.date(anio, 6 * n - 5, 1), _fin_de_mes(anio, 6 * n))
    mes = int(parte)
    return PeriodoInforme(anio, f"{mes:02d}", dt.date(anio, mes, 1), _fin_de_mes(anio, mes))


def periodo_de_fechas(inicio: dt.date, termino: dt.date) -> PeriodoInforme | None:
    """El periodo con nombre que corresponde exactamente a esas fechas, si hay uno."""
    a = inicio.year
    candidatos = [f"{a}", f"{a}-S1", f"{a}-S2", *(f"{a}-T{n}" for n in range(1, 5))]
    candidatos += [f"{a}-{m:02d}" for m in range(1, 13)]
    for c in candidatos:
        p = interpretar_periodo(c)
        if (p.inicio, p.termino) == (inicio, termino):
            return p
    return None


def ultimo_cerrado(periodicidad: str | None, fecha: dt.date) -> PeriodoInforme | None:
    """El último periodo que ya cerró en `fecha`, según la periodicidad del formato."""
    tipo = (periodicidad or "").lower()
    if tipo.startswith("mensual"):
        anterior = fecha.replace(day=1) - dt.timedelta(days=1)
        return interpretar_periodo(f"{anterior.year}-{anterior.month:02d}")
    if tipo.startswith("trimestral"):
        t = (fecha.month - 1) // 3  # trimestre en curso (0–3); el cerrado es el anterior
        return (
            interpretar_periodo(f"{fecha.year}-T{t}")
            if t
            else interpretar_periodo(f"{fecha.year - 1}-T4")
        )
    if tipo.startswith("semestral"):
        return interpretar_periodo(
            f"{fecha.year}-S1" if fecha.month > 6 else f"{fecha.year - 1}-S2"
        )
    if tipo.startswith("anual"):
        return interpretar_periodo(f"{fecha.year - 1}")
    return None
