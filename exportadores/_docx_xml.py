"""Ayudas de bajo nivel sobre el XML de WordprocessingML para el exportador DOCX.

Importa python-docx al cargarse: sólo se importa al exportar, nunca al iniciar el CLI.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

# Reexportados para el exportador (que no importa python-docx al cargarse).
from docx.enum.section import WD_ORIENT as WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE as WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml import OxmlElement as OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm as Cm
from docx.shared import Emu as Emu
from docx.shared import Inches as Inches
from docx.shared import Length
from docx.shared import Pt as Pt

from transparencia_fmt.texto import limpiar

W_T = qn("w:t")
XML_SPACE = qn("xml:space")
_SEPARADORES = re.compile(r"(\n|\t)")
ERRORES_IMAGEN = (OSError, ValueError, UnrecognizedImageError)
CENTRO, DERECHA = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFICADO, V_CENTRO = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_CELL_VERTICAL_ALIGNMENT.CENTER

# Orden de los hijos de w:trPr y de w:tcPr según el esquema (ECMA-376).
_TRPR = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
    "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
    "w:ins", "w:del", "w:trPrChange",
)  # fmt: skip
_TCPR_DESPUES_DE_SHD = (
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)  # fmt: skip


def texto_seguro(valor: Any) -> str:
    """Texto apto para XML, con saltos de línea normalizados a «\\n»."""
    texto = limpiar(str(valor))
    if "\r" in texto:
        texto = texto.replace("\r\n", "\n").replace("\r", "\n")
    return texto


def nuevo_t(texto: str = "") -> Any:
    t = OxmlElement("w:t")
    t.set(XML_SPACE, "preserve")
    t.text = texto
    return t


def poner_texto(t: Any, valor: Any) -> None:
    """Pone `valor` en un `w:t`; «\\n» pasa a `w:br` y el tabulador a `w:tab` en el mismo run."""
    texto = texto_seguro(valor)
    if "\n" not in texto and "\t" not in texto:
        t.text = texto
        return
    partes = _SEPARADORES.split(texto)
    t.text = partes[0]
    ancla = t
    for i in range(1, len(partes), 2):
        separador = OxmlElement("w:br" if partes[i] == "\n" else "w:tab")
        ancla.addnext(separador)
        ancla = separador
        if partes[i + 1]:
            siguiente = nuevo_t(partes[i + 1])
            ancla.addnext(siguiente)
            ancla = siguiente


def _en_trpr(tr: Any, etiqueta: str) -> None:
    trpr = tr.get_or_add_trPr()
    if trpr.find(qn(etiqueta)) is None:
        despues = _TRPR[_TRPR.index(etiqueta) + 1 :]
        trpr.insert_element_before(OxmlElement(etiqueta), *despues)


def fila_no_dividir(tr: Any) -> None:
    _en_trpr(tr, "w:cantSplit")


def fila_encabezado(tr: Any) -> None:
    """Fila que Word repite al inicio de cada página (`w:tblHeader`) y que no se parte."""
    _en_trpr(tr, "w:cantSplit")
    _en_trpr(tr, "w:tblHeader")


def sombrear(tc: Any, color: str) -> None:
    tcpr = tc.get_or_add_tcPr()
    shd = tcpr.find(qn("w:shd"))
    if shd is None:
        shd = OxmlElement("w:shd")
        tcpr.insert_element_before(shd, *_TCPR_DESPUES_DE_SHD)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)


def fijar_anchos(tbl: Any, anchos: Sequence[Length]) -> None:
    """Anchos fijos: `w:tblW`, `w:gridCol` y `w:tcW` de las filas que ya existen."""
    tblw = tbl.tblPr.find(qn("w:tblW"))
    if tblw is not None:
        tblw.set(qn("w:type"), "dxa")
        tblw.set(qn("w:w"), str(sum(a.twips for a in anchos)))
    for col, ancho in zip(tbl.tblGrid.gridCol_lst, anchos, strict=False):
        col.w = ancho
    for tr in tbl.tr_lst:
        for tc, ancho in zip(tr.tc_lst, anchos, strict=False):
            tc.width = ancho


def margenes_de_celda(tbl: Any, twips: int) -> None:
    """Márgenes izquierdo y derecho de las celdas de toda la tabla (`w:tblCellMar`)."""
    mar = OxmlElement("w:tblCellMar")
    for lado in ("w:left", "w:right"):
        el = OxmlElement(lado)
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl.tblPr.insert_element_before(mar, "w:tblLook", "w:tblCaption", "w:tblDescription")


def campo(parrafo: Any, instruccion: str, provisional: str = "1") -> None:
    """Campo de Word (PAGE, NUMPAGES…): begin, instrText, separate, resultado, end."""

    def run_con(hijo: Any) -> None:
        parrafo.add_run()._r.append(hijo)

    def fld(tipo: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), tipo)
        return el

    instr = OxmlElement("w:instrText")
    instr.set(XML_SPACE, "preserve")
    instr.text = f" {instruccion} "
    run_con(fld("begin"))
    run_con(instr)
    run_con(fld("separate"))
    parrafo.add_run(provisional)
    run_con(fld("end"))


def idioma_por_omision(documento: Any, idioma: str) -> None:
    """`w:docDefaults/w:rPrDefault/w:rPr/w:lang` y el idioma de los temas en settings."""
    estilos = documento.styles.element
    defaults = estilos.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        estilos.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # w:lang es de los últimos hijos de w:rPr
    lang.set(qn("w:val"), idioma)
    # Como Word en español de México: escritura asiática y bidireccional sin cambio.
    lang.set(qn("w:eastAsia"), lang.get(qn("w:eastAsia")) or "en-US")
    lang.set(qn("w:bidi"), lang.get(qn("w:bidi")) or "ar-SA")
    tema = documento.settings.element.find(qn("w:themeFontLang"))
    if tema is not None:
        tema.set(qn("w:val"), idioma)


def texto_alternativo(inline: Any, descripcion: str, titulo: str) -> None:
    doc_pr = inline.docPr
    doc_pr.set("descr", texto_seguro(descripcion))
    doc_pr.set("title", texto_seguro(titulo))
