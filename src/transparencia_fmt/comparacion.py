"""Comparación de una plantilla SIPOT real (o descarga de la PNT) con el esquema del catálogo.

Compara encabezados letra por letra, tipos, catálogos y su orden, tablas secundarias e ids
de campo (los nacionales, o los estatales que el esquema registra). Una diferencia sólo se
acepta si el esquema la registra con su motivo en ``x-fuente.diferencias``:
``{"plantilla": nombre corto o id de formato ("*" = cualquiera), "aspecto": "encabezado" |
"tipo" | "catalogo" | "id" | "columnas", "columna": encabezado, "motivo": "…"}``.
openpyxl se importa al leer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from attrs import asdict, field, frozen

from .catalogo import Catalogo, normalizar
from .equivalencias import Equivalencias
from .errores import ErrorDeDatos
from .libro_sipot import HOJA_PNT, HOJA_SIPOT
from .modelos import Columna, Formato

__all__ = ["Campo", "Diferencia", "Plantilla", "comparar", "leer_plantilla"]

#: Código de tipo SIPOT por tipo de columna, cuando el esquema no lo trae.
_CODIGO = {"numero": 3, "entero": 3, "moneda": 6, "fecha": 4, "hipervinculo": 7}
_CODIGO |= {"catalogo": 9, "tabla": 10, "anio": 12}


@frozen
class Campo:
    """Una columna leída de la plantilla: encabezado tal cual, tipo, id y catálogo."""

    encabezado: str
    tipo: int | None
    id: str
    catalogo: tuple[str, ...] | None = None
    #: Hoja de la tabla secundaria (segunda línea del encabezado «Tabla_<id>»).
    hoja: str | None = None


@frozen
class Plantilla:
    """El diseño leído de un libro del SIPOT o de la PNT: ids, nombre corto, columnas."""

    ruta: Path
    hoja: str
    id_formato: str
    titulo: str
    nombre_corto: str
    campos: tuple[Campo, ...]
    tablas: dict[str, tuple[Campo, ...]] = field(factory=dict)
    #: Descarga de la PNT: encabezados en mayúsculas o filas de tipo e id corridas.
    pnt: bool = False


@frozen
class Diferencia:
    """Una diferencia entre el catálogo y la plantilla, con su motivo si está registrada."""

    aspecto: str
    columna: str
    esperado: Any
    encontrado: Any
    tabla: str | None = None
    #: Motivo registrado en el esquema (la diferencia es conocida y aceptada); None si no.
    motivo: str | None = None

    def texto(self) -> str:
        """La diferencia en una línea para personas."""
        lugar = f"tabla «{self.tabla}», " if self.tabla else ""
        if self.aspecto == "columnas":
            base = (
                f"{lugar}columnas del catálogo que la plantilla no trae: {self.esperado}; "
                f"columnas de la plantilla que el catálogo no tiene: {self.encontrado}"
            )
            return base + (f" (registrada: {self.motivo})" if self.motivo else "")
        if self.aspecto == "orden":
            return f"{lugar}mismas columnas en otro orden: la plantilla dice {self.encontrado}" + (
                f" (registrada: {self.motivo})" if self.motivo else ""
            )
        base = (
            f"{lugar}columna «{self.columna}»: {self.aspecto} — el catálogo dice "
            f"{self.esperado!r}, la plantilla {self.encontrado!r}"
        )
        return base + (f" (registrada: {self.motivo})" if self.motivo else "")

    def a_dict(self) -> dict[str, Any]:
        """La diferencia como datos (para --json)."""
        return asdict(self)


# -- lectura ---------------------------------------------------------------------------
def _texto(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _hoja_principal(nombres: Sequence[str]) -> str | None:
    por_nombre = {normalizar(h): h for h in nombres}
    for nombre in (HOJA_SIPOT, HOJA_PNT):
        if normalizar(nombre) in por_nombre:
            return por_nombre[normalizar(nombre)]
    return next((h for h in nombres if not h.lower().startswith(("hidden", "tabla_"))), None)


def _valores_hoja(wb: Any, nombre: str) -> tuple[str, ...] | None:
    if nombre not in wb.sheetnames:
        return None
    return tuple(_texto(f[0]) for f in wb[nombre].iter_rows(values_only=True) if f and f[0])


def _fila(ws: Any, n: int) -> list[Any]:
    return [c.value for c in ws[n]] if ws.max_row >= n else []


def _campos(
    encabezados: list[Any], tipos: list[Any], ids: list[Any], corrimiento: int
) -> list[tuple[str, int | None, str]]:
    salida = []
    for j, enc in enumerate(encabezados):
        t = _texto(tipos[j + corrimiento]) if j + corrimiento < len(tipos) else ""
        i = _texto(ids[j + corrimiento]) if j + corrimiento < len(ids) else ""
        salida.append((_texto(enc), int(t) if t.isdigit() else None, i))
    return salida


def _corrimiento(encabezados: list[Any], tipos: list[Any]) -> int:
    """Las descargas de la PNT corren una columna a la derecha las filas de tipo e id."""
    n = len(encabezados)
    if tipos and tipos[0] in (None, "") and len(tipos) > n and tipos[n] not in (None, ""):
        return 1
    return 0


def _recortar(fila: list[Any]) -> list[Any]:
    while fila and fila[-1] in (None, ""):
        fila = fila[:-1]
    return fila


def leer_plantilla(ruta: Path) -> Plantilla:
    """Lee el diseño (filas 1–7 y hojas Tabla_/Hidden_) de un libro del SIPOT o de la PNT."""
    try:
        import warnings

        from openpyxl import load_workbook

        with warnings.catch_warnings():  # «no default style» de libros del SIPOT: ruido
            warnings.simplefilter("ignore")
            wb = load_workbook(ruta, data_only=True)
    except Exception as exc:  # noqa: BLE001 - cualquier fallo del lector se explica igual
        raise ErrorDeDatos(
            f"{ruta}: no es un libro de Excel que se pueda leer ({type(exc).__name__}: {exc}). "
            "Ábralo en Excel y guárdelo como «Libro de Excel (.xlsx)».",
            archivo=str(ruta),
        ) from exc
    hoja = _hoja_principal(wb.sheetnames)
    if hoja is None:
        raise ErrorDeDatos(f"{ruta}: el libro no tiene hoja de datos.", archivo=str(ruta))
    ws = wb[hoja]
    encabezados = _recortar(_fila(ws, 7))
    if not encabezados or normalizar(_texto(_fila(ws, 6)[0] if _fila(ws, 6) else "")) != (
        "tabla campos"
    ):
        raise ErrorDeDatos(
            f"{ruta}, hoja «{hoja}»: no tiene el diseño de plantilla del SIPOT (fila 6 «Tabla "
            "Campos» y encabezados en la fila 7); para comparar, descargue la plantilla del "
            "SIPOT.",
            archivo=str(ruta),
        )
    tipos, ids = _fila(ws, 4), _fila(ws, 5)
    corr = _corrimiento(encabezados, tipos)
    campos: list[Campo] = []
    k = 0
    for enc, tipo, id_ in _campos(encabezados, tipos, ids, corr):
        catalogo = None
        if tipo == 9:
            k += 1
            catalogo = _valores_hoja(wb, f"Hidden_{k}")
        partes = enc.split("\n")
        hoja_t = partes[1].strip() if tipo == 10 and len(partes) > 1 else None
        campos.append(Campo(partes[0], tipo, id_, catalogo, hoja_t))
    tablas: dict[str, tuple[Campo, ...]] = {}
    for nombre in wb.sheetnames:
        if not nombre.lower().startswith("tabla_"):
            continue
        t = wb[nombre]
        encs = _recortar(_fila(t, 3))[1:]
        subs, k = [], 0
        for enc, tipo, id_ in _campos(encs, _fila(t, 1)[1:], _fila(t, 2)[1:], 0):
            catalogo = None
            if tipo == 9:
                k += 1
                catalogo = _valores_hoja(wb, f"Hidden_{k}_{nombre}")
            subs.append(Campo(enc, tipo, id_, catalogo))
        tablas[nombre] = tuple(subs)
    fila3 = _fila(ws, 3)
    textos = [_texto(c) for c in encabezados]
    pnt = corr == 1 or normalizar(hoja) == normalizar(HOJA_PNT)
    pnt = pnt or all(t == t.upper() for t in textos)
    return Plantilla(
        ruta=ruta,
        hoja=hoja,
        id_formato=_texto(_fila(ws, 1)[0] if _fila(ws, 1) else ""),
        titulo=_texto(fila3[0] if fila3 else "").strip(),
        nombre_corto=_texto(fila3[3] if len(fila3) > 3 else "").strip(),
        campos=tuple(campos),
        tablas=tablas,
        pnt=pnt,
    )


# -- comparación -----------------------------------------------------------------------
def _codigo(col: Columna) -> int | None:
    if col.sipot_tipo is not None:
        return int(col.sipot_tipo)
    return _CODIGO.get(col.tipo, 2)


def _igual_encabezado(nuestro: str, suyo: str, pnt: bool) -> bool:
    if pnt:  # la PNT cambia mayúsculas y agrega «(TABLA_nnn)»: se compara el texto
        return normalizar(nuestro) == normalizar(suyo.split("(TABLA_")[0])
    return nuestro == suyo


def _ids_estatales(formato: Formato, plantilla: Plantilla) -> dict[str, Any] | None:
    fuente = formato.fuente if isinstance(formato.fuente, dict) else {}
    estatal = fuente.get("plantilla_estatal") or {}
    if estatal and normalizar(estatal.get("nombre_corto", "")) == normalizar(
        plantilla.nombre_corto
    ):
        return dict(estatal)
    return None


def _nacional(formato: Formato, plantilla: Plantilla) -> bool:
    sipot = (formato.esquema.get("x-formato") or {}).get("sipot") or {}
    return bool(
        (
            formato.nombre_corto
            and normalizar(formato.nombre_corto) == normalizar(plantilla.nombre_corto)
        )
        or (sipot.get("id_formato") and str(sipot["id_formato"]) == plantilla.id_formato)
    )


def _comparar_columnas(
    nuestras: Sequence[Columna],
    suyas: Sequence[Campo],
    pnt: bool,
    ids: Sequence[str | None] | None,
    tabla: str | None,
) -> list[Diferencia]:
    difs: list[Diferencia] = []
    if [normalizar(c.titulo) for c in nuestras] != [normalizar(c.encabezado) for c in suyas]:
        faltan = [
            c.titulo
            for c in nuestras
            if normalizar(c.titulo) not in {normalizar(s.encabezado) for s in suyas}
        ]
        sobran = [
            s.encabezado
            for s in suyas
            if normalizar(s.encabezado) not in {normalizar(c.titulo) for c in nuestras}
        ]
        if faltan or sobran or len(nuestras) != len(suyas):
            difs.append(Diferencia("columnas", "*", faltan, sobran, tabla))
            return difs
        difs.append(
            Diferencia(
                "orden", "*", [c.titulo for c in nuestras], [s.encabezado for s in suyas], tabla
            )
        )
        return difs
    for n, (col, campo) in enumerate(zip(nuestras, suyas, strict=True)):
        oficial = col.encabezado_oficial
        if not _igual_encabezado(oficial, campo.encabezado, pnt):
            difs.append(Diferencia("encabezado", col.titulo, oficial, campo.encabezado, tabla))
        if campo.tipo is not None and _codigo(col) != campo.tipo:
            difs.append(Diferencia("tipo", col.titulo, _codigo(col), campo.tipo, tabla))
        if campo.tipo == 9 and campo.catalogo is not None:
            if tuple(col.catalogo or ()) != campo.catalogo:
                difs.append(
                    Diferencia(
                        "catalogo",
                        col.titulo,
                        list(col.catalogo or ()),
                        list(campo.catalogo),
                        tabla,
                    )
                )
        if ids is not None and n < len(ids) and campo.id and str(ids[n] or "") != campo.id:
            difs.append(Diferencia("id", col.titulo, ids[n], campo.id, tabla))
    return difs


def comparar(formato: Formato, plantilla: Plantilla) -> list[Diferencia]:
    """Todas las diferencias entre el formato del catálogo y la plantilla leída; las que el
    esquema registra llevan su motivo."""
    estatales = _ids_estatales(formato, plantilla)
    nacional = _nacional(formato, plantilla)
    ids: list[str | None] | None = None
    if estatales is not None:
        ids = list(estatales.get("ids_campos") or []) or None
    elif nacional:
        ids = [c.sipot_id for c in formato.columnas]
    difs = _comparar_columnas(formato.columnas, plantilla.campos, plantilla.pnt, ids, None)
    if not any(d.aspecto in ("columnas", "orden") for d in difs):
        for col, campo in zip(formato.columnas, plantilla.campos, strict=True):
            if col.tipo != "tabla":
                continue
            hoja = campo.hoja or next(
                (h for h in plantilla.tablas if len(plantilla.tablas) == 1), None
            )
            suyas = plantilla.tablas.get(hoja or "")
            if suyas is None:
                difs.append(Diferencia("tabla", col.titulo, "hoja de la tabla", None, None))
                continue
            sub_ids: list[str | None] | None = None
            if estatales is not None:
                sub_ids = list((estatales.get("tablas") or {}).get(hoja, [])) or None
            elif nacional:
                sub_ids = [s.sipot_id for s in col.subcolumnas]
            difs += _comparar_columnas(col.subcolumnas, suyas, plantilla.pnt, sub_ids, col.titulo)
    return [_con_motivo(formato, plantilla, d) for d in difs]


def _con_motivo(formato: Formato, plantilla: Plantilla, dif: Diferencia) -> Diferencia:
    fuente = formato.fuente if isinstance(formato.fuente, dict) else {}
    for reg in fuente.get("diferencias", ()):
        donde = str(reg.get("plantilla", "*"))
        if donde not in ("*", plantilla.nombre_corto, plantilla.id_formato):
            continue
        if reg.get("aspecto") != dif.aspecto:
            continue
        if normalizar(str(reg.get("columna", "*"))) not in (normalizar(dif.columna), ""):
            continue
        return Diferencia(
            dif.aspecto,
            dif.columna,
            dif.esperado,
            dif.encontrado,
            dif.tabla,
            str(reg.get("motivo") or "registrada"),
        )
    return dif


def formato_de_plantilla(catalogo: Catalogo, plantilla: Plantilla) -> Formato | None:
    """El formato del catálogo que la plantilla declara (id de formato o nombre corto)."""
    eq = Equivalencias(catalogo)
    return eq.resolver([plantilla.nombre_corto, plantilla.id_formato])


def formatos_cercanos(
    catalogo: Catalogo, encabezados: Sequence[str], n: int = 3
) -> list[tuple[Formato, float]]:
    """Los `n` formatos cuyos encabezados más se parecen (proporción de títulos comunes)."""
    suyos = {normalizar(e.split("\n")[0].split("(TABLA_")[0]) for e in encabezados if e}
    suyos -= {normalizar(c) for c in _COMUNES}
    puntajes = []
    for f in catalogo:
        nuestros = {normalizar(c.titulo) for c in f.columnas_registro}
        if not nuestros or not suyos:
            continue
        comunes = len(nuestros & suyos)
        puntajes.append((f, comunes / len(nuestros | suyos)))
    puntajes.sort(key=lambda x: -x[1])
    return [p for p in puntajes[:n] if p[1] > 0]


_COMUNES = (
    "Ejercicio",
    "Fecha de inicio del periodo que se informa",
    "Fecha de término del periodo que se informa",
    "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información",
    "Fecha de validación",
    "Fecha de actualización",
    "Nota",
)
