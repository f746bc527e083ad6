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
        #: Literales de textos que se repiten en cada ficha (las etiquetas).
        self.memoria: dict[str, str] = {}

    def __missing__(self, punto: int) -> str:
        partes = TTFont.splitString(self._fuente, chr(punto), self._doc)
        if len(partes) != 1 or partes[0][0] != 0:
            raise FueraDelSubconjunto
        valor: str = escapePDF(partes[0][1])
        self[punto] = valor
        return valor


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
    return texto.translate(tabla)


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

    def renglon(
        self,
        x0: float,
        y: float,
        tam: float,
        piezas: list[tuple[float, str, str]],
        repetida: str | None = None,
    ) -> None:
        """Un renglón de piezas (x, fuente, texto) a la altura `y`, cerrado con T*: lo mismo
        que `poner` pieza por pieza, armado de una vez. Los textos en la fuente `repetida`
        (las etiquetas, iguales en cada ficha) se codifican una sola vez."""
        partes = self.partes
        n_y = numero(y)
        inicio, actual = len(partes), self.actual
        try:
            for x, fuente, texto in piezas:
                if not texto:
                    continue
                tabla = codigos(self.doc, fuente)
                if fuente == repetida:
                    memoria = tabla.memoria
                    literal = memoria.get(texto)
                    if literal is None:
                        if len(memoria) > 10_000:
                            memoria.clear()
                        literal = memoria[texto] = _literal(texto, tabla)
                else:
                    literal = _literal(texto, tabla)
                partes.append(f"1 0 0 1 {numero(x0 + x)} {n_y} Tm")
                if actual != (fuente, 0, tam):
                    partes.append(f"{tabla.nombre} {numero(tam)} Tf {numero(tam * 1.2)} TL")
                    actual = self.actual = (fuente, 0, tam)
                partes.append(f"({literal}) Tj")
        except FueraDelSubconjunto:  # raro: se rehace el renglón por el camino general
            del partes[inicio:]
            self.actual = None
            ultimo = len(piezas) - 1
            for k, (x, fuente, texto) in enumerate(piezas):
                self.poner(x0 + x, y, fuente, tam, texto, fin=k == ultimo)
            return
        partes.append("T*")

    def lineas(self, x: float, y: float, fuente: str, tam: float, lineas: list[str]) -> None:
        """Varias líneas alineadas a la izquierda desde (x, y), separadas por el interlineado
        (tam × 1.2, el de las celdas): una sola posición y un T* por línea."""
        tabla = codigos(self.doc, fuente)
        try:
            literales = [linea.translate(tabla) for linea in lineas]
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
