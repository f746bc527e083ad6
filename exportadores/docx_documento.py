"""Exportador `docx`: dibuja la composición neutral (`componer`) con python-docx.

Sólo conoce tipos de bloque, nunca formatos ni esquemas. python-docx arma el esqueleto
(estilos, sección, encabezado y pie, propiedades, encabezados de tabla); las filas y fichas
se escriben en flujo desde una plantilla XML (`_docx_flujo`): memoria acotada y lineal en
el tiempo. python-docx se importa al exportar.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import repeat
from operator import add, floordiv
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from transparencia_fmt import hookimpl

from . import ExportadorDeComposicion

if TYPE_CHECKING:
    from transparencia_fmt.composicion import Composicion

GRIS_ENCABEZADO = "D9D9D9"
_ALINEACION_POR_TIPO = {"fecha": "c", "anio": "c", "entero": "d", "numero": "d", "moneda": "d"}


class ExportadorDOCX(ExportadorDeComposicion):
    """Documento de Word a partir de la composición."""


def escribir_docx(composicion: Composicion, destino: BinaryIO | str | Path) -> None:
    """Escribe `composicion` como DOCX en un flujo binario o en una ruta."""
    dibujo = _Dibujo(composicion)
    dibujo.cuerpo.guardar(dibujo.dibujar(), str(destino) if isinstance(destino, Path) else destino)


class _Dibujo:
    def __init__(self, composicion: Composicion) -> None:
        from docx import Document

        from . import _docx_flujo, _docx_xml

        self.x = _docx_xml
        self.f = _docx_flujo
        self.cuerpo = _docx_flujo.Cuerpo()
        self.c = composicion
        self.doc = Document()
        self.horizontal = composicion.orientacion == "horizontal"
        self.nivel = 0  # nivel de la última sección, para los títulos de las fichas

    # -- documento ----------------------------------------------------------------------
    def dibujar(self) -> Any:
        self._pagina()
        self._estilos()
        self._metadatos()
        self._encabezado()
        self._pie_de_pagina()
        for bloque in self.c.bloques:
            metodo = getattr(self, f"_b_{type(bloque).__name__.lower()}", None)
            if metodo is not None:  # un tipo de bloque desconocido se omite
                metodo(bloque)
        return self.doc

    def _pagina(self) -> None:
        x = self.x
        WD_ORIENT, Cm, Inches = x.WD_ORIENT, x.Cm, x.Inches  # noqa: N806
        sec = self.doc.sections[0]
        if self.horizontal:
            sec.orientation = WD_ORIENT.LANDSCAPE
            sec.page_width, sec.page_height = Inches(11), Inches(8.5)
            sec.left_margin = sec.right_margin = Cm(1.27)
            sec.top_margin, sec.bottom_margin = Cm(2.2), Cm(1.8)
        else:
            sec.orientation = WD_ORIENT.PORTRAIT
            sec.page_width, sec.page_height = Inches(8.5), Inches(11)
            sec.left_margin = sec.right_margin = Cm(2.0)
            sec.top_margin, sec.bottom_margin = Cm(2.8), Cm(2.2)
        sec.header_distance = sec.footer_distance = Cm(0.8)
        self.ancho_util = sec.page_width - sec.left_margin - sec.right_margin
        self.alto_util = sec.page_height - sec.top_margin - sec.bottom_margin

    def _estilos(self) -> None:
        Pt = self.x.Pt  # noqa: N806
        estilos = self.doc.styles
        normal = estilos["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10 if self.horizontal else 11)
        estilos["Title"].font.size = Pt(20)
        estilos["Header"].font.size = Pt(9)
        estilos["Footer"].font.size = Pt(8)
        for nombre, puntos, despues in (
            ("Texto de tabla", 8 if self.horizontal else 9, 0),
            ("Datos generales", 9 if self.horizontal else 10, 1),
            ("Texto menor", 8, 0),
        ):
            estilo = estilos.add_style(nombre, self.x.WD_STYLE_TYPE.PARAGRAPH)
            estilo.base_style = normal
            estilo.font.size = Pt(puntos)
            estilo.paragraph_format.space_after = Pt(despues)
            estilo.paragraph_format.line_spacing = 1.0
        self.x.idioma_por_omision(self.doc, self.c.metadatos.idioma or "es-MX")

    def _metadatos(self) -> None:
        m = self.c.metadatos

        def s(texto: str) -> str:
            # python-docx no acepta propiedades de más de 255 caracteres (títulos largos)
            limpio: str = self.x.texto_seguro(texto)
            return limpio if len(limpio) <= 255 else limpio[:254] + "…"

        props = self.doc.core_properties
        props.title = s(m.titulo)
        props.author = props.last_modified_by = s(m.autor)
        props.subject = s(m.asunto)
        props.keywords = s(", ".join(m.palabras_clave))
        props.language = m.idioma or "es-MX"
        props.comments = "Generado con transparencia_fmt"
        props.created = props.modified = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        props.revision = 1

    def _encabezado(self) -> None:
        x, e = self.x, self.c.encabezado
        cabecera = self.doc.sections[0].header
        p = cabecera.paragraphs[0]
        p.alignment = x.CENTRO
        if e.logo and self._imagen_en(p, e.logo, x.Cm(1.6), f"Logotipo de {e.nombre}", alto=True):
            p = cabecera.add_paragraph(style="Header")
            p.alignment = x.CENTRO
        if e.nombre:
            r = p.add_run(x.texto_seguro(e.nombre))
            r.bold, r.font.size = True, x.Pt(11)
        if e.lema:
            lema = cabecera.add_paragraph(style="Header")
            lema.alignment = x.CENTRO
            lema.add_run(x.texto_seguro(e.lema)).italic = True

    def _pie_de_pagina(self) -> None:
        e, s = self.c.encabezado, self.x.texto_seguro
        pie = self.doc.sections[0].footer
        p = pie.paragraphs[0]
        p.alignment = self.x.CENTRO
        contacto = " · ".join(s(v) for v in (e.domicilio, e.telefono, e.sitio_web) if v)
        if contacto:
            p.add_run(contacto)
            p = pie.add_paragraph(style="Footer")
            p.alignment = self.x.CENTRO
        if self.c.pie_pagina:
            p.add_run(s(self.c.pie_pagina) + " · ")
        p.add_run("Página ")
        self.x.campo(p, "PAGE")
        p.add_run(" de ")
        self.x.campo(p, "NUMPAGES")

    # -- bloques de texto ---------------------------------------------------------------
    def _b_titulo(self, b: Any) -> None:
        self.doc.add_heading(self.x.texto_seguro(b.texto), level=0).alignment = self.x.CENTRO

    def _b_seccion(self, b: Any) -> None:
        self.nivel = min(max(int(b.nivel), 1), 9)
        self.doc.add_heading(self.x.texto_seguro(b.texto), level=self.nivel)

    def _b_parrafo(self, b: Any) -> None:
        estilo = {"datos": "Datos generales", "pequeno": "Texto menor"}.get(b.estilo, "Normal")
        p = self.doc.add_paragraph(style=estilo)
        if b.estilo == "normal":
            p.alignment = self.x.JUSTIFICADO
        if b.resalte:
            p.add_run(self.x.texto_seguro(b.resalte)).bold = True
        p.add_run(self.x.texto_seguro(b.texto))

    def _b_lista(self, b: Any) -> None:
        for termino, texto in b.elementos:
            p = self.doc.add_paragraph(style="List Bullet")
            if termino:
                termino = self.x.texto_seguro(termino)
                p.add_run(termino if termino.endswith((":", ".")) else f"{termino}: ").bold = True
            p.add_run(self.x.texto_seguro(texto))

    def _b_firma(self, b: Any) -> None:
        nombre = self.doc.add_paragraph()
        nombre.alignment = self.x.CENTRO
        nombre.paragraph_format.space_before = self.x.Pt(48)
        nombre.paragraph_format.space_after = self.x.Pt(0)
        nombre.paragraph_format.keep_with_next = True
        nombre.add_run(self.x.texto_seguro(b.nombre)).bold = True
        cargo = self.doc.add_paragraph(self.x.texto_seguro(b.cargo))
        cargo.alignment = self.x.CENTRO

    def _b_pie(self, b: Any) -> None:
        for i, linea in enumerate(b.lineas):
            p = self.doc.add_paragraph(self.x.texto_seguro(linea), style="Texto menor")
            p.alignment = self.x.CENTRO
            if i == 0:
                p.paragraph_format.space_before = self.x.Pt(24)

    def _b_imagen(self, b: Any) -> None:
        p = self.doc.add_paragraph()
        p.alignment = self.x.CENTRO
        ancho = min(self.x.Cm(b.ancho_cm if b.ancho_cm and b.ancho_cm > 0 else 12), self.ancho_util)
        alt = b.texto_alternativo or b.pie or Path(b.ruta).name
        if not self._imagen_en(p, b.ruta, ancho, alt, titulo=b.pie or alt):
            p.add_run(f"[Imagen no disponible: {self.x.texto_seguro(alt)}]").italic = True
        if b.pie:
            p.paragraph_format.keep_with_next = True
            pie = self.doc.add_paragraph(self.x.texto_seguro(b.pie), style="Caption")
            pie.alignment = self.x.CENTRO

    def _b_grafica(self, b: Any) -> None:
        import io

        from ._grafica import png

        ancho_pt = min(int(self.ancho_util) / 12700, 13 / 2.54 * 72)  # EMU → puntos
        p = self.doc.add_paragraph()
        p.alignment = self.x.CENTRO
        alt = b.texto_alternativo or b.titulo
        imagen = io.BytesIO(png(b, ancho_pt))
        if not self._imagen_en(p, imagen, self.x.Pt(ancho_pt), alt, titulo=b.titulo):  # type: ignore[arg-type]
            p.add_run(f"[Gráfica no disponible: {self.x.texto_seguro(alt)}]").italic = True
        if b.pie:
            p.paragraph_format.keep_with_next = True
            self.doc.add_paragraph(self.x.texto_seguro(b.pie))

    def _imagen_en(
        self, p: Any, ruta: str, medida: Any, alt: str, titulo: str = "", alto: bool = False
    ) -> bool:
        """Inserta una imagen con texto alternativo; False si el archivo no es una imagen."""
        medidas = {"height": medida} if alto else {"width": medida}
        try:
            forma = p.add_run().add_picture(ruta, **medidas)
        except self.x.ERRORES_IMAGEN:
            return False
        if forma.height > self.alto_util:  # que quepa en la página
            escala = self.alto_util / forma.height
            forma.width, forma.height = self.x.Emu(int(forma.width * escala)), self.alto_util
        self.x.texto_alternativo(forma._inline, alt, titulo or alt)
        return True

    # -- tablas -------------------------------------------------------------------------
    def _anchos(self, pesos: Any, n: int, minimos: Any = (), margen_pt: float = 12.0) -> list[Any]:
        """Reparte el ancho útil sin dar a una columna menos que su trozo mínimo (una fecha,
        «Ejercicio», «MAY»): medido en Arial con holgura, porque LibreOffice mide distinto."""
        from transparencia_fmt.anchos import ancho_texto, repartir

        pesos = [float(p) if p and p > 0 else 1.0 for p in pesos] if len(pesos) == n else [1.0] * n
        puntos = 8 if self.horizontal else 9
        medidos = (
            [ancho_texto(m, puntos, negrita=True) * 1.08 + margen_pt for m in minimos]
            if len(minimos) == n
            else [0.0] * n
        )
        anchos = repartir(pesos, medidos, self.ancho_util / 12700, tuple(minimos))
        return [self.x.Emu(int(a * 12700) // 635 * 635) for a in anchos]

    def _tabla(self, filas: int, anchos: list[Any]) -> Any:
        tabla = self.doc.add_table(rows=filas, cols=len(anchos))
        tabla.style = "Table Grid"
        tabla.autofit = False  # w:tblLayout fijo: Word no recalcula anchos
        self.x.fijar_anchos(tabla._tbl, anchos)
        return tabla

    def _celda(self, celda: Any, texto: str | None, negrita: bool = False, alin: str = "") -> Any:
        """Da estilo a una celda; con `texto=None` deja un `w:t` vacío para llenar después."""
        p = celda.paragraphs[0]
        p.style = "Texto de tabla"
        if alin:
            p.alignment = self.x.CENTRO if alin == "c" else self.x.DERECHA
        r = p.add_run()
        if negrita:
            r.bold = True
        t = self.x.nuevo_t()
        r._r.append(t)
        self.x.poner_texto(t, texto or "")
        return t

    def _encabezados(self, tabla: Any, celdas: list[tuple[Any, str]]) -> None:
        for celda, texto in celdas:
            self._celda(celda, texto, negrita=True, alin="c")
            celda.vertical_alignment = self.x.V_CENTRO
            self.x.sombrear(celda._tc, GRIS_ENCABEZADO)

    def _prototipo(self, fila: Any, alineaciones: list[str], colores: Any = ()) -> Any:
        """Plantilla XML de una fila de datos (huecos de texto y de color); la quita de la tabla."""
        ts = [self._celda(c, None, alin=a) for c, a in zip(fila.cells, alineaciones, strict=False)]
        for j, t in enumerate(ts):
            t.text = self.f.hueco_texto(j)
        celdas = fila._tr.tc_lst
        for j, mapa in enumerate(colores or ()):
            if mapa and j < len(celdas):  # semáforo (x-colores): fondo según el valor
                self.x.sombrear(celdas[j], self.f.hueco_color(j))
        self.x.fila_no_dividir(fila._tr)
        plantilla = self.f.Plantilla(self.f.fragmento(fila._tr))
        fila._tr.getparent().remove(fila._tr)
        return plantilla

    def _llenar(self, tabla: Any, plantilla: Any, filas: Any, colores: Any = ()) -> None:
        """Las filas de datos se escriben en flujo al guardar; luego «Sin registros.» si no hubo."""
        cuenta = [0]
        colores = tuple(colores or ())

        def piezas() -> Any:
            for fila in filas:
                cuenta[0] += 1
                yield plantilla.piezas(
                    fila if isinstance(fila, list | tuple) else list(fila), colores
                )

        self.cuerpo.marcar(tabla._tbl, lambda: self.f.en_trozos(piezas()))
        aviso = self._parrafo_en_flujo("Texto menor")
        self._marcar_cuerpo(lambda: [aviso.llenar(["" if cuenta[0] else "Sin registros."])])

    def _parrafo_en_flujo(self, estilo: str) -> Any:
        """Plantilla de un párrafo con un hueco de texto (el párrafo no queda en el documento)."""
        p = self.doc.add_paragraph(style=estilo)
        self._t_vacio(p).text = self.f.hueco_texto(0)
        plantilla = self.f.Plantilla(self.f.fragmento(p._p))
        p._p.getparent().remove(p._p)
        return plantilla

    def _marcar_cuerpo(self, flujo: Any) -> None:
        """Marca al final del cuerpo (antes de `w:sectPr`, como `add_paragraph`)."""
        cuerpo = self.doc.element.body
        seccion = cuerpo.sectPr
        if seccion is not None:
            cuerpo.remove(seccion)
        self.cuerpo.marcar(cuerpo, flujo)
        if seccion is not None:
            cuerpo.append(seccion)

    def _b_tablabloque(self, b: Any) -> None:
        columnas = [self.x.texto_seguro(c) for c in b.columnas]
        if not columnas:
            return
        if b.titulo:
            titulo = self.doc.add_paragraph(self.x.texto_seguro(b.titulo), style="Caption")
            titulo.paragraph_format.keep_with_next = True
        tabla = self._tabla(2, self._anchos(b.pesos, len(columnas), getattr(b, "minimos", ())))
        encabezado, datos = tabla.rows[0], tabla.rows[1]
        self._encabezados(tabla, list(zip(encabezado.cells, columnas, strict=True)))
        self.x.fila_encabezado(encabezado._tr)
        tipos = list(b.tipos) + [""] * len(columnas)
        alineaciones = [_ALINEACION_POR_TIPO.get(t, "") for t in tipos[: len(columnas)]]
        colores = getattr(b, "colores", ())
        self._llenar(tabla, self._prototipo(datos, alineaciones, colores), b.filas, colores)

    def _b_meses(self, b: Any) -> None:
        fijas = [self.x.texto_seguro(c) for c in b.columnas]
        meses = [self.x.texto_seguro(m) for m in b.meses]
        nf, n = len(fijas), len(fijas) + len(meses)
        if not meses or not fijas:
            return self._b_tablabloque(_Tabla(tuple(fijas + meses), self._filas_meses(b)))
        # Columnas fijas de valores cortos (números) angostas; las demás reparten el resto.
        cortas = [max((len(f[0][j]) for f in b.filas if j < len(f[0])), default=0) <= 4
                  for j in range(nf)]  # fmt: skip
        pesos = [1.3 if c else 5.0 for c in cortas] + [1.0] * len(meses)
        minimos = getattr(b, "minimos", ())
        if len(minimos) == n:
            pesos = list(b.pesos)
        tabla = self._tabla(3, self._anchos(pesos, n, minimos, margen_pt=4.5))
        self.x.margenes_de_celda(tabla._tbl, 45)  # que «MAY» quepa en su columna
        for j in range(nf):
            tabla.cell(0, j).merge(tabla.cell(1, j))
        tabla.cell(0, nf).merge(tabla.cell(0, n - 1))
        celdas = [(tabla.cell(0, j), fijas[j]) for j in range(nf)]
        celdas.append((tabla.cell(0, nf), self.x.texto_seguro(b.grupo)))
        celdas += [(tabla.cell(1, nf + k), m) for k, m in enumerate(meses)]
        self._encabezados(tabla, celdas)
        filas_xml = tabla._tbl.tr_lst
        for tr in filas_xml[:2]:
            self.x.fila_encabezado(tr)
            for tc in tr.tc_lst:  # también las celdas de continuación (vMerge)
                self.x.sombrear(tc, GRIS_ENCABEZADO)
        alineaciones = ["c" if c else "" for c in cortas] + ["c"] * len(meses)
        self._llenar(tabla, self._prototipo(tabla.rows[2], alineaciones), self._filas_meses(b))

    @staticmethod
    def _filas_meses(b: Any) -> Any:
        for valores, marcados in b.filas:
            yield [*valores, *(b.marca if m in marcados else "" for m in b.meses)]

    def _b_fichas(self, b: Any) -> None:
        """Una ficha por registro: encabezado «Registro N de T» y párrafos «Etiqueta: valor».

        Cada ficha es una tabla sin bordes de una columna: la primera fila (el título) es
        fila de encabezado (`w:tblHeader`), así que cuando la ficha sigue en la página
        siguiente, Word y LibreOffice repiten ahí su título. Como en el PDF, una ficha de
        hasta media página (alto estimado por su texto) no se parte (`w:cantSplit` en la fila
        de datos) y una más alta sí, en vez de dejar una página casi en blanco. Los párrafos
        se arman una vez con python-docx y se vuelven plantilla; las fichas, en flujo.
        """
        etiquetas = [self.x.texto_seguro(e) for e in b.etiquetas]
        if not etiquetas:
            return
        tabla = self.doc.add_table(rows=2, cols=1)
        tabla.autofit = False
        self.x.fijar_anchos(tabla._tbl, [self.x.Emu(int(self.ancho_util) // 635 * 635)])
        self.x.margenes_de_celda(tabla._tbl, 0)  # el texto alineado con el resto de la página
        fila_titulo, fila_datos = tabla.rows[0], tabla.rows[1]
        titulo = fila_titulo.cells[0].paragraphs[0]
        titulo.style = self.doc.styles[f"Heading {min(self.nivel + 1, 9)}"]
        self._t_vacio(titulo).text = self.f.hueco_texto(0)
        self.x.fila_encabezado(fila_titulo._tr)
        celda = fila_datos.cells[0]
        for j, etiqueta in enumerate(etiquetas, start=1):
            p = celda.paragraphs[0] if j == 1 else celda.add_paragraph()
            p.style = "Datos generales"
            p.add_run(etiqueta if etiqueta.endswith(":") else f"{etiqueta}: ").bold = True
            self._t_vacio(p).text = self.f.hueco_texto(j)
        # Un párrafo entre fichas: dos tablas seguidas serían una sola para Word.
        separador = self.doc.add_paragraph(style="Texto menor")
        partible = self.f.Plantilla(self.f.fragmento(tabla._tbl, separador._p))
        self.x.fila_no_dividir(fila_datos._tr)
        entera = self.f.Plantilla(self.f.fragmento(tabla._tbl, separador._p))
        for el in (tabla._tbl, separador._p):
            el.getparent().remove(el)
        vacio = self._parrafo_en_flujo("Texto menor")
        total = f" de {b.total_filas}" if b.total_filas else ""
        nombre = self.x.texto_seguro(b.titulo_ficha or "Registro")
        # Alto estimado: renglones de cada párrafo «Etiqueta: valor» con letras de ~0.5 em.
        puntos = 9 if self.horizontal else 10
        por_renglon = max(int(self.ancho_util / 12700 / (puntos * 0.5)), 1)
        renglones_max = (self.alto_util / 12700 / 2 - 36) / (puntos * 1.2)
        largos = [len(e) + 2 for e in etiquetas]
        cuantos = len(largos)

        def renglones(fila: Any) -> int:
            # Por párrafo: (etiqueta + valor) // por renglón + 1, más sus «\n»; en C con `map`.
            textos = fila if len(fila) <= cuantos else fila[:cuantos]
            try:
                junto = "".join(textos)
            except TypeError:  # algún valor no es texto
                textos = [v if type(v) is str else str(v) for v in textos]
                junto = "".join(textos)
            suma: int = sum(map(floordiv, map(add, largos, map(len, textos)), repeat(por_renglon)))
            return suma + len(textos) + junto.count("\n")

        def piezas() -> Any:
            n = 0
            for n, fila in enumerate(b.filas, start=1):
                plantilla = entera if renglones(fila) <= renglones_max else partible
                yield plantilla.piezas([f"{nombre} {n}{total}", *fila])
            if not n:
                yield vacio.piezas(["Sin registros."])

        self._marcar_cuerpo(lambda: self.f.en_trozos(piezas()))

    def _t_vacio(self, parrafo: Any) -> Any:
        t = self.x.nuevo_t()
        parrafo.add_run()._r.append(t)
        return t


class _Tabla:
    """TablaBloque mínima para dibujar unos meses sin columnas fijas como tabla simple."""

    def __init__(self, columnas: tuple[str, ...], filas: Any) -> None:
        self.columnas, self.filas = columnas, filas
        self.tipos: tuple[str, ...] = ()
        self.pesos: tuple[float, ...] = ()
        self.titulo = ""


@hookimpl
def registrar_exportadores() -> list[Any]:
    """El exportador DOCX."""
    return [
        ExportadorDOCX(
            "docx",
            ".docx",
            "Documento de Word (DOCX): encabezado institucional, tablas y número de página",
            escribir_docx,
        )
    ]
