"""XLSX del SIPOT y de la PNT, CSV de Excel y de la PNT: se reconoce el formato, llega cada
registro y cada fila secundaria, y cada valor que no se convierte se reporta con su lugar.

Los archivos los arman las pruebas con openpyxl siguiendo el diseño de formatos_ltg.md §4 y
§5, no con nuestro exportador. El sujeto obligado no existe en el diseño del SIPOT: nuestro
exportador lo guarda en una propiedad del libro; en plantillas llenadas a mano queda "" y
el documento es válido igual (el sujeto obligado no hace falta para validar).
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import pytest
from conftest import como_excel, python_limpio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from transparencia_fmt.importadores.xlsx_sipot import ImportadorXLSX

from transparencia_fmt import ErrorDeDatos
from transparencia_fmt.documento import documento_desde_dict
from transparencia_fmt.libro_sipot import hoja_tabla
from transparencia_fmt.tabla_a_documento import clave_titulo

RAIZ = Path(__file__).resolve().parents[1]
EJEMPLOS = RAIZ / "ejemplos"
F23B = "LGT_Art_70_Fr_XXIII_b"


def _sin_sujeto(datos: dict) -> dict:
    return {k: v for k, v in datos.items() if k != "sujeto_obligado"}


def _sin_vacios(valor):
    """Una celda vacía no distingue "" de «sin valor»: se comparan sin los ""."""
    if isinstance(valor, dict):
        return {k: _sin_vacios(v) for k, v in valor.items() if k == "nota" or v != ""}
    if isinstance(valor, list):
        return [_sin_vacios(v) for v in valor]
    return valor


def _pnt(titulo: str, tabla: str | None = None) -> str:
    """Encabezado como lo da la PNT: mayúsculas, comas → doble espacio, signos → espacio."""
    t = titulo.upper().replace(",", "  ").replace("(", " ").replace(")", " ").replace("/", " ")
    return f"{t} (Tabla_{tabla})" if tabla else t


# -- armado de archivos en cada diseño --------------------------------------------------
def _sipot(doc, ruta: Path, enlace=lambda n: 100 + n) -> None:
    """Plantilla de carga masiva del SIPOT llena (sin propiedades de nuestro exportador)."""
    f = doc.formato
    tabla = doc.tabla(iso=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Reporte de Formatos"
    ws.append([f.esquema["x-formato"]["sipot"]["id_formato"]])
    ws.append(["TÍTULO", None, None, "NOMBRE CORTO", None, None, "DESCRIPCIÓN"])
    ws.append([f.titulo, None, None, f.nombre_corto, None, None, f.descripcion])
    cols = {c.titulo: c for c in f.columnas}
    ws.append([str(cols[t].sipot_tipo or 2) for t in tabla.columnas])
    ws.append([str(cols[t].sipot_id or "") for t in tabla.columnas])
    ws.append(["Tabla Campos"])
    ws.append(
        [
            f"{t} \nTabla_{cols[t].sipot_id}" if cols[t].tipo == "tabla" else t
            for t in tabla.columnas
        ]
    )
    for fila in tabla.filas:
        valores = [como_excel(tp, v) for tp, v in zip(tabla.tipos, fila, strict=True)]
        valores = [
            enlace(v) if tp == "tabla" and v is not None else v
            for tp, v in zip(tabla.tipos, valores, strict=True)
        ]
        ws.append(valores)
    for sec in doc.tablas_secundarias(iso=True):
        hoja = wb.create_sheet(sec.sipot_tabla)
        hoja.append([None, *["1"] * (len(sec.columnas) - 1)])
        hoja.append([None, *["0"] * (len(sec.columnas) - 1)])
        hoja.append(list(sec.columnas))
        for fila in sec.filas:
            valores = [como_excel(tp, v) for tp, v in zip(sec.tipos, fila, strict=True)]
            hoja.append([enlace(int(fila[0])), *valores[1:]])
    oculta = wb.create_sheet("Hidden_1")
    oculta.append(["Contratante"])
    wb.save(ruta)


def _pnt_xlsx(doc, ruta: Path, mutar=None) -> list[int]:
    """Descarga de la PNT: hoja «Información» con metadatos, encabezados en la fila 6."""
    f = doc.formato
    tabla = doc.tabla(iso=True)
    cols = {c.titulo: c for c in f.columnas}
    ids = [4120001 + i for i in range(len(tabla.filas))]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Información"
    ws.append(["Nombre del Sujeto Obligado:", "Ayuntamiento de Mazamitla"])
    ws.append(["Normativa:", "LGTAIP_LTG_2018"])
    ws.append(["Formato:", f.titulo])
    ws.append(["Periodo:", "1er trimestre"])
    ws.append([])
    ws.append(
        ["ID", "FECHA CREACION", "FECHA MODIFICACION"]
        + [_pnt(t, cols[t].sipot_id if cols[t].tipo == "tabla" else None) for t in tabla.columnas]
    )
    creado = dt.datetime(2026, 4, 20, 10, 30)
    for i, fila in zip(ids, tabla.filas, strict=True):
        valores = []
        for tp, v in zip(tabla.tipos, fila, strict=True):
            if tp == "tabla":
                valores.append(i if v else None)
            elif tp == "moneda" and v:
                valores.append(f"${float(v):,.2f}")  # montos como texto, con miles
            else:
                valores.append(como_excel(tp, v))
        ws.append([i, creado, creado, *valores])
    for sec in doc.tablas_secundarias(iso=True):
        hoja = wb.create_sheet(sec.sipot_tabla)
        hoja.append(["Información relacionada a:", sec.nombre])
        hoja.append([])
        hoja.append(["ID", "FECHA CREACION", "FECHA MODIFICACION", *map(_pnt, sec.columnas[1:])])
        for fila in sec.filas:
            valores = [como_excel(tp, v) for tp, v in zip(sec.tipos, fila, strict=True)]
            hoja.append([ids[int(fila[0]) - 1], creado, creado, *valores[1:]])
    wb.create_sheet("Hidden_1").append(["Contratante"])
    if mutar:
        mutar(wb)
    wb.save(ruta)
    return ids


@pytest.fixture
def doc23b(ejemplo):
    return ejemplo(F23B)


# -- reconocimiento de encabezados ------------------------------------------------------
@pytest.mark.parametrize(
    "encabezado",
    [
        "Respecto al contrato y los montos \nTabla_393952",
        "RESPECTO AL CONTRATO Y LOS MONTOS (Tabla_393952)",
        "respecto  al contrato, y los   montos",
    ],
)
def test_encabezado_de_tabla_secundaria(encabezado):
    assert clave_titulo(encabezado) == clave_titulo("Respecto al contrato y los montos")


# -- plantilla del SIPOT ----------------------------------------------------------------
def test_plantilla_sipot_llena_a_mano(entorno, doc23b, tmp_path):
    """Diseño SIPOT: formato por id (A1), registros y filas secundarias enlazadas por el
    número de la celda (101, 102… no el número de registro)."""
    ruta = tmp_path / "sipot.xlsx"
    _sipot(doc23b, ruta)
    leido = entorno.cargar(ruta)
    assert leido.formato.id == F23B
    assert leido.hallazgos == []
    assert leido.datos["sujeto_obligado"] == ""  # el SIPOT no lo lleva
    assert _sin_sujeto(leido.datos) == _sin_sujeto(doc23b.datos)
    informe = entorno.validar(leido)
    # El sujeto obligado no hace falta para validar los registros (issue 10, punto 1).
    assert informe.valido and informe.errores == (), [e.texto() for e in informe.errores]


def test_plantilla_sipot_reconocida_por_encabezados(entorno, doc23b, tmp_path):
    """Sin id ni nombre corto, el formato sale de los encabezados de la fila 7."""
    ruta = tmp_path / "sin_id.xlsx"
    _sipot(doc23b, ruta)
    wb = openpyxl.load_workbook(ruta)
    ws = wb["Reporte de Formatos"]
    ws["A1"], ws["D3"], ws["A3"] = None, None, None
    wb.save(ruta)
    leido = entorno.cargar(ruta)
    assert leido.formato.id == F23B
    assert len(leido.registros) == len(doc23b.registros)


def test_fila_secundaria_con_id_sin_registro(entorno, doc23b, tmp_path):
    ruta = tmp_path / "huerfana.xlsx"
    _sipot(doc23b, ruta)
    wb = openpyxl.load_workbook(ruta)
    wb["Tabla_393952"].append([999, dt.date(2026, 1, 1), "X-1"])
    wb.save(ruta)
    leido = entorno.cargar(ruta)
    (h,) = [h for h in leido.hallazgos if h.codigo == "id-sin-registro"]
    fila = 4 + sum(len(r["contrato_montos"]) for r in doc23b.registros)
    assert (h.hoja, h.fila, h.columna, h.valor) == ("Tabla_393952", fila, "ID", "999")


# -- descarga de la PNT -----------------------------------------------------------------
def _nd_en_fecha(wb):
    ws = wb["Información"]
    encabezados = [c.value for c in ws[6]]
    col = encabezados.index(_pnt("Fecha de inicio de la campaña o aviso institucional")) + 1
    ws.cell(8, col).value = "N/D"  # registro 2
    sec = wb["Tabla_393952"]
    col = [c.value for c in sec[3]].index(_pnt("Monto total del contrato")) + 1
    sec.cell(5, col).value = "N/D"


def test_descarga_pnt_con_tablas_secundarias(entorno, doc23b, tmp_path):
    """Encabezados en mayúsculas sin signos, montos como texto, fechas reales, tablas en
    hojas Tabla_<id> enlazadas por el ID; cada «N/D» se reporta con hoja, fila y columna."""
    ruta = tmp_path / "pnt.xlsx"
    _pnt_xlsx(doc23b, ruta, mutar=_nd_en_fecha)
    leido = entorno.cargar(ruta)
    assert leido.formato.id == F23B
    assert leido.datos["sujeto_obligado"] == "Ayuntamiento de Mazamitla"
    esperado = copy.deepcopy(doc23b.registros)
    esperado[1]["fecha_inicio_campania_aviso_institucional"] = "N/D"
    esperado[1]["contrato_montos"][0]["monto_total_contrato"] = "N/D"
    assert leido.registros == esperado
    for clave in ("proveedores", "recursos_presupuesto", "contrato_montos"):
        assert sum(len(r[clave]) for r in leido.registros) == sum(
            len(r[clave]) for r in doc23b.registros
        )
    fallas = {
        (h.hoja, h.fila, h.columna, h.registro, h.valor)
        for h in leido.hallazgos
        if h.codigo == "valor-no-convertible"
    }
    assert fallas == {
        ("Tabla_393952", 5, "MONTO TOTAL DEL CONTRATO", 2, "N/D"),
        ("Información", 8, "FECHA DE INICIO DE LA CAMPAÑA O AVISO INSTITUCIONAL", 2, "N/D"),
    }
    assert {h.codigo for h in leido.hallazgos} == {"valor-no-convertible"}
    assert all(h.archivo == str(ruta) for h in leido.hallazgos)
    informe = entorno.validar(leido)
    textos = [e.texto() for e in informe.errores]
    assert any("hoja Información" in t and "fila 8" in t and "celda" in t for t in textos)
    # La fecha «N/D» del registro 2 se dice una sola vez (con su celda), no también por el esquema.
    sobre_la_fecha = [
        e
        for e in informe.errores
        if e.registro == 2 and e.clave == "fecha_inicio_campania_aviso_institucional"
    ]
    assert [e.codigo for e in sobre_la_fecha] == ["valor-no-convertible"]


def test_lector_openpyxl_da_lo_mismo(entorno, doc23b, tmp_path):
    """Sin python-calamine, openpyxl (sólo lectura) da el mismo documento y hallazgos."""
    ruta = tmp_path / "pnt.xlsx"
    _pnt_xlsx(doc23b, ruta, mutar=_nd_en_fecha)
    rapido = ImportadorXLSX().importar(ruta, entorno.catalogo)
    lento = ImportadorXLSX(motor="openpyxl").importar(ruta, entorno.catalogo)
    assert lento.datos == rapido.datos
    assert lento.hallazgos == rapido.hallazgos


def test_hoja_grande_se_lee_por_flujo_con_openpyxl(entorno, doc23b, tmp_path, monkeypatch):
    """Issue 13: python-calamine carga la hoja entera antes de dar filas; una hoja grande se
    lee con openpyxl por flujo (memoria acotada) y da el mismo documento y hallazgos."""
    from transparencia_fmt.importadores import xlsx_sipot

    ruta = tmp_path / "pnt.xlsx"
    _pnt_xlsx(doc23b, ruta, mutar=_nd_en_fecha)
    assert xlsx_sipot.Libro(ruta).motor == "calamine"  # chica: la rápida
    rapido = ImportadorXLSX().importar(ruta, entorno.catalogo)
    monkeypatch.setattr(xlsx_sipot, "LIMITE_CALAMINE", 1_000)
    assert xlsx_sipot.Libro(ruta).motor == "openpyxl"
    grande = ImportadorXLSX().importar(ruta, entorno.catalogo)
    assert grande.datos == rapido.datos and grande.hallazgos == rapido.hallazgos


def test_columnas_y_hojas_desconocidas_o_faltantes(entorno, doc23b, tmp_path):
    """Nada se descarta en silencio: columna inventada, columna que falta, hoja Tabla_ sin
    columna."""

    def mutar(wb):
        ws = wb["Información"]
        ws.cell(6, ws.max_column + 1).value = "COLUMNA INVENTADA"
        ws.cell(7, ws.max_column).value = "algo"
        ws.delete_cols(4 + 6)  # «Tipo de servicio»
        wb.create_sheet("Tabla_123").append(["ID", "X"])

    ruta = tmp_path / "raro.xlsx"
    _pnt_xlsx(doc23b, ruta, mutar=mutar)
    leido = entorno.cargar(ruta)
    por_codigo = {h.codigo: h for h in leido.hallazgos}
    desconocida = por_codigo["columna-desconocida"]
    assert (desconocida.hoja, desconocida.fila, desconocida.columna) == (
        "Información",
        6,
        "COLUMNA INVENTADA",
    )
    assert por_codigo["columna-faltante"].columna == "Tipo de servicio"
    assert por_codigo["hoja-sin-columna"].hoja == "Tabla_123"
    assert all("tipo_servicio" not in r for r in leido.registros)


# -- CSV ----------------------------------------------------------------------------------
def test_csv_excel_cp1252_con_valores_malos(entorno, ejemplo, tmp_path):
    """CSV de Excel (cp1252, «;»): el formato, todos los registros y el «N/D» con su fila."""
    doc = ejemplo("LGT_Art_70_Fr_I")
    tabla = doc.tabla()
    filas = [list(f) for f in tabla.filas]
    col = tabla.columnas.index("Fecha de publicación en DOF u otro medio oficial o institucional")
    filas[2][col] = "N/D"
    flujo = io.StringIO()
    escritor = csv.writer(flujo, delimiter=";")
    escritor.writerow(tabla.columnas)
    escritor.writerows(filas)
    ruta = tmp_path / "excel.csv"
    ruta.write_bytes(flujo.getvalue().encode("cp1252"))
    leido = entorno.cargar(ruta)
    assert leido.formato.id == "LGT_Art_70_Fr_I"
    assert len(leido.registros) == len(doc.registros)
    (h,) = leido.hallazgos
    assert (h.codigo, h.fila, h.registro, h.valor) == ("valor-no-convertible", 4, 3, "N/D")
    assert h.columna == tabla.columnas[col] and h.archivo == str(ruta)
    assert "Constitución" in json.dumps(leido.registros, ensure_ascii=False)


def test_csv_pnt_con_metadatos(entorno, ejemplo, tmp_path):
    """Descarga CSV de la PNT (Latin-1): tres líneas de metadatos, ID, FECHA CREACION…"""
    doc = ejemplo("LGT_Art_70_Fr_V")
    tabla = doc.tabla()
    flujo = io.StringIO()
    escritor = csv.writer(flujo, quoting=csv.QUOTE_ALL)
    metadatos = csv.writer(flujo)
    metadatos.writerow(["Nombre del Sujeto Obligado:", "Ayuntamiento de Mazamitla"])
    metadatos.writerow(["Formato:", doc.formato.titulo])
    metadatos.writerow(["Periodo:", "1er trimestre"])
    flujo.write("ID,FECHA CREACION, FECHA MODIFICACION,")
    escritor.writerow([_pnt(t) for t in tabla.columnas])
    for i, fila in enumerate(tabla.filas):
        flujo.write(f"{9000 + i},20/04/26,20/04/26,")
        escritor.writerow(fila)
    ruta = tmp_path / "5 LGT_Art_70_Fr_V_1er trimestre_229370.csv"
    ruta.write_bytes(flujo.getvalue().encode("cp1252"))
    leido = entorno.cargar(ruta)
    assert leido.formato.id == "LGT_Art_70_Fr_V"
    assert leido.hallazgos == []
    assert leido.datos["sujeto_obligado"] == "Ayuntamiento de Mazamitla"
    assert _sin_sujeto(leido.datos) == _sin_sujeto(doc.datos)


def test_csv_con_bytes_imposibles_o_acentos_rotos(entorno, ejemplo, tmp_path):
    """Un byte que no es carácter en cp1252 da un error con su línea; UTF-8 mezclado con
    cp1252 («Ã³») se señala, nunca pasa en silencio."""
    doc = ejemplo("LGT_Art_70_Fr_I")
    tabla = doc.tabla()
    flujo = io.StringIO()
    escritor = csv.writer(flujo)
    escritor.writerow(tabla.columnas)
    escritor.writerows(tabla.filas)
    crudo = flujo.getvalue().encode("cp1252")
    malo = tmp_path / "malo.csv"
    malo.write_bytes(crudo.replace(b"\r\n", b"\r\n\x81", 2))
    with pytest.raises(ErrorDeDatos, match=r"línea 2, columna 1: .*0x81"):
        entorno.cargar(malo)
    mezclado = tmp_path / "mezclado.csv"
    palabra = "Constitución"
    mezclado.write_bytes(crudo.replace(palabra.encode("cp1252"), palabra.encode(), 1))
    # Una sola política de decodificación: UTF-8 bien formado junto a bytes de Windows-1252 es
    # un archivo con dos codificaciones; se dice dónde, en lugar de adivinar (issue 11).
    texto = crudo.decode("cp1252")
    linea = texto[: texto.index(palabra)].count("\n") + 1
    with pytest.raises(ErrorDeDatos, match=rf"mezcla codificaciones: la línea {linea} trae"):
        entorno.cargar(mezclado)


# -- plantillas y exportador ------------------------------------------------------------
def _tabulares(catalogo):
    return [f for f in catalogo if f.tipo == "tabular"]


def _llenar(plantilla: Path, doc, destino: Path) -> None:
    """Lo que hace una persona: abre la plantilla y escribe los datos desde la fila 8."""
    wb = openpyxl.load_workbook(plantilla)
    ws = wb["Reporte de Formatos"]
    tabla = doc.tabla(iso=True)
    assert tuple(c.value.split("\n")[0].strip() for c in ws[7]) == tabla.columnas
    for i, fila in enumerate(tabla.filas, start=8):
        for j, (tp, v) in enumerate(zip(tabla.tipos, fila, strict=True), start=1):
            ws.cell(i, j).value = como_excel(tp, v)
    for sec in doc.tablas_secundarias(iso=True):
        hoja = wb[hoja_tabla(doc.formato.columna(sec.origen))]
        assert tuple(c.value.strip() for c in hoja[3]) == sec.columnas
        for i, fila in enumerate(sec.filas, start=4):
            for j, (tp, v) in enumerate(zip(sec.tipos, fila, strict=True), start=1):
                hoja.cell(i, j).value = como_excel(tp, v)
    wb.save(destino)


def test_tfmt_plantilla_xlsx_llenar_e_importar(entorno, doc23b, tmp_path):
    """`tfmt plantilla ID --a xlsx` → llenar con openpyxl → importar da el documento."""
    plantilla = tmp_path / "p.xlsx"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "transparencia_fmt",
            "plantilla",
            F23B,
            "--a",
            "xlsx",
            "-o",
            plantilla,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "TFMT_LOAD_PLUGINS": ""},
    )
    assert r.returncode == 0, r.stderr
    vacia = entorno.cargar(plantilla)
    assert vacia.registros == [] and vacia.formato.id == F23B
    lleno = tmp_path / "lleno.xlsx"
    _llenar(plantilla, doc23b, lleno)
    leido = entorno.cargar(lleno)
    assert leido.hallazgos == []
    assert _sin_sujeto(leido.datos) == _sin_sujeto(doc23b.datos)


def _vista(doc) -> list:
    """Lo que muestra la hoja: filas principales y secundarias (sin sujeto obligado)."""
    return [list(t.filas) for t in (doc.tabla(iso=True), *doc.tablas_secundarias(iso=True))]


def test_plantilla_llenar_importar_cada_formato(entorno, tmp_path):
    """Plantilla → llenar → importar da las mismas filas en cada formato tabular con ejemplo.

    Sin el sobre, la nota del documento sale de las filas: si todas las filas traen la misma
    nota, ésa es la del documento (la vista en filas es idéntica)."""
    from transparencia_fmt.exportadores.xlsx_sipot import escribir_plantilla

    probados = 0
    for formato in _tabulares(entorno.catalogo):
        ejemplo = EJEMPLOS / f"{formato.id}.json"
        if not ejemplo.exists():
            continue
        doc = entorno.cargar(ejemplo)
        plantilla, lleno = tmp_path / f"{formato.id}.xlsx", tmp_path / f"{formato.id}.lleno.xlsx"
        escribir_plantilla(formato, plantilla)
        _llenar(plantilla, doc, lleno)
        leido = entorno.cargar(lleno)
        assert leido.hallazgos == [], formato.id
        assert _vista(leido) == _vista(doc), formato.id
        probados += 1
    assert probados >= 5


def test_plantilla_lista_desplegable_y_diseno(entorno, tmp_path):
    """Columnas de catálogo con lista desplegable (nombre Hidden_<k><col>) y filas ocultas."""
    from transparencia_fmt.exportadores.xlsx_sipot import escribir_plantilla

    formato = entorno.catalogo.formato(F23B)
    ruta = tmp_path / "p.xlsx"
    escribir_plantilla(formato, ruta)
    wb = openpyxl.load_workbook(ruta)
    ws = wb["Reporte de Formatos"]
    assert ws["A1"].value == "46588" and ws["D3"].value == "23b LGT_Art_70_Fr_XXIII"
    assert ws["A6"].value == "Tabla Campos"
    assert [ws.row_dimensions[i].hidden for i in (1, 4, 5)] == [True] * 3
    encabezados = [c.value for c in ws[7]]
    j = encabezados.index("Función del sujeto obligado (catálogo)")
    assert ws.cell(4, j + 1).value == "9" and ws.cell(5, j + 1).value == "393954"
    letra = openpyxl.utils.get_column_letter(j + 1)
    (dv,) = [v for v in ws.data_validations.dataValidation if f"{letra}8" in v.sqref]
    assert dv.type == "list" and dv.formula1 == f"Hidden_1{j}"
    hoja, rango = wb.defined_names[dv.formula1].destinations.__next__()
    assert wb[hoja].sheet_state == "hidden"
    valores = [c.value for (c,) in wb[hoja][rango.replace("$", "")]]
    assert valores == list(formato.columna("funcion_sujeto_obligado").catalogo)
    assert "Tabla_393950" in wb.sheetnames and wb["Tabla_393950"]["A3"].value == "ID"
    assert encabezados[-4].endswith("\nTabla_393952")
    assert all(
        ws.column_dimensions[openpyxl.utils.get_column_letter(k)].width >= 12
        for k in range(1, len(encabezados) + 1)
    )


def _generado(formato) -> dict:
    """Documento con cada columna llena (dos registros; dos filas por tabla secundaria)."""

    def valor(col, n):
        if col.catalogo and col.tipo == "catalogo":
            return col.catalogo[n % len(col.catalogo)]
        return {
            "fecha": f"2026-0{n + 1}-1{n}",
            "moneda": 1234.5 + n,
            "numero": 7 + n,
            "entero": 3 + n,
            "anio": 2026,
            "hipervinculo": f"https://mazamitla.gob.mx/t/{n}.pdf",
        }.get(col.tipo, f"Texto {n}: «ñandú», acción\nsegunda línea")

    def registro(columnas, n):
        reg = {}
        for col in columnas:
            if col.tipo == "tabla":
                reg[col.clave] = [registro(col.subcolumnas, k) for k in range(2)]
            elif col.tipo not in ("lista", "objeto"):
                reg[col.clave] = valor(col, n)
        return reg

    return {
        "formato": formato.id,
        "sujeto_obligado": {
            "nombre": "Ayuntamiento de Mazamitla",
            "entidad": "Jalisco",
            "domicilio": "Portal Hidalgo núm. 1, Zona Centro, C.P. 49500, Mazamitla, Jalisco",
        },
        "ejercicio": 2026,
        "periodo": {"inicio": "2026-01-01", "termino": "2026-03-31"},
        "area_responsable": "Unidad de Transparencia",
        "fecha_actualizacion": "2026-04-15",
        "nota": "Sin nota",
        "registros": [registro(formato.columnas_registro, n) for n in range(2)],
    }


def test_exportar_importar_cada_formato_tabular(entorno, tmp_path):
    """Exportar → importar da el mismo documento en cada formato tabular del catálogo: su
    ejemplo cuando existe y, para todos, uno generado con cada columna llena. (Un "" del
    documento vuelve como celda vacía, igual que en CSV.)"""
    probados = 0
    for formato in _tabulares(entorno.catalogo):
        casos = [documento_desde_dict(_generado(formato), entorno.catalogo)]
        ejemplo = EJEMPLOS / f"{formato.id}.json"
        if ejemplo.exists():
            casos.append(entorno.cargar(ejemplo))
        for n, doc in enumerate(casos):
            ruta = tmp_path / f"{formato.id}_{n}.xlsx"
            entorno.exportar(doc, "xlsx", ruta)
            vuelta = entorno.cargar(ruta)
            assert vuelta.hallazgos == [], (formato.id, vuelta.hallazgos[:3])
            assert vuelta.datos == _sin_vacios(doc.datos), (formato.id, n)
            if probados == 0:  # el sobre va en trozos de ≤ 250 caracteres
                props = openpyxl.load_workbook(ruta, read_only=True).custom_doc_props.props
                assert len(props) > 1 and all(len(p.value) <= 250 for p in props)
            probados += 1
    assert probados >= len(_tabulares(entorno.catalogo)) + 5


_texto = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn"))
    | st.sampled_from(list("\n\r\t=+-@#'\",;áéíóúñÑ ")),
    min_size=1,
    max_size=25,
).filter(lambda s: s.strip() != "")


@pytest.mark.parametrize("formato_id", [F23B, "LGT_Art_70_Fr_I"])
def test_ida_y_vuelta_xlsx_texto_hostil(entorno, formato_id):
    """Fórmulas, errores de Excel («#N/A»), espacios y saltos de línea vuelven iguales."""
    formato = entorno.catalogo.formato(formato_id)
    base = _generado(formato)
    textos = [c.clave for c in formato.columnas_registro if c.tipo == "texto"]

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(_texto, min_size=len(textos), max_size=len(textos)), _texto)
    def propiedad(valores, nota):
        datos = copy.deepcopy(base)
        datos["registros"][0].update(zip(textos, valores, strict=True))
        datos["registros"][1]["nota"] = nota
        doc = documento_desde_dict(datos, entorno.catalogo)
        with tempfile.TemporaryDirectory() as d:
            ruta = Path(d) / "doc.xlsx"
            entorno.exportar(doc, "xlsx", ruta)
            vuelta = entorno.cargar(ruta)
        assert vuelta.hallazgos == []
        assert vuelta.datos == doc.datos

    propiedad()


def test_formatos_no_importa_openpyxl():
    """El CLI arranca sin importar openpyxl ni python-calamine."""
    codigo = (
        "import sys\nfrom transparencia_fmt import cli\ncli.main(['formatos'])\n"
        "assert not [m for m in sys.modules if m.startswith(('openpyxl', 'python_calamine'))]\n"
    )
    python_limpio(codigo)
