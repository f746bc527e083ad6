"""Hallazgos de la importación CSV/XLSX (hallazgos de la revisión del CLI, sesión 6): una
columna común en blanco en algunas filas se dice en su registro y celda y la fila no hereda el
valor de otra; un valor de catálogo que se corrige a su forma oficial se avisa, ubicado."""

from __future__ import annotations

import csv
import datetime as dt
import json

import openpyxl
import pytest
from conftest import EJEMPLOS, como_excel, ejecutar_tfmt, hallazgos_de_validar

AREA = "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información"
PRIMERA = 8  # fila de la hoja con el primer registro en la plantilla SIPOT


def _tabla_fr_v(entorno, iso: bool):
    doc = entorno.cargar(EJEMPLOS / "LGT_Art_70_Fr_V.json")
    return doc.tabla(iso=iso)


def _libro_fr_v(entorno, tmp_path, cambios: dict[tuple[int, str], object]) -> str:
    """La plantilla XLSX de Fr. V llena como la guarda Excel (fechas como fecha, números como
    número) con los 5 registros del ejemplo; `cambios`: (registro, título) → valor de la celda."""
    r = ejecutar_tfmt("plantilla", "LGT_Art_70_Fr_V", "--a", "xlsx", "-o", "p.xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    tabla = _tabla_fr_v(entorno, iso=True)
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx")
    hoja = wb["Reporte de Formatos"]
    titulos = [str(c.value).strip() for c in hoja[PRIMERA - 1]]
    assert titulos[: len(tabla.columnas)] == list(tabla.columnas)
    for i, fila in enumerate(tabla.filas):
        for j, (tipo, texto) in enumerate(zip(tabla.tipos, fila, strict=True)):
            valor = cambios.get((i + 1, titulos[j]), como_excel(tipo, texto))
            celda = hoja.cell(PRIMERA + i, j + 1, valor)
            if isinstance(valor, dt.datetime):
                celda.number_format = "dd/mm/yyyy"
    wb.save(tmp_path / "lleno.xlsx")
    return "lleno.xlsx"


def _csv_fr_v(entorno, tmp_path, cambios: dict[tuple[int, str], str]) -> str:
    """El CSV de Fr. V como lo escribe una persona (fechas dd/mm/aaaa)."""
    tabla = _tabla_fr_v(entorno, iso=False)
    with (tmp_path / "lleno.csv").open("w", encoding="utf-8", newline="") as f:
        escritor = csv.writer(f)
        escritor.writerow(tabla.columnas)
        for i, fila in enumerate(tabla.filas):
            escritor.writerow(
                [cambios.get((i + 1, t), v) for t, v in zip(tabla.columnas, fila, strict=True)]
            )
    return "lleno.csv"


# -- 1. columnas comunes en blanco en algunas filas ---------------------------------------
def test_area_en_blanco_en_una_fila_se_dice_en_su_registro_y_celda(entorno, tmp_path):
    archivo = _libro_fr_v(entorno, tmp_path, {(3, AREA): "   "})
    hallazgos = hallazgos_de_validar(archivo, cwd=tmp_path)
    assert [(h["codigo"], h["registro"], h["columna"]) for h in hallazgos] == [
        ("requerido", 3, AREA)
    ]
    assert hallazgos[0]["mensaje"].endswith("(celda Q10)")
    r = ejecutar_tfmt("validar", archivo, cwd=tmp_path)
    assert r.returncode == 1
    assert "registro 3, columna «Área(s) responsable(s)" in r.stdout
    assert "(celda Q10)" in r.stdout


def test_la_nota_no_justifica_un_area_en_blanco(entorno, tmp_path):
    """Ejercicio, periodo, área y fechas siempre aplican: la Nota no vuelve el faltante
    advertencia (antes, sin registro, tampoco lo hacía)."""
    nota = "Nota del formato"
    cambios: dict[tuple[int, str], object] = {(i, "Nota"): nota for i in range(1, 6)}
    cambios[(2, AREA)] = None
    archivo = _libro_fr_v(entorno, tmp_path, cambios)
    hallazgos = hallazgos_de_validar(archivo, cwd=tmp_path)
    assert [(h["codigo"], h["severidad"], h["registro"]) for h in hallazgos] == [
        ("requerido", "error", 2)
    ]
    assert "use la Nota" not in hallazgos[0]["mensaje"]


COMUNES = {
    "Ejercicio": "A",
    "Fecha de inicio del periodo que se informa": "B",
    "Fecha de término del periodo que se informa": "C",
    AREA: "Q",
    "Fecha de actualización": "R",
}


@pytest.mark.parametrize("registro", [1, 4])
def test_todas_las_comunes_en_blanco_en_una_fila_xlsx(entorno, tmp_path, registro):
    """La fila en blanco puede ser la primera: el documento toma el valor de las llenas."""
    archivo = _libro_fr_v(entorno, tmp_path, {(registro, t): None for t in COMUNES})
    hallazgos = hallazgos_de_validar(archivo, cwd=tmp_path)
    fila = PRIMERA + registro - 1
    assert sorted((h["codigo"], h["registro"], h["columna"]) for h in hallazgos) == sorted(
        ("requerido", registro, t) for t in COMUNES
    )
    for h in hallazgos:
        assert h["mensaje"].endswith(f"(celda {COMUNES[h['columna']]}{fila})"), h


def test_comunes_en_blanco_en_una_fila_csv(entorno, tmp_path):
    archivo = _csv_fr_v(entorno, tmp_path, {(2, t): "" for t in COMUNES})
    hallazgos = hallazgos_de_validar(archivo, cwd=tmp_path)
    assert sorted((h["codigo"], h["registro"], h["columna"]) for h in hallazgos) == sorted(
        ("requerido", 2, t) for t in COMUNES
    )


def test_con_forzar_la_fila_en_blanco_no_hereda_el_valor_de_otra(entorno, tmp_path):
    archivo = _libro_fr_v(entorno, tmp_path, {(3, AREA): "   ", (3, "Ejercicio"): None})
    r = ejecutar_tfmt(
        "exportar", archivo, "--a", "json,csv", "-o", tmp_path / "salida", "--forzar", cwd=tmp_path
    )
    assert r.returncode == 0, r.stderr
    datos = json.loads((tmp_path / "salida" / "lleno.json").read_text("utf-8"))
    esperado = entorno.cargar(EJEMPLOS / "LGT_Art_70_Fr_V.json").datos
    # El documento: el valor de las filas llenas, no el vacío de una.
    assert datos["area_responsable"] == esperado["area_responsable"]
    assert datos["ejercicio"] == esperado["ejercicio"]
    # La fila en blanco guarda su vacío; las demás heredan del documento.
    regs = datos["registros"]
    assert regs[2]["area_responsable"] is None and regs[2]["ejercicio"] is None
    for i, reg in enumerate(regs):
        if i != 2:
            assert "area_responsable" not in reg and "ejercicio" not in reg, i
    with (tmp_path / "salida" / "lleno.csv").open(encoding="utf-8", newline="") as f:
        filas = list(csv.DictReader(f))
    assert [f[AREA] for f in filas] == [esperado["area_responsable"]] * 2 + [""] + [
        esperado["area_responsable"]
    ] * 2
    assert [f["Ejercicio"] for f in filas] == ["2026", "2026", "", "2026", "2026"]
    # El JSON forzado dice lo mismo al validarlo: el faltante en su registro.
    hallazgos = hallazgos_de_validar(tmp_path / "salida" / "lleno.json", cwd=tmp_path)
    assert sorted((h["registro"], h["columna"]) for h in hallazgos) == sorted(
        [(3, AREA), (3, "Ejercicio")]
    )


# -- 3. valores de catálogo llevados a su forma oficial -----------------------------------
SENTIDO = "Sentido del indicador (catálogo)"
LEIDOS = {(1, SENTIDO): "ascendente", (3, SENTIDO): "  Descendénte "}


def _avisos_de_catalogo(r) -> list[dict]:
    assert r.returncode == 0, r.stdout + r.stderr
    informe = json.loads(r.stdout)["informes"][0]
    assert informe["valido"] and not informe["errores"]
    return [a for a in informe["advertencias"] if a["codigo"] == "catalogo-forma-oficial"]


def _registros_exportados(archivo, tmp_path) -> list[dict]:
    r = ejecutar_tfmt("exportar", archivo, "--a", "json", "-o", "d.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    return json.loads((tmp_path / "d.json").read_text("utf-8"))["registros"]


def test_catalogo_corregido_en_xlsx_se_avisa_con_su_celda(entorno, tmp_path):
    archivo = _libro_fr_v(entorno, tmp_path, LEIDOS)
    avisos = _avisos_de_catalogo(ejecutar_tfmt("validar", archivo, "--json", cwd=tmp_path))
    assert [(a["registro"], a["columna"], a["valor"], a["severidad"]) for a in avisos] == [
        (1, SENTIDO, "ascendente", "advertencia"),
        (3, SENTIDO, "  Descendénte ", "advertencia"),
    ]
    assert "«ascendente»" in avisos[0]["mensaje"] and "«Ascendente»" in avisos[0]["mensaje"]
    assert avisos[0]["mensaje"].endswith("(celda O8)")
    assert "«Descendente»" in avisos[1]["mensaje"] and avisos[1]["mensaje"].endswith("(celda O10)")
    r = ejecutar_tfmt("validar", archivo, cwd=tmp_path)
    assert "ADVERTENCIA [catalogo-forma-oficial]" in r.stdout and "válido" in r.stdout
    # El reemplazo se conserva: se publica el valor oficial.
    regs = _registros_exportados(archivo, tmp_path)
    assert [regs[0]["sentido_indicador"], regs[2]["sentido_indicador"]] == [
        "Ascendente",
        "Descendente",
    ]


def test_catalogo_corregido_en_csv_se_avisa_con_su_fila(entorno, tmp_path):
    archivo = _csv_fr_v(entorno, tmp_path, LEIDOS)  # type: ignore[arg-type]
    avisos = _avisos_de_catalogo(ejecutar_tfmt("validar", archivo, "--json", cwd=tmp_path))
    assert [(a["registro"], a["fila"], a["valor"]) for a in avisos] == [
        (1, 2, "ascendente"),
        (3, 4, "  Descendénte "),
    ]
    regs = _registros_exportados(archivo, tmp_path)
    assert regs[2]["sentido_indicador"] == "Descendente"


def test_catalogo_exacto_no_se_avisa(entorno, tmp_path):
    archivo = _libro_fr_v(entorno, tmp_path, {})
    r = ejecutar_tfmt("validar", archivo, cwd=tmp_path)
    assert r.returncode == 0 and "catalogo-forma-oficial" not in r.stdout, r.stdout


def test_catalogo_corregido_en_una_tabla_secundaria_del_libro(tmp_path):
    """El catálogo «Sexo» de la hoja Tabla_393950 (Fr. XXIII b), en la plantilla exportada."""
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
    hoja = wb["Tabla_393950"]
    titulos = [str(c.value) for c in hoja[3]]
    col = next(i for i, t in enumerate(titulos) if t.endswith("Sexo (catálogo)"))
    celda = hoja.cell(5, col + 1)
    oficial = celda.value
    celda.value = oficial.upper()
    wb.save(tmp_path / "m.xlsx")
    avisos = _avisos_de_catalogo(ejecutar_tfmt("validar", "m.xlsx", "--json", cwd=tmp_path))
    assert len(avisos) == 1
    (a,) = avisos
    assert (a["hoja"], a["registro"], a["valor"]) == ("Tabla_393950", 2, oficial.upper())
    assert a["mensaje"].endswith(f"(celda {celda.coordinate})")
