"""Exportar nunca reemplaza los datos de quien exporta: ni el archivo de entrada (una XLSX
llenada a mano exportada «a su carpeta») ni lo que se leyó con él (las tablas secundarias
«<base>.Tabla_<id>.csv» y el datapackage.json de una CSV). La misma regla
(`salidas.no_pisar_entrada`) en `tf.exportar`, `Entorno.exportar_archivo` y `tfmt exportar`."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import EJEMPLOS, ejecutar_tfmt, escribir_fila_como_excel

import transparencia_fmt as tf
from transparencia_fmt.entorno import Entorno
from transparencia_fmt.errores import ErrorDeUso

F5 = "LGT_Art_70_Fr_V"
F4 = "LGT_Art_70_Fr_IV"  # con tabla secundaria


def _bytes(carpeta: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(carpeta.iterdir())}


@pytest.fixture
def xlsx_llena(tmp_path) -> Path:
    """La plantilla del SIPOT llenada con openpyxl, como la deja quien captura: datos/fr5.xlsx."""
    r = ejecutar_tfmt("plantilla", F5, "--a", "xlsx", "-o", "p.xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    tabla = tf.cargar(EJEMPLOS / f"{F5}.json").tabla(iso=True)
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx")
    hoja = wb["Reporte de Formatos"]
    for i, fila in enumerate(tabla.filas, start=8):
        escribir_fila_como_excel(hoja, i, fila, tabla.tipos)
    (tmp_path / "datos").mkdir()
    destino = tmp_path / "datos" / "fr5.xlsx"
    wb.save(destino)
    return destino


def test_biblioteca_no_reemplaza_la_xlsx_llenada(xlsx_llena, monkeypatch):
    monkeypatch.chdir(xlsx_llena.parent.parent)
    doc = tf.cargar("datos/fr5.xlsx")
    assert tf.validar(doc).valido
    antes = _bytes(xlsx_llena.parent)
    for destino in ("datos/", "datos", "datos/fr5.xlsx", "datos/../datos/fr5.xlsx"):
        with pytest.raises(ErrorDeUso, match="sobrescribiría el archivo de entrada") as info:
            tf.exportar(doc, "xlsx", destino)
        assert "fr5.xlsx" in str(info.value) and "indique otro nombre o una carpeta" in str(
            info.value
        )
    with pytest.raises(ErrorDeUso, match="sobrescribiría el archivo de entrada"):
        Entorno.crear(cargar_terceros=False).exportar_archivo(doc, "xlsx", xlsx_llena)
    assert _bytes(xlsx_llena.parent) == antes  # mismos bytes, ni un temporal al lado
    # A otra carpeta (o con otro exportador a la misma) sí se exporta.
    assert tf.exportar(doc, "xlsx", "otra/") == [Path("otra/fr5.xlsx")]
    assert tf.exportar(doc, "json", "datos/") == [Path("datos/fr5.json")]
    assert (xlsx_llena.parent / "fr5.xlsx").read_bytes() == antes["fr5.xlsx"]


def test_cli_no_reemplaza_la_xlsx_ni_escribe_las_demas(xlsx_llena):
    """`--a pdf,xlsx -o datos/`: sale con 2 antes de escribir el PDF (todo o nada)."""
    carpeta = xlsx_llena.parent
    antes = _bytes(carpeta)
    r = ejecutar_tfmt(
        "exportar", "datos/fr5.xlsx", "--a", "pdf,xlsx", "-o", "datos/", cwd=carpeta.parent
    )
    assert r.returncode == 2, r.stdout + r.stderr
    assert "sobrescribiría el archivo de entrada" in r.stderr and "Traceback" not in r.stderr
    assert _bytes(carpeta) == antes


@pytest.fixture
def csv_con_tabla(tmp_path) -> Path:
    """Fr IV como la CSV del portal: fr4.csv, la de su tabla secundaria y su datapackage."""
    carpeta = tmp_path / "datos"
    escritos = tf.exportar(tf.cargar(EJEMPLOS / f"{F4}.json"), "csv", carpeta / "fr4.csv")
    nombres = sorted(p.name for p in escritos)
    assert len(nombres) == 3 and "fr4.datapackage.json" in nombres, nombres  # y una tabla
    return carpeta / "fr4.csv"


def test_csv_no_reemplaza_sus_tablas_ni_su_datapackage(csv_con_tabla, monkeypatch):
    """Una entrada «fr4.txt» (la CSV renombrada): la salida «fr4.csv» es nueva, pero sus
    tablas secundarias y su datapackage.json son los que se leyeron: error, nada cambia."""
    carpeta = csv_con_tabla.parent
    entrada = csv_con_tabla.rename(carpeta / "fr4.txt")
    doc = tf.cargar(entrada)
    assert tf.validar(doc).valido
    assert {p.name for p in doc.acompanantes} == {n for n in _bytes(carpeta) if n != "fr4.txt"}
    antes = _bytes(carpeta)
    with pytest.raises(ErrorDeUso, match=r"sobrescribiría fr4\.\w+\.(csv|json), que se leyó"):
        tf.exportar(doc, "csv", carpeta)
    assert _bytes(carpeta) == antes  # tampoco quedó un «fr4.csv» nuevo a medias
    monkeypatch.chdir(carpeta)
    r = ejecutar_tfmt("exportar", "fr4.txt", "--a", "csv", "-o", "./", cwd=carpeta)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "que se leyó con la entrada" in r.stderr
    assert _bytes(carpeta) == antes
    # El perfil excel escribe «fr4.csv-excel.*»: no toca nada de la entrada.
    r = ejecutar_tfmt("exportar", "fr4.txt", "--a", "csv-excel", "-o", "./", cwd=carpeta)
    assert r.returncode == 0, r.stderr
    assert all(_bytes(carpeta)[n] == b for n, b in antes.items())
    entrada.rename(csv_con_tabla)  # el datapackage vuelve a nombrar un archivo que existe


def test_csv_principal_exportada_a_su_carpeta(csv_con_tabla):
    doc = tf.cargar(csv_con_tabla)
    antes = _bytes(csv_con_tabla.parent)
    with pytest.raises(ErrorDeUso, match="sobrescribiría el archivo de entrada"):
        tf.exportar(doc, "csv", csv_con_tabla.parent)
    r = ejecutar_tfmt("exportar", "fr4.csv", "--a", "csv", "-o", "./", cwd=csv_con_tabla.parent)
    assert r.returncode == 2 and "sobrescribiría el archivo de entrada" in r.stderr
    assert _bytes(csv_con_tabla.parent) == antes
