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


@pytest.mark.parametrize("texto", ["", "   ", "\t\n\xa0", " a ", "Año – “bien” €", "\xa0x"])
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
    secundaria["B5"] = str(secundaria["B5"].value) + " 🎙"
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
    assert tabla["columna"].endswith("› Razón social") and tabla["fila"] is not None


def test_sin_caracteres_raros_no_hay_aviso(entorno, datos_ejemplo):
    datos = copy.deepcopy(datos_ejemplo("LGT_Art_70_Fr_V"))
    informe = entorno.validar(documento_desde_dict(datos, entorno.catalogo))
    assert informe.valido and not informe.hallazgos
