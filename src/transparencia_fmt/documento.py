"""`Documento`: los datos de un formato para un periodo, tal como se guardan en JSON.

Guarda el JSON tal cual (puede ser inválido: validar es trabajo de `validacion`) y da
vistas: sobre, registros, la tabla plana con columnas comunes repetidas y las
tablas secundarias.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from itertools import compress
from operator import not_
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import define, field

from .errores import ErrorDeDatos, FormatoDesconocido
from .metodos_attrs import eq_attrs, hash_attrs, repr_attrs
from .modelos import (
    CLAVES_FINALES,
    CLAVES_INICIALES,
    CLAVES_POR_REGISTRO,
    ErrorValidacion,
    Formato,
    Periodo,
    ruta_comun,
)
from .saneo import sanear

if TYPE_CHECKING:
    from .catalogo import Catalogo
    from .filas import Tabla

#: Claves del sobre común a todo documento (diseño §4); las de `CLAVES_POR_REGISTRO` puede
#: traerlas también un registro, con su propio valor.
CLAVES_SOBRE = ("formato", "sujeto_obligado", *CLAVES_POR_REGISTRO, "derivado_de")
_POR_REGISTRO = frozenset(CLAVES_POR_REGISTRO)


def fecha(valor: Any) -> dt.date | None:
    """Fecha ISO → date; None si no lo es (los datos pueden ser inválidos)."""
    if isinstance(valor, str):
        try:
            return dt.date.fromisoformat(valor)
        except ValueError:
            return None
    return None


@define(frozen=True)
class Celdas:
    """La hoja, la fila de cada registro (como la numera Excel) y la letra de cada columna."""

    __repr__ = repr_attrs
    __eq__ = eq_attrs
    __hash__ = hash_attrs

    hoja: str
    #: Compacta (un `array` de enteros en la importación): una por registro.
    filas: Sequence[int]
    letras: Mapping[str, str]

    def de(self, registro: int | None, clave: str | None) -> str | None:
        """«O9» para el registro 2 en la columna `clave`; None si no se sabe."""
        if registro is None or clave is None or not 0 < registro <= len(self.filas):
            return None
        letra = self.letras.get(clave)
        return f"{letra}{self.filas[registro - 1]}" if letra else None


@define(eq=False)
class Documento:
    """Los datos de un formato para un periodo (el JSON canónico) y vistas de ellos."""

    __repr__ = repr_attrs

    formato: Formato
    datos: dict[str, Any]
    origen: Path | None = None
    #: Hallazgos de la lectura (valores que no se pudieron convertir, columnas desconocidas…).
    hallazgos: list[ErrorValidacion] = field(factory=list)
    #: De una hoja de cálculo: dónde está cada registro y columna, para nombrar la celda.
    celdas: Celdas | None = None
    #: Otros archivos que se leyeron con `origen` (tablas secundarias CSV, datapackage.json):
    #: exportar nunca los reemplaza, como al de entrada (`salidas.no_pisar_entrada`).
    acompanantes: tuple[Path, ...] = ()

    # -- sobre ---------------------------------------------------------------------------
    @property
    def sobre(self) -> dict[str, Any]:
        """Las claves del sobre (`CLAVES_SOBRE`) que trae el documento, sin los registros."""
        return {k: v for k, v in self.datos.items() if k in CLAVES_SOBRE}

    @property
    def formato_id(self) -> str:
        """El id del formato."""
        return self.formato.id

    @property
    def ejercicio(self) -> Any:
        """El ejercicio (año) tal como viene en los datos."""
        return self.datos.get("ejercicio")

    @property
    def periodo(self) -> Periodo | None:
        """El periodo que se informa; None si falta o no son fechas."""
        p = self.datos.get("periodo")
        if not isinstance(p, Mapping):
            return None
        inicio, termino = fecha(p.get("inicio")), fecha(p.get("termino"))
        if inicio is None or termino is None:
            return None
        return Periodo(inicio, termino)

    @property
    def sujeto_obligado(self) -> dict[str, Any]:
        """El sujeto obligado siempre como objeto (``nombre``, ``lema``, ``domicilio``…)."""
        so = self.datos.get("sujeto_obligado")
        if isinstance(so, Mapping):
            return dict(so)
        return {"nombre": str(so or "")}

    def completar_sujeto(self, sujeto: str | Mapping[str, Any] | None) -> bool:
        """Pone el sujeto obligado sólo si el documento no trae uno (la plantilla del SIPOT no
        lo lleva); nunca cambia el que trae. True si lo puso."""
        nombre = sujeto.get("nombre") if isinstance(sujeto, Mapping) else sujeto
        if not nombre or str(self.sujeto_obligado.get("nombre", "")).strip():
            return False
        self.datos["sujeto_obligado"] = dict(sujeto) if isinstance(sujeto, Mapping) else sujeto
        return True

    @property
    def nota(self) -> str:
        """La nota del documento ("" si no hay)."""
        return str(self.datos.get("nota") or "")

    # -- registros -----------------------------------------------------------------------
    @property
    def registros(self) -> list[dict[str, Any]]:
        """Registros de un formato tabular; un documento (POA) es su único registro."""
        if self.formato.tipo == "documento":
            return [{k: v for k, v in self.datos.items() if k not in CLAVES_SOBRE}]
        regs = self.datos.get("registros")
        return regs if isinstance(regs, list) else []

    def a_json(self) -> dict[str, Any]:
        """El documento canónico (lo que escribe el exportador json)."""
        return copy.deepcopy(self.datos)

    # -- sobre por registro -------------------------------------------------------------
    def valor_comun(self, clave: str, registro: Mapping[str, Any] | None = None) -> Any:
        """Valor de una columna común («ejercicio», «periodo_inicio»…) en un registro: el suyo
        si lo trae (`CLAVES_POR_REGISTRO`), si no el del documento."""
        ruta = ruta_comun(clave)
        fuente = registro if registro is not None and ruta[0] in registro else self.datos
        valor = fuente.get(ruta[0])
        if len(ruta) == 2:
            return valor.get(ruta[1]) if isinstance(valor, Mapping) else None
        return valor

    def con_sobre_propio(self) -> Iterator[tuple[int, Mapping[str, Any]]]:
        """(número desde 1, registro) de los registros que traen alguna clave del sobre."""
        if self.formato.tipo != "tabular":
            return
        registros = self.registros
        try:  # se filtra en C, sin un paso de Python por registro (lo común: ninguno)
            hallados = list(
                compress(
                    enumerate(registros, start=1),
                    map(not_, map(_POR_REGISTRO.isdisjoint, registros)),
                )
            )
        except TypeError:  # un registro que no es iterable (None, un número…)
            hallados = list(enumerate(registros, start=1))
        for numero, reg in hallados:
            if isinstance(reg, Mapping) and not _POR_REGISTRO.isdisjoint(reg.keys()):
                yield numero, reg

    def variantes_del_sobre(self) -> tuple[dict[str, list[Any]], list[tuple[Any, Any, Any]]]:
        """En una pasada: los valores distintos de cada columna común en los registros y los
        (ejercicio, inicio, término) distintos que informan. Primero el del documento (si algún
        registro lo usa), luego los propios en orden; sin registros, los del documento."""
        claves = (*CLAVES_INICIALES, *CLAVES_FINALES)
        propios: dict[str, list[Any]] = {c: [] for c in claves}
        periodos_propios: list[tuple[Any, ...]] = []
        for _, reg in self.con_sobre_propio():  # sólo los que difieren: lo común, ninguno
            for c in claves:
                if ruta_comun(c)[0] in reg:
                    propios[c].append(_hashable(self.valor_comun(c, reg)))
            if "ejercicio" in reg or "periodo" in reg:
                periodos_propios.append(
                    tuple(_hashable(self.valor_comun(c, reg)) for c in CLAVES_INICIALES)
                )
        total = len(self.registros) if self.formato.tipo == "tabular" else 0

        def unir(del_documento: Any, lista: list[Any]) -> list[Any]:
            vistos = dict.fromkeys([del_documento]) if len(lista) < total or not total else {}
            for valor in lista:
                vistos.setdefault(valor)
            return list(vistos)

        valores = {c: unir(_hashable(self.valor_comun(c)), propios[c]) for c in claves}
        del_documento = tuple(_hashable(self.valor_comun(c)) for c in CLAVES_INICIALES)
        return valores, unir(del_documento, periodos_propios) if total else []

    def periodos(self) -> list[tuple[Any, Any, Any]]:
        """(ejercicio, inicio, término) distintos que informan los registros: uno solo salvo
        que algún registro traiga su propio ejercicio o periodo."""
        return self.variantes_del_sobre()[1]

    def partir_por_periodo(self) -> list[tuple[tuple[Any, Any, Any], dict[str, Any]]]:
        """Un JSON por (ejercicio, inicio, término) que informan los registros, en orden de
        aparición: su sobre lleva ese ejercicio y periodo, y el área, fechas y Nota más
        frecuentes del grupo; cada registro conserva lo que difiere. Ningún valor cambia."""
        grupos: dict[tuple[Any, Any, Any], list[Any]] = {}
        for reg in self.registros:
            llave = tuple(
                _hashable(self.valor_comun(c, reg if isinstance(reg, Mapping) else None))
                for c in ("ejercicio", "periodo_inicio", "periodo_termino")
            )
            grupos.setdefault(llave, []).append(reg)
        partes = []
        for (ejercicio, inicio, termino), regs in grupos.items():
            datos = {k: copy.deepcopy(v) for k, v in self.datos.items() if k != "registros"}
            datos["ejercicio"] = ejercicio
            datos["periodo"] = {
                k: v for k, v in (("inicio", inicio), ("termino", termino)) if v is not None
            }
            nuevos = []
            for reg in regs:
                nuevo = copy.deepcopy(reg) if isinstance(reg, dict) else {}
                if isinstance(reg, Mapping):
                    for clave in CLAVES_POR_REGISTRO:
                        if clave not in ("ejercicio", "periodo") and (
                            clave in reg or clave in self.datos
                        ):
                            nuevo[clave] = copy.deepcopy(self.valor_comun(clave, reg))
                nuevo.pop("ejercicio", None)
                nuevo.pop("periodo", None)
                nuevos.append(nuevo)
            for clave in CLAVES_POR_REGISTRO:
                if clave in ("ejercicio", "periodo") or not nuevos:
                    continue
                cuenta = Counter(_hashable(r.get(clave)) for r in nuevos)
                comun = cuenta.most_common(1)[0][0]
                valor = next(r.get(clave) for r in nuevos if _hashable(r.get(clave)) == comun)
                if valor is None and clave not in datos:
                    continue
                datos[clave] = copy.deepcopy(valor)
            datos["registros"] = nuevos
            partes.append(((ejercicio, inicio, termino), canonizar(datos)))
        return partes

    # -- vistas --------------------------------------------------------------------------

    def tabla(self, iso: bool = False) -> Tabla:
        """Una fila por registro, con las columnas comunes repetidas, en orden oficial.

        Los valores salen formateados para personas (fechas dd/mm/aaaa, dinero con dos
        decimales); con ``iso=True`` las fechas quedan AAAA-MM-DD (datos abiertos). Una
        columna de tabla secundaria lleva el número de registro que la enlaza.
        """
        # aquí: `validar` no arma tablas y filas cuesta al arrancar (clases y expresiones)
        from .filas import Filas, Tabla, aplanar_columnas, celda, valor_plano

        planas = aplanar_columnas(self.formato.columnas)
        registros = self.registros

        def generar() -> Iterator[list[Any]]:
            # Cada columna se resuelve una vez: las del documento son constantes, ya puestas
            # en la plantilla de la fila (salvo en un registro que trae las suyas); las de
            # texto simple se leen de una vez (`map` en C) y un texto pasa tal cual.
            plantilla: list[Any] = [None] * len(planas)
            comunes: list[tuple[int, Any, str]] = []
            simples: list[tuple[int, str]] = []
            otras: list[tuple[int, Any]] = []
            for j, cp in enumerate(planas):
                col = cp.columna
                if col.ambito == "documento":
                    plantilla[j] = celda(cp, self.valor_comun(col.clave), iso)
                    comunes.append((j, cp, ruta_comun(col.clave)[0]))
                elif (
                    col.tipo not in ("tabla", "fecha")
                    and cp.subcolumna is None
                    and cp.parte is None
                ):
                    simples.append((j, col.clave))
                else:
                    otras.append((j, cp))
            posiciones = [j for j, _ in simples]
            claves = [clave for _, clave in simples]
            # Columnas simples seguidas (lo común): se ponen de una vez si todas son texto.
            desde = posiciones[0] if posiciones else 0
            hasta = desde + len(posiciones)
            seguidas = bool(posiciones) and posiciones == list(range(desde, hasta))
            solo_texto = {str}
            for numero, reg in enumerate(registros, start=1):
                if type(reg) is not dict and not isinstance(reg, Mapping):  # dict: sin ABC
                    reg = {}
                fila = plantilla.copy()
                # Sólo un registro con sobre propio (ejercicio, área… distintos) resuelve
                # sus columnas del documento; los demás toman las constantes.
                if not _POR_REGISTRO.isdisjoint(reg.keys()):
                    for j, cp, raiz in comunes:
                        if raiz in reg:
                            fila[j] = celda(cp, self.valor_comun(cp.columna.clave, reg), iso)
                valores = list(map(reg.get, claves))
                if seguidas and set(map(type, valores)) <= solo_texto:
                    fila[desde:hasta] = valores
                else:
                    for j, valor in zip(posiciones, valores, strict=True):
                        fila[j] = valor if type(valor) is str else celda(planas[j], valor, iso)
                for j, cp in otras:
                    col = cp.columna
                    if col.tipo == "tabla":
                        valor = numero if reg.get(col.clave) else None
                    else:
                        valor = valor_plano(cp, reg)
                    fila[j] = celda(cp, valor, iso)
                yield fila

        return Tabla(
            nombre=self.formato.titulo,
            columnas=tuple(cp.titulo for cp in planas),
            claves=tuple(cp.clave for cp in planas),
            filas=Filas(generar, len(registros)),
            tipos=tuple((cp.subcolumna or cp.columna).tipo for cp in planas),
        )

    def tablas_secundarias(self, iso: bool = False) -> list[Tabla]:
        """Cada tabla secundaria con una primera columna ``ID`` = número del registro."""
        from .filas import Filas, Tabla, aplanar_columnas, celda, valor_plano

        tablas = []
        for col in self.formato.columnas_registro:
            if col.tipo != "tabla":
                continue
            planas = aplanar_columnas(col.subcolumnas)
            registros = self.registros
            total = sum(
                len(r.get(col.clave) or [])
                for r in registros
                if isinstance(r, Mapping) and isinstance(r.get(col.clave), list)
            )

            def generar(
                col: Any = col, planas: Any = planas, registros: Any = registros
            ) -> Iterator[list[Any]]:
                for numero, reg in enumerate(registros, start=1):
                    filas = reg.get(col.clave) if isinstance(reg, Mapping) else None
                    if not isinstance(filas, list):
                        continue
                    for sub in filas:
                        sub = sub if isinstance(sub, Mapping) else {}
                        yield [str(numero)] + [
                            celda(cp, valor_plano(cp, sub), iso) for cp in planas
                        ]

            tablas.append(
                Tabla(
                    nombre=col.titulo,
                    columnas=(_titulo_enlace(planas), *(cp.titulo for cp in planas)),
                    claves=("id", *(cp.clave for cp in planas)),
                    filas=Filas(generar, total),
                    tipos=("entero", *((cp.subcolumna or cp.columna).tipo for cp in planas)),
                    origen=col.clave,
                    sipot_tabla=f"Tabla_{col.sipot_id}" if col.sipot_id else None,
                )
            )
        return tablas


def _titulo_enlace(planas: list[Any]) -> str:
    """«ID» (como el SIPOT), salvo que la tabla ya tenga una columna «ID»: los encabezados de
    un CSV deben ser únicos para que otros programas (y frictionless) lo lean sin ambigüedad."""
    titulos = {cp.titulo for cp in planas}
    return "ID" if "ID" not in titulos else "ID del registro"


def _hashable(valor: Any) -> Any:
    if isinstance(valor, Mapping):
        return tuple(sorted((str(k), _hashable(v)) for k, v in valor.items()))
    if isinstance(valor, list):
        return tuple(_hashable(v) for v in valor)
    return valor


def canonizar(datos: dict[str, Any]) -> dict[str, Any]:
    """Quita de cada registro las claves del sobre que repiten el valor del documento (la fila
    lo hereda): sólo quedan las que difieren. Nunca cambia un valor."""
    regs = datos.get("registros")
    if not isinstance(regs, list):
        return datos
    nota = datos.get("nota") or ""
    for reg in regs:
        if not isinstance(reg, dict) or _POR_REGISTRO.isdisjoint(reg.keys()):
            continue
        for clave in CLAVES_POR_REGISTRO:
            if clave not in reg:
                continue
            if clave == "nota":
                if (reg["nota"] or "") == nota:
                    del reg["nota"]
            elif clave in datos and reg[clave] == datos[clave]:
                del reg[clave]
    return datos


__all__ = ["CLAVES_FINALES", "CLAVES_SOBRE", "Documento", "canonizar", "fecha"]


def documento_desde_dict(
    datos: Any, catalogo: Catalogo, origen: Path | None = None, *, ceder: bool = False
) -> Documento:
    """Arma el `Documento` tras comprobar lo mínimo para saber su formato; el resto, `validar`.

    Con `ceder`, quien llama entrega `datos` y no los vuelve a usar (un importador que los
    acaba de leer): no se copian."""
    nombre = str(origen) if origen else "el documento"
    if not isinstance(datos, dict):
        raise ErrorDeDatos(
            f"{nombre}: se esperaba un objeto JSON con «formato», «ejercicio», «periodo»…",
            archivo=nombre,
        )
    formato_id = datos.get("formato")
    if not isinstance(formato_id, str) or not formato_id:
        raise ErrorDeDatos(
            f'{nombre}: falta «formato» (el id del formato, p. ej. "LGT_Art_70_Fr_V"). '
            "Vea los ids con «tfmt formatos».",
            archivo=nombre,
        )
    try:
        formato = catalogo.formato(formato_id)
    except FormatoDesconocido as exc:
        raise ErrorDeDatos(f"{nombre}: {exc}", archivo=nombre) from exc
    # Una copia JSON: el dict de quien llama no cambia ni queda enlazado al documento.
    copia, hallazgos = sanear(datos, copiar_texto=True, ceder=ceder)
    return Documento(formato=formato, datos=canonizar(copia), origen=origen, hallazgos=hallazgos)


def documento_vacio(formato: Formato, datos: dict[str, Any] | None = None) -> Documento:
    """El documento sin registros de una plantilla en blanco (CSV/XLSX de `tfmt plantilla` y
    de `tfmt servir`); `datos` da el sobre, por omisión sólo el formato."""
    vacio: dict[str, Any] = dict(datos) if datos is not None else {"formato": formato.id}
    if formato.tipo == "tabular":
        vacio["registros"] = []
    return Documento(formato=formato, datos=vacio)
