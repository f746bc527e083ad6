"""Gráfica de barras pequeña (bloque `Grafica`): una sola geometría, dos dibujantes.

La geometría (rectángulos, líneas y textos en puntos, origen abajo a la izquierda) se
calcula una vez; el PDF la dibuja con ``reportlab.graphics`` (vectorial) y el DOCX la recibe
como PNG dibujado con Pillow (que reportlab ya instala). Así las dos salidas dicen lo mismo.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from attrs import frozen

ALTO = 96.0  # puntos
AZUL = "2E75B6"
GRIS = "9AA5B1"
GRIS_CLARO = "D9E2EC"
TINTA = "1F2933"
ROJO = "C0392B"


@frozen
class Rect:
    x: float
    y: float
    ancho: float
    alto: float
    relleno: str


@frozen
class Linea:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    grosor: float = 0.6
    punteada: bool = False


@frozen
class Texto:
    x: float
    y: float
    texto: str
    tam: float
    ancla: str = "start"  # start | middle | end
    color: str = TINTA
    negrita: bool = False


def numero(valor: float) -> str:
    return f"{valor:.1f}".rstrip("0").rstrip(".")


def geometria(b: Any, ancho: float, alto: float = ALTO) -> Iterator[Rect | Linea | Texto]:
    """Las piezas de la gráfica `b` en una caja de `ancho` × `alto` puntos."""
    izq, der, abajo, arriba = 30.0, 6.0, 14.0, 20.0
    x0, y0 = izq, abajo
    w, h = ancho - izq - der, alto - abajo - arriba
    maximo = float(b.maximo) if b.maximo and b.maximo > 0 else 100.0
    yield Texto(0, alto - 10, b.titulo, 8.5, negrita=True)
    for fraccion in (0.0, 0.5, 1.0):
        y = y0 + h * fraccion
        yield Linea(x0, y, x0 + w, y, GRIS_CLARO if fraccion else GRIS, 0.5)
        yield Texto(x0 - 4, y - 2.5, f"{numero(maximo * fraccion)}{b.unidad}", 6.5, "end", GRIS)
    n = max(len(b.etiquetas), 1)
    paso = w / n
    for i, (etiqueta, valor) in enumerate(zip(b.etiquetas, b.valores, strict=False)):
        cx = x0 + paso * (i + 0.5)
        yield Texto(cx, 3, etiqueta, 6.5, "middle", TINTA)
        if valor is None:
            continue
        alto_barra = h * max(0.0, min(float(valor), maximo)) / maximo
        yield Rect(cx - paso * 0.3, y0, paso * 0.6, alto_barra, AZUL)
        if alto_barra > 14:  # dentro de la barra, en blanco: no choca con la línea de la meta
            yield Texto(cx, y0 + alto_barra - 9, numero(float(valor)), 6.5, "middle", "FFFFFF")
        else:
            yield Texto(cx, y0 + alto_barra + 2, numero(float(valor)), 6.5, "middle", TINTA)
    if b.referencia is not None and 0 < b.referencia <= maximo:
        y = y0 + h * float(b.referencia) / maximo
        yield Linea(x0, y, x0 + w, y, ROJO, 0.8, punteada=True)


def dibujo_reportlab(b: Any, ancho: float) -> Any:
    """La gráfica como `Drawing` de reportlab (vectorial, texto seleccionable)."""
    from reportlab.graphics.shapes import Drawing, Line, String
    from reportlab.graphics.shapes import Rect as RRect
    from reportlab.lib import colors

    from . import _pdf_estilos as e

    dibujo = Drawing(ancho, ALTO)
    for p in geometria(b, ancho):
        if isinstance(p, Rect):
            dibujo.add(
                RRect(p.x, p.y, p.ancho, p.alto, fillColor=colors.HexColor(f"#{p.relleno}"),
                      strokeColor=None)
            )  # fmt: skip
        elif isinstance(p, Linea):
            dibujo.add(
                Line(p.x1, p.y1, p.x2, p.y2, strokeColor=colors.HexColor(f"#{p.color}"),
                     strokeWidth=p.grosor, strokeDashArray=[3, 2] if p.punteada else None)
            )  # fmt: skip
        else:
            dibujo.add(
                String(p.x, p.y, e.linea(p.texto), fontName=e.NEGRITA if p.negrita else e.FUENTE,
                       fontSize=p.tam, fillColor=colors.HexColor(f"#{p.color}"),
                       textAnchor=p.ancla)
            )  # fmt: skip
    return dibujo


def png(b: Any, ancho: float, escala: float = 3.0) -> bytes:
    """La misma gráfica como PNG (para DOCX), a `escala` píxeles por punto."""
    import reportlab
    from PIL import Image, ImageDraw, ImageFont

    fuentes = Path(reportlab.__file__).parent / "fonts"
    imagen = Image.new("RGB", (int(ancho * escala), int(ALTO * escala)), "white")
    lienzo = ImageDraw.Draw(imagen)

    def y(valor: float) -> float:
        return (ALTO - valor) * escala

    def rgb(hexa: str) -> tuple[int, int, int]:
        return (int(hexa[0:2], 16), int(hexa[2:4], 16), int(hexa[4:6], 16))

    for p in geometria(b, ancho):
        if isinstance(p, Rect):
            if p.alto > 0:
                caja = (p.x * escala, y(p.y + p.alto), (p.x + p.ancho) * escala, y(p.y))
                lienzo.rectangle(caja, fill=rgb(p.relleno))
        elif isinstance(p, Linea):
            ancho_linea = max(1, round(p.grosor * escala))
            if p.punteada:
                x = p.x1
                while x < p.x2:
                    fin = min(x + 3, p.x2)
                    lienzo.line(
                        (x * escala, y(p.y1), fin * escala, y(p.y2)),
                        fill=rgb(p.color),
                        width=ancho_linea,
                    )
                    x += 5
            else:
                lienzo.line(
                    (p.x1 * escala, y(p.y1), p.x2 * escala, y(p.y2)),
                    fill=rgb(p.color),
                    width=ancho_linea,
                )
        else:
            archivo = "VeraBd.ttf" if p.negrita else "Vera.ttf"
            fuente = ImageFont.truetype(str(fuentes / archivo), int(p.tam * escala))
            ancla = {"start": "ls", "middle": "ms", "end": "rs"}[p.ancla]
            lienzo.text(
                (p.x * escala, y(p.y)), p.texto, fill=rgb(p.color), font=fuente, anchor=ancla
            )
    salida = io.BytesIO()
    imagen.save(salida, format="PNG", optimize=True)
    return salida.getvalue()
