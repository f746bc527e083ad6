"""Vista en filas de un documento: columnas con su título oficial y valores formateados.

Es lo que reciben los exportadores sencillos (CSV, plugins) y lo que los importadores
leen de vuelta: `formatear` e `interpretar` son inversas una de la otra.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from attrs import frozen

from .modelos import Columna

MARCA = "X"
_FECHA_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FECHA_MX = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_REPETIDO = re.compile(r" \((\d+)\)$")


def titulos_unicos(titulos: Iterable[str]) -> list[str]:
    """Encabezados sin repetir para un CSV: la plantilla oficial repite algunos títulos
    (Fr. XIII: dos «Extensión telefónica»), y un CSV con encabezados repetidos es ambiguo para
    otros programas (y frictionless lo rechaza). La n-ésima repetición lleva « (n)»."""
    vistos: dict[str, int] = {}
    unicos = []
    for titulo in titulos:
        vistos[titulo] = vistos.get(titulo, 0) + 1
        unicos.append(titulo if vistos[titulo] == 1 else f"{titulo} ({vistos[titulo]})")
    return unicos


def sin_numero_de_repeticion(titulo: str) -> str:
    """Inversa de `titulos_unicos` al leer: «Extensión telefónica (2)» → «Extensión telefónica»."""
    return _REPETIDO.sub("", titulo)


@frozen
class ColumnaPlana:
    """Una columna de la vista plana: una columna del formato o una parte de ella."""

    titulo: str
    columna: Columna
    #: Para listas expandidas (meses) el valor marcado; para objetos, la subclave.
    parte: str | None = None
    subcolumna: Columna | None = None

    @property
    def clave(self) -> str:
        """Clave única de la columna plana (columna, subcolumna, parte)."""
        base = self.columna.clave
        return f"{base}.{self.parte}" if self.parte else base


class Filas:
    """Iterable re-iterable de filas (listas), generadas al vuelo para no duplicar memoria."""

    def __init__(self, generar: Callable[[], Iterator[list[Any]]], total: int) -> None:
        self._generar = generar
        self.total = total

    def __iter__(self) -> Iterator[list[Any]]:
        return self._generar()

    def __len__(self) -> int:
        return self.total


@frozen
class Tabla:
    """Columnas (títulos oficiales en orden) y filas de valores."""

    nombre: str
    columnas: tuple[str, ...]
    claves: tuple[str, ...]
    filas: Filas
    #: Tipo de cada columna (texto, fecha, moneda…), para quien necesite distinguirlas.
    tipos: tuple[str, ...] = ()
    #: Clave de la columna del formato de la que sale (tablas secundarias).
    origen: str | None = None
    sipot_tabla: str | None = None


def aplanar_columnas(columnas: Iterable[Columna]) -> list[ColumnaPlana]:
    """Columnas → columnas planas (objetos y meses en una columna cada parte)."""
    planas: list[ColumnaPlana] = []
    for col in columnas:
        if col.tipo == "objeto" and col.subcolumnas:
            for sub in col.subcolumnas:
                planas.append(
                    ColumnaPlana(f"{col.titulo}: {sub.titulo}", col, sub.clave, subcolumna=sub)
                )
        elif col.tipo == "lista" and col.presentacion == "meses" and col.catalogo:
            for valor in col.catalogo:
                planas.append(ColumnaPlana(valor, col, valor))
        else:
            planas.append(ColumnaPlana(col.titulo, col))
    return planas


# -- valores ---------------------------------------------------------------------------
def si_no(valor: bool) -> str:
    """Verdadero/falso como lo escribe el SIPOT: «Si» o «No» (sin acento, como el catálogo)."""
    return "Si" if valor else "No"


def fecha_iso_a_mx(valor: str) -> str:
    """AAAA-MM-DD → dd/mm/aaaa; otro texto queda igual."""
    m = _FECHA_ISO.match(valor)
    return f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else valor


def formatear(col: Columna, valor: Any, iso: bool = False) -> str:
    """Valor → texto. `iso` deja fechas AAAA-MM-DD (datos abiertos); si no, dd/mm/aaaa."""
    if valor is None:
        return ""
    tipo = col.tipo
    if tipo == "fecha" and isinstance(valor, str):
        return valor if iso else fecha_iso_a_mx(valor)
    if isinstance(valor, bool):
        return si_no(valor)
    if tipo == "moneda" and isinstance(valor, int | float):
        return f"{valor:.2f}"
    if isinstance(valor, float):
        return repr(valor)
    if isinstance(valor, list):
        return ", ".join(str(v) for v in valor)
    return str(valor)


def interpretar(col: Columna, texto: str) -> Any:
    """Texto → valor del tipo de la columna; None si está vacío. ValueError si no se puede.

    Es el único intérprete de números y fechas escritos por personas (CSV, Excel, formularios):
    lee el texto completo o lo rechaza con un mensaje que dice cómo escribirlo; nunca se queda
    con una parte («21/01/2026 aprox.») ni adivina separadores («1.234,56»)."""
    if texto is None:
        return None
    crudo = str(texto)
    limpio = crudo.strip()
    if limpio == "":
        return None
    tipo = col.tipo
    if tipo == "fecha":
        return interpretar_fecha(limpio)
    if tipo in ("moneda", "numero"):
        return interpretar_numero(limpio, moneda=tipo == "moneda")
    if tipo in ("entero", "anio"):
        if not _ENTERO.fullmatch(limpio):
            raise ValueError(f"«{crudo}» no es un número entero; escriba sólo cifras, p. ej. 2026")
        return int(limpio.split(".")[0])
    if tipo == "lista":
        return [p.strip() for p in limpio.split(",") if p.strip()]
    return crudo


_ENTERO = re.compile(r"[+-]?\d+(?:\.0+)?")
#: 1234 · 1234.5 · 1,234,567.89 · -$1,234.50 · 1.5E+06 (así guarda Excel números grandes).
_NUMERO_MX = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d{1,3})?")
#: 12,5 · 1234,56: coma decimal sin separador de miles (no hay ambigüedad posible).
_COMA_DECIMAL = re.compile(r"[+-]?\d+,\d{1,2}")
_EUROPEO = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[+-]?\d+(?:\.\d{3})*,\d{3,}")


def interpretar_numero(texto: str, moneda: bool = False) -> int | float:
    """«$1,234.50» → 1234.5. ValueError (en español) con lo que no se lee completo:
    punto de miles y coma decimal («1.234,56»), más de dos decimales en dinero, NaN, infinito."""
    limpio = texto.strip()
    numero = limpio.replace("\u00a0", "").replace(" ", "")
    signo = ""
    if numero[:1] in "+-":
        signo, numero = numero[0], numero[1:]
    numero = signo + numero.removeprefix("$")
    if _COMA_DECIMAL.fullmatch(numero):
        numero = numero.replace(",", ".")
    elif not _NUMERO_MX.fullmatch(numero):
        if _EUROPEO.fullmatch(numero):
            raise ValueError(
                f"«{texto}» usa punto para los miles y coma para los decimales; en México se "
                "escribe con coma de miles y punto decimal, p. ej. 1,234.56"
            )
        raise ValueError(f"«{texto}» no es un número; escriba sólo cifras, p. ej. 1234.50")
    numero = numero.replace(",", "")
    if not moneda and re.fullmatch(r"[+-]?\d+", numero):
        return int(numero)
    valor = float(numero)
    if not math.isfinite(valor):
        raise ValueError(f"«{texto}» no es un número finito")
    if moneda:
        decimales = numero.partition(".")[2].split("e")[0].split("E")[0].rstrip("0")
        if "e" not in numero.lower() and len(decimales) > 2:
            raise ValueError(
                f"«{texto}» tiene más de dos decimales; un importe se escribe con dos, "
                "p. ej. 1,234.56 (¿usó el punto como separador de miles?)"
            )
        return round(valor, 2)
    return valor


#: Hora que Excel pone tras una fecha («31/03/2026 00:00:00», «2026-03-31T00:00»).
_HORA = r"(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?"
_FECHA_ISO_HORA = re.compile(r"(\d{4})-(\d{2})-(\d{2})" + _HORA)
_FECHA_MX_HORA = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})" + _HORA)


def interpretar_fecha(texto: str) -> str:
    """Acepta AAAA-MM-DD o dd/mm/aaaa (con la hora que agrega Excel) y devuelve AAAA-MM-DD;
    ValueError si no es una fecha completa («21/01/2026 aprox.» no lo es)."""
    texto = texto.strip()
    m = _FECHA_ISO_HORA.fullmatch(texto)
    if m:
        a, me, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _FECHA_MX_HORA.fullmatch(texto)
        if not m:
            raise ValueError(
                f"«{texto}» no es una fecha; escríbala como dd/mm/aaaa (p. ej. 31/03/2026)"
                + (" sin texto adicional" if re.match(r"\d", texto) else "")
            )
        d, me, a = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(a, me, d).isoformat()
    except ValueError:
        raise ValueError(f"«{texto}» no es una fecha que exista en el calendario") from None


def valor_plano(cp: ColumnaPlana, registro: Mapping[str, Any]) -> Any:
    """El valor de una columna plana dentro de un registro."""
    valor = registro.get(cp.columna.clave)
    if cp.subcolumna is not None:
        return valor.get(cp.parte) if isinstance(valor, Mapping) else None
    if cp.parte is not None:
        return MARCA if isinstance(valor, list) and cp.parte in valor else ""
    return valor


def celda(cp: ColumnaPlana, valor: Any, iso: bool) -> str:
    """Texto de una celda para personas (o ISO) a partir del valor del registro."""
    col = cp.subcolumna or cp.columna
    return formatear(col, valor, iso)
