"""Columnas del sobre por registro (issues 9 y 10): en el SIPOT Ejercicio, fechas del periodo,
área, fechas de actualización/validación y Nota son columnas de cada fila. Una carga con filas
distintas valida, cada registro conserva sus valores al exportar y las reglas de fechas se
revisan con los valores de cada registro, ubicadas en su registro y celda."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

import openpyxl
import pytest
from conftest import EJEMPLOS, RAIZ, ejecutar_tfmt, hallazgos_de_validar

SHARED = RAIZ.parent / "shared"
P45C = SHARED / "sipot_raw/h1/jos001dc+portal__F43Ctransparencia2025.xlsx"
con_45c = pytest.mark.skipif(not P45C.exists(), reason="sin ../shared/sipot_raw")


def _filas_45c() -> list[dict[str, str]]:
    """Lo que dice cada fila de la descarga real, leído con openpyxl (no con tfmt)."""
    hoja = openpyxl.load_workbook(P45C, read_only=True)["Informacion"]
    filas = list(hoja.iter_rows(min_row=7, values_only=True))
    titulos = [str(t or "") for t in filas[0]]
    return [
        {titulos[j]: str(v or "") for j, v in enumerate(f) if j < len(titulos)}
        for f in filas[1:]
        if f and f[0] not in (None, "")
    ]


def _iso(ddmmaaaa: str) -> str:
    return dt.datetime.strptime(ddmmaaaa, "%d/%m/%Y").date().isoformat()


@con_45c
def test_descarga_45c_valida_y_cada_registro_conserva_su_sobre(tmp_path):
    filas = _filas_45c()
    assert len(filas) == 16
    assert len({f["Ejercicio"] for f in filas}) == 3  # la prueba tiene sentido
    assert len({f["Fecha de actualización"] for f in filas}) == 5
    r = ejecutar_tfmt("validar", P45C)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "válido (16 registros)" in r.stdout and "valor-comun-distinto" not in r.stdout

    r = ejecutar_tfmt("exportar", P45C, "--a", "json", "-o", tmp_path / "d.json")
    assert r.returncode == 0, r.stderr
    datos = json.loads((tmp_path / "d.json").read_text("utf-8"))
    assert len(datos["registros"]) == 16
    for fila, reg in zip(filas, datos["registros"], strict=True):
        efectivo = {
            k: reg.get(k, datos.get(k)) for k in ("ejercicio", "periodo", "fecha_actualizacion")
        }
        assert efectivo["ejercicio"] == int(fila["Ejercicio"])
        assert efectivo["periodo"] == {
            "inicio": _iso(fila["Fecha de inicio del periodo que se informa"]),
            "termino": _iso(fila["Fecha de término del periodo que se informa"]),
        }
        assert efectivo["fecha_actualizacion"] == _iso(fila["Fecha de actualización"])
    # Sólo los registros que difieren del documento traen sus claves.
    assert any("ejercicio" not in reg for reg in datos["registros"])
    # El JSON escrito vuelve a validar tal cual (las claves por registro son del formato).
    r = ejecutar_tfmt("validar", tmp_path / "d.json")
    assert r.returncode == 0, r.stdout + r.stderr


def _doc_fr_v(entorno):
    return entorno.cargar(EJEMPLOS / "LGT_Art_70_Fr_V.json")


def test_json_con_sobre_por_registro_valida_y_la_vista_usa_el_del_registro(entorno):
    doc = _doc_fr_v(entorno)
    datos = copy.deepcopy(doc.datos)
    reg = datos["registros"][1]
    reg["ejercicio"] = datos["ejercicio"] - 1
    reg["periodo"] = {"inicio": f"{reg['ejercicio']}-10-01", "termino": f"{reg['ejercicio']}-12-31"}
    reg["area_responsable"] = "Tesorería Municipal"
    reg["fecha_actualizacion"] = f"{datos['ejercicio']}-01-15"
    from transparencia_fmt.documento import documento_desde_dict

    otro = documento_desde_dict(datos, entorno.catalogo)
    informe = entorno.validar(otro)
    assert informe.valido, [e.texto() for e in informe]
    assert not [e for e in informe if e.codigo == "columna-desconocida"]
    tabla = otro.tabla()
    filas = list(tabla.filas)
    col = {t: j for j, t in enumerate(tabla.columnas)}
    area = next(c.titulo for c in otro.formato.columnas if c.clave == "area_responsable")
    assert filas[1][col["Ejercicio"]] == str(reg["ejercicio"])
    assert (
        filas[1][col["Fecha de inicio del periodo que se informa"]] == f"01/10/{reg['ejercicio']}"
    )
    assert filas[1][col[area]] == "Tesorería Municipal"
    assert filas[0][col["Ejercicio"]] == str(datos["ejercicio"])
    assert filas[0][col[area]] == datos["area_responsable"]


def test_fecha_de_un_registro_fuera_de_su_ejercicio_un_hallazgo_ubicado(entorno):
    doc = _doc_fr_v(entorno)
    datos = copy.deepcopy(doc.datos)
    ej = datos["ejercicio"]
    datos["registros"][2]["ejercicio"] = ej - 1
    datos["registros"][2]["periodo"] = {"inicio": f"{ej - 1}-01-01", "termino": f"{ej}-03-31"}
    from transparencia_fmt.documento import documento_desde_dict

    informe = entorno.validar(documento_desde_dict(datos, entorno.catalogo))
    assert len(informe.hallazgos) == 1, [e.texto() for e in informe]
    (err,) = informe.hallazgos
    assert err.codigo == "fecha-fuera-del-ejercicio" and err.registro == 3
    assert err.columna == "Fecha de término del periodo que se informa"
    assert err.valor == f"{ej}-03-31"


def test_fecha_invalida_de_un_registro_se_dice_en_su_registro(entorno):
    datos = copy.deepcopy(_doc_fr_v(entorno).datos)
    datos["registros"][0]["fecha_actualizacion"] = "2026-02-30"
    from transparencia_fmt.documento import documento_desde_dict

    informe = entorno.validar(documento_desde_dict(datos, entorno.catalogo))
    assert [(e.codigo, e.registro, e.columna) for e in informe.hallazgos] == [
        ("fecha-invalida", 1, "Fecha de actualización")
    ]


def _plantilla_fr_v_dos_areas_dos_periodos(entorno, tmp_path):
    """La plantilla XLSX de Fr. V llena como en Excel: tres filas, dos áreas y dos trimestres."""
    r = ejecutar_tfmt("plantilla", "LGT_Art_70_Fr_V", "--a", "xlsx", "-o", "p.xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    doc = _doc_fr_v(entorno)
    tabla = doc.tabla(iso=True)
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx")
    hoja = wb["Reporte de Formatos"]
    encabezados = [c.value for c in hoja[7]]
    base = next(iter(tabla.filas))
    esperado = []
    for i, (area, trimestre, actualizada) in enumerate(
        [
            ("Dirección de Comunicación Social", 1, dt.datetime(2026, 4, 15)),
            ("Tesorería Municipal", 1, dt.datetime(2026, 4, 20)),
            ("Tesorería Municipal", 2, dt.datetime(2026, 7, 10)),
        ]
    ):
        inicio = dt.datetime(2026, 3 * trimestre - 2, 1)
        termino = dt.datetime(2026, 3 * trimestre, 31 if trimestre == 1 else 30)
        for j, (tipo, texto) in enumerate(zip(tabla.tipos, base, strict=True), start=1):
            titulo = encabezados[j - 1].strip()
            valor: object = texto or None
            if titulo == "Ejercicio":
                valor = 2026
            elif titulo.startswith("Fecha de inicio del periodo"):
                valor = inicio
            elif titulo.startswith("Fecha de término del periodo"):
                valor = termino
            elif titulo.startswith("Área(s) responsable(s)"):
                valor = area
            elif titulo == "Fecha de actualización":
                valor = actualizada
            elif tipo in ("numero", "entero") and texto:
                valor = float(texto) if "." in texto else int(texto)
            celda = hoja.cell(8 + i, j, valor)
            if isinstance(valor, dt.datetime):
                celda.number_format = "dd/mm/yyyy"
        esperado.append(
            (area, f"{inicio:%d/%m/%Y}", f"{termino:%d/%m/%Y}", f"{actualizada:%d/%m/%Y}")
        )
    wb.save(tmp_path / "lleno.xlsx")
    return esperado


def test_plantilla_con_dos_areas_y_dos_periodos_valida(entorno, tmp_path):
    esperado = _plantilla_fr_v_dos_areas_dos_periodos(entorno, tmp_path)
    r = ejecutar_tfmt("validar", "lleno.xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("lleno.xlsx: válido (3 registros)")
    doc = entorno.cargar(tmp_path / "lleno.xlsx")
    tabla = doc.tabla()
    col = {t: j for j, t in enumerate(tabla.columnas)}
    area = next(t for t in tabla.columnas if t.startswith("Área(s) responsable(s)"))
    vistos = [
        (
            f[col[area]],
            f[col["Fecha de inicio del periodo que se informa"]],
            f[col["Fecha de término del periodo que se informa"]],
            f[col["Fecha de actualización"]],
        )
        for f in tabla.filas
    ]
    assert vistos == esperado


def test_celda_de_un_registro_fuera_de_su_ejercicio_nombra_la_celda(entorno, tmp_path):
    _plantilla_fr_v_dos_areas_dos_periodos(entorno, tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "lleno.xlsx")
    hoja = wb["Reporte de Formatos"]
    hoja["C9"] = dt.datetime(2027, 3, 31)  # la segunda fila termina fuera de su ejercicio
    hoja["C9"].number_format = "dd/mm/yyyy"
    wb.save(tmp_path / "malo.xlsx")
    hallazgos = hallazgos_de_validar("malo.xlsx", cwd=tmp_path)
    assert len(hallazgos) == 1, hallazgos
    (h,) = hallazgos
    assert (h["codigo"], h["registro"], h["valor"]) == (
        "fecha-fuera-del-ejercicio",
        2,
        "2027-03-31",
    )
    assert h["columna"] == "Fecha de término del periodo que se informa"
    assert "celda C9" in h["mensaje"]
    r = ejecutar_tfmt("validar", "malo.xlsx", cwd=tmp_path)
    assert r.stdout.splitlines()[-1].startswith("malo.xlsx: NO válido: 1 error, 0 advertencias")


@con_45c
def test_actualizar_con_varios_periodos_no_guarda_uno_solo(tmp_path):
    r = ejecutar_tfmt("iniciar", "esp", "--nombre", "Ayuntamiento de Mazamitla", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = ejecutar_tfmt(
        "actualizar", "LGT_Art_70_Fr_XLV_c", "--periodo", "2024", "--datos", P45C,
        "--espacio", "esp", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 1, r.stdout + r.stderr
    assert "trae registros de 3 periodos" in r.stderr and "no se guardó nada" in r.stderr
    assert "quite --periodo" in r.stderr
    assert "Traceback" not in r.stderr
    assert not list((tmp_path / "esp/documentos").rglob("*.json"))


def _normal(valor) -> str:
    """Una celda de XLSX como texto ISO (fechas) o tal cual."""
    if isinstance(valor, dt.datetime):
        return valor.date().isoformat()
    if isinstance(valor, dt.date):
        return valor.isoformat()
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    return "" if valor is None else str(valor)


@con_45c
def test_descarga_45c_se_exporta_sin_forzar_con_el_sobre_de_cada_registro(tmp_path):
    """Issue 9: la descarga real de 45c (tres ejercicios, cinco fechas de actualización) sale
    en PDF, DOCX, CSV y XLSX sin --forzar, cada registro con su Ejercicio, periodo y fecha."""
    import csv

    from docx import Document as LeerDocx
    from pypdf import PdfReader

    filas = _filas_45c()
    claves = (
        "Ejercicio",
        "Fecha de inicio del periodo que se informa",
        "Fecha de término del periodo que se informa",
        "Fecha de actualización",
    )
    esperado_mx = [tuple(f[k] for k in claves) for f in filas]
    esperado_iso = [(e[0], *(_iso(x) for x in e[1:])) for e in esperado_mx]
    r = ejecutar_tfmt(
        "exportar", P45C, "--a", "pdf", "--a", "docx", "--a", "csv", "--a", "xlsx", "-o", "pub/",
        cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    base = tmp_path / "pub" / P45C.stem

    with open(f"{base}.csv", encoding="utf-8", newline="") as f:
        tabla = list(csv.reader(f))
    pos = [tabla[0].index(k) for k in claves]
    assert [tuple(f[p] for p in pos) for f in tabla[1:]] == esperado_iso

    hoja = openpyxl.load_workbook(f"{base}.xlsx")["Reporte de Formatos"]
    encabezados = [str(c.value or "").strip() for c in hoja[7]]
    pos = [encabezados.index(k) for k in claves]
    leidas = [
        tuple(_normal(f[p]) for p in pos)
        for f in hoja.iter_rows(min_row=8, values_only=True)
        if f[0] not in (None, "")
    ]
    assert leidas == esperado_iso

    docx = LeerDocx(f"{base}.docx")
    filas_docx = []
    for t in docx.tables:
        for fila in t.rows:
            celdas = [c.text for c in fila.cells]
            if celdas and celdas[0] in ("2023", "2024", "2025"):
                filas_docx.append(tuple(celdas[:3]))
    assert filas_docx == [e[:3] for e in esperado_mx]
    generales = "\n".join(p.text for p in docx.paragraphs)
    assert "Ejercicios: 2023–2025" in generales
    assert "del 01/01/2023 al 31/12/2025 (3 periodos)" in generales
    # Fechas de la tabla en orden: inicio, término y actualización de cada registro.
    fechas = [f for e in esperado_mx for f in e[1:]]
    texto_docx = " ".join(c.text for f in docx.tables[0].rows for c in f.cells)
    assert re.findall(r"\d\d/\d\d/\d{4}", texto_docx) == fechas
    pdf = " ".join(p.extract_text() for p in PdfReader(f"{base}.pdf").pages)
    pdf = " ".join(pdf.split())
    assert "Ejercicios: 2023–2025" in pdf
    assert "Ejercicio: 2024" not in pdf  # el encabezado no dice un solo ejercicio
    cuerpo = pdf[pdf.index("Registros") :]
    for fila in esperado_mx:
        assert " ".join(fila[:3]) in cuerpo
    # Sin el pie de cada página (que dice el rango de periodos), las fechas de la tabla.
    cuerpo = cuerpo.replace("Periodos que se informan: del 01/01/2023 al 31/12/2025", "")
    assert re.findall(r"\d\d/\d\d/\d{4}", cuerpo) == fechas


def test_plantilla_con_dos_areas_y_dos_periodos_se_exporta_con_los_de_cada_fila(entorno, tmp_path):
    """Issue 10: la ida y vuelta XLSX → tfmt → XLSX/CSV conserva el área y periodo de cada fila."""
    import csv

    esperado = _plantilla_fr_v_dos_areas_dos_periodos(entorno, tmp_path)
    r = ejecutar_tfmt(
        "exportar", "lleno.xlsx", "--a", "csv-excel", "--a", "xlsx", "--a", "pdf", "-o", "pub/",
        cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "pub/lleno.csv-excel.csv", encoding="utf-8-sig", newline="") as f:
        tabla = list(csv.reader(f))
    area = next(t for t in tabla[0] if t.startswith("Área(s) responsable(s)"))
    claves = (
        area,
        "Fecha de inicio del periodo que se informa",
        "Fecha de término del periodo que se informa",
        "Fecha de actualización",
    )
    pos = [tabla[0].index(k) for k in claves]
    assert [tuple(f[p] for p in pos) for f in tabla[1:]] == esperado

    original = openpyxl.load_workbook(tmp_path / "lleno.xlsx")["Reporte de Formatos"]
    vuelta = openpyxl.load_workbook(tmp_path / "pub/lleno.xlsx")["Reporte de Formatos"]
    leer = lambda hoja: [  # noqa: E731
        tuple(_normal(v) for v in f)
        for f in hoja.iter_rows(min_row=8, max_row=10, values_only=True)
    ]
    assert leer(vuelta) == leer(original)
    # Y la vuelta valida igual, con el mismo JSON que la plantilla llena.
    assert (
        entorno.cargar(tmp_path / "pub/lleno.xlsx").a_json()["registros"]
        == (entorno.cargar(tmp_path / "lleno.xlsx").a_json()["registros"])
    )
    from pypdf import PdfReader

    pdf = " ".join(
        " ".join(p.extract_text() for p in PdfReader(tmp_path / "pub/lleno.pdf").pages).split()
    )
    # Primero la del documento (la más frecuente), luego las propias de los registros.
    assert "Áreas responsables: Tesorería Municipal; Dirección de Comunicación Social" in pdf
    assert "Periodos: del 01/01/2026 al 30/06/2026 (2 periodos)" in pdf


@con_45c
def test_actualizar_sin_periodo_guarda_un_documento_por_periodo(tmp_path):
    """Una descarga de la PNT con tres ejercicios se guarda como tres documentos (uno por
    periodo), cada registro en el suyo con sus valores, y cada uno con su historial."""
    filas = _filas_45c()
    r = ejecutar_tfmt("iniciar", "esp", "--nombre", "Ayuntamiento de Mazamitla", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = ejecutar_tfmt(
        "actualizar", "LGT_Art_70_Fr_XLV_c", "--datos", P45C, "--espacio", "esp", cwd=tmp_path
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "trae registros de 3 periodos: se guardó un documento por periodo" in r.stdout
    carpeta = tmp_path / "esp/documentos/LGT_Art_70_Fr_XLV_c"
    assert sorted(p.name for p in carpeta.glob("*.json")) == [
        "2023-anual.json",
        "2024-anual.json",
        "2025-anual.json",
    ]
    for anio in ("2023", "2024", "2025"):
        datos = json.loads((carpeta / f"{anio}-anual.json").read_text("utf-8"))
        suyas = [f for f in filas if f["Ejercicio"] == anio]
        linea = f"{anio}-anual.json (periodo {anio}-anual, {len(suyas)} registros)"
        assert f"Guardado: documentos/LGT_Art_70_Fr_XLV_c/{linea}" in r.stdout.replace("\\", "/")
        assert datos["ejercicio"] == int(anio)
        assert datos["periodo"] == {"inicio": f"{anio}-01-01", "termino": f"{anio}-12-31"}
        assert len(datos["registros"]) == len(suyas)
        for fila, reg in zip(suyas, datos["registros"], strict=True):
            assert "ejercicio" not in reg and "periodo" not in reg
            assert reg.get("fecha_actualizacion", datos["fecha_actualizacion"]) == _iso(
                fila["Fecha de actualización"]
            )
            assert reg.get("nota", datos["nota"]) == fila["Nota"]
            assert reg["hipervinculo_documentos"] == fila["Hipervínculo a los documentos"]
        r2 = ejecutar_tfmt("validar", carpeta / f"{anio}-anual.json")
        assert r2.returncode == 0, r2.stdout
    assert not (tmp_path / "esp/historial").exists() or not list(
        (tmp_path / "esp/historial").rglob("*.json")
    )

    # La misma descarga con una fila de 2025 cambiada: sólo 2025 guarda versión anterior.
    wb = openpyxl.load_workbook(P45C)
    hoja = wb["Informacion"]
    ultima = max(i for i, f in enumerate(hoja.iter_rows(values_only=True), 1) if f[0])
    assert str(hoja.cell(ultima, 1).value) == "2025"
    hoja.cell(ultima, 9).value = "Nota corregida por el área."
    wb.save(tmp_path / "corregida.xlsx")
    r = ejecutar_tfmt(
        "actualizar", "LGT_Art_70_Fr_XLV_c", "--datos", "corregida.xlsx", "--espacio", "esp",
        cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    historial = tmp_path / "esp/historial/LGT_Art_70_Fr_XLV_c"
    assert [p.parent.name for p in historial.rglob("*.json")] == ["2025-anual"]
    datos = json.loads((carpeta / "2025-anual.json").read_text("utf-8"))
    assert datos["registros"][-1].get("nota", datos["nota"]) == "Nota corregida por el área."


@con_45c
def test_descarga_45c_ida_y_vuelta_csv_y_xlsx_conserva_cada_registro(tmp_path, entorno):
    """XLSX → tfmt → CSV (los dos perfiles) y XLSX → tfmt: el mismo JSON, registro a registro."""
    r = ejecutar_tfmt(
        "exportar", P45C, "--a", "csv", "--a", "csv-excel", "--a", "xlsx", "-o", "rt/",
        cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    original = entorno.cargar(P45C).a_json()
    base = tmp_path / "rt" / P45C.stem
    for vuelta in (f"{base}.csv", f"{base}.csv-excel.csv", f"{base}.xlsx"):
        leido = entorno.cargar(vuelta).a_json()
        assert leido["registros"] == original["registros"], vuelta
        for clave in ("ejercicio", "periodo", "area_responsable", "fecha_actualizacion", "nota"):
            assert leido.get(clave) == original.get(clave), (vuelta, clave)


def test_encabezado_con_el_periodo_de_los_registros_aunque_todos_traigan_otro(entorno):
    """Si todos los registros traen el mismo periodo propio, el encabezado dice ése, no el del
    sobre que ningún registro usa."""
    from transparencia_fmt.composicion import componer
    from transparencia_fmt.documento import documento_desde_dict

    datos = copy.deepcopy(_doc_fr_v(entorno).datos)
    for reg in datos["registros"]:
        reg["periodo"] = {"inicio": "2026-04-01", "termino": "2026-06-30"}
    comp = componer(documento_desde_dict(datos, entorno.catalogo))
    textos = [getattr(b, "texto", "") for b in comp.bloques]
    assert "del 01/04/2026 al 30/06/2026" in textos
    assert "del 01/01/2026 al 31/03/2026" not in " ".join(textos) + comp.pie_pagina
    assert "01/04/2026" in comp.pie_pagina


def test_actualizar_sin_periodo_con_fechas_que_no_son_un_periodo_no_guarda(entorno, tmp_path):
    datos = copy.deepcopy(_doc_fr_v(entorno).datos)
    datos["registros"][0]["periodo"] = {"inicio": "2026-02-01", "termino": "2026-03-15"}
    (tmp_path / "raro.json").write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    assert ejecutar_tfmt("iniciar", "esp", "--nombre", "Mazamitla", cwd=tmp_path).returncode == 0
    r = ejecutar_tfmt(
        "actualizar", "LGT_Art_70_Fr_V", "--datos", "raro.json", "--espacio", "esp", cwd=tmp_path
    )
    assert r.returncode == 1, r.stdout + r.stderr
    assert "del 01/02/2026 al 15/03/2026" in r.stderr and "No se guardó nada" in r.stderr
    assert "Traceback" not in r.stderr
    assert not list((tmp_path / "esp/documentos").rglob("*.json"))
