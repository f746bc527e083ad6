"""La plantilla del SIPOT llenada en LibreOffice y guardada como .ods se lee como el .xlsx.

Los libros los escribe LibreOffice Calc (sin interfaz) a partir de nuestros .xlsx, como los
guarda una persona con «Guardar como… Hoja de cálculo ODF». En CI `.ci/run` instala
`libreoffice-calc-nogui`; sin Calc la prueba se omite fuera de CI y falla en CI."""

from __future__ import annotations

import csv
import json
import re

import openpyxl
import pytest
from conftest import EJEMPLOS, ejecutar_tfmt
from test_flujo_libreoffice import _soffice, convertir

FORMATOS = [
    "LGT_Art_70_Fr_IX",  # dos tablas secundarias, fechas e importes
    "LGT_Art_70_Fr_V",
    "LGT_Art_70_Fr_XXIII_b",  # tablas secundarias de 12 columnas
]


def _a_ods(carpeta, *xlsx):
    r = convertir(_soffice(), carpeta, carpeta, "ods", *xlsx)
    salidas = [carpeta / f"{x.stem}.ods" for x in xlsx]
    if not all(s.exists() for s in salidas):  # soffice sin Calc: «source file could not be loaded»
        pytest.skip(f"falta LibreOffice Calc: apt-get install libreoffice-calc-nogui ({r.stderr})")
    return salidas


@pytest.fixture(scope="module")
def libros(tmp_path_factory):
    carpeta = tmp_path_factory.mktemp("ods")
    xlsx = []
    for nombre in FORMATOS:
        r = ejecutar_tfmt(
            "exportar", EJEMPLOS / f"{nombre}.json", "--a", "xlsx", "-o", carpeta / f"{nombre}.xlsx"
        )
        assert r.returncode == 0, r.stderr
        xlsx.append(carpeta / f"{nombre}.xlsx")
    # Uno con un error en una celda de fecha, escrito como lo haría la persona en Excel.
    malo = carpeta / "con_error.xlsx"
    wb = openpyxl.load_workbook(xlsx[0])
    hoja = wb["Reporte de Formatos"]
    fila_titulos = next(
        f
        for f in hoja.iter_rows()
        if any(c.value == "Fecha de salida del encargo o comisión" for c in f)
    )
    columna = next(
        c.column_letter for c in fila_titulos if c.value == "Fecha de salida del encargo o comisión"
    )
    hoja[f"{columna}{fila_titulos[0].row + 2}"] = "N/D"
    wb.save(malo)
    xlsx.append(malo)
    return dict(
        zip([*FORMATOS, "con_error"], zip(xlsx, _a_ods(carpeta, *xlsx), strict=True), strict=True)
    )


@pytest.mark.parametrize("nombre", FORMATOS)
def test_el_ods_da_los_mismos_datos_que_el_xlsx(libros, entorno, nombre):
    xlsx, ods = libros[nombre]
    de_xlsx, de_ods = entorno.cargar(xlsx), entorno.cargar(ods)
    assert de_ods.formato.id == nombre
    assert de_ods.a_json() == de_xlsx.a_json()  # registros, tablas secundarias, fechas, sobre
    sujeto = json.loads((EJEMPLOS / f"{nombre}.json").read_text("utf-8"))["sujeto_obligado"]
    assert de_ods.sujeto_obligado["nombre"] == sujeto  # el sobre, de las propiedades del libro
    assert [(h.codigo, h.hoja, h.columna) for h in de_ods.hallazgos] == [
        (h.codigo, h.hoja, h.columna) for h in de_xlsx.hallazgos
    ]
    r = ejecutar_tfmt("validar", ods)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"{ods}: válido ({len(de_xlsx.registros)} registros)" in r.stdout


def test_exportar_desde_el_ods(libros, tmp_path):
    """El CSV del portal que sale del .ods es el mismo que sale del .xlsx."""
    xlsx, ods = libros["LGT_Art_70_Fr_IX"]
    for origen in (xlsx, ods):
        r = ejecutar_tfmt(
            "exportar", origen, "--a", "csv", "-o", tmp_path / f"{origen.suffix[1:]}.csv"
        )
        assert r.returncode == 0, r.stderr
    leer = lambda ruta: list(csv.reader(ruta.open(encoding="utf-8-sig", newline="")))  # noqa: E731
    assert leer(tmp_path / "ods.csv") == leer(tmp_path / "xlsx.csv")
    assert len(leer(tmp_path / "ods.csv")) > 2


def test_un_error_del_ods_dice_su_celda(libros):
    xlsx, ods = libros["con_error"]
    informes = []
    for origen in (xlsx, ods):
        r = ejecutar_tfmt("validar", origen, "--json")
        assert r.returncode == 1, r.stdout + r.stderr
        informes.append(json.loads(r.stdout)["informes"][0])
    errores = [
        [(e["codigo"], e.get("registro"), e.get("columna"), e.get("valor")) for e in i["errores"]]
        for i in informes
    ]
    assert errores[0] == errores[1] and errores[1]
    assert any(e[3] == "N/D" for e in errores[1])
    texto = ejecutar_tfmt("validar", ods).stdout
    assert "con_error.ods" in texto and "N/D" in texto and "celda " in texto


def test_la_web_revisa_y_guarda_un_ods(libros, tmp_path, entorno):
    """«Revisar el archivo» acepta el .ods y «Aceptar» lo guarda como cualquier otro."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from transparencia_fmt.espacio import EspacioTrabajo
    from transparencia_fmt.web import crear_app

    ws = tmp_path / "ws"
    EspacioTrabajo.iniciar(ws, entorno, nombre="Ayuntamiento de Mazamitla, Jalisco")
    clave = "clave-de-prueba-0123456789abcdefghij"
    app = crear_app(ws, entorno, token=clave, limite=200_000, cargas_dir=tmp_path / "cargas")
    xlsx, ods = libros["LGT_Art_70_Fr_V"]
    with TestClient(app) as c:
        assert c.get(f"/?token={clave}").status_code == 200
        assert 'accept=".xlsx,.ods,.csv,.json"' in c.get("/formato/LGT_Art_70_Fr_V").text
        r = c.post(
            "/subir",
            data={"csrf": app.state.csrf, "formato": "LGT_Art_70_Fr_V", "periodo": "2026-T1"},
            files={"archivo": ("indicadores.ods", ods.read_bytes(), "application/octet-stream")},
        )
        assert r.status_code == 200, r.text
        registros = len(entorno.cargar(xlsx).registros)
        assert f"El archivo es válido: {registros} registros" in r.text
        carga = re.search(r'name="carga" value="([^"]*)"', r.text).group(1)
        r = c.post("/aceptar", data={"csrf": app.state.csrf, "carga": carga, "base": ""})
        assert r.status_code == 200, r.text
    guardado = json.loads((ws / "documentos/LGT_Art_70_Fr_V/2026-T1.json").read_text("utf-8"))
    assert guardado["registros"] == entorno.cargar(xlsx).a_json()["registros"]
