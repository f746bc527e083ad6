"""Batería hostil: libros XLSX rotos, disfrazados o con fórmulas sin valor calculado.
Cada caso: código 1 (o 2 si no es un tipo que se lea), mensaje en español con el archivo,
sin el nombre de la excepción de la biblioteca; el archivo no cambia."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from hostil import correr, ejemplo, revisar

import transparencia_fmt as tf


@pytest.fixture(scope="module")
def libro(tmp_path_factory):
    """El ejemplo de la fracción V como XLSX de carga del SIPOT, que tfmt lee sin errores."""
    ruta = tmp_path_factory.mktemp("xlsx") / "fr5.xlsx"
    tf.exportar(tf.cargar(ejemplo()), "xlsx", ruta)
    return ruta.read_bytes()


def _zip(miembros: dict[str, bytes]) -> bytes:
    flujo = io.BytesIO()
    with zipfile.ZipFile(flujo, "w") as z:
        for nombre, datos in miembros.items():
            z.writestr(nombre, datos)
    return flujo.getvalue()


def _dañar_miembro(crudo: bytes) -> bytes:
    """Cambia bytes del contenido comprimido de la hoja: el CRC ya no cuadra."""
    with zipfile.ZipFile(io.BytesIO(crudo)) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    inicio = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    datos = bytearray(crudo)
    for i in range(inicio, inicio + 40):
        datos[i] ^= 0x5A
    return bytes(datos)


ROTOS = {
    "vacio": lambda crudo: b"",
    "cortado-a-la-mitad": lambda crudo: crudo[: len(crudo) // 2],
    "cortado-al-final": lambda crudo: crudo[:-30],
    "basura": lambda crudo: bytes(range(256)) * 20,
    "csv-renombrado": lambda crudo: b"Ejercicio,Fecha\n2026,2026-01-01\n",
    "xls-antiguo": lambda crudo: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
    "ods-renombrado": lambda crudo: _zip(
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
    ),
    "zip-sin-libro": lambda crudo: _zip({"hola.txt": b"hola"}),
    "miembro-dañado": _dañar_miembro,
    "hoja-xml-rota": lambda crudo: _reemplazar(crudo, "xl/worksheets/sheet1.xml", b"<worksheet"),
    "libro-xml-roto": lambda crudo: _reemplazar(crudo, "xl/workbook.xml", b"\xff\xfe<"),
    "sin-hojas": lambda crudo: _reemplazar(
        crudo,
        "xl/workbook.xml",
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheets/></workbook>",
    ),
}


def _reemplazar(crudo: bytes, nombre: str, datos: bytes) -> bytes:
    entrada = zipfile.ZipFile(io.BytesIO(crudo))
    return _zip({n: (datos if n == nombre else entrada.read(n)) for n in entrada.namelist()})


@pytest.mark.parametrize("caso", sorted(ROTOS))
@pytest.mark.parametrize("comando", ["validar", "exportar"])
def test_libro_roto_o_disfrazado(capsys, libro, tmp_path, caso, comando):
    ruta = tmp_path / "fr5.xlsx"
    ruta.write_bytes(ROTOS[caso](libro))
    antes = ruta.read_bytes()
    args = ["validar", ruta] if comando == "validar" else ["exportar", ruta, "--a", "csv", "-o"]
    if comando == "exportar":
        args.append(tmp_path / "s.csv")
    codigo, out, err = correr(capsys, *args)
    revisar(codigo, out + err, esperado=1, nombra=("fr5.xlsx",))
    assert ruta.read_bytes() == antes
    assert not (tmp_path / "s.csv").exists()
    for ingles in ("BadZip", "CalamineError", "XMLSyntax", "zip file", "KeyError", "Error:"):
        assert ingles not in err


@pytest.mark.parametrize(
    "caso,frase",
    [("xls-antiguo", "97-2003"), ("ods-renombrado", "LibreOffice"), ("csv-renombrado", "CSV")]
    + [("cortado-a-la-mitad", "a medias"), ("zip-sin-libro", "workbook.xml")],
)
def test_el_mensaje_dice_que_es_el_archivo(capsys, libro, tmp_path, caso, frase):
    ruta = tmp_path / "fr5.xlsx"
    ruta.write_bytes(ROTOS[caso](libro))
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, err, esperado=1, nombra=("fr5.xlsx", frase))


def test_ods_con_su_extension_se_explica(capsys, tmp_path):
    """Un .ods que no se puede leer: dice qué es y qué hacer (guardarlo de nuevo o como .xlsx)."""
    ruta = tmp_path / "fr5.ods"
    ruta.write_bytes(ROTOS["ods-renombrado"](b""))
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, err, esperado=1, nombra=("fr5.ods", "LibreOffice", "dañada", ".xlsx"))


def test_xlsx_con_extension_ods_se_explica(capsys, libro, tmp_path):
    """Un .xlsx sano renombrado a .ods no está dañado: se dice qué es y qué extensión darle."""
    ruta = tmp_path / "fr5.ods"
    ruta.write_bytes(libro)
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, err, esperado=1, nombra=("fr5.ods", "libro de Excel", "extensión a .xlsx"))
    assert "dañado" not in err
    assert ruta.read_bytes() == libro


def _con_formulas(libro: bytes, tmp_path, celdas: dict[str, str]):
    ruta = tmp_path / "formulas.xlsx"
    ruta.write_bytes(libro)
    wb = openpyxl.load_workbook(ruta)
    ws = wb["Reporte de Formatos"]
    for celda, formula in celdas.items():
        ws[celda] = formula
    wb.save(ruta)  # openpyxl guarda la fórmula sin valor calculado, como cualquier script
    return ruta


@pytest.mark.parametrize(
    "celdas",
    [
        {"D8": "=1+1"},
        {"D8": '="Texto"', "E9": "=SUM(A1:A2)"},
        {"D7": '="Objetivo"'},
        {"A8": "=2026"},
    ],
    ids=["una", "dos", "encabezado", "ejercicio"],
)
def test_formula_sin_valor_calculado_se_nombra(capsys, libro, tmp_path, celdas):
    ruta = _con_formulas(libro, tmp_path, celdas)
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, out + err, esperado=1, nombra=("formulas.xlsx", "formula-sin-valor"))
    for celda, formula in celdas.items():
        assert f"celda {celda}" in out and formula in out


def test_formulas_por_trozos_como_de_una_vez(libro, tmp_path, monkeypatch):
    """La hoja se recorre por trozos (issue 13: no se lee entera a memoria): con trozos
    diminutos se hallan las mismas fórmulas, cada una con su celda."""
    from transparencia_fmt import xlsx_crudo

    celdas = {f"{c}{8 + i}": f"={i}+{c!r}" for i in range(5) for c in "DEF"}
    ruta = _con_formulas(libro, tmp_path, celdas)
    de_una_vez = xlsx_crudo.formulas_sin_valor(ruta, "Reporte de Formatos")
    assert sorted(c for c, _ in de_una_vez) == sorted(celdas)
    for trozo in (7, 64, 1000):
        monkeypatch.setattr(xlsx_crudo, "_TROZO", trozo)
        assert xlsx_crudo.formulas_sin_valor(ruta, "Reporte de Formatos") == de_una_vez


def test_formula_con_valor_calculado_se_lee(capsys, libro, tmp_path):
    """Una fórmula con su valor guardado (como la deja Excel) se lee normal."""
    ruta = tmp_path / "calculada.xlsx"
    entrada = zipfile.ZipFile(io.BytesIO(libro))
    hoja = entrada.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in hoja
    codigo, out, err = correr(capsys, "validar", _escribir(ruta, libro))
    revisar(codigo, out + err, esperado=0)


def _escribir(ruta, datos):
    ruta.write_bytes(datos)
    return ruta
