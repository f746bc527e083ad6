"""Issue 10, puntos 1-3: lo que ve quien llena una plantilla. Cada hallazgo una sola vez,
sobre el campo que está mal; una celda vacía es vacía en JSON, CSV y XLSX; el sujeto
obligado no hace falta para validar los registros."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
from conftest import ejecutar_tfmt, iniciar_espacio

F5 = "LGT_Art_70_Fr_V"


def _hallazgos(r) -> list[dict]:
    """Errores y advertencias del primer informe de `tfmt validar --json`."""
    informe = json.loads(r.stdout)["informes"][0]
    return informe["errores"] + informe["advertencias"]


def _llenar_f5(plantilla, destino, filas=3, cambios=None):
    """Como Excel: números como número, fechas como fecha con formato dd/mm/aaaa."""
    wb = openpyxl.load_workbook(plantilla)
    ws = wb["Reporte de Formatos"]
    titulos = [c.value for c in ws[7]]
    for i in range(filas):
        valores = {
            "Ejercicio": 2026,
            "Fecha de inicio del periodo que se informa": dt.datetime(2026, 1, 1),
            "Fecha de término del periodo que se informa": dt.datetime(2026, 3, 31),
            "Objetivo institucional (Redactados con perspectiva de género)": "Informar",
            "Nombre del(os) indicador(es)": f"Indicador {i + 1}",
            "Dimensión(es) a medir": "Eficacia",
            "Definición del indicador": "Boletines publicados",
            "Método de cálculo": "(publicados/programados)*100",
            "Unidad de medida": "Porcentaje",
            "Frecuencia de medición": "Trimestral",
            "Línea base": "0",
            "Metas programadas": "100",
            "Avance de las metas al periodo que se informa": "50",
            "Sentido del indicador (catálogo)": "Ascendente",
            "Fuente de información que alimenta al indicador": "Registro interno",
            "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la "
            "información": "Dirección de Comunicación Social",
            "Fecha de actualización": dt.datetime(2026, 4, 15),
        }
        valores.update((cambios or {}).get(i, {}))
        for j, titulo in enumerate(titulos, start=1):
            if titulo in valores:
                celda = ws.cell(8 + i, j, valores[titulo])
                if isinstance(valores[titulo], dt.datetime):
                    celda.number_format = "dd/mm/yyyy"
    wb.save(destino)


def test_plantilla_xlsx_llena_es_valida_fuera_de_un_espacio(tmp_path):
    """Punto 1: tres filas correctas → «válido», sin pedir claves que la persona no vio."""
    r = ejecutar_tfmt("plantilla", F5, "--a", "xlsx", "-o", "p.xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    _llenar_f5(tmp_path / "p.xlsx", tmp_path / "p.xlsx")
    r = ejecutar_tfmt("validar", "p.xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip() == "p.xlsx: válido (3 registros)."
    for clave in ("sujeto_obligado", "ejercicio", "periodo", "area_responsable", "nota"):
        assert clave not in r.stdout


def test_una_celda_mala_un_hallazgo_con_su_celda(tmp_path):
    """Un «Lateral» en el catálogo: exactamente un hallazgo, con la celda O9."""
    ejecutar_tfmt("plantilla", F5, "--a", "xlsx", "-o", "p.xlsx", cwd=tmp_path)
    _llenar_f5(
        tmp_path / "p.xlsx",
        tmp_path / "m.xlsx",
        cambios={1: {"Sentido del indicador (catálogo)": "Lateral"}},
    )
    r = ejecutar_tfmt("validar", "m.xlsx", "--json", cwd=tmp_path)
    assert r.returncode == 1
    hallazgos = _hallazgos(r)
    assert len(hallazgos) == 1, hallazgos
    assert hallazgos[0]["registro"] == 2
    assert hallazgos[0]["valor"] == "Lateral"
    assert hallazgos[0]["columna"] == "Sentido del indicador (catálogo)"


def test_plantilla_json_vacia_sin_errores_falsos_ni_repetidos(tmp_path):
    """Punto 2: la plantilla JSON tal cual: cada hallazgo una vez y ninguna «columna
    desconocida» por un campo del sobre que está vacío."""
    r = ejecutar_tfmt("plantilla", F5, "--a", "json", "-o", "p.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = ejecutar_tfmt("validar", "p.json", "--json", cwd=tmp_path)
    hallazgos = _hallazgos(r)
    codigos = [h["codigo"] for h in hallazgos]
    assert "columna-desconocida" not in codigos
    lugares = [(h["registro"], h.get("fila"), h["clave"]) for h in hallazgos]
    assert len(lugares) == len(set(lugares)), lugares
    # Lo que falta: ejercicio, las dos fechas del periodo, área, fecha de actualización y
    # las 12 columnas obligatorias del registro (vacías en la plantilla).
    assert {h["clave"] for h in hallazgos} >= {
        "ejercicio",
        "periodo_inicio",
        "periodo_termino",
        "area_responsable",
        "fecha_actualizacion",
        "sentido_indicador",
    }
    assert "sujeto_obligado" not in {h["clave"] for h in hallazgos}
    assert len(hallazgos) == 5 + 12
    assert set(codigos) == {"requerido"}


def test_registro_vacio_cada_falta_una_vez(tmp_path, datos_ejemplo):
    """Punto 2: un registro `{}` da un «Falta …» por columna obligatoria, no 12 × 12."""
    datos = datos_ejemplo(F5)
    datos["registros"] = [{}]
    (tmp_path / "d.json").write_text(json.dumps(datos), "utf-8")
    r = ejecutar_tfmt("validar", "d.json", "--json", cwd=tmp_path)
    hallazgos = _hallazgos(r)
    assert len(hallazgos) == 12
    assert len({h["clave"] for h in hallazgos}) == 12
    r = ejecutar_tfmt("validar", "d.json", cwd=tmp_path)
    assert (
        r.stdout.splitlines()[-1] == "d.json: NO válido: 12 errores, 0 advertencias en 1 registro."
    )


def test_celda_en_blanco_misma_regla_en_json_y_csv(tmp_path, datos_ejemplo):
    """Punto 3: un texto obligatorio "" o "  " en JSON es «requerido», como en CSV/XLSX."""
    datos = datos_ejemplo(F5)
    datos["nota"] = ""
    datos["registros"][0]["dimension_medir"] = ""
    datos["registros"][1]["unidad_medida"] = "   "
    (tmp_path / "d.json").write_text(json.dumps(datos), "utf-8")
    r = ejecutar_tfmt("validar", "d.json", "--json", cwd=tmp_path)
    plano = [(h["codigo"], h["registro"], h["clave"]) for h in _hallazgos(r)]
    assert plano == [("requerido", 1, "dimension_medir"), ("requerido", 2, "unidad_medida")]
    # el mismo documento como CSV del portal da lo mismo
    r = ejecutar_tfmt("exportar", "d.json", "--a", "csv", "-o", "d.csv", "--forzar", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = ejecutar_tfmt("validar", "d.csv", "--json", cwd=tmp_path)
    plano_csv = [(h["codigo"], h["registro"], h["clave"]) for h in _hallazgos(r)]
    assert plano_csv == plano


def test_sin_registros_se_dice(tmp_path, datos_ejemplo):
    """Punto 3: `registros: []` no pasa en silencio."""
    datos = datos_ejemplo(F5)
    datos["registros"] = []
    (tmp_path / "d.json").write_text(json.dumps(datos), "utf-8")
    r = ejecutar_tfmt("validar", "d.json", cwd=tmp_path)
    assert r.returncode == 1
    assert "sin-registros" in r.stdout and "Nota" in r.stdout


def test_sujeto_de_sujeto_o_del_espacio_al_exportar(tmp_path):
    """El XLSX del SIPOT no trae sujeto obligado: `--sujeto` o el espacio de trabajo lo dan
    para el encabezado; sin ninguno, el documento se exporta igual."""
    from pypdf import PdfReader

    ejecutar_tfmt("plantilla", F5, "--a", "xlsx", "-o", "p.xlsx", cwd=tmp_path)
    _llenar_f5(tmp_path / "p.xlsx", tmp_path / "p.xlsx")

    def texto(pdf):
        return "\n".join(p.extract_text() for p in PdfReader(pdf).pages)

    r = ejecutar_tfmt("exportar", "p.xlsx", "--a", "pdf", "-o", "sin.pdf", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    r = ejecutar_tfmt(
        "exportar", "p.xlsx", "--a", "pdf", "-o", "con.pdf", "--sujeto", "Ayuntamiento de Tapalpa",
        cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "Ayuntamiento de Tapalpa" in texto(tmp_path / "con.pdf")
    ws = iniciar_espacio(tmp_path / "ws")
    r = ejecutar_tfmt("exportar", tmp_path / "p.xlsx", "--a", "pdf", "-o", "e.pdf", cwd=ws)
    assert r.returncode == 0, r.stderr
    assert "Ayuntamiento de Mazamitla, Jalisco" in texto(ws / "e.pdf")
