"""Exportador `pdf`: la composición neutral dibujada con reportlab.

Fuente TrueType incrustada (Bitstream Vera, viene con reportlab), metadatos e idioma
es-MX, índice lateral por sección, «Página N de T» y tablas largas en trozos que repiten
el encabezado. reportlab se importa sólo al exportar: el CLI arranca rápido.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from transparencia_fmt import hookimpl
from transparencia_fmt.anchos import repartir

from . import ExportadorDeComposicion

#: Lo más ancho que suele medir un valor de cada tipo: su columna no debe cortarlo.
_MUESTRAS = {"fecha": "00/00/0000", "moneda": "000,000.00", "numero": "00000.00", "anio": "0000"}


class ExportadorPDF(ExportadorDeComposicion):
    """PDF para publicar a partir de la composición."""


def escribir_pdf(composicion: Any, destino: BinaryIO | str | Path) -> None:
    """Dibuja una `Composicion` (hecha por `componer` o a mano) en `destino`."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.units import cm
    from reportlab.platypus import Frame, PageTemplate

    from . import _pdf_estilos as e

    if isinstance(destino, str | Path):  # las páginas se escriben conforme se terminan
        from transparencia_fmt.atomico import escribir_atomico

        escribir_atomico(Path(destino), lambda f: escribir_pdf(composicion, f))
        return
    e.registrar_fuentes()
    meta = composicion.metadatos
    doc = e.Plantilla(
        destino,
        composicion,
        pagesize=landscape(letter) if composicion.orientacion == "horizontal" else letter,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.0 * cm,
        title=e.plano(meta.titulo),
        author=e.plano(meta.autor),
        subject=e.plano(meta.asunto),
        keywords=[e.plano(k) for k in meta.palabras_clave],
        creator="transparencia_fmt",
        lang=meta.idioma or "es-MX",
        initialFontName=e.FUENTE,
    )
    sin_relleno = dict.fromkeys(("leftPadding", "rightPadding", "topPadding", "bottomPadding"), 0)
    marco = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, **sin_relleno)
    doc.addPageTemplates([PageTemplate("pagina", [marco], onPage=_dibujar_pagina)])
    historia = e.HistoriaPerezosa(_flowables(composicion, doc.width, doc.height))
    anterior = rl_config.useA85
    rl_config.useA85 = 0  # flujos binarios: archivo 20 % menor y sin codificar en Python
    try:
        doc.build(historia, canvasmaker=e.Lienzo)
    finally:
        rl_config.useA85 = anterior


def _dibujar_pagina(canv: Any, doc: Any) -> None:
    """Encabezado (logo, institución, lema) y pie (leyenda, domicilio, «Página N de T»).

    Lo que no cambia de una página a otra se dibuja una vez y sus operadores se repiten
    (`_repetir`); cada página dibuja su logo (recurso de la página) y su número."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm

    from . import _pdf_estilos as e

    comp, enc = doc.composicion, doc.composicion.encabezado
    ancho_pag, alto_pag = doc.pagesize
    izq, der = doc.leftMargin, ancho_pag - doc.rightMargin
    canv.saveState()
    x = izq
    if enc.logo and Path(enc.logo).is_file():
        try:
            caja = (izq, alto_pag - 2.2 * cm, 2.4 * cm, 1.3 * cm)
            canv.drawImage(enc.logo, *caja, mask="auto", preserveAspectRatio=True, anchor="w")
            x = izq + 2.7 * cm
        except Exception:  # noqa: BLE001 - un logo dañado no impide publicar
            x = izq

    def membrete() -> None:
        canv.setFont(e.NEGRITA, 9.5)
        nombre = e.recortar(e.linea(enc.nombre), e.NEGRITA, 9.5, der - x)
        canv.drawString(x, alto_pag - 1.35 * cm, nombre)
        if enc.lema:
            canv.setFont(e.FUENTE, 8)
            canv.setFillColor(colors.HexColor("#52606D"))
            lema = e.recortar(e.linea(enc.lema), e.FUENTE, 8, der - x)
            canv.drawString(x, alto_pag - 1.8 * cm, lema)
        canv.setStrokeColor(e.GRIS_LINEA)
        canv.setLineWidth(0.6)
        canv.line(izq, alto_pag - 2.25 * cm, der, alto_pag - 2.25 * cm)
        canv.line(izq, 1.75 * cm, der, 1.75 * cm)

    _repetir(canv, ("membrete", x, ancho_pag, alto_pag), membrete)
    canv.setFillColor(colors.black)
    canv.setFont(e.FUENTE, 7.5)
    numero = f"Página {canv.getPageNumber()} de "
    x_total = der - 0.9 * cm
    canv.drawRightString(x_total, 1.3 * cm, numero)
    canv.saveState()
    canv.translate(x_total, 1.3 * cm)
    canv.doForm(e.FORMA_TOTAL)  # el total se escribe al guardar (ver `Lienzo`)
    canv.restoreState()
    disponible = x_total - canv.stringWidth(numero, e.FUENTE, 7.5) - izq - 12

    def pie() -> None:
        canv.setFont(e.FUENTE, 7.5)
        if comp.pie_pagina:
            texto = e.recortar(e.linea(comp.pie_pagina), e.FUENTE, 7.5, disponible)
            canv.drawString(izq, 1.3 * cm, texto)
        datos = " · ".join(e.linea(t) for t in (enc.domicilio, enc.telefono, enc.sitio_web) if t)
        if datos:
            canv.setFont(e.FUENTE, 7)
            canv.drawString(izq, 0.9 * cm, e.recortar(datos, e.FUENTE, 7, der - izq))

    _repetir(canv, ("pie", disponible, ancho_pag, alto_pag), pie)
    canv.restoreState()


def _repetir(canv: Any, clave: tuple[Any, ...], dibujar: Callable[[], None]) -> None:
    """Dibuja una vez y, en las páginas siguientes, repite los mismos operadores. Cada parte
    fija su fuente y sus colores (el lienzo los escribe siempre): no depende de lo anterior."""
    guardados: dict[tuple[Any, ...], list[str]] | None = getattr(canv, "_tfmt_repetidos", None)
    if guardados is None:
        guardados = canv._tfmt_repetidos = {}
    codigo = guardados.get(clave)
    if codigo is not None:
        canv._code.extend(codigo)
        return
    inicio = len(canv._code)
    canv.saveState()
    dibujar()
    canv.restoreState()
    guardados[clave] = canv._code[inicio:]


# -- bloques → flowables ------------------------------------------------------------------
def _flowables(comp: Any, ancho: float, alto: float) -> Iterator[Any]:
    from reportlab.lib.units import cm
    from reportlab.platypus import CondPageBreak, Paragraph

    from transparencia_fmt import composicion as c

    from . import _pdf_estilos as e

    est = e.estilos()
    for b in comp.bloques:
        if isinstance(b, c.Titulo):
            yield e.marcar(Paragraph(e.marcado(b.texto), est["titulo"]), b.texto, 0)
        elif isinstance(b, c.Seccion):
            yield CondPageBreak(3.5 * cm)  # un título no queda solo al pie de la página
            estilo = est["seccion1"] if b.nivel <= 1 else est["seccion2"]
            yield e.marcar(Paragraph(e.marcado(b.texto), estilo), b.texto, max(b.nivel, 1))
        elif isinstance(b, c.Parrafo):
            texto = e.marcado(b.texto)
            if b.resalte:
                texto = f"<b>{e.marcado(b.resalte)}</b>{texto}"
            yield Paragraph(texto, est.get(b.estilo, est["normal"]))
        elif isinstance(b, c.Lista):
            for termino, texto in b.elementos:
                marca = f"<b>{e.marcado(termino)}:</b> " if termino else ""
                yield Paragraph(marca + e.marcado(texto), est["lista"], bulletText="•")
        elif isinstance(b, c.TablaBloque):
            yield from _tabla(b, ancho)
        elif isinstance(b, c.Meses):
            yield _meses(b, ancho)
        elif isinstance(b, c.Fichas):
            from ._pdf_fichas import fichas

            yield from fichas(b, ancho)
        elif isinstance(b, c.Imagen):
            yield _imagen(b, ancho, alto)
        elif isinstance(b, c.Grafica):
            from reportlab.platypus import KeepTogether, Spacer

            from ._grafica import dibujo_reportlab

            partes = [dibujo_reportlab(b, min(ancho, 13 * cm))]
            if b.pie:
                partes.append(Paragraph(e.marcado(b.pie), est["normal"]))
            yield KeepTogether([*partes, Spacer(1, 10)])
        elif isinstance(b, c.Firma):
            yield _firma(b)
        elif isinstance(b, c.Pie):
            from reportlab.platypus import Spacer

            yield Spacer(1, 10)
            for texto in b.lineas:
                yield Paragraph(e.marcado(texto), est["pie"])


def _fabrica_celdas(anchos: Sequence[float]) -> Callable[[int, Any], str]:
    """Celda de texto simple, ya ajustada al ancho de su columna (sin marcado que escapar)."""
    lineas = _fabrica_lineas(anchos)
    return lambda i, valor: "\n".join(lineas(i, valor))


def _fabrica_lineas(anchos: Sequence[float]) -> Callable[[int, Any], list[str]]:
    """Las líneas de una celda de texto simple ajustada al ancho de su columna."""
    from . import _pdf_estilos as e

    utiles = [a - 5 for a in anchos]  # menos el relleno izquierdo y derecho
    cubrir, partir = e.cubrir, e.partir_en_lineas

    def celda(i: int, valor: Any) -> list[str]:
        return partir(cubrir(valor if isinstance(valor, str) else str(valor)), utiles[i])

    return celda


def _tabla_rl(datos: list[list[Any]], anchos: list[float], estilo: Any, encabezado: int) -> Any:
    """Tabla de reportlab que repite su encabezado y parte filas muy altas entre páginas."""
    from . import _pdf_estilos as e

    return e.TablaPartible(
        datos, colWidths=anchos, repeatRows=encabezado, splitInRow=1, style=estilo, hAlign="LEFT"
    )


def _anchos(
    pesos: Sequence[float],
    ancho: float,
    titulos: Sequence[str],
    tipos: Sequence[str] = (),
    fichas: Sequence[str] = (),
) -> list[float]:
    """Reparte `ancho` según `pesos`, sin cortar palabras del título ni fechas o importes."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from . import _pdf_estilos as e

    n = len(titulos)
    if len(pesos) != n or any(p <= 0 for p in pesos):
        pesos = [1.0] * n
    tipos = tuple(tipos) if len(tipos) == n else ("",) * n
    minimos = [
        max(
            [stringWidth(p, e.NEGRITA, e.TAM_CELDA) for p in e.cubrir(t).split()]
            + [stringWidth(_MUESTRAS.get(tipo, "00"), e.FUENTE, e.TAM_CELDA)]
            + [stringWidth(f, e.NEGRITA, e.TAM_CELDA) for f in fichas[j : j + 1]]
        )
        + 6
        for j, (t, tipo) in enumerate(zip(titulos, tipos, strict=True))
    ]
    return repartir(pesos, minimos, ancho, tuple(fichas))


def _tabla(b: Any, ancho: float) -> Iterator[Any]:
    from reportlab.lib.units import cm
    from reportlab.platypus import CondPageBreak, Paragraph, Table, TableStyle

    from . import _pdf_estilos as e

    est = e.estilos()
    n = len(b.columnas)
    if b.titulo:
        yield CondPageBreak(3 * cm)
        yield Paragraph(e.marcado(b.titulo), est["seccion2"])
    if n == 0:
        return
    anchos = _anchos(b.pesos, ancho, b.columnas, b.tipos, getattr(b, "minimos", ()))
    filas = iter(b.filas)
    primera = next(filas, None)
    if primera is None:
        encabezado = [Paragraph(e.marcado(t), est["celda_encabezado"]) for t in b.columnas]
        yield Table(
            [encabezado], colWidths=anchos, style=TableStyle(e.estilo_tabla(1)), hAlign="LEFT"
        )
        yield Paragraph("Sin registros.", est["pequeno"])
        return
    from . import _pdf_tabla as t

    titulos = [
        e.partir(e.cubrir(x), a - 5, e.NEGRITA) for x, a in zip(b.columnas, anchos, strict=True)
    ]
    preparadas = t.filas_preparadas(
        itertools.chain([primera], filas), _fabrica_lineas(anchos), n, getattr(b, "colores", ())
    )
    yield t.TablaLigera(t.fila(titulos), anchos, preparadas)


def _meses(b: Any, ancho: float) -> Any:
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, TableStyle

    from . import _pdf_estilos as e

    est = e.estilos()
    fijas, m = len(b.columnas), len(b.meses)
    ancho_mes = min(0.95 * cm, ancho * 0.6 / max(m, 1))
    pesos = []
    for j, titulo in enumerate(b.columnas):
        largo = max([len(titulo)] + [len(f[0][j]) for f in b.filas if j < len(f[0])])
        pesos.append(0.35 if largo <= 4 else 2.0)
    anchos = _anchos(pesos, ancho - ancho_mes * m, b.columnas) + [ancho_mes] * m
    fila0 = [Paragraph(e.marcado(t), est["celda_encabezado"]) for t in b.columnas]
    fila0 += [Paragraph(e.marcado(b.grupo), est["celda_centro"])] + [""] * (m - 1) if m else []
    fila1 = [""] * fijas + [e.linea(mes) for mes in b.meses]
    celda = _fabrica_celdas(anchos)
    datos = [fila0, fila1]
    for valores, marcados in b.filas:
        fila = [celda(j, v) for j, v in enumerate(e.completar(valores, fijas))]
        datos.append(fila + [b.marca if mes in marcados else "" for mes in b.meses])
    comandos = e.estilo_tabla(2) + [("SPAN", (j, 0), (j, 1)) for j in range(fijas)]
    if m:
        comandos += [
            ("SPAN", (fijas, 0), (fijas + m - 1, 0)),
            ("ALIGN", (fijas, 1), (-1, -1), "CENTER"),
            ("FONT", (fijas, 1), (-1, 1), e.NEGRITA, e.TAM_CELDA, e.TAM_CELDA * 1.2),
            ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
        ]
    return _tabla_rl(datos, anchos, TableStyle(comandos), 2)


def _imagen(b: Any, ancho: float, alto: float) -> Any:
    from reportlab.lib.units import cm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image, KeepTogether, Paragraph

    from . import _pdf_estilos as e

    est = e.estilos()
    leyenda = b.pie or b.texto_alternativo
    try:
        iw, ih = ImageReader(b.ruta).getSize()
        w = min(b.ancho_cm * cm, ancho)
        h = w * ih / iw
        if h > alto * 0.75:
            h = alto * 0.75
            w = h * iw / ih
        imagen = Image(b.ruta, width=w, height=h, hAlign="CENTER")
    except Exception:  # noqa: BLE001 - una imagen ilegible no impide publicar el resto
        aviso = f"[Imagen no disponible: {leyenda or Path(b.ruta).name}]"
        return Paragraph(e.marcado(aviso), est["leyenda"])
    partes = [imagen]
    if leyenda:
        partes.append(Paragraph(e.marcado(leyenda), est["leyenda"]))
    return KeepTogether(partes)


def _firma(b: Any) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

    from . import _pdf_estilos as e

    est = e.estilos()
    filas = [[Paragraph(e.marcado(b.nombre), est["firma_nombre"])]]
    if b.cargo:
        filas.append([Paragraph(e.marcado(b.cargo), est["firma"])])
    tabla = Table(
        filas,
        colWidths=[9 * cm],
        hAlign="CENTER",
        style=[
            ("FONT", (0, 0), (-1, -1), e.FUENTE, 10),
            ("LINEABOVE", (0, 0), (0, 0), 0.8, colors.black),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
        ],
    )
    return KeepTogether([Spacer(1, 1.8 * cm), tabla])


@hookimpl
def registrar_exportadores() -> list[Any]:
    """El exportador PDF."""
    return [
        ExportadorPDF(
            "pdf", ".pdf", "PDF para publicar: fuente incrustada, índice y paginación", escribir_pdf
        )
    ]
