"""Fichas PDF (una por registro) compactas, para que varias quepan en una página.

Cada ficha es un recuadro con su título («Registro N») y renglones «Etiqueta: valor»
(etiqueta en negritas), como las fichas del DOCX; varios campos cortos comparten renglón.
Una ficha de hasta media página nunca se parte (pasa completa a la siguiente); una más alta
se parte entre renglones, con su título repetido, en lugar de dejar una página casi en
blanco. El texto se mide y se corta aquí (sin `Paragraph`): rápido y sin marcado que escapar.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from . import _pdf_estilos as e
from ._pdf_texto import TextoDirecto, numero

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

Renglon = list[tuple[float, str, str]]  # (x, fuente, texto)


def fichas(b: Any, ancho: float) -> Iterator[Any]:
    etiquetas = [e.linea(t) for t in b.etiquetas]
    etiquetas = [t if t.endswith(":") else f"{t}:" for t in etiquetas]
    n = len(etiquetas)
    titulo = e.linea(b.titulo_ficha) or "Registro"
    e.registrar_fuentes()
    negrita = _medidor(e.NEGRITA)
    espacio = _medidor(e.FUENTE).anchos[" "]
    medidas = [negrita.unidades(t) + espacio for t in etiquetas]  # una vez, no por ficha
    for i, fila in enumerate(b.filas, 1):
        valores = [v if isinstance(v, str) else str(v) for v in list(fila)[:n]]
        valores += [""] * (n - len(valores))
        fabrica = functools.partial(_armar, f"{titulo} {i}", etiquetas, valores, ancho, medidas)
        yield e.Perezosa(fabrica, mantener=True, despues=6, mantener_hasta=PARTIR_DESDE)


def _armar(
    titulo: str,
    etiquetas: Sequence[str],
    valores: Sequence[str],
    ancho: float,
    medidas: Sequence[float] | None = None,
) -> Any:
    return Ficha(titulo, _renglones(etiquetas, valores, ancho - 2 * RELLENO, medidas), ancho)


def _medidor(fuente: str) -> Any:
    return pdfmetrics.getFont(fuente)


def _renglones(
    etiquetas: Sequence[str],
    valores: Sequence[str],
    ancho: float,
    medidas: Sequence[float] | None = None,
) -> list[Renglon]:
    """Acomoda «Etiqueta: valor» en renglones de `ancho` puntos; los cortos, lado a lado.
    `medidas`: ancho de cada etiqueta más un espacio (en milésimas de eme), si ya se midió."""
    e.registrar_fuentes()
    negrita, normal = _medidor(e.NEGRITA), _medidor(e.FUENTE)
    escala = TAM / 1000
    limite = ancho / escala  # en milésimas de eme
    espacio = normal.anchos[" "]
    renglones: list[Renglon] = []
    actual: Renglon = []
    x = 0.0  # en milésimas de eme
    abierto = False  # el renglón actual admite otro campo corto
    separacion = SEPARACION / escala
    if medidas is None:
        medidas = [negrita.unidades(t) + espacio for t in etiquetas]
    for etiqueta, crudo, w_et in zip(etiquetas, valores, medidas, strict=True):
        valor = e.cubrir(crudo)
        w_val = normal.unidades(valor)
        if "\n" not in valor and w_et + w_val <= limite * CORTO:
            if abierto and x + separacion + w_et + w_val <= limite:
                x += separacion
            elif actual:
                renglones.append(actual)
                actual, x = [], 0.0
            actual.append((x * escala, e.NEGRITA, etiqueta + " "))
            actual.append(((x + w_et) * escala, e.FUENTE, valor + " "))
            x += w_et + w_val
            abierto = True
            continue
        if actual:
            renglones.append(actual)
            actual, x, abierto = [], 0.0, False
        if w_et > limite:  # etiqueta más larga que el renglón: sola, partida
            for linea in e.partir(etiqueta, ancho, e.NEGRITA, TAM).split("\n"):
                renglones.append([(0.0, e.NEGRITA, linea)])
            w_et = 0.0
            lineas = _lineas(valor, limite, limite, normal)
            renglones.append([(0.0, e.FUENTE, lineas[0])])
        else:
            lineas = _lineas(valor, limite - w_et, limite, normal)
            renglones.append(
                [(0.0, e.NEGRITA, etiqueta + " "), (w_et * escala, e.FUENTE, lineas[0])]
            )
        renglones.extend([(0.0, e.FUENTE, linea)] for linea in lineas[1:])
    if actual:
        renglones.append(actual)
    return renglones


def _lineas(texto: str, primera: float, resto: float, medidor: Any) -> list[str]:
    """Corta `texto` en líneas (la primera más corta: la etiqueta va antes); las palabras más
    largas que una línea se cortan por caracteres. Anchos en milésimas de eme."""
    if "\n" not in texto and medidor.unidades(texto) <= primera:
        return [texto]
    unidades, anchos = medidor.unidades, medidor.anchos
    espacio = anchos[" "]
    lineas: list[str] = []
    limite = primera
    for parrafo in texto.split("\n"):
        actual: list[str] = []
        usado = 0.0
        for palabra in parrafo.split():
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
            # palabra sin espacios más larga que la línea: se corta por caracteres
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


class Ficha(Flowable):  # type: ignore[misc]
    """Recuadro con barra de título y renglones de texto ya acomodados."""

    def __init__(self, titulo: str, renglones: list[Renglon], ancho: float) -> None:
        super().__init__()
        self.titulo, self.renglones, self.ancho = titulo, renglones, ancho

    def _alto(self, n: int) -> float:
        return ALTO_TITULO + 2 * RELLENO + n * INTERLINEA

    def wrap(self, ancho: float, alto: float) -> tuple[float, float]:
        self.width, self.height = self.ancho, self._alto(len(self.renglones))
        return self.width, self.height

    def split(self, ancho: float, alto: float) -> list[Any]:
        """Parte entre renglones; la segunda parte repite el título."""
        caben = int((alto - self._alto(0)) // INTERLINEA)
        if caben < 1 or caben >= len(self.renglones):
            return []
        resto = f"{self.titulo} (continuación)"
        return [
            Ficha(self.titulo, self.renglones[:caben], self.ancho),
            Ficha(resto, self.renglones[caben:], self.ancho),
        ]

    def draw(self) -> None:
        """Recuadro y barra de título con operadores directos (dentro de q…Q: el estado del
        lienzo no cambia) y el texto en un solo bloque BT…ET."""
        c, alto = self.canv, self.height
        n = numero
        c._code.append(
            f"q {_PLUMA} {n(alto - ALTO_TITULO)} {n(self.ancho)} {n(ALTO_TITULO)} re f"
            f" 0 0 {n(self.ancho)} {n(alto)} re S 0 0 0 rg"
        )
        texto = TextoDirecto(c)
        texto.poner(RELLENO, alto - ALTO_TITULO + 3.2, e.NEGRITA, TAM_TITULO, self.titulo)
        y = alto - ALTO_TITULO - RELLENO - TAM
        for renglon in self.renglones:
            texto.renglon(RELLENO, y, TAM, renglon, repetida=e.NEGRITA)
            y -= INTERLINEA
        texto.cerrar()
        c._code.append("Q")


def _color(color: Any) -> str:
    return " ".join(numero(v) for v in color.rgb())


#: Grosor, color de línea y de relleno del recuadro; la barra de título empieza en x = 0.
_PLUMA = f"0.4 w {_color(e.GRIS_LINEA)} RG {_color(e.GRIS_ENCABEZADO)} rg 0"
