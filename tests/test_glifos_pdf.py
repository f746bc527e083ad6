"""Caracteres que la letra del PDF no tiene (emoji, cirílico…): el PDF los escribe «?» y la
validación lo avisa, ubicado (hallazgo 7 de la revisión del CLI, sesión 6): nada cambia en
silencio. Lo que sólo pierde el acento («ą» → «a») o tiene sustituto («→» → «->») no se avisa."""

from __future__ import annotations

import copy
import json
import re

import jsonschema_rs
import openpyxl
import pytest
from conftest import EJEMPLOS, ejecutar_tfmt
from pypdf import PdfReader

from transparencia_fmt import glifos
from transparencia_fmt.documento import documento_desde_dict
from transparencia_fmt.validacion_rs import (
    PATRON_DIBUJABLE,
    PATRON_DIBUJABLE_OBLIGATORIO,
    PATRON_OBLIGATORIO,
)

INDICADOR = "Nombre del(os) indicador(es)"


def _pdf_estilos():
    from transparencia_fmt.exportadores import _pdf_estilos

    return _pdf_estilos


def test_la_tabla_del_nucleo_es_la_de_la_fuente_del_pdf():
    estilos = _pdf_estilos()
    assert estilos.registrar_fuentes() == glifos.CUBIERTOS_PDF
    assert estilos._SUSTITUTOS == glifos.SUSTITUTOS_PDF
    tabla = estilos._Tabla(estilos.registrar_fuentes())
    assert "Hola 😀 я ą".translate(tabla) == "Hola ? ? a"


def test_la_pasada_rapida_nunca_deja_pasar_lo_que_saldria_como_interrogacion():
    """Todo carácter del plano básico que el patrón rápido acepta se dibuja en el PDF; los que
    no acepta, la regla los revisa en Python (no se pierden avisos)."""
    rapido = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": PATRON_DIBUJABLE})
    aceptados = 0
    for punto in range(0x10000):
        if 0xD800 <= punto <= 0xDFFF:
            continue
        if rapido.is_valid(chr(punto)):
            aceptados += 1
            assert glifos.sustituto(punto) != "?" or punto == ord("?"), hex(punto)
            assert not glifos.sin_glifo(chr(punto)), hex(punto)
    assert aceptados > 250
    assert not rapido.is_valid("😀") and glifos.sin_glifo("a😀b😀") == ["😀"]


@pytest.mark.parametrize(
    "texto",
    [
        *("", "   ", "\t\n\xa0", " a ", "Año – “bien” €", "\xa0x"),
        *("\u2003", "\u202f\u2028\u2029\u3000", "\u2003x", "1\u202f000", "a\u2028b"),
    ],
)
def test_obligatorio_estricto_dice_blanco_igual_que_el_publicado(texto):
    estricto = jsonschema_rs.Draft202012Validator({"pattern": PATRON_DIBUJABLE_OBLIGATORIO})
    publicado = jsonschema_rs.Draft202012Validator({"pattern": PATRON_OBLIGATORIO})
    assert estricto.is_valid(texto) is publicado.is_valid(texto) is bool(texto.strip())


def _datos_con_emoji(datos_ejemplo):
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    datos["registros"][1]["nombre_indicador"] = "Niñas atendidas 😀 fin"
    datos["registros"][3]["definicion_indicador"] = "Привет"
    # Se dibujan (o con sustituto / sin acento): sin aviso.
    datos["registros"][0]["nombre_indicador"] = "Año – “bien” € → ą"
    datos["nota"] = "Nota ✅"
    return datos


def test_validar_avisa_donde_y_que_caracter(entorno, datos_ejemplo):
    informe = entorno.validar(
        documento_desde_dict(_datos_con_emoji(datos_ejemplo), entorno.catalogo)
    )
    assert informe.valido
    avisos = [e for e in informe.hallazgos if e.codigo == "sin-glifo-pdf"]
    assert [(e.registro, e.columna, e.severidad) for e in avisos] == [
        (None, "Nota", "advertencia"),
        (2, INDICADOR, "advertencia"),
        (4, "Definición del indicador", "advertencia"),
    ]
    assert "«😀» U+1F600" in avisos[1].mensaje and "«?»" in avisos[1].mensaje
    assert avisos[1].valor == "Niñas atendidas 😀 fin"
    assert "«П» U+041F" in avisos[2].mensaje


def test_el_aviso_sale_tambien_por_el_camino_general(entorno, datos_ejemplo, monkeypatch):
    """Sin el camino rápido de jsonschema-rs (otra plataforma) se avisa igual."""
    from transparencia_fmt import reglas, validacion

    monkeypatch.setattr(validacion, "_rs", None)
    monkeypatch.setattr(reglas, "jsonschema_rs", None)
    reglas._validador_limpio.cache_clear()
    try:
        from transparencia_fmt.validacion import Validador

        validador = Validador(entorno.catalogo, entorno.gestor)
        doc = documento_desde_dict(_datos_con_emoji(datos_ejemplo), entorno.catalogo)
        avisos = [e for e in validador.validar(doc).hallazgos if e.codigo == "sin-glifo-pdf"]
    finally:
        reglas._validador_limpio.cache_clear()
    assert [e.registro for e in avisos] == [None, 2, 4]


def test_el_pdf_escribe_interrogacion_donde_se_aviso(datos_ejemplo, tmp_path):
    (tmp_path / "d.json").write_text(
        json.dumps(_datos_con_emoji(datos_ejemplo), ensure_ascii=False), "utf-8"
    )
    r = ejecutar_tfmt("validar", "d.json", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    assert r.stdout.count("ADVERTENCIA [sin-glifo-pdf]") == 3
    assert f"registro 2, columna «{INDICADOR}»" in r.stdout
    r = ejecutar_tfmt("exportar", "d.json", "--a", "pdf", "-o", "d.pdf", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("[sin-glifo-pdf]") + r.stdout.count("[sin-glifo-pdf]") == 3
    texto = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "d.pdf").pages
    )
    assert re.search(r"Niñas atendidas \? ?fin", texto), texto[:3000]
    assert "😀" not in texto and "Привет" not in texto
    assert "Año – “bien” € -> a" in texto  # lo que sí se dibuja, sin aviso


def test_xlsx_nombra_la_celda_y_tablas_secundarias_la_fila(tmp_path):
    r = ejecutar_tfmt(
        "exportar",
        EJEMPLOS / "LGT_Art_70_Fr_XXIII_b.json",
        "--a",
        "xlsx",
        "-o",
        tmp_path / "x.xlsx",
    )
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(tmp_path / "x.xlsx")
    principal = wb["Reporte de Formatos"]
    titulos = [str(c.value or "") for c in principal[7]]
    col = next(i for i, t in enumerate(titulos) if t.startswith("Área(s) responsable(s)")) + 1
    principal.cell(9, col).value = str(principal.cell(9, col).value) + " 🏛"
    secundaria = wb["Tabla_393950"]
    razon = str(secundaria["B5"].value) + " 🎙"
    secundaria["B5"] = razon
    # B5 es la primera fila de la hoja con el ID 2: registro 2, su 1.ª fila de la tabla.
    ids = [secundaria.cell(f, 1).value for f in range(4, secundaria.max_row + 1)]
    assert ids[: ids.index(2) + 1] == [1, 2] and secundaria["A5"].value == 2
    wb.save(tmp_path / "m.xlsx")
    r = ejecutar_tfmt("validar", "m.xlsx", "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    informe = json.loads(r.stdout)["informes"][0]
    avisos = [a for a in informe["advertencias"] if a["codigo"] == "sin-glifo-pdf"]
    assert len(avisos) == 2, avisos
    por_registro = {a["registro"]: a for a in avisos}
    area = por_registro[2]
    letra = openpyxl.utils.get_column_letter(col)
    assert area["mensaje"].endswith(f"(celda {letra}9)"), area
    tabla = next(a for a in avisos if a is not area)
    assert tabla["columna"].endswith("› Razón social")
    assert (tabla["registro"], tabla["fila"], tabla["valor"]) == (2, 1, razon), tabla
    assert "«🎙» U+1F399" in tabla["mensaje"]


def test_sin_caracteres_raros_no_hay_aviso(entorno, datos_ejemplo):
    datos = copy.deepcopy(datos_ejemplo("LGT_Art_70_Fr_V"))
    informe = entorno.validar(documento_desde_dict(datos, entorno.catalogo))
    assert informe.valido and not informe.hallazgos


# -- Texto legítimo que no es «?» (revisión 7, hallazgo 4) ---------------------------------
#: Espacio fino (U+202F) de miles, acentos combinantes (NFD, como pega macOS), separador de
#: línea (U+2028), sangría con espacio eme (U+2003) y de párrafo (U+2029).
LEGITIMO = "Cobertura 1\u202f000 Jose\u0301 Nin\u0303os uno\u2028dos"
NOTA_LEGITIMA = "Nota uno\u2029dos\u2003tres"


@pytest.mark.parametrize(
    ("texto", "dibujado", "faltan"),
    [
        (LEGITIMO, "Cobertura 1 000 José Niños uno\ndos", []),
        (NOTA_LEGITIMA, "Nota uno\ndos tres", []),
        ("\u2003x\u2009y\u3000z", " x y z", []),
        ("Jose\u0301 😀 a\ufffdb", "José ? a?b", ["😀", "\ufffd"]),
        ("x\u0301 ❤\ufe0f", "x ?", ["❤"]),  # el acento que no se une se pierde, como «ą»
        ("я\u0301", "?", ["я"]),
    ],
)
def test_el_pdf_y_el_aviso_deciden_lo_mismo(texto, dibujado, faltan):
    estilos = _pdf_estilos()
    assert estilos.cubrir(texto) == dibujado
    assert glifos.para_pdf(texto, estilos._tabla()) == dibujado
    assert glifos.sin_glifo(texto) == faltan
    # Un «?» sale sólo donde se avisa.
    assert ("?" in dibujado) is bool(faltan)


def test_espacios_acentos_y_saltos_no_se_avisan_y_el_pdf_los_dibuja(datos_ejemplo, tmp_path):
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    datos["registros"][1]["nombre_indicador"] = LEGITIMO
    datos["nota"] = NOTA_LEGITIMA
    (tmp_path / "d.json").write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    r = ejecutar_tfmt("validar", "d.json", cwd=tmp_path)
    assert (r.returncode, r.stdout.strip()) == (0, "d.json: válido (5 registros)."), r.stdout
    r = ejecutar_tfmt("exportar", "d.json", "--a", "pdf", "-o", "d.pdf", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "sin-glifo-pdf" not in r.stdout + r.stderr
    texto = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "d.pdf").pages)
    # El separador de línea y el de párrafo son salto de línea; los espacios, espacio.
    assert re.search(r"Cobertura 1 000 José Niños uno *\n *dos", texto), texto[:3000]
    assert re.search(r"Nota uno *\n *dos tres", texto), texto[:3000]
    assert "?" not in texto and "Jose?" not in texto


def test_lo_que_de_verdad_no_se_dibuja_sigue_avisandose_con_lo_legitimo(datos_ejemplo, tmp_path):
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    datos["registros"][1]["nombre_indicador"] = LEGITIMO + " 😀"
    (tmp_path / "d.json").write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    r = ejecutar_tfmt("validar", "d.json", "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    avisos = [
        a
        for a in json.loads(r.stdout)["informes"][0]["advertencias"]
        if a["codigo"] == "sin-glifo-pdf"
    ]
    assert [(a["registro"], a["columna"]) for a in avisos] == [(2, INDICADOR)]
    assert "«😀» U+1F600" in avisos[0]["mensaje"] and "U+0301" not in avisos[0]["mensaje"]
    assert "U+202F" not in avisos[0]["mensaje"] and "U+2028" not in avisos[0]["mensaje"]
    r = ejecutar_tfmt("exportar", "d.json", "--a", "pdf", "-o", "d.pdf", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    texto = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "d.pdf").pages
    )
    assert "Cobertura 1 000 José Niños uno dos ?" in texto, texto[:3000]
