"""Exportador PDF: se lee de vuelta con pypdf (texto, metadatos, índice, fuentes, páginas)."""

from __future__ import annotations

import random
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FRASES_POA as _FRASES
from conftest import SEMILLA
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from transparencia_fmt import composicion as c

RAIZ = Path(__file__).resolve().parents[1]
EJEMPLOS = RAIZ / "ejemplos"
FRASES_POA = (*_FRASES, "MAZAMITLA PUEBLO MÁGICO")


def _norm(texto: str) -> str:
    return " ".join(texto.split())


def _texto(reader: PdfReader) -> str:
    return _norm(" ".join(p.extract_text() for p in reader.pages))


def _cuerpo(reader: PdfReader) -> str:
    """Texto sin encabezado ni pie de página: un párrafo partido entre páginas queda entero."""
    partes: list[str] = []
    for pagina in reader.pages:
        alto = float(pagina.mediabox.height)

        def visitante(texto, cm, tm, _fuente, _tam, alto=alto):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if 45 < y < alto - 60:
                partes.append(texto)

        pagina.extract_text(visitor_text=visitante)
    return _norm("".join(partes))


def _titulos_indice(indice) -> list[str]:
    titulos: list[str] = []
    for entrada in indice:
        if isinstance(entrada, list):
            titulos.extend(_titulos_indice(entrada))
        else:
            titulos.append(entrada.title)
    return titulos


def _exportar(entorno, documento, ruta: Path) -> PdfReader:
    entorno.exportar(documento, "pdf", ruta)
    assert ruta.read_bytes().startswith(b"%PDF-")
    return PdfReader(ruta)


def _escribir(composicion, ruta: Path) -> PdfReader:
    from transparencia_fmt.exportadores.pdf_documento import escribir_pdf

    with ruta.open("wb") as f:
        escribir_pdf(composicion, f)
    return PdfReader(ruta)


def _metadatos(titulo: str = "Prueba") -> c.Metadatos:
    return c.Metadatos(titulo, "Municipio de Prueba", "Asunto de prueba", ("prueba",))


@pytest.fixture(scope="module")
def poa(entorno, tmp_path_factory):
    documento = entorno.cargar(EJEMPLOS / "Plan_Operativo_Anual.json")
    return _exportar(entorno, documento, tmp_path_factory.mktemp("pdf") / "poa.pdf")


# -- registro ---------------------------------------------------------------------------
def test_registrado_como_pdf(entorno):
    exportador = entorno.exportador("pdf").objeto
    assert exportador.extension == ".pdf"
    assert exportador.descripcion and "\n" not in exportador.descripcion


def test_importar_el_modulo_no_carga_reportlab():
    codigo = (
        "import sys, transparencia_fmt.exportadores.pdf_documento as m; "
        "print(any(n == 'reportlab' or n.startswith('reportlab.') for n in sys.modules))"
    )
    salida = subprocess.run(
        [sys.executable, "-c", codigo], capture_output=True, text=True, check=True
    )
    assert salida.stdout.strip() == "False"


def test_acelerador_de_reportlab_activo():
    """La instalación del README (reportlab[accel]) trae las funciones en C de rl_accel."""
    from reportlab.lib import rl_accel

    for nombre in ("fp_str", "escapePDF", "instanceStringWidthTTF", "calcChecksum"):
        assert getattr(rl_accel, nombre).__module__ == "_rl_accel", nombre


# -- Plan Operativo Anual (documento) ---------------------------------------------------------
def test_poa_contiene_la_semilla_y_las_frases_clave(poa):
    completo, cuerpo = _texto(poa), _cuerpo(poa)
    for frase in FRASES_POA:
        assert frase in completo, frase
    if not SEMILLA.is_file():
        pytest.skip(f"no está la semilla {SEMILLA}")
    faltan = []
    for linea in SEMILLA.read_text("utf-8").splitlines():
        for pieza in linea.split("\t"):
            pieza = _norm(pieza)
            if pieza and pieza not in cuerpo and pieza not in completo:
                faltan.append(pieza)
    assert not faltan


def test_poa_calendario_con_72_marcas(poa):
    paginas = [_norm(p.extract_text()) for p in poa.pages]
    inicio = next(i for i, t in enumerate(paginas) if "CALENDARIO ACTIVIDADES 2019" in t)
    calendario = " ".join(paginas[inicio:]).split("CALENDARIO ACTIVIDADES 2019", 1)[1]
    assert calendario.split().count("X") == 72
    # ninguna otra «X» suelta en el documento: la cuenta es la del calendario
    assert _texto(poa).split().count("X") == 72
    assert "Cronograma ENE FEB MAR ABR MAY JUN JUL AGO SEP OCT NOV DIC" in calendario


def test_poa_paginas_metadatos_e_idioma(poa):
    n = len(poa.pages)
    for i, pagina in enumerate(poa.pages, 1):
        assert f"Página {i} de {n}" in _norm(pagina.extract_text())
        ancho, alto = float(pagina.mediabox.width), float(pagina.mediabox.height)
        assert ancho < alto  # vertical
    assert "Página 1 de" in _texto(poa)
    meta = poa.metadata
    assert meta.title == "PLAN OPERATIVO ANUAL 2020 COMUNICACIÓN SOCIAL"
    assert meta.author == "Ayuntamiento de Mazamitla, Jalisco"
    assert meta.subject.startswith("Plan Operativo Anual")
    assert "POA" in meta["/Keywords"]
    assert poa.trailer["/Root"]["/Lang"] == "es-MX"


def test_poa_fuentes_truetype_incrustadas(poa):
    fuentes = 0
    for pagina in poa.pages:
        for ref in pagina["/Resources"]["/Font"].values():
            fuente = ref.get_object()
            descriptor = fuente["/FontDescriptor"].get_object()  # sin Helvetica ni otras base-14
            assert "/FontFile2" in descriptor, fuente["/BaseFont"]
            fuentes += 1
    assert fuentes


def test_poa_indice_por_secciones(poa):
    indice = poa.outline
    assert indice[0].title == "PLAN OPERATIVO ANUAL 2020 COMUNICACIÓN SOCIAL"
    hijos = _titulos_indice(indice[1])  # las secciones cuelgan del título
    for seccion in ("MISIÓN", "VISIÓN", "VALORES", "METAS", "CALENDARIO ACTIVIDADES 2019"):
        assert seccion in hijos
    metas = next(e for e in indice[1] if e.title == "METAS")
    pagina = poa.pages[poa.get_destination_page_number(metas)]
    assert "METAS" in pagina.extract_text()


# -- formatos tabulares ---------------------------------------------------------------------
def test_tabular_horizontal_con_titulos_y_registros(entorno, tmp_path):
    documento = entorno.cargar(EJEMPLOS / "LGT_Art_70_Fr_I.json")
    reader = _exportar(entorno, documento, tmp_path / "fr_i.pdf")
    for pagina in reader.pages:
        assert float(pagina.mediabox.width) > float(pagina.mediabox.height)
    texto = _texto(reader)
    tabla = documento.tabla()
    for titulo in tabla.columnas:
        assert _norm(titulo) in texto, titulo
    for fila in tabla.filas:
        primero = next(v for v in fila if re.search(r"[A-Za-zÁÉÍÓÚáéíóúñÑ]", v))
        assert _norm(primero) in texto, primero
    assert [e.title for e in reader.outline[1]] == ["Registros"]


def test_tabla_larga_repite_el_encabezado_en_cada_pagina(entorno, datos_ejemplo, tmp_path):
    from transparencia_fmt.documento import documento_desde_dict

    datos = datos_ejemplo("LGT_Art_70_Fr_I")
    datos["registros"] = (datos["registros"] * 400)[:400]  # 3 trozos de tabla
    reader = _exportar(entorno, documento_desde_dict(datos, entorno.catalogo), tmp_path / "l.pdf")
    paginas = [_norm(p.extract_text()) for p in reader.pages]
    primera = next(i for i, t in enumerate(paginas) if "Registros" in t)
    assert len(paginas) - primera > 10
    for texto in paginas[primera:]:
        assert "Denominación de la norma que se reporta" in texto
    # el registro de la CPEUM sale 67 veces, con el nombre en dos columnas
    assert _texto(reader).count("Constitución Política de los Estados Unidos Mexicanos") == 2 * 67


def test_fichas_para_formatos_anchos(entorno, tmp_path):
    documento = entorno.cargar(EJEMPLOS / "LGT_Art_70_Fr_V.json")
    reader = _exportar(entorno, documento, tmp_path / "fr_v.pdf")
    texto = _texto(reader)
    tabla = documento.tabla()
    col = tabla.columnas.index("Nombre del(os) indicador(es)")
    for i, fila in enumerate(tabla.filas, 1):
        assert f"Registro {i}" in texto
        assert _norm(fila[col]) in texto, fila[col]
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)


# -- fichas que fluyen ------------------------------------------------------------------------
def _fichas_pdf(tmp_path: Path, filas: list[list[str]]) -> list[str]:
    """Texto de cada página de un PDF con sólo un bloque de fichas (formato ancho)."""
    etiquetas = tuple(f"Campo número {j} del formato" for j in range(1, 20))
    bloques = (c.Titulo("Fichas"), c.Fichas("Registro", etiquetas, filas, total_filas=len(filas)))
    comp = c.Composicion(_metadatos(), c.Encabezado("Municipio"), bloques, "horizontal")
    reader = _escribir(comp, tmp_path / "fichas.pdf")
    return [_norm(p.extract_text()) for p in reader.pages]


def _fila(i: int, largo: str = "") -> list[str]:
    fila = [f"valor {i}-{j}" for j in range(1, 20)]
    fila[3] = f"Descripción del registro {i}: " + "texto de varias palabras " * 8
    if largo:
        fila[7] = largo
    return fila


def test_varias_fichas_por_pagina(tmp_path):
    paginas = _fichas_pdf(tmp_path, [_fila(i) for i in range(1, 13)])
    por_pagina = [len(re.findall(r"Registro \d+", p)) for p in paginas]
    assert sum(por_pagina) == 12 and len(paginas) <= 4
    assert max(por_pagina) >= 3
    texto = " ".join(paginas)
    for i in range(1, 13):  # cada ficha completa, con etiqueta y valor
        assert f"Campo número 1 del formato: valor {i}-1" in texto
        assert f"Campo número 19 del formato: valor {i}-19" in texto


def test_ficha_mas_alta_que_la_pagina_se_parte_con_su_titulo(tmp_path):
    largo = " ".join(f"palabra{k}" for k in range(2500))
    paginas = _fichas_pdf(tmp_path, [_fila(1), _fila(2, largo), _fila(3)])
    con_titulo = [i for i, p in enumerate(paginas) if re.search(r"Registro 2\b", p)]
    assert len(con_titulo) >= 2  # el título se repite en cada página de la ficha
    assert all("Registro 2 (continuación)" in paginas[i] for i in con_titulo[1:])
    # la ficha empieza en la misma página que la anterior: no deja una página casi vacía
    assert "Registro 1" in paginas[con_titulo[0]]
    texto = " ".join(paginas)
    assert all(f"palabra{k} palabra{k + 1}" in texto for k in range(0, 2499, 97))
    assert "Registro 3" in paginas[-1]


def test_ficha_larga_no_salta_completa_a_la_pagina_siguiente(tmp_path):
    """Una ficha de más de media página que no cabe en lo que queda se parte ahí mismo."""
    largo = "texto " * 1400  # unas tres cuartas partes de la página
    paginas = _fichas_pdf(tmp_path, [_fila(1), _fila(2, largo)])
    assert "Registro 1" in paginas[0] and "Registro 2" in paginas[0]
    assert "Registro 2 (continuación)" in paginas[1]


def test_ficha_corta_no_se_parte(tmp_path):
    """Una ficha de hasta media página pasa completa a la página siguiente."""
    paginas = _fichas_pdf(tmp_path, [_fila(i) for i in range(1, 30)])
    assert not any("continuación" in p for p in paginas)
    for i in range(1, 30):
        donde = [k for k, p in enumerate(paginas) if re.search(rf"Registro {i}\b", p)]
        assert len(donde) == 1, (i, donde)
        assert f"valor {i}-19" in paginas[donde[0]]


# -- texto hostil -----------------------------------------------------------------------------
PALABRA = "".join(random.Random(70).choices(string.ascii_letters + string.digits, k=5000))


def _sin_perdida(texto: str) -> bool:
    """La palabra de 5,000 caracteres sale cortada en líneas (y quizá entre páginas, con otras
    celdas de su fila en medio): sus trozos, en orden, la reconstruyen completa."""
    trozos = "".join(t for t in texto.split() if len(t) >= 8 and t in PALABRA)
    return PALABRA.startswith(trozos) and len(trozos) >= len(PALABRA) - 8


def test_texto_hostil_en_tabla_y_fichas(entorno, datos_ejemplo, tmp_path):
    from transparencia_fmt.documento import documento_desde_dict

    for formato, clave in (
        ("LGT_Art_70_Fr_I", "denominacion_norma_reporta"),
        ("LGT_Art_70_Fr_V", "nombre_indicador"),
    ):
        datos = datos_ejemplo(formato)
        registros = datos["registros"]
        registros[0][clave] = "<b>AT&T</b>"
        registros[1][clave] = "uno\x0bdos \x00nulo \x1bescape \ud800 sustituto"
        registros[2][clave] = PALABRA
        registros[3][clave] = "Nota larga <i>&amp;</i> " + "palabra " * 400
        documento = documento_desde_dict(datos, entorno.catalogo)
        reader = _exportar(entorno, documento, tmp_path / f"{formato}.pdf")
        texto = _texto(reader)
        assert "<b>AT&T</b>" in texto
        assert "<i>&amp;</i>" in texto
        assert "uno dos nulo escape sustituto" in texto
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", texto)
        assert _sin_perdida(_cuerpo(reader))


def test_parrafos_escapan_el_marcado_de_usuario(tmp_path):
    bloques = (
        c.Titulo("Título <b>falso</b> & cía"),
        c.Seccion("Sección <i>1</i>", 1),
        c.Seccion("Subsección", 2),
        c.Parrafo("Texto <b>AT&T</b> con\nsalto", resalte="<u>Clave</u>: "),
        c.Lista((("<b>Término</b>", "Descripción & <br/> más"), ("", "sin término"))),
        c.Parrafo(PALABRA),
        c.Firma("<b>Nombre</b>", "Cargo & área"),
        c.Pie(("Calle <5> & Av. 3",)),
    )
    meta = _metadatos("Informe ✓ <b>\ud800</b>")  # metadatos: Unicode completo, sin controles
    comp = c.Composicion(meta, c.Encabezado("Municipio <de> Prueba"), bloques)
    reader = _escribir(comp, tmp_path / "p.pdf")
    assert reader.metadata.title == "Informe ✓ <b></b>"
    texto = _texto(reader)
    for literal in (
        "Título <b>falso</b> & cía",
        "Sección <i>1</i>",
        "<u>Clave</u>: Texto <b>AT&T</b> con salto",
        "<b>Término</b>: Descripción & <br/> más",
        "<b>Nombre</b>",
        "Cargo & área",
        "Calle <5> & Av. 3",
        "Municipio <de> Prueba",
    ):
        assert literal in texto, literal
    assert PALABRA in "".join(_cuerpo(reader).split())  # un párrafo: líneas seguidas
    assert _titulos_indice(reader.outline) == [
        "Título <b>falso</b> & cía",
        "Sección <i>1</i>",
        "Subsección",
    ]


def test_glifos_faltantes_se_sustituyen():
    from transparencia_fmt.exportadores import _pdf_estilos as e

    assert e.cubrir("áéíóú ñÑ ü ¿¡ ° — › “”") == "áéíóú ñÑ ü ¿¡ ° — › “”"
    assert e.cubrir("a→b ≥ 3") == "a->b >= 3"
    assert e.cubrir("x\u200by\x00z\ud800") == "xyz"
    assert e.cubrir("ＡＢ ① ✓") == "AB 1 ?"


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("abcñáé XYZ0123 .,;\n\t"), max_size=400),
    st.floats(min_value=8, max_value=400),
)
@example("0; 00", 8.0)  # palabra larga tras otra: no deja un espacio al final de la línea
def test_partir_no_pierde_texto_y_respeta_el_ancho(texto, ancho):
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from transparencia_fmt.exportadores import _pdf_estilos as e

    partido = e.partir(e.cubrir(texto), ancho)
    assert "".join(partido.split()) == "".join(texto.split())
    for linea in partido.split("\n"):
        assert len(linea) <= 1 or stringWidth(linea, e.FUENTE, e.TAM_CELDA) <= max(ancho, 7) + 0.01


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("aé(ñ)\\Ü¿¡«»×÷º°ÿ —€Ω\t\x0b"), min_size=1, max_size=50),
        min_size=3,
        max_size=3,
    )
)
def test_fichas_escriben_cada_caracter_como_se_lee(valores):
    """Cada carácter (latin-1, paréntesis y barra que se escapan, fuera de latin-1, controles)
    se lee de vuelta del PDF como lo que la fuente puede dibujar."""
    import io

    from transparencia_fmt.exportadores import _pdf_estilos as e
    from transparencia_fmt.exportadores.pdf_documento import escribir_pdf

    etiquetas = ("Primero", "Segundo", "Tercero")
    bloques = (c.Fichas("Registro", etiquetas, [valores, valores[::-1]], total_filas=2),)
    salida = io.BytesIO()
    escribir_pdf(c.Composicion(_metadatos(), c.Encabezado("Municipio"), bloques), salida)
    texto = _texto(PdfReader(salida))
    for etiqueta, valor in zip(etiquetas, valores, strict=True):
        esperado = _norm(e.cubrir(valor))
        assert f"{etiqueta}: {esperado}".strip() in texto


# -- composiciones hechas a mano ----------------------------------------------------------------
def _png(ruta: Path, color: str, tam: tuple[int, int]) -> Path:
    from PIL import Image

    Image.new("RGB", tam, color).save(ruta)
    return ruta


def _imagenes(pagina) -> int:
    xobjetos = pagina["/Resources"].get("/XObject", {})
    return sum(1 for x in xobjetos.values() if x.get_object().get("/Subtype") == "/Image")


def test_bloque_imagen_y_logo(tmp_path):
    foto = _png(tmp_path / "foto.png", "navy", (80, 40))
    logo = _png(tmp_path / "logo.png", "red", (30, 30))
    bloques = (
        c.Titulo("Galería"),
        c.Imagen(str(foto), "Fachada del palacio municipal"),
        c.Imagen(str(tmp_path / "no-existe.png"), "Imagen perdida"),
    )
    reader = _escribir(
        c.Composicion(_metadatos(), c.Encabezado("Municipio"), bloques), tmp_path / "a.pdf"
    )
    assert _imagenes(reader.pages[0]) == 1
    texto = _texto(reader)
    assert "Fachada del palacio municipal" in texto  # el texto alternativo sirve de leyenda
    assert "[Imagen no disponible: Imagen perdida]" in texto
    con_logo = c.Composicion(_metadatos(), c.Encabezado("Municipio", logo=str(logo)), bloques[:2])
    assert _imagenes(_escribir(con_logo, tmp_path / "b.pdf").pages[0]) == 2


def test_tabla_con_filas_de_un_solo_uso_y_vacia(tmp_path):
    filas = ([str(i), f"Concepto {i}", "1,234.50"] for i in range(1, 321))
    bloques = (
        c.TablaBloque(("N°", "Concepto", "Importe"), filas, pesos=(0.5, 3, 1), titulo="Egresos"),
        c.TablaBloque(("A", "B"), [], titulo="Vacía"),
        c.Meses(
            ("N°", "Actividad"), "Cronograma", c.MESES, ((("1", "Única"), frozenset({"ENE"})),)
        ),
    )
    comp = c.Composicion(_metadatos(), c.Encabezado("Municipio"), bloques, orientacion="horizontal")
    reader = _escribir(comp, tmp_path / "t.pdf")
    texto = _texto(reader)
    assert all(f"{i} Concepto {i} 1,234.50" in texto for i in range(1, 321))
    assert "Egresos" in texto and "Vacía" in texto and "Sin registros." in texto
    assert texto.split().count("X") == 1
    assert all(float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages)
    assert reader.metadata.title == "Prueba"


def test_mas_caracteres_que_un_subconjunto_de_la_fuente(tmp_path):
    """Con más de 256 caracteres distintos la fuente se reparte en subconjuntos: el texto
    escrito directo (celdas y fichas) sigue saliendo completo y en orden."""
    from transparencia_fmt.exportadores import _pdf_estilos as e

    cubiertos = sorted(p for p in e.registrar_fuentes() if p > 0xA0)
    letras = [chr(p) for p in cubiertos if chr(p).isprintable() and not chr(p).isspace()]
    assert len(letras) > 160  # más de los que caben en el primer subconjunto
    palabras = ["".join(letras[i : i + 6]) for i in range(0, len(letras), 6)]
    filas = [[str(i), p] for i, p in enumerate(palabras)]
    bloques = (
        c.TablaBloque(("N°", "Palabra"), filas, titulo="Letras"),
        c.Fichas("Ficha", ("Palabra",), [[p] for p in palabras], total_filas=len(palabras)),
    )
    reader = _escribir(c.Composicion(_metadatos(), c.Encabezado("M"), bloques), tmp_path / "l.pdf")
    texto = _texto(reader)
    for i, palabra in enumerate(map(e.cubrir, palabras)):  # «≤» sale «<=»
        assert f"{i} {palabra}" in texto, palabra
        assert f"Palabra: {palabra}" in texto, palabra


def _pagina_contenido(pagina) -> str:
    return pagina.get_contents().get_data().decode("latin-1")


def test_tabla_fila_mas_alta_que_la_pagina_y_semaforo(tmp_path):
    """Una fila más alta que una página se parte entre líneas con el encabezado repetido; las
    demás pasan completas a la página siguiente; el semáforo pinta su celda."""
    largo = " ".join(f"palabra{k}" for k in range(1500))
    filas = [[f"fila {i}", "Sí" if i % 2 else "No", f"nota {i} " * 30] for i in range(1, 61)]
    filas[30][2] = largo
    bloques = (
        c.TablaBloque(
            ("Nombre de la fila", "Estado", "Nota"),
            iter(filas),
            titulo="Seguimiento",
            colores=(None, {"Sí": "C6EFCE"}, None),
        ),
    )
    comp = c.Composicion(_metadatos(), c.Encabezado("Municipio"), bloques, "horizontal")
    reader = _escribir(comp, tmp_path / "t.pdf")
    paginas = [_norm(p.extract_text()) for p in reader.pages]
    assert all("Nombre de la fila Estado Nota" in p for p in paginas)
    con_largo = [i for i, p in enumerate(paginas) if "palabra" in p]
    assert len(con_largo) >= 2 and con_largo == list(range(con_largo[0], con_largo[-1] + 1))
    assert "palabra0 " in paginas[con_largo[0]] and "palabra1499" in paginas[con_largo[-1]]
    texto = " ".join(paginas)
    assert all(f"palabra{k} palabra{k + 1}" in texto for k in range(0, 1499, 37))
    for i in range(1, 61):  # cada fila (salvo la partida) en una sola página, completa
        donde = [k for k, p in enumerate(paginas) if re.search(rf"fila {i}\b", p)]
        assert len(donde) == 1, (i, donde)
        if i != 31:
            assert f"nota {i} " * 29 + f"nota {i}" in paginas[donde[0]]
    verde = "0.776471 0.937255 0.807843 rg".replace("0.", ".")
    assert all(verde in _pagina_contenido(p) for p in reader.pages[:2])


def test_tabla_pide_las_filas_conforme_las_dibuja():
    """La tabla no guarda todas las filas: a lo más una página adelante del iterador."""
    from transparencia_fmt.exportadores import _pdf_tabla as t

    pedidas = 0

    def filas():
        nonlocal pedidas
        for i in range(10_000):
            pedidas += 1
            yield t.fila([f"fila {i}", "x"])

    tabla = t.TablaLigera(t.fila(["A", "B"]), [100, 100], filas())
    _, alto = tabla.wrap(200, 500)
    assert alto > 500 and pedidas < 60
    primera, resto = tabla.split(200, 500)
    assert primera.wrap(200, 500)[1] <= 500
    resto.wrap(200, 500)
    assert pedidas < 120


# -- escritura por páginas ---------------------------------------------------------------------
def _fichas_largas(n: int):
    etiquetas = tuple(f"Campo {j}" for j in range(1, 13))
    filas = ([f"valor {i}-{j} " * 6 for j in range(1, 13)] for i in range(1, n + 1))
    bloques = (
        c.Titulo("Indicadores"),
        c.Seccion("Registros", 1),
        c.Fichas("Registro", etiquetas, filas, total_filas=n),
    )
    return c.Composicion(
        _metadatos("Indicadores"), c.Encabezado("Municipio"), bloques, "horizontal"
    )


def test_cada_pagina_se_escribe_al_terminarla_con_total_indice_y_referencias(tmp_path):
    import io

    class Contador(io.BytesIO):
        escrituras = 0

        def write(self, datos):
            self.escrituras += 1
            return super().write(datos)

    from transparencia_fmt.exportadores.pdf_documento import escribir_pdf

    salida = Contador()
    escribir_pdf(_fichas_largas(300), salida)
    datos = salida.getvalue()
    reader = PdfReader(io.BytesIO(datos), strict=True)
    n = len(reader.pages)
    assert n > 30 and salida.escrituras > 2 * n  # página y contenido, uno por uno
    for i, pagina in enumerate(reader.pages, 1):
        assert f"Página {i} de {n}" in _norm(pagina.extract_text())
    assert [e.title for e in reader.outline[1]] == ["Registros"]
    assert reader.metadata.title == "Indicadores" and reader.metadata.author
    assert reader.trailer["/Root"]["/Lang"] == "es-MX"
    # la tabla de referencias cruzadas apunta al inicio de cada objeto
    inicio = datos.rindex(b"startxref")
    xref = int(datos[inicio + 9 :].split()[0])
    lineas = datos[xref:].split(b"\n")
    total = int(lineas[1].split()[1])
    for numero, linea in enumerate(lineas[3 : 2 + total], 1):
        desplazamiento = int(linea.split()[0])
        assert datos[desplazamiento:].startswith(f"{numero} 0 obj".encode()), numero


def test_paginas_del_molde_dan_el_mismo_archivo(tmp_path, monkeypatch):
    """Las páginas iguales a la anterior se escriben desde un molde: el archivo es byte a byte
    el del camino general de reportlab (fechas e identificador fijos con `invariant`)."""
    import io

    from reportlab import rl_config
    from transparencia_fmt.exportadores import _pdf_flujo
    from transparencia_fmt.exportadores.pdf_documento import escribir_pdf

    monkeypatch.setattr(rl_config, "invariant", 1)
    desde_molde = []
    original = _pdf_flujo.DocumentoEnFlujo._volcar_como

    def espia(self, nombre, pagina, molde):
        desde_molde.append(molde is not None)
        return original(self, nombre, pagina, molde)

    monkeypatch.setattr(_pdf_flujo.DocumentoEnFlujo, "_volcar_como", espia)
    con_molde = io.BytesIO()
    escribir_pdf(_fichas_largas(120), con_molde)
    n = len(PdfReader(con_molde).pages)
    assert n > 10 and len(desde_molde) >= n - 2 and all(desde_molde)
    monkeypatch.setattr(_pdf_flujo, "_firma", lambda pagina: None)
    general = io.BytesIO()
    escribir_pdf(_fichas_largas(120), general)
    assert con_molde.getvalue() == general.getvalue()


def test_exportar_a_ruta_falla_sin_dejar_archivo_a_medias(tmp_path):
    from transparencia_fmt.exportadores.pdf_documento import escribir_pdf

    def filas():
        for i in range(200):
            yield [f"valor {i}"] * 12
        raise RuntimeError("se cortó la fuente de datos")

    comp = _fichas_largas(1)
    bloques = (*comp.bloques[:2], c.Fichas("Registro", comp.bloques[2].etiquetas, filas()))
    ruta = tmp_path / "salida.pdf"
    with pytest.raises(RuntimeError):
        escribir_pdf(c.Composicion(comp.metadatos, comp.encabezado, bloques), ruta)
    assert not ruta.exists() and not list(tmp_path.iterdir())
    escribir_pdf(_fichas_largas(20), ruta)
    assert len(PdfReader(ruta).pages) >= 3
