"""Tabla de datos ligera para el PDF: una sola tabla que fluye página tras página.

`Table` de reportlab recalcula estilos y alturas en cada partición, crea objetos por celda
y dibuja el encabezado con `Paragraph` en cada página: con miles de filas es más de la mitad
del tiempo. Aquí las celdas son texto simple ya partido en líneas (`partir`), la altura de
una fila es su número de líneas por el interlineado (como en `Table`), y cada página dibuja
el encabezado, los fondos, el texto y la cuadrícula con operadores directos. Las filas se
piden al iterador conforme se maquetan: en memoria, a lo más una página de filas.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from reportlab.platypus import Flowable

from . import _pdf_estilos as e
from ._pdf_texto import TextoDirecto, numero, rgb

TAM = e.TAM_CELDA
INTERLINEA = TAM * 1.2
IZQ, DER, ARRIBA, ABAJO = 2.5, 2.5, 1.8, 2.2  # rellenos, los de `estilo_tabla`

#: Una fila: las líneas de cada celda, su altura y el color de fondo de cada celda (o None).
Fila = tuple[list[list[str]], float, list[Any] | None]


def _alto(lineas: Sequence[Sequence[str]]) -> float:
    return max(len(c) for c in lineas) * INTERLINEA + ARRIBA + ABAJO


def fila(celdas: Sequence[str], fondos: list[Any] | None = None) -> Fila:
    """Fila de celdas ya partidas (con «\\n» entre líneas)."""
    return fila_en_lineas([c.split("\n") for c in celdas], fondos)


def fila_en_lineas(lineas: list[list[str]], fondos: list[Any] | None = None) -> Fila:
    """Fila de celdas dadas como sus líneas."""
    return lineas, _alto(lineas), fondos


#: Colores fijos del encabezado, de las filas alternas y de la cuadrícula.
_ENCABEZADO = rgb(e.GRIS_ENCABEZADO)
_ALTERNO = rgb(e.GRIS_ALTERNO)
_LINEA = rgb(e.GRIS_LINEA)


class TablaLigera(Flowable):  # type: ignore[misc]
    """Encabezado repetido en cada página y filas que llegan de `filas` (un iterador).

    Una fila que no cabe en lo que queda de la página pasa a la siguiente; sólo una fila más
    alta que una página entera se parte entre líneas.
    """

    def __init__(
        self,
        encabezado: Fila,
        anchos: Sequence[float],
        filas: Iterator[Fila],
        pendientes: Sequence[Fila] = (),
        numero_fila: int = 0,
        despues: float = 6,
        agotado: bool = False,
    ) -> None:
        super().__init__()
        self.anchos = list(anchos)
        self.encabezado = encabezado
        self._filas = filas
        self._pendientes: deque[Fila] = deque(pendientes)
        self._agotado = agotado
        self._numero = numero_fila  # para alternar el fondo como ROWBACKGROUNDS
        self._despues = despues
        self.width = sum(self.anchos)

    # -- maquetación ----------------------------------------------------------------------
    def _llenar(self, alto: float) -> float:
        """Pide filas hasta rebasar `alto` (o agotar el iterador); devuelve su altura."""
        total = self.encabezado[1] + sum(f[1] for f in self._pendientes)
        while total <= alto and not self._agotado:
            siguiente = next(self._filas, None)
            if siguiente is None:
                self._agotado = True
                break
            self._pendientes.append(siguiente)
            total += siguiente[1]
        return total

    def wrap(self, ancho: float, alto: float) -> tuple[float, float]:
        self.height = self._llenar(alto)
        self.spaceAfter = self._despues if self._agotado else 0
        return self.width, self.height

    def split(self, ancho: float, alto: float) -> list[Flowable]:
        self._llenar(alto)
        pendientes = self._pendientes
        usado, caben = self.encabezado[1], 0
        for f in pendientes:
            if usado + f[1] > alto:
                break
            usado += f[1]
            caben += 1
        if caben == len(pendientes) and self._agotado:
            return [self]
        pagina = [pendientes.popleft() for _ in range(caben)]
        avance = caben
        if not pagina:
            marco = getattr(self, "_frame", None)
            if marco is not None and not getattr(marco, "_atTop", True):
                return []  # la fila empieza en la página siguiente
            lineas = int((alto - self.encabezado[1] - ARRIBA - ABAJO) // INTERLINEA)
            if lineas < 1 or not pendientes:
                return []
            celdas, _, fondos = pendientes.popleft()
            avance = 0
            pagina = [(p := [c[:lineas] for c in celdas], _alto(p), fondos)]
            pendientes.appendleft(((r := [c[lineas:] or [""] for c in celdas]), _alto(r), fondos))
        primera = _Pagina(self.encabezado, self.anchos, pagina, self._numero)
        resto = TablaLigera(
            self.encabezado,
            self.anchos,
            self._filas,
            pendientes,
            self._numero + avance,  # una fila partida sigue con su mismo fondo
            self._despues,
            self._agotado,
        )
        self._pendientes = deque()
        return [primera, resto]

    def draw(self) -> None:
        _dibujar(self, self.encabezado, self.anchos, list(self._pendientes), self._numero)


class _Pagina(Flowable):  # type: ignore[misc]
    """Lo que cabe de la tabla en una página: encabezado y filas fijas."""

    def __init__(
        self, encabezado: Fila, anchos: list[float], filas: list[Fila], numero_fila: int
    ) -> None:
        super().__init__()
        self.encabezado, self.anchos, self.filas = encabezado, anchos, filas
        self._numero = numero_fila
        self.width = sum(anchos)
        self.height = encabezado[1] + sum(f[1] for f in filas)

    def wrap(self, ancho: float, alto: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        _dibujar(self, self.encabezado, self.anchos, self.filas, self._numero)


def _dibujar(
    flowable: Any, encabezado: Fila, anchos: list[float], filas: list[Fila], numero_fila: int
) -> None:
    """Fondos, texto (un solo bloque BT…ET, fila por fila) y cuadrícula, como `Table`."""
    canv, n = flowable.canv, numero
    ancho = sum(anchos)
    xs = [0.0]
    for a in anchos:
        xs.append(xs[-1] + a)
    todas = [encabezado, *filas]
    ys = [float(flowable.height)]
    for f in todas:
        ys.append(ys[-1] - f[1])
    codigo = canv._code
    fondos = [f"{_ENCABEZADO} rg 0 {n(ys[1])} {n(ancho)} {n(ys[0] - ys[1])} re f"]
    for k, (_, alto, colores) in enumerate(filas, 1):
        if (numero_fila + k - 1) % 2:
            fondos.append(f"{_ALTERNO} rg 0 {n(ys[k + 1])} {n(ancho)} {n(alto)} re f")
        for j, color in enumerate(colores or ()):
            if color is not None:
                caja = f"{n(xs[j])} {n(ys[k + 1])} {n(anchos[j])} {n(alto)} re f"
                fondos.append(f"{rgb(color)} rg {caja}")
    codigo.append("q " + " ".join(fondos) + " 0 0 0 rg")
    texto = TextoDirecto(canv)
    for k, (lineas, _, _) in enumerate(todas):
        fuente = e.NEGRITA if k == 0 else e.FUENTE
        y = ys[k] - ARRIBA - TAM
        for j, celda in enumerate(lineas):
            if celda != [""]:
                texto.lineas(xs[j] + IZQ, y, fuente, TAM, celda)
    texto.cerrar()
    rejilla = [f"0.25 w {_LINEA} RG"]
    rejilla += [f"0 {n(y)} m {n(ancho)} {n(y)} l" for y in ys]
    rejilla += [f"{n(x)} {n(ys[-1])} m {n(x)} {n(ys[0])} l" for x in xs]
    codigo.append(" ".join(rejilla) + " S Q")


def filas_preparadas(
    filas: Iterator[Sequence[Any]], celda: Callable[[int, Any], list[str]], n: int, colores: Any
) -> Iterator[Fila]:
    """Cada fila de datos con sus celdas partidas al ancho de su columna (`celda`: sus líneas)."""
    from reportlab.lib.colors import HexColor

    con_color = [(j, m) for j, m in enumerate(colores or ()) if m]
    for f in filas:
        valores = e.completar(f, n)
        fondos = None
        if con_color:  # semáforo (x-colores): fondo de la celda según su valor
            fondos = [None] * n
            for j, m in con_color:
                if j < len(valores) and valores[j] in m:
                    fondos[j] = HexColor("#" + m[valores[j]])
        yield fila_en_lineas([celda(i, v) for i, v in enumerate(valores)], fondos)
