"""`tfmt comparar` y la prueba de fondo: cada libro real de ../shared/sipot_raw/ y cada
plantilla de las dos referencias coincide con su esquema (encabezados letra por letra, tipos,
catálogos y su orden, tablas secundarias, ids), salvo diferencias registradas con su motivo."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from conftest import RAIZ, ejecutar_tfmt

from transparencia_fmt.comparacion import (
    Campo,
    Plantilla,
    comparar,
    formato_de_plantilla,
    leer_plantilla,
)

SHARED = RAIZ.parent / "shared"
LIBROS = sorted((SHARED / "sipot_raw").rglob("*.xlsx"))
REF = SHARED / "referencia"
P45C = SHARED / "sipot_raw/h1/jos001dc+portal__F43Ctransparencia2025.xlsx"


def _esperado_por_archivo() -> dict[str, str]:
    """Archivo → id nacional según la referencia 2025 (y la configuración de la 1.ª tanda)."""
    esperado = {}
    if (REF / "plantillas_sipot_2025.json").exists():
        for p in json.loads((REF / "plantillas_sipot_2025.json").read_text("utf-8")):
            orden = p.get("orden_en_el_inciso")
            fid = p["formato_nacional"] + (f"_{orden}" if orden and int(orden) > 1 else "")
            esperado[p["fuente"]["path"].rsplit("/", 1)[-1]] = fid
    return esperado


@pytest.mark.skipif(not LIBROS, reason="sin ../shared/sipot_raw")
@pytest.mark.parametrize("ruta", LIBROS, ids=lambda r: f"{r.parent.name}/{r.name[:40]}")
def test_cada_libro_real_coincide_con_su_esquema(catalogo, ruta):
    plantilla = leer_plantilla(ruta)
    formato = formato_de_plantilla(catalogo, plantilla)
    assert formato is not None, f"{ruta.name}: {plantilla.nombre_corto} sin formato"
    nombre = ruta.name.split("__", 1)[-1]
    esperado = _esperado_por_archivo().get(nombre)
    if esperado:
        assert formato.id == esperado
    difs = comparar(formato, plantilla)
    assert [d.texto() for d in difs if not d.motivo] == []
    assert all(len(d.motivo) > 20 for d in difs), "cada diferencia registrada dice su motivo"


def _plantilla_de_referencia(p: dict) -> Plantilla:
    def campo(c: dict) -> Campo:
        partes = c["header"].split("\n")
        cat = tuple(c["catalog"][1]) if c.get("catalog") and c["catalog"][1] else None
        tipo = int(c["type"]) if str(c["type"]).isdigit() else None
        hoja = partes[1].strip() if tipo == 10 and len(partes) > 1 else None
        return Campo(partes[0], tipo, str(c.get("id") or ""), cat, hoja)

    tablas = p.get("tables") or {}
    if isinstance(tablas, list):
        tablas = {t["sheet"]: t["fields"] for t in tablas}
    return Plantilla(
        ruta=Path(p.get("file", "")),
        hoja="Reporte de Formatos",
        id_formato=str(p["format_id"]),
        titulo=p["title"],
        nombre_corto=p["short"].strip(),
        campos=tuple(campo(c) for c in p["fields"]),
        tablas={
            h: tuple(campo(c) for c in cs if c["type"] not in ("ID", None))
            for h, cs in tablas.items()
        },
    )


def _referencias() -> list[dict]:
    salida = []
    for nombre in ("plantillas_sipot.json", "plantillas_sipot_2025.json"):
        if (REF / nombre).exists():
            salida += json.loads((REF / nombre).read_text("utf-8"))
    return salida


@pytest.mark.skipif(not _referencias(), reason="sin ../shared/referencia")
@pytest.mark.parametrize("entrada", _referencias(), ids=lambda p: f"{p['format_id']}")
def test_cada_plantilla_de_referencia_coincide(catalogo, entrada):
    plantilla = _plantilla_de_referencia(entrada)
    formato = formato_de_plantilla(catalogo, plantilla)
    assert formato is not None, entrada["short"]
    assert [d.texto() for d in comparar(formato, plantilla) if not d.motivo] == []


@pytest.mark.skipif(not P45C.exists(), reason="sin ../shared/sipot_raw")
def test_tfmt_comparar_descarga_pnt_45c():
    """La descarga de la PNT de 45c (hoja «Informacion», tipo e id corridos una columna) se
    reconoce y coincide con el catálogo."""
    r = ejecutar_tfmt("comparar", P45C)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "LGT_Art_70_Fr_XLV_c" in r.stdout and "descarga de la PNT" in r.stdout
    assert "Iguales" in r.stdout
    datos = json.loads(ejecutar_tfmt("comparar", P45C, "--json").stdout)
    assert datos["iguales"] and datos["nombre_corto"] == "45c LGT_Art_70_Fr_XLV"


def test_tfmt_comparar_dice_cada_diferencia(tmp_path):
    """Una plantilla con un encabezado cambiado (un espacio final menos), un tipo distinto y
    un valor de catálogo de más: salida 1, cada diferencia con su columna."""
    plantilla = tmp_path / "p.xlsx"
    assert (
        ejecutar_tfmt("plantilla", "LGT_Art_70_Fr_IX", "--a", "xlsx", "-o", plantilla).returncode
        == 0
    )
    r = ejecutar_tfmt("comparar", plantilla)
    assert r.returncode == 0, r.stdout
    wb = openpyxl.load_workbook(plantilla)
    ws = wb["Reporte de Formatos"]
    fila = [c.value for c in ws[7]]
    j = fila.index("Nombre(s) ") + 1
    ws.cell(7, j).value = "Nombre(s)"
    ws.cell(4, j + 1).value = "2"
    wb["Hidden_1"].append(["Valor nuevo"])
    wb.save(plantilla)
    r = ejecutar_tfmt("comparar", plantilla)
    assert r.returncode == 1
    assert "columna «Nombre(s)»: encabezado" in r.stdout
    assert "tipo" in r.stdout and "catalogo" in r.stdout
    datos = json.loads(ejecutar_tfmt("comparar", plantilla, "--json").stdout)
    assert {d["aspecto"] for d in datos["diferencias"]} == {"encabezado", "tipo", "catalogo"}


def test_tfmt_comparar_formato_fuera_del_catalogo(tmp_path):
    """Un libro que declara un formato que no está: error que nombra id y nombre corto leídos
    y los formatos más parecidos."""
    plantilla = tmp_path / "p.xlsx"
    ejecutar_tfmt("plantilla", "LGT_Art_70_Fr_XXIX", "--a", "xlsx", "-o", plantilla)
    wb = openpyxl.load_workbook(plantilla)
    ws = wb["Reporte de Formatos"]
    ws["A1"], ws["D3"] = "99999", "47a LGT_Art_70_Fr_XLVII"
    wb.save(plantilla)
    r = ejecutar_tfmt("comparar", plantilla)
    assert r.returncode == 1
    assert "99999" in r.stderr and "47a LGT_Art_70_Fr_XLVII" in r.stderr
    assert "no está en el catálogo" in r.stderr and "LGT_Art_70_Fr_XXIX" in r.stderr
