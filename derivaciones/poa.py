"""Del POA a las obligaciones: fracciones IV, VI y XXIII a del artículo 70 de la LGTAIP.

Plugin integrado del gancho ``registrar_derivaciones``, registrado por el mismo grupo de
entry points que usaría un tercero. Nunca inventa: lo que el POA no dice queda vacío, con
la Nota del registro diciendo qué falta, y la derivación lo avisa como hallazgo.
Las columnas de destino se buscan por su título oficial, no por su clave interna.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from transparencia_fmt import hookimpl
from transparencia_fmt.documento import Documento
from transparencia_fmt.modelos import Columna
from transparencia_fmt.seguimiento import FORMATO_POA, FORMATO_SEGUIMIENTO, MESES, resumir

if TYPE_CHECKING:  # derivacion (hashlib, tomllib…) sólo al derivar: no en cada arranque
    from transparencia_fmt.derivacion import Contexto

#: Longitud máxima por tipo SIPOT (1 texto corto, 2 texto largo).
_MAXIMO = {1: 150, 2: 4000}


def _maximo(col: Columna) -> int | None:
    if col.sipot_tipo in _MAXIMO:
        return _MAXIMO[col.sipot_tipo]
    return None


class _Registro:
    """Arma un registro por título oficial y anota lo que quedó vacío y por qué."""

    def __init__(self, contexto: Contexto, numero: int, dentro: Columna | None = None) -> None:
        self.contexto = contexto
        self.numero = numero
        self.dentro = dentro
        self.datos: dict[str, Any] = {}
        self.faltan: list[str] = []

    def poner(self, titulo: str, valor: Any, por_que: str = "") -> None:
        col = self.contexto.columna(titulo, self.dentro)
        maximo = _maximo(col)
        if valor in (None, "", []):
            self.faltan.append(col.titulo)
            if por_que:
                self.contexto.hallazgo(por_que, columna=col.titulo, registro=self.numero)
            return
        if isinstance(valor, str) and maximo is not None and len(valor) > maximo:
            self.faltan.append(col.titulo)
            self.contexto.hallazgo(
                f"El POA da {len(valor)} caracteres para «{col.titulo}», que admite {maximo}; "
                "no se recorta solo: escriba un resumen.",
                columna=col.titulo,
                registro=self.numero,
            )
            return
        self.datos[col.clave] = valor

    def cerrar(self, origen: str) -> dict[str, Any]:
        if self.faltan:
            lista = ", ".join(f"«{t}»" for t in self.faltan)
            self.datos["nota"] = (
                f"Derivado del {origen}. Quedan vacíos: {lista}; el POA no los da o no se "
                "pudieron saber (vea los avisos de «tfmt derivar»). Complételos antes de publicar."
            )
        return self.datos


def _titulo_poa(poa: Documento) -> str:
    """El título del POA tal como lo muestra el documento (``x-formato.titulo_documento``)."""
    d = poa.datos
    return " ".join(
        str(x) for x in ("PLAN OPERATIVO ANUAL", d.get("ejercicio", ""), str(d.get("area", "")))
    ).upper()


def _origen(poa: Documento) -> str:
    return f"Plan Operativo Anual {poa.datos.get('ejercicio', '')} ({poa.datos.get('area', '')})"


def _sobre(poa: Documento, contexto: Contexto, periodo: Any = None) -> dict[str, Any]:
    d = poa.datos
    hoy = dt.date.today().isoformat()
    sobre: dict[str, Any] = {
        "formato": contexto.formato.id,
        "sujeto_obligado": d.get("sujeto_obligado", ""),
        "ejercicio": d.get("ejercicio"),
        "periodo": periodo or d.get("periodo"),
        "area_responsable": d.get("area_responsable", ""),
        "fecha_actualizacion": hoy,
        "nota": "",
    }
    col = contexto.formato.columna("fecha_validacion")
    if col is not None and col.requerido:
        sobre["fecha_validacion"] = hoy
    return sobre


def _objetivos(poa: Documento) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """(objetivo, metas): los que nombra el POA; si no nombra, su misión con todas las metas."""
    metas = [m for m in poa.datos.get("metas") or [] if isinstance(m, Mapping)]
    nombrados = [o for o in poa.datos.get("objetivos") or [] if isinstance(o, Mapping)]
    if not nombrados:
        return [(str(poa.datos.get("mision") or ""), metas)]
    return [
        (
            str(o.get("descripcion", "")),
            [m for m in metas if m.get("id") in (o.get("metas") or [])],
        )
        for o in nombrados
    ]


def _hipervinculo(poa: Documento, contexto: Contexto, registro: _Registro, titulo: str) -> None:
    url = contexto.url_publicada(poa)
    por_que = ""
    if url is None:
        if contexto.raiz is None:
            por_que = (
                "El POA no está en un espacio de trabajo, así que no se sabe dónde quedó "
                "publicado: guárdelo con «tfmt actualizar Plan_Operativo_Anual …», publíquelo "
                "con «tfmt publicar» y derive desde documentos/Plan_Operativo_Anual/."
            )
        elif not contexto.url_base:
            por_que = (
                "El espacio de trabajo no tiene la dirección pública de lo publicado: "
                "escriba en transparencia.toml, sección [publicacion], "
                'url_base = "https://…/publicado" (o use «tfmt iniciar … --url-base URL» al '
                "crear el espacio) y publique el POA con «tfmt publicar»."
            )
        else:
            por_que = (
                "El POA no está publicado en este espacio de trabajo: guárdelo con "
                "«tfmt actualizar Plan_Operativo_Anual …» y publíquelo con «tfmt publicar»."
            )
    registro.poner(titulo, url, por_que)


class PoaAFraccionIV:
    """POA → Fr. IV: un registro por objetivo con sus metas."""

    nombre = "poa-a-fr-iv"
    origen = FORMATO_POA
    destino = "LGT_Art_70_Fr_IV"
    descripcion = "Objetivos y metas institucionales: un registro por objetivo, sus metas"

    def derivar(self, poa: Documento, contexto: Contexto) -> dict[str, Any]:
        """Los datos del formato de destino armados desde el POA."""
        datos = _sobre(poa, contexto)
        tabla = contexto.columna("Indicadores y metas asociados a cada objetivo")
        registros = []
        for n, (objetivo, metas) in enumerate(_objetivos(poa), start=1):
            r = _Registro(contexto, n)
            r.poner("Denominación del área", poa.datos.get("area"), "El POA no dice su área.")
            r.poner(
                "Descripción breve y clara de cada objetivo institucional",
                objetivo,
                "El POA no da misión ni objetivos.",
            )
            filas = []
            for m in metas:
                fila = _Registro(contexto, n, dentro=tabla)
                fila.poner("Indicadores asociados", m.get("indicador"))
                fila.poner("Meta del indicador", m.get("meta"))
                fila.poner("Unidad de medida", m.get("unidad_medida"))
                filas.append(fila.datos)
            r.poner(tabla.titulo, filas, "El POA no tiene metas para este objetivo.")
            _hipervinculo(poa, contexto, r, "Hipervínculo al documento del o los programas")
            registros.append(r.cerrar(_origen(poa)))
        datos["registros"] = registros
        return datos


class PoaAFraccionXXIIIa:
    """POA de comunicación social → Fr. XXIII a (el programa anual)."""

    nombre = "poa-a-fr-xxiii-a"
    origen = FORMATO_POA
    destino = "LGT_Art_70_Fr_XXIII_a"
    descripcion = "Programa Anual de Comunicación Social: denominación, aprobación, hipervínculo"

    def aplica(self, poa: Documento) -> str | None:
        """None si el POA está marcado como programa de comunicación social."""
        if poa.datos.get("programa_comunicacion_social") is True:
            return None
        return (
            "el POA no está marcado como el Programa Anual de Comunicación Social "
            '(«"programa_comunicacion_social": true»)'
        )

    def derivar(self, poa: Documento, contexto: Contexto) -> dict[str, Any]:
        """Los datos del formato de destino armados desde el POA."""
        datos = _sobre(poa, contexto)
        r = _Registro(contexto, 1)
        r.poner("Denominación del documento", _titulo_poa(poa))
        r.poner(
            "Fecha en la que se aprobó el Programa Anual de Comunicación Social",
            poa.datos.get("fecha_aprobacion"),
            "El POA no dice su fecha de aprobación (campo «fecha_aprobacion»); escríbala.",
        )
        _hipervinculo(poa, contexto, r, "Hipervínculo al Programa Anual de Comunicación Social")
        datos["registros"] = [r.cerrar(_origen(poa))]
        return datos


def _trimestre(ejercicio: Any, ultimo_mes: str | None) -> dict[str, str] | None:
    if not isinstance(ejercicio, int) or ultimo_mes is None:
        return None
    t = MESES.index(ultimo_mes) // 3 + 1
    fin = calendar.monthrange(ejercicio, 3 * t)[1]
    return {
        "inicio": dt.date(ejercicio, 3 * t - 2, 1).isoformat(),
        "termino": dt.date(ejercicio, 3 * t, fin).isoformat(),
    }


def _fin_de_mes(ejercicio: Any, mes: str) -> str:
    if not isinstance(ejercicio, int):
        return mes
    n = MESES.index(mes) + 1
    return f"{calendar.monthrange(ejercicio, n)[1]:02d}/{n:02d}/{ejercicio}"


def _numero(valor: float) -> str:
    return f"{valor:.1f}".rstrip("0").rstrip(".")


class PoaAFraccionVI:
    """POA + seguimiento → Fr. VI: un registro por meta, con su avance."""

    nombre = "poa-a-fr-vi"
    origen = FORMATO_POA
    destino = "LGT_Art_70_Fr_VI"
    descripcion = "Indicadores de resultados: metas programadas del POA y avance del seguimiento"
    apoyos = (FORMATO_SEGUIMIENTO,)

    def derivar(self, poa: Documento, contexto: Contexto) -> dict[str, Any]:
        """Los datos del formato de destino armados desde el POA."""
        seguimiento = contexto.fuentes.get(FORMATO_SEGUIMIENTO)
        resumen = resumir(poa.datos, seguimiento.datos if seguimiento else None)
        ejercicio = poa.datos.get("ejercicio")
        periodo = _trimestre(ejercicio, resumen.ultimo_mes)
        if seguimiento is None:
            contexto.hallazgo(
                "No hay seguimiento del POA para este ejercicio: el «Avance de metas» queda "
                "vacío. Regístrelo con «tfmt seguimiento registrar …» y vuelva a derivar."
            )
        datos = _sobre(poa, contexto, periodo)
        avances = {m.id: m for m in resumen.metas}
        registros = []
        n = 0
        for objetivo, metas in _objetivos(poa):
            for m in metas:
                n += 1
                r = _Registro(contexto, n)
                r.poner(
                    "Nombre del programa o concepto al que corresponde el indicador",
                    f"Plan Operativo Anual {ejercicio} — {poa.datos.get('area', '')}",
                )
                r.poner("Objetivo institucional", objetivo, "El POA no da misión ni objetivos.")
                r.poner("Nombre(s) del(os) indicador(es)", m.get("indicador"))
                for titulo in (
                    "Dimensión(es) a medir",
                    "Definición del indicador",
                    "Método de cálculo con variables de la fórmula",
                ):
                    r.poner(titulo, None)
                r.poner("Unidad de medida", m.get("unidad_medida"))
                r.poner("Frecuencia de medición", "Mensual" if seguimiento else None)
                r.poner("Línea base", None)
                r.poner("Metas programadas", m.get("meta"))
                avance = avances.get(m["id"]) if isinstance(m.get("id"), int) else None
                r.poner("Avance de metas", self._avance(avance, ejercicio))
                r.poner("Sentido del indicador", None)
                r.poner(
                    "Fuente de información",
                    f"Seguimiento mensual del {_origen(poa)}" if seguimiento else None,
                )
                if seguimiento is not None and not r.datos.get(contexto.clave("Avance de metas")):
                    contexto.hallazgo(
                        f"El seguimiento no registra avance de la meta {m.get('id')}; regístrelo "
                        f"con «tfmt seguimiento registrar --meta {m.get('id')} …».",
                        columna="Avance de metas",
                        registro=n,
                    )
                registros.append(r.cerrar(_origen(poa)))
        datos["registros"] = registros
        return datos

    @staticmethod
    def _avance(meta: Any, ejercicio: Any) -> str | None:
        if meta is None or not meta.por_mes:
            return None
        meses = "; ".join(f"{m} {_numero(v)} %" for m, v in meta.por_mes.items())
        ultimo = list(meta.por_mes)[-1]
        return (
            f"{meses}. Promedio al {_fin_de_mes(ejercicio, ultimo)}: "
            f"{_numero(meta.promedio or 0.0)} %."
        )


@hookimpl
def registrar_derivaciones() -> list[Any]:
    """Las derivaciones integradas del POA."""
    return [PoaAFraccionIV(), PoaAFraccionXXIIIa(), PoaAFraccionVI()]
