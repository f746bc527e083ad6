"""Una columna común OPCIONAL («Fecha de validación») en blanco en algunas filas de un CSV o
XLSX no es un error (revisión 7, hallazgo 1: regresión de 7853ca2) y cada fila conserva lo que
trae: ni la en blanco hereda el valor de otra ni la llena pierde el suyo. Las comunes
obligatorias siguen diciendo «Falta» en su registro."""

from __future__ import annotations

import csv
import datetime as dt
import json

import openpyxl
import pytest
from conftest import EJEMPLOS, ejecutar_tfmt, hallazgos_de_validar

FR = "LGT_Art_70_Fr_XXII"
VALIDACION = "Fecha de validación"
ACTUALIZACION = "Fecha de actualización"
PRIMERA = 8  # fila de la hoja con el primer registro


def _exportado(tmp_path, a: str):
    r = ejecutar_tfmt("exportar", EJEMPLOS / f"{FR}.json", "--a", a, "-o", "v/", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    return tmp_path / "v" / f"{FR}.{a}"


def _csv_con(tmp_path, titulo: str, valores: list[str]) -> str:
    """El CSV que exporta tfmt con la columna `titulo` cambiada fila por fila."""
    with _exportado(tmp_path, "csv").open(encoding="utf-8", newline="") as f:
        filas = list(csv.reader(f))
    j = filas[0].index(titulo)
    assert j == 28 or titulo != VALIDACION  # la columna 29 de la plantilla
    assert len(filas) - 1 == len(valores)
    for fila, valor in zip(filas[1:], valores, strict=True):
        fila[j] = valor
    with (tmp_path / "cambiado.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(filas)
    return "cambiado.csv"


def _xlsx_con(tmp_path, titulo: str, valores: list[str]) -> str:
    """El XLSX que exporta tfmt con la columna `titulo` cambiada como en Excel (fecha o vacía)."""
    wb = openpyxl.load_workbook(_exportado(tmp_path, "xlsx"))
    hoja = wb["Reporte de Formatos"]
    titulos = [c.value for c in hoja[PRIMERA - 1]]
    j = titulos.index(titulo) + 1
    for i, valor in enumerate(valores):
        celda = hoja.cell(PRIMERA + i, j)
        assert celda.value is not None  # el ejemplo la trae llena
        celda.value = dt.datetime.strptime(valor, "%d/%m/%Y") if valor else None
    assert hoja.cell(PRIMERA + len(valores), 1).value is None  # no hay más registros
    wb.save(tmp_path / "cambiado.xlsx")
    return "cambiado.xlsx"


ARMAR = {"csv": _csv_con, "xlsx": _xlsx_con}
CASOS = [
    ["15/04/2026", "", ""],  # la reproducción de la revisión: filas 2 y 3
    ["15/04/2026", "15/04/2026", ""],  # sólo la fila 3
    ["", "20/04/2026", "15/04/2026"],  # la primera en blanco, las demás distintas
    ["", "", ""],  # todas (ya era válido)
]


def _iso(valor: str) -> str | None:
    return dt.datetime.strptime(valor, "%d/%m/%Y").date().isoformat() if valor else None


@pytest.mark.parametrize("tipo", ["csv", "xlsx"])
@pytest.mark.parametrize("valores", CASOS, ids=["filas-2-y-3", "fila-3", "fila-1", "todas"])
def test_fecha_de_validacion_en_blanco_en_algunas_filas_es_valido(tmp_path, tipo, valores):
    archivo = ARMAR[tipo](tmp_path, VALIDACION, valores)
    r = ejecutar_tfmt("validar", archivo, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip() == f"{archivo}: válido (3 registros).", r.stdout
    # Cada fila conserva lo que trae: en el JSON (la de cada registro) y en el CSV publicado.
    r = ejecutar_tfmt(
        "exportar", archivo, "--a", "json,csv", "-o", tmp_path / "salida", cwd=tmp_path
    )
    assert r.returncode == 0, r.stdout + r.stderr
    base = tmp_path / "salida" / archivo.rsplit(".", 1)[0]
    datos = json.loads(base.with_suffix(".json").read_text("utf-8"))
    propios = [
        reg.get("fecha_validacion", datos.get("fecha_validacion")) for reg in datos["registros"]
    ]
    assert propios == [_iso(v) for v in valores]
    with base.with_suffix(".csv").open(encoding="utf-8", newline="") as f:
        publicados = [fila[VALIDACION] for fila in csv.DictReader(f)]
    assert publicados == [_iso(v) or "" for v in valores]
    # El JSON que resulta también es válido: el vacío de una opcional no es un faltante.
    r = ejecutar_tfmt("validar", base.with_suffix(".json"), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("tipo", ["csv", "xlsx"])
def test_una_comun_obligatoria_en_blanco_sigue_siendo_error_en_su_registro(tmp_path, tipo):
    archivo = ARMAR[tipo](tmp_path, ACTUALIZACION, ["15/04/2026", "", "15/04/2026"])
    hallazgos = hallazgos_de_validar(archivo, cwd=tmp_path)
    assert [(h["codigo"], h["severidad"], h["registro"], h["columna"]) for h in hallazgos] == [
        ("requerido", "error", 2, ACTUALIZACION)
    ]


def test_la_ficha_dice_que_la_fecha_de_validacion_no_es_obligatoria():
    r = ejecutar_tfmt("formato", FR)
    assert r.returncode == 0, r.stderr
    linea = next(x for x in r.stdout.splitlines() if x.rstrip().endswith(VALIDACION))
    assert linea.split()[:3] == ["29", "fecha", "no"], linea
    linea = next(x for x in r.stdout.splitlines() if x.rstrip().endswith(ACTUALIZACION))
    assert linea.split()[2] == "sí", linea
