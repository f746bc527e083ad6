"""Piezas del exportador PDF: fuentes, texto seguro, estilos, lienzo y flowables perezosos.

Sólo lo importa `pdf_documento` dentro de `exportar`: aquí sí se importa reportlab.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Table

from transparencia_fmt.glifos import SUSTITUTOS_PDF, para_pdf, sustituto
from transparencia_fmt.texto import limpiar

from ._pdf_texto import TextoDirecto

FUENTE = "TfmtVera"
NEGRITA = "TfmtVera-Negrita"
CURSIVA = "TfmtVera-Cursiva"
NEGRITA_CURSIVA = "TfmtVera-NegritaCursiva"
TAM_CELDA = 6.8
GRIS_ENCABEZADO = colors.HexColor("#D9E2EC")
GRIS_ALTERNO = colors.HexColor("#F2F4F7")
GRIS_LINEA = colors.HexColor("#9AA5B1")
FORMA_TOTAL = "tfmtTotalPaginas"

#: Sustitutos legibles para caracteres que Bitstream Vera no trae (la validación usa los
#: mismos para avisar de lo que saldría como «?»).
_SUSTITUTOS = SUSTITUTOS_PDF


class _Anchos(dict[str, float]):
    """Ancho de cada carácter en milésimas de eme; lo desconocido mide lo de omisión."""

    def __init__(self, fuente: TTFont) -> None:
        super().__init__((chr(k), v) for k, v in fuente.face.charWidths.items())
        self._omision: float = fuente.face.defaultWidth

    def __missing__(self, caracter: str) -> float:
        return self._omision


class _FuenteRapida(TTFont):
    """TTFont con `stringWidth` en Python rápido (sin el acelerador C opcional de reportlab)."""

    def __init__(self, nombre: str, archivo: str) -> None:
        super().__init__(nombre, archivo)
        self.anchos = _Anchos(self)
        #: El carácter más angosto: un texto de n caracteres mide al menos n × `minimo`.
        self.minimo: float = min(min(self.anchos.values()), self.anchos._omision)
        self.palabras: dict[str, float] = {}
        self._rapido: weakref.WeakKeyDictionary[Any, tuple[int, dict[int, int], frozenset[str]]]
        self._rapido = weakref.WeakKeyDictionary()

    def unidades(self, texto: str) -> float:
        """Ancho en milésimas de eme, con caché por palabra (el texto se repite mucho)."""
        valor = self.palabras.get(texto)
        if valor is None:
            valor = sum(map(self.anchos.__getitem__, texto))
            if len(texto) > 40:
                return valor
            if len(self.palabras) > 200_000:
                self.palabras.clear()
            self.palabras[texto] = valor
        return valor

    def stringWidth(self, text: Any, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        return 0.001 * size * self.unidades(text)

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> Any:  # noqa: N802
        """Camino rápido de reportlab (que codifica carácter por carácter en Python): si todos
        los caracteres ya tienen código en el primer subconjunto, basta un `translate`."""
        if isinstance(text, str) and text and "\xa0" not in text:
            estado = self.state.get(doc)
            if estado is not None:
                asignados = estado.assignments
                rapido = self._rapido.get(doc)
                if rapido is None or rapido[0] != len(asignados):
                    tabla = {c: n for c, n in asignados.items() if n < 256}
                    rapido = (len(asignados), tabla, frozenset(map(chr, tabla)))
                    self._rapido[doc] = rapido
                if rapido[2].issuperset(text):
                    return [(0, text.translate(rapido[1]).encode("latin-1"))]
        return super().splitString(text, doc, encoding)


@functools.cache
def registrar_fuentes() -> frozenset[int]:
    """Registra Bitstream Vera (viene con reportlab) y devuelve los puntos de código que cubre."""
    from reportlab.lib.fonts import addMapping

    carpeta = Path(reportlab.__file__).parent / "fonts"
    archivos = {
        FUENTE: "Vera.ttf",
        NEGRITA: "VeraBd.ttf",
        CURSIVA: "VeraIt.ttf",
        NEGRITA_CURSIVA: "VeraBI.ttf",
    }
    cubiertos: frozenset[int] = frozenset()
    for nombre, archivo in archivos.items():
        fuente = _FuenteRapida(nombre, str(carpeta / archivo))
        pdfmetrics.registerFont(fuente)
        if nombre == FUENTE:
            cubiertos = frozenset(fuente.face.charToGlyph)
    pdfmetrics.registerFontFamily(
        FUENTE, normal=FUENTE, bold=NEGRITA, italic=CURSIVA, boldItalic=NEGRITA_CURSIVA
    )
    for i, nombre in enumerate(archivos):  # <b> e <i> dentro de Paragraph
        addMapping(FUENTE, i in (1, 3), i in (2, 3), nombre)
    return cubiertos


class _Tabla(dict[int, str]):
    """Tabla para `str.translate` que decide y recuerda el sustituto de cada carácter."""

    def __init__(self, cubiertos: frozenset[int]) -> None:
        super().__init__()
        self._cubiertos = cubiertos

    def __missing__(self, punto: int) -> str:
        valor = sustituto(punto, self._cubiertos)  # la misma decisión con la que avisa validar
        self[punto] = valor
        return valor


@functools.cache
def _tabla() -> _Tabla:
    return _Tabla(registrar_fuentes())


@functools.cache
def _cambiantes() -> re.Pattern[str]:
    """Los caracteres que `cubrir` cambia: si un texto no trae ninguno (una búsqueda en C),
    pasa tal cual, sin `translate` carácter por carácter."""
    iguales = {chr(c) for c in registrar_fuentes() if c >= 32} - set(_SUSTITUTOS)
    clase = "".join(re.escape(c) for c in sorted(iguales | {"\n"}))
    return re.compile(f"[^{clase}]")


def cubrir(texto: str) -> str:
    """Texto que la fuente puede dibujar: sin controles ni glifos faltantes (cajas negras)."""
    if texto.isascii() and texto.isprintable():
        return texto
    if _cambiantes().search(texto) is None:
        return texto
    return para_pdf(texto, _tabla())


def marcado(texto: str) -> str:
    """Texto de usuario listo para `Paragraph`: escapado, con saltos de línea como <br/>."""
    return escape(cubrir(texto)).replace("\n", "<br/>")


def linea(texto: str) -> str:
    """Texto de usuario para dibujar en una sola línea con el lienzo."""
    return " ".join(cubrir(texto).split())


def plano(texto: str) -> str:
    """Texto de usuario para metadatos e índice (no se dibuja: basta quitar los controles)."""
    return " ".join(limpiar(texto).split())


def partir(texto: str, ancho: float, fuente: str = FUENTE, tam: float = TAM_CELDA) -> str:
    """Ajusta `texto` a `ancho` puntos, en líneas separadas por «\\n» (ver `partir_en_lineas`)."""
    return "\n".join(partir_en_lineas(texto, ancho, fuente, tam))


def partir_en_lineas(
    texto: str, ancho: float, fuente: str = FUENTE, tam: float = TAM_CELDA
) -> list[str]:
    """Las líneas de `texto` ajustado a `ancho` puntos: una celda de tabla barata y sin marcado.

    Como `Paragraph` (que es 3 a 4 veces más lento): las palabras más largas que la línea
    se cortan; los espacios seguidos cuentan como uno.
    """
    medidor = _MEDIDORES.get(fuente) or _medidor(fuente)
    limite = max(ancho, tam) * 1000 / tam
    if (
        "\n" not in texto
        and len(texto) * medidor.minimo <= limite  # si no, ni medirlo: no cabe
        and medidor.unidades(texto) <= limite
    ):
        return [texto]
    lineas = lineas_medidas(texto, medidor, limite, limite)
    while len(lineas) > 1 and not lineas[-1]:
        lineas.pop()
    return lineas


def lineas_medidas(texto: str, medidor: _FuenteRapida, primera: float, resto: float) -> list[str]:
    """Corta `texto` en líneas de `primera` (la primera; en una ficha la etiqueta va antes) y
    `resto` milésimas de eme, palabra por palabra; una palabra más larga que la línea se corta
    por caracteres desde donde va (como `Paragraph`). Un solo corte para fichas y tablas."""
    unidades, anchos, medidas = medidor.unidades, medidor.anchos, medidor.palabras
    espacio = anchos[" "]
    lineas: list[str] = []
    limite = primera
    for parrafo in texto.split("\n"):
        actual: list[str] = []
        usado = 0.0
        for palabra in parrafo.split():
            w = medidas.get(palabra)
            if w is None:
                w = unidades(palabra)
            if usado + (espacio if actual else 0.0) + w <= limite:
                usado += (espacio if actual else 0.0) + w
                actual.append(palabra)
                continue
            if w <= resto:
                lineas.append(" ".join(actual))
                limite = resto
                actual, usado = [palabra], w
                continue
            # palabra sin espacios más larga que la línea: se corta por caracteres desde donde
            # va; si ni su primer carácter cabe tras lo escrito, desde la línea siguiente
            if actual and usado + espacio + anchos[palabra[0]] > limite:
                lineas.append(" ".join(actual))
                limite = resto
                actual, usado = [], 0.0
            trozo = " ".join(actual) + (" " if actual else "")
            usado += espacio if actual else 0.0
            for caracter in palabra:
                wc = anchos[caracter]
                if usado + wc > limite and trozo.strip():
                    lineas.append(trozo)
                    limite = resto
                    trozo, usado = "", 0.0
                trozo += caracter
                usado += wc
            actual = [trozo]
        lineas.append(" ".join(actual))
        limite = resto
    return lineas


_MEDIDORES: dict[str, _FuenteRapida] = {}


def _medidor(fuente: str) -> _FuenteRapida:
    registrar_fuentes()
    medidor: _FuenteRapida = pdfmetrics.getFont(fuente)
    _MEDIDORES[fuente] = medidor
    return medidor


def recortar(texto: str, fuente: str, tam: float, ancho: float) -> str:
    """Recorta con «…» lo que no cabe en `ancho` puntos."""
    if pdfmetrics.stringWidth(texto, fuente, tam) <= ancho:
        return texto
    while texto and pdfmetrics.stringWidth(texto + "…", fuente, tam) > ancho:
        texto = texto[: max(0, int(len(texto) * 0.9) - 1)]
    return texto + "…"


_CELDA = {"fontSize": TAM_CELDA, "leading": TAM_CELDA * 1.2, "fontName": NEGRITA}
_ESTILOS: dict[str, dict[str, Any]] = {
    "normal": {"spaceAfter": 6},
    "datos": {"fontSize": 9, "leading": 11.5, "spaceAfter": 1.5},
    "pequeno": {"fontSize": 8, "leading": 10, "spaceAfter": 3},
    "titulo": {"fontName": NEGRITA, "fontSize": 16, "leading": 20, "alignment": TA_CENTER},
    "seccion1": {"fontName": NEGRITA, "fontSize": 13, "leading": 16, "spaceBefore": 10},
    "seccion2": {"fontName": NEGRITA, "fontSize": 11, "leading": 14, "spaceBefore": 8},
    "lista": {"leftIndent": 16, "bulletIndent": 5, "spaceAfter": 4},
    "celda_encabezado": _CELDA,
    "celda_centro": {**_CELDA, "alignment": TA_CENTER},
    "firma": {"alignment": TA_CENTER},
    "firma_nombre": {"fontName": NEGRITA, "alignment": TA_CENTER},
    "pie": {"fontSize": 8, "leading": 10, "alignment": TA_CENTER},
    "leyenda": {"fontName": CURSIVA, "fontSize": 8, "leading": 10, "alignment": TA_CENTER},
}


@functools.cache
def estilos() -> dict[str, ParagraphStyle]:
    """Estilos de párrafo, todos con la fuente incrustada (también las viñetas)."""
    registrar_fuentes()
    base = ParagraphStyle("tfmt", fontName=FUENTE, bulletFontName=FUENTE, fontSize=10, leading=13)
    estilos = {k: ParagraphStyle(f"tfmt-{k}", parent=base, **v) for k, v in _ESTILOS.items()}
    estilos["titulo"].spaceAfter = 12
    estilos["seccion1"].spaceAfter = 6
    estilos["seccion1"].textColor = colors.HexColor("#1F3A5F")
    estilos["seccion2"].spaceAfter = 4
    estilos["leyenda"].spaceAfter = 8
    return estilos


def completar(fila: Sequence[Any], n: int) -> list[Any]:
    """Las primeras `n` celdas de la fila; si trae menos, las que faltan van vacías."""
    fila = list(fila[:n])
    return fila + [""] * (n - len(fila))


def estilo_tabla(filas_encabezado: int = 1) -> list[tuple[Any, ...]]:
    """Comandos de `TableStyle` comunes a las tablas (encabezado gris, filas alternas)."""
    n = filas_encabezado - 1
    return [
        ("FONT", (0, 0), (-1, -1), FUENTE, TAM_CELDA, TAM_CELDA * 1.2),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, GRIS_LINEA),
        ("BACKGROUND", (0, 0), (-1, n), GRIS_ENCABEZADO),
        ("ROWBACKGROUNDS", (0, n + 1), (-1, -1), [colors.white, GRIS_ALTERNO]),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 1.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
    ]


class TablaPartible(Table):
    """Tabla que parte una fila entre páginas sólo si no cabe ni empezando página nueva.

    Las celdas de texto simple se escriben con `TextoDirecto` (un bloque BT…ET por celda
    en lugar de uno por línea con `drawString`): lo que más tarda al dibujar una tabla.
    """

    _curcellstyle: Any  # de reportlab (sin tipos): el estilo de la última celda dibujada

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:  # noqa: N802
        just, valign = cellstyle.alignment, cellstyle.valign
        if (
            not isinstance(cellval, str)
            or cellstyle.direction
            or cellstyle.shaping
            or cellstyle.href
            or cellstyle.destination
            or just not in ("LEFT", "RIGHT", "CENTER", "CENTRE")
            or valign not in ("TOP", "BOTTOM", "MIDDLE")
        ):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        canv = self.canv
        if self._curcellstyle is not cellstyle:
            cur = self._curcellstyle
            if cur is None or cellstyle.color != cur.color:
                canv.setFillColor(cellstyle.color)
            self._curcellstyle = cellstyle
        colpos, rowpos = pos
        colwidth, rowheight = size
        lineas = cellval.split("\n")
        n, leading, tam = len(lineas), cellstyle.leading, cellstyle.fontsize
        if valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - tam
        elif valign == "BOTTOM":
            y = rowpos + cellstyle.bottomPadding + n * leading - tam
        else:
            medio = cellstyle.bottomPadding + rowheight - cellstyle.topPadding + n * leading
            y = rowpos + medio / 2.0 - tam
        fuente = cellstyle.fontname
        texto = TextoDirecto(canv)
        if just == "LEFT" and abs(leading - tam * 1.2) < 1e-9:
            texto.lineas(colpos + cellstyle.leftPadding, y, fuente, tam, lineas)
            texto.cerrar()
            return
        medidor = pdfmetrics.getFont(fuente)
        for linea in lineas:
            if just == "LEFT":
                x = colpos + cellstyle.leftPadding
            else:
                w = medidor.stringWidth(linea, tam)
                if just == "RIGHT":
                    x = colpos + colwidth - cellstyle.rightPadding - w
                else:
                    x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding - w) / 2
            texto.poner(x, y, fuente, tam, linea)
            y -= leading
        texto.cerrar()

    splitInRow: int  # de reportlab (sin tipos): 1 permite partir una fila

    def split(self, ancho: float, alto: float) -> list[Flowable]:
        marco = getattr(self, "_frame", None)
        if not self.splitInRow or marco is None or getattr(marco, "_atTop", True):
            return list(super().split(ancho, alto))
        self.splitInRow = 0  # a media página: sólo por filas; si no, a la página siguiente
        try:
            partes: list[Flowable] = super().split(ancho, alto)
        finally:
            self.splitInRow = 1
        for parte in partes:
            if isinstance(parte, Table):
                parte.splitInRow = 1
        return partes


class Lienzo(Canvas):
    """Lienzo que escribe cada página en cuanto la termina (`DocumentoEnFlujo`) y el total de
    páginas al final, en una forma (XObject) compartida.

    Cada página dibuja «Página N de » y la forma; la forma se define al guardar, cuando ya se
    conoce el total: una sola pasada, sin guardar las páginas en memoria. `filename` debe ser
    un archivo abierto para escribir (`escribir_pdf` le da siempre uno).
    """

    def __init__(self, filename: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(filename, *args, **kwargs)
        self._paginas_emitidas = 0
        from ._pdf_flujo import DocumentoEnFlujo

        self._doc.__class__ = DocumentoEnFlujo  # el mismo documento, con volcado
        self._doc.iniciar_flujo(filename, formas=(FORMA_TOTAL,))

    def showPage(self) -> None:  # noqa: N802 - nombre de reportlab
        self._paginas_emitidas += 1
        super().showPage()
        self._doc.volcar_pagina()

    def save(self) -> None:
        if self._code:
            self.showPage()
        self.beginForm(FORMA_TOTAL, 0, 0, 60, 20)
        self.setFont(FUENTE, 7.5)
        self.drawString(0, 0, str(max(self._paginas_emitidas, 1)))
        self.endForm()
        super().save()


class Plantilla(BaseDocTemplate):
    """Documento con marcadores (índice lateral) para los flowables marcados con `marcar`."""

    def __init__(self, destino: Any, composicion: Any, **kwargs: Any) -> None:
        super().__init__(destino, **kwargs)
        self.composicion = composicion
        self._nivel_previo = -1
        self._marcadores = 0

    def beforeDocument(self) -> None:  # noqa: N802 - nombre de reportlab
        self.canv.showOutline()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - nombre de reportlab
        marca = getattr(flowable, "_tfmt_marcador", None)
        if marca is None:
            return
        texto, nivel = marca
        nivel = max(0, min(nivel, self._nivel_previo + 1))  # el índice no admite saltos
        self._nivel_previo = nivel
        self._marcadores += 1
        clave = f"tfmt{self._marcadores}"
        arriba = self.frame._y + flowable.getSpaceAfter() + getattr(flowable, "height", 0) + 4
        self.canv.bookmarkHorizontalAbsolute(clave, top=arriba)
        self.canv.addOutlineEntry(texto, clave, level=nivel, closed=False)


def marcar(flowable: Flowable, texto: str, nivel: int) -> Flowable:
    """Pide una entrada del índice lateral (outline) para este flowable."""
    flowable._tfmt_marcador = (plano(texto) or "-", nivel)
    return flowable


class HistoriaPerezosa:
    """La lista de flowables que recibe `build`, armada conforme reportlab la consume.

    reportlab la trata como lista: mira el primero, lo borra, mete al inicio los trozos de
    lo que partió y, para `keepWithNext`, mira unos cuantos adelante. Con una cola que se
    llena del generador, la memoria no crece con los registros (una lista de 100,000 fichas
    guardaría todas sus filas a la vez).
    """

    _ADELANTE = 64

    def __init__(self, fuente: Any) -> None:
        self._cola: deque[Any] = deque()
        self._fuente = iter(fuente)
        self._fin = False

    def _llenar(self, n: int) -> None:
        cola = self._cola
        while len(cola) < n and not self._fin:
            try:
                cola.append(next(self._fuente))
            except StopIteration:
                self._fin = True

    def __len__(self) -> int:
        self._llenar(self._ADELANTE)
        return len(self._cola)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Any:
        while len(self):
            yield self._cola.popleft()

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            inicio, fin, paso = i.indices(len(self))
            self._llenar(fin)
            return list(self._cola)[inicio:fin:paso]
        self._llenar(i + 1)
        return self._cola[i]

    def __delitem__(self, i: Any) -> None:
        if isinstance(i, slice):
            inicio, fin, paso = i.indices(len(self))
            if inicio != 0 or paso != 1:
                raise IndexError("sólo se borra desde el inicio")
            for _ in range(fin):
                self._cola.popleft()
            return
        if i != 0:
            raise IndexError("sólo se borra el primero")
        self._llenar(1)
        self._cola.popleft()

    def __setitem__(self, i: Any, valores: Any) -> None:
        if isinstance(i, slice) and i.start in (0, None) and i.stop == 0:
            self._cola.extendleft(reversed(list(valores)))
            return
        if isinstance(i, int):
            self._llenar(i + 1)
            self._cola[i] = valores
            return
        raise IndexError("sólo se insertan trozos al inicio")

    def insert(self, i: int, valor: Any) -> None:
        if i != 0:
            raise IndexError("sólo se inserta al inicio")
        self._cola.appendleft(valor)
