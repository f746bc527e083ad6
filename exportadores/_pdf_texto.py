"""Texto escrito directo en el flujo de la página (operadores BT…ET), sin pasar por el lienzo.

reportlab codifica cada cadena carácter por carácter en Python (`splitString`), la escapa y
formatea cada número con `fp_str`: con decenas de miles de fichas o celdas es la mitad del
tiempo. Aquí cada carácter se codifica una sola vez por documento y fuente, en una tabla
para `str.translate` que da ya el texto escapado del literal PDF; la asignación de códigos
sigue siendo la de reportlab (la fuente incrustada y su subconjunto son los mismos).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_NUMEROS: dict[float, str] = {}


def numero(x: float) -> str:
    """`fp_str` con memoria: las posiciones de renglones y columnas se repiten en cada página."""
    texto = _NUMEROS.get(x)
    if texto is None:
        if len(_NUMEROS) > 100_000:
            _NUMEROS.clear()
        texto = _NUMEROS[x] = fp_str(x)
    return texto


def rgb(color: Any) -> str:
    """Los tres componentes de un color de reportlab, como los piden los operadores rg/RG."""
    return " ".join(numero(v) for v in color.rgb())


class FueraDelSubconjunto(Exception):
    """El carácter quedó fuera del primer subconjunto de la fuente (más de ~220 distintos)."""


class Codigos(dict[int, str]):
    """Tabla de `str.translate`: carácter → su código en el subconjunto 0, ya escapado."""

    def __init__(self, fuente: TTFont, doc: Any) -> None:
        super().__init__()
        self._fuente, self._doc = fuente, doc
        self.nombre: str = fuente.getSubsetInternalName(0, doc)
        asignados = fuente.state[doc].assignments
        #: Con `ttfAsciiReadable` (lo normal en reportlab) el ASCII imprimible es su propio código.
        self.ascii_directo = all(asignados.get(k) == k for k in range(32, 127))
        self._bytes, self._con_codigo = bytes(256), b""
        self._rehacer()

    def __missing__(self, punto: int) -> str:
        partes = TTFont.splitString(self._fuente, chr(punto), self._doc)
        if len(partes) != 1 or partes[0][0] != 0:
            raise FueraDelSubconjunto
        valor: str = escapePDF(partes[0][1])
        self[punto] = valor
        return valor

    def _rehacer(self) -> None:
        """Tabla de bytes (latin-1 → código en el subconjunto 0) de lo ya asignado."""
        asignados = self._fuente.state[self._doc].assignments
        tabla = bytearray(256)
        con_codigo = bytearray()
        for punto in range(256):
            codigo = asignados.get(punto)
            if codigo is not None and codigo < 256:
                tabla[punto] = codigo
                con_codigo.append(punto)
        self._bytes, self._con_codigo = bytes(tabla), bytes(con_codigo)

    def latin1(self, texto: str) -> str | None:
        """El literal de un texto latin-1 (el español lo es) por bytes: `bytes.translate` y
        `escapePDF` en C, en lugar de un `str.translate` con un dict por carácter. None si el
        texto no es latin-1."""
        try:
            crudo = texto.encode("latin-1")
        except UnicodeEncodeError:
            return None
        faltan = crudo.translate(None, self._con_codigo)
        if faltan:  # caracteres que aún no tienen código: se asignan y se rehace la tabla
            for punto in dict.fromkeys(faltan):  # en orden de aparición, como `translate`
                self[punto]
            self._rehacer()
        literal: str = escapePDF(crudo.translate(self._bytes))
        return literal


def codigos(doc: Any, fuente: str) -> Codigos:
    """La tabla de códigos de `fuente` en este documento (cada documento tiene su subconjunto)."""
    tablas: dict[str, Codigos] | None = getattr(doc, "_tfmt_codigos", None)
    if tablas is None:
        tablas = doc._tfmt_codigos = {}
    tabla = tablas.get(fuente)
    if tabla is None:
        tabla = tablas[fuente] = Codigos(pdfmetrics.getFont(fuente), doc)
    return tabla


def _literal(texto: str, tabla: Codigos) -> str:
    """El texto como contenido de un literal PDF: ASCII imprimible tal cual (sus códigos son
    los mismos), escapando sólo paréntesis y barra invertida; lo demás, por la tabla."""
    if tabla.ascii_directo and texto.isascii() and texto.isprintable():
        if "(" in texto or ")" in texto or "\\" in texto:
            return texto.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return texto
    literal = tabla.latin1(texto)
    return texto.translate(tabla) if literal is None else literal


def trozos(doc: Any, fuente: str, texto: str) -> list[tuple[str, str]]:
    """(nombre del subconjunto, literal escapado) de `texto` en `fuente`: casi siempre un
    solo trozo del subconjunto 0; varios si el texto usa caracteres de otros subconjuntos."""
    tabla = codigos(doc, fuente)
    try:
        return [(tabla.nombre, _literal(texto, tabla))]
    except FueraDelSubconjunto:
        medidor = pdfmetrics.getFont(fuente)
        return [
            (medidor.getSubsetInternalName(subconjunto, doc), escapePDF(trozo))
            for subconjunto, trozo in TTFont.splitString(medidor, texto, doc)
        ]


class Fragmentos:
    """Texto de una fuente y tamaño como operadores que no dependen de lo anterior: cada
    fragmento elige su fuente (Tf) y se dibuja (Tj) donde esté el cursor. Sirve para armar
    renglones antes de saber dónde caen (las fichas se miden antes de dibujarse)."""

    def __init__(self, doc: Any, fuente: str, tam: float, memorizar: bool = True) -> None:
        self.doc, self.fuente, self.tam = doc, fuente, numero(tam)
        self.tabla = codigos(doc, fuente)
        self.prefijo = f"{self.tabla.nombre} {self.tam} Tf ("
        #: Los textos cortos (fechas, valores de catálogo) se repiten mucho: ya escritos.
        self.memoria: dict[str, str] = {}
        self.corto = 40 if memorizar else -1

    def __call__(self, texto: str) -> str:
        escrito = self.memoria.get(texto)
        if escrito is not None:
            return escrito
        if not texto:
            return ""
        try:
            escrito = f"{self.prefijo}{_literal(texto, self.tabla)}) Tj"
        except FueraDelSubconjunto:
            return " ".join(
                f"{nombre} {self.tam} Tf ({literal}) Tj"
                for nombre, literal in trozos(self.doc, self.fuente, texto)
            )
        if len(texto) <= self.corto:
            if len(self.memoria) > 50_000:
                self.memoria.clear()
            self.memoria[texto] = escrito
        return escrito


class TextoDirecto:
    """Un bloque de texto (BT…ET) escrito directamente con los operadores de PDF: lo mismo que
    `drawString` de reportlab (cada renglón termina con T*: quien extrae el texto ve ahí un
    salto de línea), sin su costo por llamada."""

    def __init__(self, canv: Any) -> None:
        self.canv, self.doc = canv, canv._doc
        self.partes = ["BT"]
        self.actual: tuple[str, int, float] | None = None

    def poner(
        self, x: float, y: float, fuente: str, tam: float, texto: str, fin: bool = True
    ) -> None:
        """Texto en (x, y); `fin` cierra el renglón con T*."""
        if not texto:
            return
        tabla = codigos(self.doc, fuente)
        try:
            literal = _literal(texto, tabla)
        except FueraDelSubconjunto:
            self._poner_por_subconjuntos(x, y, fuente, tam, texto, fin)
            return
        self._escribir(
            x, y, fuente, tam, tabla.nombre, f"({literal}) Tj T*" if fin else f"({literal}) Tj"
        )

    def lineas(self, x: float, y: float, fuente: str, tam: float, lineas: list[str]) -> None:
        """Varias líneas alineadas a la izquierda desde (x, y), separadas por el interlineado
        (tam × 1.2, el de las celdas): una sola posición y un T* por línea."""
        tabla = codigos(self.doc, fuente)
        try:
            literales = [_literal(linea, tabla) for linea in lineas]
        except FueraDelSubconjunto:
            for linea in lineas:
                self.poner(x, y, fuente, tam, linea)
                y -= tam * 1.2
            return
        operadores = ") Tj T*\n(".join(literales).join(("(", ") Tj T*"))
        self._escribir(x, y, fuente, tam, tabla.nombre, operadores)

    def _escribir(
        self, x: float, y: float, fuente: str, tam: float, nombre: str, operadores: str
    ) -> None:
        """Sitúa en (x, y), cambia de fuente sólo si hace falta y agrega los operadores."""
        partes = self.partes
        partes.append(f"1 0 0 1 {numero(x)} {numero(y)} Tm")
        if self.actual != (fuente, 0, tam):
            partes.append(f"{nombre} {numero(tam)} Tf {numero(tam * 1.2)} TL")
            self.actual = (fuente, 0, tam)
        partes.append(operadores)

    def _poner_por_subconjuntos(
        self, x: float, y: float, fuente: str, tam: float, texto: str, fin: bool
    ) -> None:
        """El camino general de reportlab: el texto abarca varios subconjuntos de la fuente."""
        partes, doc, escapar = self.partes, self.doc, self.canv._escape
        partes.append(f"1 0 0 1 {numero(x)} {numero(y)} Tm")
        medidor = pdfmetrics.getFont(fuente)
        for subconjunto, trozo in TTFont.splitString(medidor, texto, doc):
            clave = (fuente, subconjunto, tam)
            if clave != self.actual:
                nombre = medidor.getSubsetInternalName(subconjunto, doc)
                partes.append(f"{nombre} {numero(tam)} Tf {numero(tam * 1.2)} TL")
                self.actual = clave
            partes.append(f"({escapar(trozo)}) Tj")
        if fin:
            partes.append("T*")

    def cerrar(self) -> None:
        self.partes.append("ET")
        self.canv._code.append("\n".join(self.partes))
