"""Issue 10, puntos 4 y 6: `actualizar` no cambia lo que la persona dio y dice lo que llenó;
`historial --diferencias` habla con los títulos de las columnas y los valores."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import EJEMPLOS, ejecutar_tfmt, iniciar_espacio

F5 = "LGT_Art_70_Fr_V"


@pytest.fixture
def espacio(tmp_path):
    return iniciar_espacio(tmp_path / "ws", "--lema", "PUEBLO MÁGICO")


def _datos(tmp_path, nombre="d.json", **cambios):
    datos = json.loads((EJEMPLOS / f"{F5}.json").read_text("utf-8"))
    datos.update(cambios)
    for clave, valor in cambios.items():
        if valor is None:
            del datos[clave]
    ruta = tmp_path / nombre
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    return ruta, datos


def test_actualizar_conserva_la_fecha_y_el_sujeto_dados(tmp_path, espacio):
    """La fecha de actualización del área y su sujeto obligado quedan tal cual, también en
    el PDF publicado; no se dice que se llenó nada."""
    from pypdf import PdfReader

    ruta, datos = _datos(
        tmp_path, fecha_actualizacion="2026-04-03", sujeto_obligado="Sistema DIF Mazamitla"
    )
    r = ejecutar_tfmt("actualizar", F5, "--periodo", "2026-T1", "--datos", ruta, cwd=espacio)
    assert r.returncode == 0, r.stderr
    guardado = json.loads((espacio / f"documentos/{F5}/2026-T1.json").read_text("utf-8"))
    assert guardado["fecha_actualizacion"] == "2026-04-03"
    assert guardado["sujeto_obligado"] == "Sistema DIF Mazamitla"
    assert "completado" not in r.stderr
    assert "Sistema DIF Mazamitla" in r.stderr  # distinto del espacio: se dice, no se cambia
    pdf = espacio / f"publicado/{F5}/2026-T1.pdf"
    texto = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "03/04/2026" in texto
    assert dt.date.today().strftime("%d/%m/%Y") not in texto


def test_actualizar_llena_lo_que_falta_y_lo_dice(tmp_path, espacio):
    ruta, _ = _datos(tmp_path, fecha_actualizacion=None, sujeto_obligado=None)
    r = ejecutar_tfmt("actualizar", F5, "--periodo", "2026-T1", "--datos", ruta, cwd=espacio)
    assert r.returncode == 0, r.stderr
    guardado = json.loads((espacio / f"documentos/{F5}/2026-T1.json").read_text("utf-8"))
    hoy = dt.date.today()
    assert guardado["fecha_actualizacion"] == hoy.isoformat()
    assert guardado["sujeto_obligado"]["nombre"] == "Ayuntamiento de Mazamitla, Jalisco"
    avisos = [linea for linea in r.stderr.splitlines() if "[completado]" in linea]
    assert len(avisos) == 2, r.stderr
    assert any("Fecha de actualización" in a and f"{hoy:%d/%m/%Y}" in a for a in avisos)
    assert any("Sujeto obligado" in a for a in avisos)


def test_actualizar_formato_no_aplicable_lo_dice(tmp_path, espacio):
    config = espacio / "transparencia.toml"
    texto = config.read_text("utf-8").replace(f'  "{F5}",\n', "")
    config.write_text(texto, "utf-8")
    ruta, _ = _datos(tmp_path)
    r = ejecutar_tfmt("actualizar", F5, "--periodo", "2026-T1", "--datos", ruta, cwd=espacio)
    assert r.returncode == 0, r.stderr
    assert "[no-aplica]" in r.stderr and "no aplicable" in r.stderr


def test_historial_diferencias_con_titulos_y_valores(tmp_path, espacio):
    ruta, datos = _datos(tmp_path)
    datos["registros"][0]["avance_metas_periodo_informa"] = antes = "50 %"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    ejecutar_tfmt("actualizar", F5, "--periodo", "2026-T1", "--datos", ruta, cwd=espacio)
    datos["registros"][0]["avance_metas_periodo_informa"] = "80 %"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    r = ejecutar_tfmt("actualizar", F5, "--periodo", "2026-T1", "--datos", ruta, cwd=espacio)
    assert r.returncode == 0, r.stderr
    r = ejecutar_tfmt("historial", F5, "--diferencias", cwd=espacio)
    assert "avance_metas_periodo_informa" not in r.stdout
    assert f"«Avance de las metas al periodo que se informa»: «{antes}» → «80 %»" in r.stdout
    assert "1 registro " in r.stdout or "5 registros" in r.stdout


def _guardar(ruta, datos, espacio, *periodo):
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    r = ejecutar_tfmt("actualizar", F5, *periodo, "--datos", ruta, cwd=espacio)
    assert r.returncode == 0, r.stdout + r.stderr


def test_historial_diferencias_del_sobre_propio_con_sus_columnas(tmp_path, espacio):
    """El área propia de un registro y la del documento, por su título oficial y con el valor
    que cada registro publica (el suyo o el del documento); la clave cruda no aparece."""
    ruta, datos = _datos(tmp_path)
    del_documento = datos["area_responsable"]
    datos["registros"][1]["area_responsable"] = "Tesorería Municipal"
    _guardar(ruta, datos, espacio)
    datos["registros"][1]["area_responsable"] = "Contraloría Municipal"
    datos["registros"][2]["area_responsable"] = "Tesorería Municipal"
    datos["fecha_actualizacion"] = "2026-04-20"
    _guardar(ruta, datos, espacio)
    r = ejecutar_tfmt("historial", F5, "--diferencias", cwd=espacio)
    assert r.returncode == 0, r.stderr
    area = "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información"
    lineas = r.stdout.split("):\n", 1)[1].splitlines()
    assert lineas == [
        "  ~ documento: «Fecha de actualización»: «2026-04-15» → «2026-04-20»",
        "  ~ registro 2 cambió:",
        f"      «{area}»: «Tesorería Municipal» → «Contraloría Municipal»",
        "  ~ registro 3 cambió:",
        f"      «{area}»: «{del_documento}» → «Tesorería Municipal»",
    ]
    r = ejecutar_tfmt("historial", F5, "--diferencias", "--json", cwd=espacio)
    dif = json.loads(r.stdout)["diferencias"][0]
    cambio = dif["cambiados"][1]["cambios"][0]
    assert (cambio["clave"], cambio["antes"], cambio["despues"]) == (
        "area_responsable",
        None,  # lo que trae el registro: antes no traía la suya
        "Tesorería Municipal",
    )
    assert cambio["partes"] == [
        {
            "clave": "area_responsable",
            "columna": area,
            "antes": del_documento,
            "despues": "Tesorería Municipal",
        }
    ]
    assert dif["sobre"][0]["clave"] == "fecha_actualizacion"

    # El registro deja su área propia y el documento pasa a esa misma: lo publicado en ese
    # registro no cambia (no se lista); en los demás, sí, y lo dice la línea del documento.
    datos["area_responsable"] = "Tesorería Municipal"
    del datos["registros"][2]["area_responsable"]
    _guardar(ruta, datos, espacio)
    r = ejecutar_tfmt("historial", F5, "--diferencias", cwd=espacio)
    ultima = r.stdout.rsplit("):\n", 1)[1].splitlines()
    assert ultima == [f"  ~ documento: «{area}»: «{del_documento}» → «Tesorería Municipal»"]


def test_historial_diferencias_del_periodo_propio_por_fecha(tmp_path, espacio):
    """Un registro con su propio periodo (p. ej. un documento escrito a mano en documentos/):
    el cambio se dice por «Fecha de inicio…» y «Fecha de término…», cada una con lo suyo."""
    ruta, datos = _datos(tmp_path)
    _guardar(ruta, datos, espacio, "--periodo", "2026-T1")
    vigente = espacio / f"documentos/{F5}/2026-T1.json"
    guardado = json.loads(vigente.read_text("utf-8"))
    guardado["registros"][0]["periodo"] = {"inicio": "2026-01-01", "termino": "2026-02-28"}
    vigente.write_text(json.dumps(guardado, ensure_ascii=False, indent=2), "utf-8")
    _guardar(ruta, datos, espacio, "--periodo", "2026-T1")
    r = ejecutar_tfmt("historial", F5, "--diferencias", cwd=espacio)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("):\n", 1)[1].splitlines() == [
        "  ~ registro 1 cambió:",
        "      «Fecha de término del periodo que se informa»: «2026-02-28» → «2026-03-31»",
    ]
    assert "periodo»" not in r.stdout and "inicio" not in r.stdout
    r = ejecutar_tfmt("historial", F5, "--diferencias", "--json", cwd=espacio)
    (cambio,) = json.loads(r.stdout)["diferencias"][0]["cambiados"][0]["cambios"]
    assert cambio["clave"] == "periodo" and cambio["despues"] is None
    assert [(p["clave"], p["antes"], p["despues"]) for p in cambio["partes"]] == [
        ("periodo_termino", "2026-02-28", "2026-03-31")
    ]


def test_actualizar_no_guarda_registros_de_otro_periodo(tmp_path, espacio):
    """Todos los registros dicen su periodo (abril–junio) y el sobre no dice ninguno: con
    --periodo 2026-T1 no se guardan en el documento de enero–marzo."""
    ruta, datos = _datos(tmp_path, periodo=None)
    for registro in datos["registros"]:
        registro["periodo"] = {"inicio": "2026-04-01", "termino": "2026-06-30"}
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    r = ejecutar_tfmt("actualizar", F5, "--periodo", "2026-T1", "--datos", ruta, cwd=espacio)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "informa el periodo 01/04/2026–30/06/2026, pero se pidió el periodo 2026-T1" in r.stderr
    assert not (espacio / "documentos" / F5).exists() or not list(
        (espacio / "documentos" / F5).glob("*.json")
    )
    r = ejecutar_tfmt("actualizar", F5, "--periodo", "2026-T2", "--datos", ruta, cwd=espacio)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (espacio / f"documentos/{F5}/2026-T2.json").exists()


def test_actualizar_sin_periodo_en_el_sobre_lo_toma_de_cada_registro(tmp_path, espacio):
    """El sobre no dice periodo y cada registro dice el suyo (dos trimestres): sin --periodo
    se guarda un documento por periodo, con ese periodo en su sobre. Si un registro no dice
    el suyo, falta el periodo y no se guarda nada."""
    ruta, datos = _datos(tmp_path, periodo=None)
    trimestres = [
        {"inicio": "2026-01-01", "termino": "2026-03-31"},
        {"inicio": "2026-04-01", "termino": "2026-06-30"},
    ]
    for n, registro in enumerate(datos["registros"]):
        registro["periodo"] = trimestres[n % 2]
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")

    sin_uno = json.loads(json.dumps(datos))
    del sin_uno["registros"][0]["periodo"]
    incompleto = tmp_path / "incompleto.json"
    incompleto.write_text(json.dumps(sin_uno, ensure_ascii=False), "utf-8")
    r = ejecutar_tfmt("actualizar", F5, "--datos", incompleto, cwd=espacio)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Falta «Periodo que se informa»" in r.stderr
    assert not list((espacio / "documentos").glob(f"{F5}/*.json"))

    r = ejecutar_tfmt("actualizar", F5, "--datos", ruta, cwd=espacio)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "trae registros de 2 periodos" in r.stdout
    for clave, trimestre in zip(("2026-T1", "2026-T2"), trimestres, strict=True):
        guardado = json.loads((espacio / f"documentos/{F5}/{clave}.json").read_text("utf-8"))
        assert guardado["periodo"] == trimestre
        esperados = [r for r in datos["registros"] if r["periodo"] == trimestre]
        assert len(guardado["registros"]) == len(esperados) > 0
        assert all("periodo" not in r for r in guardado["registros"])
