"""Exportador DOCX: se lee de vuelta con python-docx y se revisa el producto, no el código."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import FRASES_POA, SEMILLA
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Inches
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from transparencia_fmt.exportadores.docx_documento import ExportadorDOCX, escribir_docx

from transparencia_fmt.composicion import (
    Composicion,
    Encabezado,
    Fichas,
    Imagen,
    Metadatos,
    Parrafo,
    TablaBloque,
    Titulo,
    componer,
)
from transparencia_fmt.documento import documento_desde_dict

RAIZ = Path(__file__).resolve().parents[1]
MESES = ("ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# -- ayudas ---------------------------------------------------------------------------------
def _exportar(entorno, documento, ruta: Path):
    entorno.exportar(documento, "docx", ruta)
    return Document(str(ruta))


def _texto(doc) -> str:
    """Texto del cuerpo, de las celdas y de encabezados y pies de página."""
    partes = [p.text for p in doc.paragraphs]
    for tabla in doc.tables:
        for fila in tabla.rows:
            partes.extend(c.text for c in fila.cells)
    for seccion in doc.sections:
        partes.extend(p.text for p in seccion.header.paragraphs)
        partes.extend(p.text for p in seccion.footer.paragraphs)
    return "\n".join(partes)


def _xml(ruta: Path, parte: str = "word/document.xml") -> str:
    with zipfile.ZipFile(ruta) as z:
        return z.read(parte).decode("utf-8")


def _xml_de(patron: str, ruta: Path) -> str:
    with zipfile.ZipFile(ruta) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if re.match(patron, n))


def _tabla_con(doc, texto: str):
    return next(t for t in doc.tables if any(c.text == texto for c in t.rows[0].cells))


def _fichas(doc) -> list[tuple]:
    """Cada ficha (una tabla de una columna): su título, sus párrafos de datos y la tabla."""
    fichas = []
    for tabla in doc.tables:
        filas = tabla.rows
        if len(filas) == 2 and len(tabla.columns) == 1:
            titulo = filas[0].cells[0].paragraphs[0]
            if titulo.style.name.startswith("Heading"):
                fichas.append((titulo, filas[1].cells[0].paragraphs, tabla))
    return fichas


def _ancho_util(doc) -> int:
    s = doc.sections[0]
    return s.page_width - s.left_margin - s.right_margin


# -- POA (documento) ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def poa(entorno, tmp_path_factory):
    ruta = tmp_path_factory.mktemp("docx") / "poa.docx"
    documento = entorno.cargar(RAIZ / "ejemplos" / "Plan_Operativo_Anual.json")
    return _exportar(entorno, documento, ruta), ruta


def test_poa_contiene_las_frases_clave(poa):
    texto = _texto(poa[0])
    for frase in FRASES_POA:
        assert frase in texto, frase


@pytest.mark.skipif(not SEMILLA.exists(), reason="semilla no disponible")
def test_poa_contiene_cada_linea_de_la_semilla(poa):
    texto = _texto(poa[0])
    for linea in SEMILLA.read_text("utf-8").splitlines():
        for trozo in linea.split("\t"):  # líneas de tabla: celda por celda
            if trozo.strip():
                assert trozo.strip() in texto, trozo


def test_poa_calendario_con_72_marcas_y_encabezado_de_dos_filas(poa):
    doc = poa[0]
    calendario = _tabla_con(doc, "Cronograma")
    filas = calendario._tbl.tr_lst
    assert len(filas) == 2 + 6
    encabezado = [tc for tc in filas[0].tc_lst]
    assert [c.text for c in calendario.rows[0].cells][:2] == ["N°", "Descripción de la Actividad"]
    grupo = encabezado[-1]
    assert grupo.grid_span == 12 and "Cronograma" in "".join(grupo.itertext())
    assert [c.text for c in calendario.rows[1].cells][2:] == list(MESES)
    marcas = [c.text for fila in calendario.rows[2:] for c in fila.cells if c.text == "X"]
    assert len(marcas) == 72
    assert calendario.rows[2].cells[1].text == "Generar boletines informativos"


def test_poa_tablas_con_encabezado_repetido_y_filas_que_no_se_parten(poa):
    doc = poa[0]
    assert len(doc.tables) == 2
    for tabla in doc.tables:
        assert tabla.style.name == "Table Grid"
        filas = tabla._tbl.tr_lst
        primera = filas[0]
        trpr = primera.trPr
        assert trpr is not None and trpr.find(qn("w:tblHeader")) is not None
        assert primera.index(trpr) == 0  # w:trPr va antes de las celdas
        hijos = [h.tag for h in trpr]
        assert hijos.index(qn("w:cantSplit")) < hijos.index(qn("w:tblHeader"))
        n_enc = sum(1 for tr in filas if tr.trPr.find(qn("w:tblHeader")) is not None)
        for tr in filas[n_enc:]:
            assert tr.trPr.find(qn("w:cantSplit")) is not None
            assert tr.trPr.find(qn("w:tblHeader")) is None
        # Anchos fijos que caben en la página.
        anchos = [c.w for c in tabla._tbl.tblGrid.gridCol_lst]
        assert 0.95 * _ancho_util(doc) <= sum(anchos) <= _ancho_util(doc)


def test_poa_estilos_de_titulo_secciones_lista_firma_y_pie(poa):
    doc = poa[0]
    estilos = {p.text: p.style.name for p in doc.paragraphs if p.text}
    assert estilos["PLAN OPERATIVO ANUAL 2020 COMUNICACIÓN SOCIAL"] in ("Title", "Heading 1")
    for seccion in ("MISIÓN", "VISIÓN", "VALORES", "METAS", "CALENDARIO ACTIVIDADES 2019"):
        assert estilos[seccion] == "Heading 1"
    viñetas = [p for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert len(viñetas) == 5
    assert viñetas[0].runs[0].bold and viñetas[0].runs[0].text.startswith("Transparencia política")
    assert "obligación de los gobiernos" in viñetas[0].text
    con_texto = [p for p in doc.paragraphs if p.text.strip()]
    ultimos = [p.text for p in con_texto[-5:]]
    assert ultimos == [
        "LIC. LIZBETH C. CHAVEZ",
        "DIR. COMUNICACIÓN SOCIAL-TRANSPARENCIA",
        "PORTAL 5 DE MAYO No. 4, COL. CENTRO MAZAMITLA, JAL.",
        "TEL. (382) 5380149 - 5380450",
        "WWW.MAZAMITLA.GOB.MX",
    ]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in con_texto[-5:])
    assert con_texto[-5].runs[0].bold
    assert con_texto[-1].style.font.size < doc.styles["Normal"].font.size


def test_poa_encabezado_y_pie_de_pagina(poa):
    doc, ruta = poa
    seccion = doc.sections[0]
    cabecera = "\n".join(p.text for p in seccion.header.paragraphs)
    assert "Ayuntamiento de Mazamitla, Jalisco" in cabecera
    assert "MAZAMITLA PUEBLO MÁGICO" in cabecera
    pie = "\n".join(p.text for p in seccion.footer.paragraphs)
    assert "POA" in pie
    # El POA cierra con su bloque de domicilio tras la firma; el pie de página no lo repite
    # (issue 10: la última hoja lo mostraba dos veces).
    for dato in ("PORTAL 5 DE MAYO No. 4", "TEL. (382) 5380149", "WWW.MAZAMITLA.GOB.MX"):
        assert dato not in pie
        assert _texto(poa[0]).count(dato) == 1
    assert "Página" in pie and " de " in pie
    xml_pie = _xml_de(r"word/footer\d*\.xml", ruta)
    instrucciones = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml_pie)
    assert [i.strip() for i in instrucciones] == ["PAGE", "NUMPAGES"]
    tipos = re.findall(r'w:fldCharType="(\w+)"', xml_pie)
    assert tipos == ["begin", "separate", "end"] * 2
    assert seccion.orientation == WD_ORIENT.PORTRAIT and seccion.page_width == Inches(8.5)


def test_poa_metadatos_e_idioma(poa):
    doc, _ = poa
    props = doc.core_properties
    assert props.title == "PLAN OPERATIVO ANUAL 2020 COMUNICACIÓN SOCIAL"
    assert props.author == "Ayuntamiento de Mazamitla, Jalisco"
    assert props.language == "es-MX"
    assert "Plan Operativo Anual" in props.subject
    assert props.keywords.split(", ")[:2] == ["Plan_Operativo_Anual", "POA"]
    ruta_lang = "/".join(qn(e) for e in ("w:docDefaults", "w:rPrDefault", "w:rPr", "w:lang"))
    lang = doc.styles.element.find(ruta_lang)
    assert lang.get(qn("w:val")) == "es-MX"
    assert lang.get(qn("w:eastAsia")) and lang.get(qn("w:bidi"))


# -- formatos tabulares ---------------------------------------------------------------------
def test_tabular_horizontal_con_una_fila_por_registro(entorno, ejemplo, tmp_path):
    documento = ejemplo("LGT_Art_70_Fr_I")
    doc = _exportar(entorno, documento, tmp_path / "fr_i.docx")
    seccion = doc.sections[0]
    assert seccion.orientation == WD_ORIENT.LANDSCAPE
    assert seccion.page_width > seccion.page_height and seccion.page_width == Inches(11)
    tabla_oficial = documento.tabla()
    assert len(tabla_oficial.columnas) == 11
    (tabla,) = doc.tables
    assert [c.text for c in tabla.rows[0].cells] == list(tabla_oficial.columnas)
    filas = list(tabla_oficial.filas)
    assert len(tabla._tbl.tr_lst) == 1 + len(filas)
    for fila_docx, fila in zip(tabla.rows[1:], filas, strict=True):
        assert [c.text for c in fila_docx.cells] == list(fila)
    # Anchos proporcionales a los pesos de la composición.
    bloque = next(b for b in componer(documento).bloques if isinstance(b, TablaBloque))
    anchos = [c.w for c in tabla._tbl.tblGrid.gridCol_lst]
    # Ninguna columna más angosta que su trozo mínimo (issue 10: «Ejerci|cio», «01/01/202|6»);
    # las que no están en su mínimo, en proporción a su peso.
    from transparencia_fmt.anchos import ancho_texto

    minimos = [ancho_texto(m, 8, negrita=True) * 12700 for m in bloque.minimos]
    assert all(a >= m for a, m in zip(anchos, minimos, strict=True))
    libres = [
        a / p
        for a, p, m in zip(anchos, bloque.pesos, minimos, strict=True)
        if a > m * 1.08 + 12.5 * 12700
    ]
    assert len(libres) >= 2 and max(libres) / min(libres) == pytest.approx(1, abs=0.01)
    # Datos generales: el rótulo en negritas y luego el valor.
    sujeto = next(p for p in doc.paragraphs if p.text.startswith("Sujeto obligado: "))
    assert sujeto.runs[0].bold and not sujeto.runs[1].bold


def test_formato_ancho_en_fichas_con_todos_los_valores(entorno, ejemplo, tmp_path):
    documento = ejemplo("LGT_Art_70_Fr_V")
    doc = _exportar(entorno, documento, tmp_path / "fr_v.docx")
    assert doc.sections[0].page_width > doc.sections[0].page_height
    filas = list(documento.tabla().filas)
    fichas = _fichas(doc)
    titulos = [titulo for titulo, _, _ in fichas]
    n = len(filas)
    assert [p.text for p in titulos] == [f"Registro {i} de {n}" for i in range(1, n + 1)]
    assert all(p.style.name == "Heading 2" for p in titulos)
    columnas = documento.tabla().columnas
    for (_, datos, _), fila in zip(fichas, filas, strict=True):
        assert [p.text for p in datos] == [f"{c}: {v}" for c, v in zip(columnas, fila, strict=True)]
        assert all(p.runs[0].bold and p.style.name == "Datos generales" for p in datos)
    # Entre fichas, un párrafo vacío (dos tablas seguidas serían una sola en Word).
    assert not any(p.text.startswith(f"{columnas[3]}: ") for p in doc.paragraphs)


def test_fichas_largas_fluyen_con_su_titulo_repetido(entorno, datos_ejemplo, tmp_path):
    """Issue 13: una ficha es una tabla de una columna cuyo título es fila de encabezado
    (`w:tblHeader`): si sigue en otra página, Word y LibreOffice repiten ahí el título. Una
    ficha de más de media página puede partirse (no salta completa dejando una página casi
    en blanco); una corta no (`w:cantSplit`)."""
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    datos["registros"][1]["definicion_indicador"] = "Texto largo de la definición. " * 300
    ruta = tmp_path / "largas.docx"
    doc = _exportar(entorno, documento_desde_dict(datos, entorno.catalogo), ruta)
    fichas = _fichas(doc)
    assert len(fichas) == 5
    for titulo, datos_ficha, tabla in fichas:
        fila_titulo, fila_datos = tabla._tbl.tr_lst
        assert fila_titulo.trPr.find(qn("w:tblHeader")) is not None
        assert fila_titulo.trPr.find(qn("w:cantSplit")) is not None
        assert fila_datos.trPr is None or fila_datos.trPr.find(qn("w:tblHeader")) is None
        assert titulo.style.paragraph_format.keep_with_next
        for p in datos_ficha:
            ppr = p._p.pPr
            assert ppr is None or ppr.find(qn("w:keepNext")) is None
            assert not p.style.paragraph_format.keep_with_next
    _, datos_largos, larga = fichas[1]
    assert any(len(p.text) > 5000 for p in datos_largos)
    trpr = larga._tbl.tr_lst[1].trPr
    assert trpr is None or trpr.find(qn("w:cantSplit")) is None  # más de media página
    # Anchos fijos: la ficha ocupa el ancho útil, sin márgenes de celda a los lados.
    assert 0.99 * _ancho_util(doc) <= larga._tbl.tblGrid.gridCol_lst[0].w <= _ancho_util(doc)
    # El cuerpo se escribió en flujo: sin marcas ni huecos de plantilla.
    assert "TFMT-FLUJO" not in _xml(ruta) and "@@" not in _xml(ruta)


def test_ficha_corta_no_se_parte(tmp_path):
    composicion = _composicion(
        [Fichas("Registro", ("Nombre", "Cargo"), [["Ana", "Directora"], ["x " * 4000, "y"]])]
    )
    ruta = tmp_path / "cortas.docx"
    escribir_docx(composicion, ruta)
    (corta_titulo, corta, tabla_corta), (_, _, tabla_larga) = _fichas(Document(str(ruta)))
    assert corta_titulo.text == "Registro 1" and [p.text for p in corta] == [
        "Nombre: Ana",
        "Cargo: Directora",
    ]
    assert tabla_corta._tbl.tr_lst[1].trPr.find(qn("w:cantSplit")) is not None
    trpr = tabla_larga._tbl.tr_lst[1].trPr
    assert trpr is None or trpr.find(qn("w:cantSplit")) is None


def test_semaforo_en_tabla_y_miles_de_filas_en_flujo(tmp_path):
    """Las filas escritas en flujo conservan el fondo por valor y el texto de cada celda."""
    filas = [[f"Fila {i}", "Sí" if i % 2 else "No", "a & b <c>\nsegunda"] for i in range(3000)]
    composicion = _composicion(
        [TablaBloque(("Nombre", "Estado", "Nota"), filas, colores=(None, {"Sí": "C6EFCE"}, None))]
    )
    ruta = tmp_path / "semaforo.docx"
    escribir_docx(composicion, ruta)
    doc = Document(str(ruta))
    (tabla,) = doc.tables
    leidas = [[c.text for c in fila.cells] for fila in tabla.rows[1:]]
    assert leidas == filas
    sombras = [tc.tcPr.find(qn("w:shd")) for tc in (f._tr.tc_lst[1] for f in tabla.rows[1:])]
    assert [s.get(qn("w:fill")) if s is not None else None for s in sombras[:4]] == [
        None,
        "C6EFCE",
        None,
        "C6EFCE",
    ]
    assert all(f._tr.trPr.find(qn("w:cantSplit")) is not None for f in tabla.rows[1:])


def test_texto_hostil(entorno, datos_ejemplo, tmp_path):
    datos = datos_ejemplo("LGT_Art_70_Fr_I")
    registros = datos["registros"]
    palabra = "x" * 5000
    registros[0]["denominacion_norma_reporta"] = "<b>AT&T</b>"
    registros[1]["denominacion_norma_reporta"] = "Primera línea\x0bSegunda línea"
    registros[2]["denominacion_norma_reporta"] = "nulo\x00escape\x1b sustituto\ud800 fin"
    registros[3]["denominacion_norma_reporta"] = palabra
    registros[4]["nota"] = "]]><w:p/>&amp; <!-- -->"
    datos["area_responsable"] = "Área <i>«responsable»</i> & cía."
    documento = documento_desde_dict(datos, entorno.catalogo)
    ruta = tmp_path / "hostil.docx"
    doc = _exportar(entorno, documento, ruta)
    celdas = [c.text for c in doc.tables[0].column_cells(4)]
    assert "<b>AT&T</b>" in celdas
    assert "Primera línea\nSegunda línea" in celdas
    assert "nuloescape sustituto fin" in celdas
    assert palabra in celdas
    assert "]]><w:p/>&amp; <!-- -->" in _texto(doc)
    area = "Área responsable: Área <i>«responsable»</i> & cía."
    assert any(p.text == area for p in doc.paragraphs)
    xml = _xml(ruta)
    assert not CONTROL.search(xml)
    assert "&lt;b&gt;AT&amp;T&lt;/b&gt;" in xml
    assert re.search(r"Primera línea</w:t>\s*<w:br/>\s*<w:t[^>]*>Segunda línea", xml)


# -- imágenes, logo y composición hecha a mano ----------------------------------------------
def _composicion(bloques, **encabezado) -> Composicion:
    return Composicion(
        metadatos=Metadatos("Boletín", "Ayuntamiento de Prueba", "Prueba", ("a", "b")),
        encabezado=Encabezado("Ayuntamiento de Prueba", **encabezado),
        bloques=tuple(bloques),
    )


def test_imagen_con_texto_alternativo_y_pie(tmp_path):
    from PIL import Image as PILImage

    png = tmp_path / "foto.png"
    PILImage.new("RGB", (80, 40), (200, 30, 30)).save(png)
    composicion = _composicion(
        [
            Titulo("Boletín"),
            Imagen(str(png), "Fachada del palacio municipal", "Foto 1. Palacio municipal", 5.0),
            Imagen(str(tmp_path / "no-existe.png"), "Foto perdida"),
            Imagen(str(tmp_path / "foto.png"), "Demasiado ancha", ancho_cm=500),
        ],
        logo=str(png),
    )
    ruta = tmp_path / "boletin.docx"
    escribir_docx(composicion, ruta)
    doc = Document(str(ruta))
    formas = doc.inline_shapes
    assert len(formas) == 2
    doc_pr = formas[0]._inline.docPr
    assert doc_pr.get("descr") == "Fachada del palacio municipal"
    assert doc_pr.get("title") == "Foto 1. Palacio municipal"
    assert formas[0].width == pytest.approx(Inches(5 / 2.54), rel=0.01)
    assert formas[1].width <= _ancho_util(doc)
    parrafos = doc.paragraphs
    i = next(i for i, p in enumerate(parrafos) if p._p.xpath(".//wp:docPr"))
    assert parrafos[i + 1].style.name == "Caption"
    assert parrafos[i + 1].text == "Foto 1. Palacio municipal"
    assert any("[Imagen no disponible: Foto perdida]" in p.text for p in parrafos)
    cabecera = _xml_de(r"word/header\d*\.xml", ruta)
    assert 'descr="Logotipo de Ayuntamiento de Prueba"' in cabecera


def test_escribe_en_flujo_y_fichas_vacias():
    composicion = _composicion(
        [
            TablaBloque(("A", "B"), iter(())),
            Fichas("Registro", ("Uno", "Dos"), iter(())),
            Parrafo("texto", estilo="pequeno"),
        ]
    )
    flujo = io.BytesIO()
    escribir_docx(composicion, flujo)
    doc = Document(io.BytesIO(flujo.getvalue()))
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["A", "B"]
    assert sum(p.text == "Sin registros." for p in doc.paragraphs) == 2


def test_ningun_caracter_imprimible_es_de_los_que_se_limpian():
    """`limpiar` y el llenado del DOCX dejan sin buscar lo que `str.isprintable` acepta: vale
    sólo si ningún carácter imprimible es de los que XML no admite."""
    from transparencia_fmt.texto import tiene_control

    todos = "".join(map(chr, range(0x110000)))
    assert tiene_control(todos)
    assert not tiene_control("".join(filter(str.isprintable, todos)))


_HOSTIL = st.sampled_from(list("\x00\x0b\x0c\x1b\ud800\udfff\r\n\t<&>\"' ñÁ€𝄞x"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=40), st.text(alphabet=_HOSTIL, max_size=40)))
def test_cualquier_texto_se_escribe_y_se_lee_igual(texto):
    from transparencia_fmt.exportadores._docx_xml import texto_seguro

    composicion = _composicion(
        [
            Titulo(texto),
            Parrafo(texto, resalte=texto),
            TablaBloque(("Col",), [[texto]]),
            Fichas("Registro", ("Campo",), [[texto]]),
        ]
    )
    flujo = io.BytesIO()
    escribir_docx(composicion, flujo)
    doc = Document(io.BytesIO(flujo.getvalue()))
    esperado = texto_seguro(texto)
    assert doc.paragraphs[0].text == esperado
    assert doc.paragraphs[1].text == esperado + esperado
    assert doc.tables[0].rows[1].cells[0].text == esperado
    ((titulo, (campo,), _),) = _fichas(doc)
    assert titulo.text == "Registro 1" and campo.text == f"Campo: {esperado}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.text(alphabet=_HOSTIL, max_size=12),
                st.sampled_from(["Dirección de Obras", "15/04/2026", "", "AT&T"]),
                st.integers(),
            ),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_fichas_y_filas_con_valores_limpios_y_hostiles_mezclados(filas):
    """Una ficha o fila limpia se llena de una vez y una con algo que escapar o limpiar,
    valor por valor: las dos se leen igual, en cualquier mezcla y con valores que no son texto."""
    from transparencia_fmt.exportadores._docx_xml import texto_seguro

    composicion = _composicion(
        [TablaBloque(("A", "B", "C"), filas), Fichas("Registro", ("A", "B", "C"), filas)]
    )
    flujo = io.BytesIO()
    escribir_docx(composicion, flujo)
    doc = Document(io.BytesIO(flujo.getvalue()))
    esperadas = [[texto_seguro(v) for v in fila] for fila in filas]
    assert [[c.text for c in f.cells] for f in doc.tables[0].rows[1:]] == esperadas
    fichas = _fichas(doc)
    assert [t.text for t, _, _ in fichas] == [f"Registro {i}" for i in range(1, len(filas) + 1)]
    assert [[p.text for p in ps] for _, ps, _ in fichas] == [
        [f"{e}: {v}" for e, v in zip("ABC", fila, strict=True)] for fila in esperadas
    ]


# -- registro del plugin --------------------------------------------------------------------
def test_registrado_y_sin_importar_python_docx_al_cargar(entorno):
    exportador = entorno.exportador("docx").objeto
    assert isinstance(exportador, ExportadorDOCX)
    assert exportador.extension == ".docx" and exportador.descripcion
    codigo = (
        "import sys, transparencia_fmt.exportadores.docx_documento; sys.exit('docx' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", codigo], check=False).returncode == 0
