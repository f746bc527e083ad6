"""Fichas PDF (una por registro) compactas, para que varias quepan en una página.

Cada ficha es un recuadro con su título («Registro N») y renglones «Etiqueta: valor»
(etiqueta en negritas), como las fichas del DOCX; varios campos cortos comparten renglón.
Una ficha de hasta media página nunca se parte (pasa completa a la siguiente); una más alta
se parte entre renglones, con su título repetido, en lugar de dejar una página casi en
blanco. El texto se mide y se corta aquí (sin `Paragraph`): rápido y sin marcado que escapar.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from . import _pdf_estilos as e
from ._pdf_texto import Fragmentos, numero, rgb

#: Una ficha más alta que esta fracción de la página se parte entre páginas.
PARTIR_DESDE = 0.5
TAM = e.TAM_CELDA
INTERLINEA = TAM * 1.18
TAM_TITULO = 8.0
ALTO_TITULO = 11.5
RELLENO = 3.0
#: Separación entre campos cortos que comparten renglón.
SEPARACION = 14.0
#: Un campo es corto si ocupa a lo más esta fracción del renglón.
CORTO = 0.42
#: Espacio después de cada ficha.
DESPUES = 6.0

#: Un renglón ya escrito con operadores de PDF, sin posición (la pone `Ficha.draw`): cada
#: texto elige su fuente, así un renglón no depende del anterior (una ficha partida empieza
#: en cualquiera).
Renglon = str


def fichas(b: Any, ancho: float) -> Iterator[Any]:
    modelo = Modelo(b.etiquetas, ancho)
    n = len(modelo.etiquetas)
    titulo = e.linea(b.titulo_ficha) or "Registro"
    for i, fila in enumerate(b.filas, 1):
        valores = [v if isinstance(v, str) else str(v) for v in e.completar(list(fila), n)]
        yield Ficha(f"{titulo} {i}", modelo, valores)


class Modelo:
    """Lo que comparten las fichas de un bloque: las etiquetas, medidas una sola vez y, para
    el documento, ya escritas como operadores (se repiten en cada ficha)."""

    def __init__(self, etiquetas: Sequence[str], ancho: float) -> None:
        e.registrar_fuentes()
        textos = [e.linea(t) for t in etiquetas]
        self.etiquetas = [t if t.endswith(":") else f"{t}:" for t in textos]
        self.ancho = ancho
        self.normal = pdfmetrics.getFont(e.FUENTE)
        #: Ancho de renglón en milésimas de eme.
        self.limite = (ancho - 2 * RELLENO) * 1000 / TAM
        negrita = pdfmetrics.getFont(e.NEGRITA)
        #: Avance de «Etiqueta: » (con su espacio, en negritas): ahí empieza el valor.
        self.medidas = [negrita.unidades(t + " ") for t in self.etiquetas]
        self._doc: Any = None

    def para(self, doc: Any) -> tuple[list[str], Fragmentos, Fragmentos, Fragmentos]:
        """Para este documento: «Etiqueta: » de cada campo ya escrita y los escritores de
        texto normal, en negritas y del título."""
        if doc is not self._doc:
            normal, negrita = Fragmentos(doc, e.FUENTE, TAM), Fragmentos(doc, e.NEGRITA, TAM)
            titulo = Fragmentos(doc, e.NEGRITA, TAM_TITULO, memorizar=False)
            self._escritas = ([negrita(t + " ") for t in self.etiquetas], normal, negrita, titulo)
            self._doc = doc
        return self._escritas


def _renglones(modelo: Modelo, valores: Sequence[str], doc: Any) -> list[Renglon]:
    """Acomoda «Etiqueta: valor» en renglones del ancho de la ficha; los cortos, lado a lado
    (con un Td entre uno y otro: cada texto avanza lo que mide)."""
    etiquetas, normal, negrita, _ = modelo.para(doc)
    unidades = modelo.normal.unidades
    escala = TAM / 1000
    limite = modelo.limite
    corto = limite * CORTO
    separacion = SEPARACION / escala
    renglones: list[Renglon] = []
    actual: list[str] = []
    x = origen = 0.0  # en milésimas de eme; `origen`: donde quedó el último Td
    abierto = False  # el renglón actual admite otro campo corto
    for k, crudo in enumerate(valores):
        w_et = modelo.medidas[k]
        valor = e.cubrir(crudo)
        w_val = unidades(valor)
        if w_et + w_val <= corto and "\n" not in valor:
            if abierto and x + separacion + w_et + w_val <= limite:
                x += separacion
                actual.append(f"{numero((x - origen) * escala)} 0 Td")
                origen = x
            elif actual:
                renglones.append(" ".join(actual))
                actual, x, origen = [], 0.0, 0.0
            actual.append(etiquetas[k])
            actual.append(normal(valor + " "))
            x += w_et + w_val
            abierto = True
            continue
        if actual:
            renglones.append(" ".join(actual))
            actual, x, origen, abierto = [], 0.0, 0.0, False
        if w_et > limite:  # etiqueta más larga que el renglón: sola, partida
            texto = e.partir(modelo.etiquetas[k], limite * escala, e.NEGRITA, TAM)
            renglones.extend(negrita(t) for t in texto.split("\n"))
            lineas = _lineas(valor, w_val, limite, limite, modelo.normal)
            renglones.append(normal(lineas[0]))
        else:
            lineas = _lineas(valor, w_val, limite - w_et, limite, modelo.normal)
            renglones.append(f"{etiquetas[k]} {normal(lineas[0])}")
        renglones.extend(map(normal, lineas[1:]))
    if actual:
        renglones.append(" ".join(actual))
    return renglones


def _lineas(texto: str, ancho: float, primera: float, resto: float, medidor: Any) -> list[str]:
    """Las líneas de un valor que mide `ancho` (milésimas de eme): la primera más corta."""
    if "\n" not in texto and ancho <= primera:
        return [texto]
    return e.lineas_medidas(texto, medidor, primera, resto)


class Ficha(Flowable):  # type: ignore[misc]
    """Recuadro con barra de título y sus renglones, que se acomodan al maquetarla (hace
    falta el documento: los textos se escriben ya con los códigos de su fuente).

    Si no cabe en lo que queda de la página pero mide hasta `PARTIR_DESDE` de una página
    entera, pasa completa a la siguiente; si es más alta, se parte aquí mismo y no deja la
    página casi en blanco.
    """

    def __init__(
        self,
        titulo: str,
        modelo: Modelo,
        valores: Sequence[str] = (),
        renglones: list[Renglon] | None = None,
        despues: float = DESPUES,
    ) -> None:
        super().__init__()
        self.titulo, self.modelo, self.ancho = titulo, modelo, modelo.ancho
        self._valores: Sequence[str] | None = valores
        self.renglones: list[Renglon] = renglones if renglones is not None else []
        if renglones is not None:
            self._valores = None
        self.spaceAfter = despues

    def _acomodar(self) -> list[Renglon]:
        if self._valores is not None:
            self.renglones = _renglones(self.modelo, self._valores, self.canv._doc)
            self._valores = None
        return self.renglones

    def _alto(self, n: int) -> float:
        return ALTO_TITULO + 2 * RELLENO + n * INTERLINEA

    def wrap(self, ancho: float, alto: float) -> tuple[float, float]:
        self.width, self.height = self.ancho, self._alto(len(self._acomodar()))
        return self.width, self.height

    def split(self, ancho: float, alto: float) -> list[Any]:
        """Parte entre renglones; la segunda parte repite el título."""
        renglones = self._acomodar()
        marco = getattr(self, "_frame", None)
        if marco is not None and not getattr(marco, "_atTop", True):
            if self._alto(len(renglones)) <= marco._aH * PARTIR_DESDE:
                return []  # a la página siguiente, completa
        caben = int((alto - self._alto(0)) // INTERLINEA)
        if caben < 1 or caben >= len(renglones):
            return []
        resto = f"{self.titulo} (continuación)"
        return [
            Ficha(self.titulo, self.modelo, renglones=renglones[:caben], despues=0),
            Ficha(resto, self.modelo, renglones=renglones[caben:], despues=self.spaceAfter),
        ]

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        """Recuadro, barra de título y texto (un solo bloque BT…ET) con operadores directos,
        dentro de q…Q: ni el estado del lienzo ni su pila cambian (a diferencia de
        `Flowable.drawOn`, que los guarda y restaura en Python por cada ficha)."""
        alto, n = self.height, numero
        partes = [
            f"q 1 0 0 1 {n(x)} {n(y)} cm {_PLUMA} {n(alto - ALTO_TITULO)} {n(self.ancho)}"
            f" {n(ALTO_TITULO)} re f 0 0 {n(self.ancho)} {n(alto)} re S 0 0 0 rg"
            f" 1 0 0 1 0 {n(alto)} cm BT {_INTERLINEADO} TL {_TM_TITULO}",
            self.modelo.para(canv._doc)[3](self.titulo),
            "T*",
        ]
        for tm, operadores in zip(_posiciones(len(self.renglones)), self.renglones, strict=True):
            partes.append(tm)
            partes.append(operadores)
            partes.append("T*")
        partes.append("ET Q")
        canv._code.append("\n".join(partes))

    def draw(self) -> None:
        """Por si otro flowable la dibuja con `draw` (ya con el origen en su esquina)."""
        self.drawOn(self.canv, 0, 0)


_INTERLINEADO = numero(TAM * 1.2)
_TM_TITULO = f"1 0 0 1 {numero(RELLENO)} {numero(3.2 - ALTO_TITULO)} Tm"
_TMS: list[str] = []


def _posiciones(n: int) -> list[str]:
    """El Tm de los primeros `n` renglones, medidos desde arriba de la ficha."""
    while len(_TMS) < n:
        y = -(ALTO_TITULO + RELLENO + TAM + len(_TMS) * INTERLINEA)
        _TMS.append(f"1 0 0 1 {numero(RELLENO)} {numero(y)} Tm")
    return _TMS[:n] if len(_TMS) > n else _TMS


#: Grosor, color de línea y de relleno del recuadro; la barra de título empieza en x = 0.
_PLUMA = f"0.4 w {rgb(e.GRIS_LINEA)} RG {rgb(e.GRIS_ENCABEZADO)} rg 0"
