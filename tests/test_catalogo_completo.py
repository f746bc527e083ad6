"""Catálogo completo: generación como dato, encabezados oficiales letra por letra en la
plantilla XLSX, y reemplazo avisado de un formato integrado por un plugin."""

from __future__ import annotations

import json

import openpyxl
import pytest
from conftest import RAIZ, ejecutar_tfmt

SIPOT_RAW = RAIZ.parent / "shared" / "sipot_raw"


def _texto(v) -> str:
    return "" if v is None else str(v)


def test_formatos_json_dice_la_generacion():
    """`tfmt formatos --json` y `tfmt formato ID --json` traen `generacion` en cada formato."""
    r = ejecutar_tfmt("formatos", "--json")
    assert r.returncode == 0, r.stderr
    formatos = [f for f in json.loads(r.stdout) if f["id"].startswith("LGT_Art_")]
    assert formatos and all(f["generacion"] in ("vigente", "2018") for f in formatos)
    r = ejecutar_tfmt("formato", "LGT_Art_70_Fr_IV", "--json")
    assert json.loads(r.stdout)["generacion"] == "vigente"
    assert json.loads(r.stdout)["aviso_generacion"] is None


@pytest.mark.skipif(not SIPOT_RAW.exists(), reason="sin ../shared/sipot_raw")
@pytest.mark.parametrize(
    "archivo, formato",
    [
        ("base/eusebio-ramirez+project__a69_f09SEMARNATH.xlsx", "LGT_Art_70_Fr_IX"),
        (
            "base/eusebio-ramirez+project__28-LGT_Art_70_Fr_XXVIIISEMARNATH.xlsx",
            "LGT_Art_70_Fr_XXVIII",
        ),
        ("base/eusebio-ramirez+project__a69_f23_bSEMARNATH.xlsx", "LGT_Art_70_Fr_XXIII_b"),
    ],
)
def test_plantilla_xlsx_reproduce_filas_de_tipo_id_y_encabezado(tmp_path, archivo, formato):
    """Las filas 4 (tipo), 5 (id) y 7 (encabezado) de `tfmt plantilla ID --a xlsx` son las de
    la plantilla SIPOT real, espacios finales incluidos (p. ej. «Nombre(s) » en Fr. IX); y
    las hojas Tabla_<id> repiten sus encabezados exactos."""
    destino = tmp_path / "p.xlsx"
    r = ejecutar_tfmt("plantilla", formato, "--a", "xlsx", "-o", destino)
    assert r.returncode == 0, r.stderr
    nuestro = openpyxl.load_workbook(destino)
    real = openpyxl.load_workbook(SIPOT_RAW / archivo)
    hoja_n, hoja_r = nuestro["Reporte de Formatos"], real["Reporte de Formatos"]
    for fila in (4, 5, 7):
        n = [_texto(c.value) for c in hoja_n[fila]]
        rr = [_texto(c.value) for c in hoja_r[fila]][: len(n)]
        assert n == rr, f"fila {fila}"
    for hoja in [h for h in real.sheetnames if h.startswith("Tabla_")]:
        n = [_texto(c.value) for c in nuestro[hoja][3]]
        assert n == [_texto(c.value) for c in real[hoja][3]][: len(n)], hoja
    if formato == "LGT_Art_70_Fr_IX":
        assert "Nombre(s) " in [c.value for c in hoja_n[7]]


def test_plugin_que_registra_el_mismo_id_reemplaza_con_aviso(tmp_path):
    """Un esquema de plugin con el id de uno integrado lo reemplaza, y se avisa con el nombre
    del plugin y las dos generaciones."""
    from transparencia_fmt import AvisoPlugin, hookimpl
    from transparencia_fmt.entorno import Entorno

    integrado = json.loads(
        (RAIZ / "esquemas/lgtaip/art70/LGT_Art_70_Fr_XXIII_a.json").read_text("utf-8")
    )
    nuevo = json.loads(json.dumps(integrado))
    nuevo["$id"] = "https://ejemplo.mx/sipot2026/LGT_Art_70_Fr_XXIII_a.json"
    nuevo["x-formato"]["generacion"] = "2026"
    nuevo["allOf"][0]["$ref"] = (
        "https://esquemas.transparencia-fmt.mx/comunes/documento.json#/$defs/documento"
    )
    props = nuevo["$defs"]["registro"]["properties"]
    for p in props.values():
        if "$ref" in p:
            p["$ref"] = p["$ref"].replace(
                "../../comunes/", "https://esquemas.transparencia-fmt.mx/comunes/"
            )
    props = {"campana_2026": {"title": "Campaña 2026", "type": "string"}, **props}
    nuevo["$defs"]["registro"]["properties"] = props
    (tmp_path / "nuevo.json").write_text(json.dumps(nuevo, ensure_ascii=False), "utf-8")

    class Sipot2026:
        @hookimpl
        def registrar_esquemas(self):
            return [tmp_path]

    with pytest.warns(AvisoPlugin, match=r"sipot-2026.*LGT_Art_70_Fr_XXIII_a.*reemplaza"):
        ent = Entorno.crear(cargar_terceros=False, extra=(("sipot-2026", Sipot2026()),))
        f = ent.catalogo.formato("23a LGT_Art_70_Fr_XXIII")
    assert f.origen == "sipot-2026" and f.generacion == "2026"
    assert f.columnas[3].titulo == "Campaña 2026"


def _romano(n: int) -> str:
    texto = ""
    for valor, letras in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= valor:
            texto, n = texto + letras, n - valor
    return texto


def test_catalogo_cubre_art_70_y_71_i():
    """≥78 formatos del Art. 70 que cubren las fracciones I–XLVIII salvo XLVII, y ≥7 del
    Art. 71-I, cada uno con su generación; los incisos del 71-I con varios formatos llevan
    ids estables `_2`, `_3`… después del primero."""
    r = ejecutar_tfmt("formatos", "--json")
    formatos = json.loads(r.stdout)
    art70 = [f for f in formatos if f["id"].startswith("LGT_Art_70_Fr_")]
    art71 = [f for f in formatos if f["id"].startswith("LGT_Art_71_Fr_I_")]
    assert len(art70) >= 78 and len(art71) >= 7
    fracciones = {f["id"].split("_")[4] for f in art70}
    assert {_romano(n) for n in range(1, 49)} - fracciones == {"XLVII"}
    assert all(f["generacion"] in ("vigente", "2018") for f in art70 + art71)
    ids = {f["id"] for f in art71}
    assert {"LGT_Art_71_Fr_I_f", "LGT_Art_71_Fr_I_f_2", "LGT_Art_71_Fr_I_f_7"} <= ids
    assert next(f for f in art71 if f["id"] == "LGT_Art_71_Fr_I_f")["nombre_corto"] == (
        "71-I-f LGT_Art_71_Fr_I"
    )


def test_formato_de_2018_lo_dice_en_formato_y_plantilla(tmp_path):
    """Un formato conocido sólo en su generación 2018 lo advierte en `tfmt formato` y en
    `tfmt plantilla`, con la manera de comprobarlo (tfmt comparar)."""
    r = ejecutar_tfmt("formato", "LGT_Art_70_Fr_XXII")
    assert r.returncode == 0
    assert "Generación de los LTG: 2018" in r.stdout
    assert "puede tener otras columnas" in r.stdout and "tfmt comparar" in r.stdout
    datos = json.loads(ejecutar_tfmt("formato", "LGT_Art_70_Fr_XXII", "--json").stdout)
    assert datos["generacion"] == "2018" and "tfmt comparar" in datos["aviso_generacion"]
    r = ejecutar_tfmt("plantilla", "LGT_Art_70_Fr_XXII", "--a", "xlsx", "-o", tmp_path / "p.xlsx")
    assert r.returncode == 0 and "tfmt comparar" in r.stderr
    columnas = [c.value for c in openpyxl.load_workbook(tmp_path / "p.xlsx").active[7]]
    assert "Fecha de validación" in columnas


def test_docs_cobertura_al_dia(tmp_path):
    """docs/cobertura.md es lo que escribe `tfmt cobertura` con el catálogo de hoy; lista cada
    formato del Art. 70 y 71-I con generación, fuente y periodicidad, y 47a–47c sin plantilla."""
    destino = tmp_path / "cobertura.md"
    r = ejecutar_tfmt("cobertura", "-o", destino)
    assert r.returncode == 0, r.stderr
    generado = destino.read_text("utf-8")
    assert (RAIZ / "docs/cobertura.md").read_text("utf-8") == generado, (
        "docs/cobertura.md no está al día: tfmt cobertura -o docs/cobertura.md"
    )
    ids = [f["id"] for f in json.loads(ejecutar_tfmt("formatos", "--json").stdout)]
    for fid in ids:
        if fid.startswith(("LGT_Art_70_", "LGT_Art_71_Fr_I_")):
            assert f"| `{fid}` |" in generado
    for letra in "abc":
        assert f"| — | 47{letra} LGT_Art_70_Fr_XLVII |" in generado
    assert "sin plantilla" in generado and "| 2018 |" in generado


def test_reducciones_negativas_solo_donde_la_plantilla_las_admite(datos_ejemplo):
    """«Ampliación / (Reducciones)» (Fr. XXI b) admite un importe negativo; el presupuesto
    aprobado de la misma fila no."""
    import transparencia_fmt as tf

    datos = datos_ejemplo("LGT_Art_70_Fr_XXI_b")
    fila = datos["registros"][0]["clasificacion_estado_analitico_ejercicio_presupuesto"][0]
    fila["ampliacion_reducciones"] = -250000.5
    assert tf.validar(tf.desde_dict(datos)).valido
    fila["presupuesto_aprobado"] = -1.0
    errores = tf.validar(tf.desde_dict(datos)).errores
    assert [e.columna for e in errores if e.severidad == "error"] == [
        "Clasificación del estado analítico del ejercicio del presupuesto por objeto de gasto"
        " › Presupuesto aprobado"
    ]
