"""Contrato de la biblioteca con quien programa: `tf.validar` nunca levanta, `tf.desde_dict`
no toca ni guarda el dict de quien llama, los errores de escritura no culpan al exportador."""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import json
import math

import pytest
from hostil import ejemplo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import transparencia_fmt as tf
from transparencia_fmt.errores import ErrorDePlugin, ErrorDeSalida


@pytest.fixture(scope="module")
def base():
    return json.loads(ejemplo().read_text("utf-8"))


class Raro:
    def __repr__(self):
        raise RuntimeError("repr roto")


def _ciclo():
    a: list = []
    a.append(a)
    return a


def _dict_ciclo():
    d: dict = {}
    d["yo"] = d
    return d


HOSTILES = [
    ("fecha", dt.date(2026, 1, 15), None),
    ("fecha-hora", dt.datetime(2026, 1, 15, 0, 0), None),
    ("fecha-hora-con-hora", dt.datetime(2026, 1, 15, 10, 30), None),
    ("decimal", decimal.Decimal("1234.56"), None),
    ("decimal-entero", decimal.Decimal("10"), None),
    ("decimal-nan", decimal.Decimal("NaN"), "valor-no-json"),
    ("decimal-snan", decimal.Decimal("sNaN"), "valor-no-json"),
    ("decimal-inf", decimal.Decimal("-Infinity"), "valor-no-json"),
    ("nan", math.nan, "valor-no-json"),
    ("inf", math.inf, "valor-no-json"),
    ("bytes", b"\xff\x00", "valor-no-json"),
    ("bytearray", bytearray(b"ab"), "valor-no-json"),
    ("set", {1, 2}, "valor-no-json"),
    ("frozenset", frozenset(), "valor-no-json"),
    ("complejo", 1j, "valor-no-json"),
    ("objeto", object(), "valor-no-json"),
    ("repr-roto", Raro(), "valor-no-json"),
    ("clave-no-texto", {1: "a", (2, 3): "b"}, "valor-no-json"),
    ("clave-none", {None: 1}, None),  # json la vuelve "null": columna desconocida, no excepción
    ("ciclo-lista", _ciclo(), "valor-no-json"),
    ("ciclo-dict", _dict_ciclo(), "valor-no-json"),
    ("sustituto", "a\ud800b", "valor-no-json"),
    ("clave-sustituto", {"\udc00": 1}, "valor-no-json"),
    ("profundo", json.loads("[" * 500 + "]" * 500), "valor-no-json"),
    ("tupla", ("a", "b"), None),
    ("tipo", int, "valor-no-json"),
    ("funcion", len, "valor-no-json"),
    ("rango", range(3), "valor-no-json"),
    ("generador", (x for x in ()), "valor-no-json"),
    ("entero-enorme", 10**400, None),
    ("bool", True, None),
    ("control", "\x1b[2J\x07", None),
]


@pytest.mark.parametrize("nombre,valor,codigo", HOSTILES, ids=[h[0] for h in HOSTILES])
@pytest.mark.parametrize("donde", ["registro", "sobre"])
def test_validar_nunca_levanta(base, nombre, valor, codigo, donde):
    datos = copy.deepcopy(base)
    if donde == "registro":
        datos["registros"][1]["metas_programadas"] = valor
    else:
        datos["nota"] = valor
    doc = tf.desde_dict(datos)
    informe = tf.validar(doc)
    json.dumps(informe.a_dict(), allow_nan=False)
    if codigo:
        hallado = [e for e in informe.errores if e.codigo == codigo]
        assert hallado, informe.hallazgos
        if donde == "registro":
            assert hallado[0].registro == 2 and hallado[0].clave == "metas_programadas"


@pytest.mark.parametrize("nombre,valor,codigo", HOSTILES[:12], ids=[h[0] for h in HOSTILES[:12]])
def test_validar_documento_armado_a_mano(base, nombre, valor, codigo):
    """También con un Documento construido sin desde_dict."""
    doc = tf.desde_dict(base)
    doc.datos["registros"][0]["metas_programadas"] = valor
    informe = tf.validar(doc)
    assert isinstance(informe, tf.Informe)


JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.binary()
    | st.dates()
    | st.datetimes()
    | st.decimals()
    | st.complex_numbers()
    | st.sets(st.integers(), max_size=3),
    lambda hijos: (
        st.lists(hijos, max_size=4)
        | st.dictionaries(st.text() | st.integers() | st.none(), hijos, max_size=4)
        | st.tuples(hijos, hijos)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valor=JSONISH, columna=st.sampled_from(["metas_programadas", "nota", "zzz", "linea_base"]))
def test_validar_nunca_levanta_con_cualquier_valor_de_python(base, valor, columna):
    datos = copy.deepcopy(base)
    datos["registros"][0][columna] = valor
    informe = tf.validar(tf.desde_dict(datos))
    json.dumps(informe.a_dict(), allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(valor=JSONISH)
def test_validar_nunca_levanta_con_un_sobre_cualquiera(base, valor):
    datos = copy.deepcopy(base)
    datos["periodo"] = valor
    datos["ejercicio"] = valor
    informe = tf.validar(tf.desde_dict(datos))
    json.dumps(informe.a_dict(), allow_nan=False)
    assert not informe.valido  # ningún valor sirve a la vez de ejercicio y de periodo


def test_desde_dict_no_cambia_ni_guarda_el_dict(base):
    datos = copy.deepcopy(base)
    datos["registros"][0]["nota"] = datos["nota"]  # canonizar la quitaría
    original = copy.deepcopy(datos)
    doc = tf.desde_dict(datos)
    assert datos == original
    datos["registros"][0]["metas_programadas"] = "CAMBIADO DESPUÉS"
    datos["nota"] = "otra"
    assert doc.datos["registros"][0].get("metas_programadas") != "CAMBIADO DESPUÉS"
    assert doc.datos["nota"] == original["nota"]


def test_desde_dict_copia_listas_y_objetos_pero_no_el_texto(base):
    """Issue 13: 100,000 registros no se duplican al armar el documento. Las listas y los
    objetos son copias (cambiar unos no cambia los otros); los textos, inmutables, se
    comparten como en `copy.deepcopy`. Lo que no es JSON sigue el camino con hallazgos."""
    datos = copy.deepcopy(base)
    datos["registros"][0]["extra"] = {"lista": [1, 2.5, None, True, {"a": "b"}]}
    doc = tf.desde_dict(datos)
    assert doc.datos == datos and not doc.hallazgos
    for clave, valor in datos["registros"][1].items():
        assert doc.datos["registros"][1][clave] is valor  # el mismo texto, sin copia
    anidado = doc.datos["registros"][0]["extra"]
    assert anidado is not datos["registros"][0]["extra"]
    assert anidado["lista"] is not datos["registros"][0]["extra"]["lista"]
    assert anidado["lista"][4] is not datos["registros"][0]["extra"]["lista"][4]
    anidado["lista"].append("nuevo")
    assert datos["registros"][0]["extra"]["lista"] == [1, 2.5, None, True, {"a": "b"}]
    # NaN, tuplas, claves numéricas y un ciclo dentro de un registro: hallazgo ubicado.
    for raro, codigo in ((math.nan, "valor-no-json"), ((1, 2), None), ({1: "x"}, "valor-no-json")):
        otros = copy.deepcopy(base)
        otros["registros"][2]["extra"] = raro
        doc = tf.desde_dict(otros)
        assert [h.codigo for h in doc.hallazgos] == ([codigo] if codigo else [])
        assert all(h.registro == 3 for h in doc.hallazgos)
    ciclo = copy.deepcopy(base)
    ciclo["registros"][0]["extra"] = _dict_ciclo()
    (hallazgo,) = tf.desde_dict(ciclo).hallazgos
    assert hallazgo.registro == 1 and "referencia circular" in hallazgo.mensaje


def test_validar_no_cambia_el_documento(base):
    doc = tf.desde_dict(base)
    doc.datos["registros"][0]["fecha"] = dt.date(2026, 1, 1)
    antes = dict(doc.datos)
    tf.validar(doc)
    assert doc.datos == antes


def test_fecha_y_decimal_se_convierten_y_validan(base):
    datos = copy.deepcopy(base)
    datos["fecha_actualizacion"] = dt.date.fromisoformat(base["fecha_actualizacion"])
    datos["ejercicio"] = decimal.Decimal(base["ejercicio"])
    doc = tf.desde_dict(datos)
    assert doc.datos["fecha_actualizacion"] == base["fecha_actualizacion"]
    assert tf.validar(doc).valido


@pytest.mark.parametrize("nombre", ["pdf", "docx", "csv", "json", "xlsx"])
def test_exportar_sobre_una_carpeta_no_culpa_al_exportador(tmp_path, nombre):
    """Una carpeta que existe es carpeta (el archivo va dentro); si ese archivo es a su vez
    una carpeta, el error es de salida y no del exportador."""
    doc = tf.cargar(ejemplo())
    ext = {"pdf": ".pdf", "docx": ".docx", "csv": ".csv", "json": ".json", "xlsx": ".xlsx"}
    (tmp_path / f"LGT_Art_70_Fr_V{ext[nombre]}").mkdir()
    with pytest.raises(ErrorDeSalida) as info:
        tf.exportar(doc, nombre, tmp_path)
    assert not isinstance(info.value, ErrorDePlugin)
    assert "falló" not in str(info.value) and "es una carpeta" in str(info.value)


def test_informe_separa_errores_y_advertencias(base):
    datos = copy.deepcopy(base)
    datos["registros"][0]["sentido_indicador"] = "Lateral"
    datos["registros"][1]["metas_programadas"] = "uno\x0bdos"
    informe = tf.validar(tf.desde_dict(datos))
    assert {e.severidad for e in informe.errores} == {"error"}
    assert {e.severidad for e in informe.advertencias} == {"advertencia"}
    assert len(informe.hallazgos) == len(informe.errores) + len(informe.advertencias)
    d = informe.a_dict()
    assert [e["severidad"] for e in d["errores"]] == ["error"] * len(informe.errores)
    assert [e["severidad"] for e in d["advertencias"]] == ["advertencia"]
    assert d["estadisticas"] == {"errores": len(informe.errores), "advertencias": 1}


@pytest.mark.parametrize("perfil", ["csv", "csv-excel"])
@pytest.mark.parametrize(
    "formato",
    ["Plan_Operativo_Anual", "LGT_Art_70_Fr_XXIII_b", "LGT_Art_70_Fr_XXVII", "Boletin_Informativo"],
)
def test_datapackage_valida_con_frictionless(tmp_path, formato, perfil):
    """Claves foráneas a la columna que sí existe, nombres únicos, nombres de recurso ASCII
    aunque el archivo lleve acentos."""
    import frictionless

    escritos = tf.exportar(tf.cargar(ejemplo(formato)), perfil, tmp_path / "Planeación Año.csv")
    (paquete,) = [p for p in escritos if p.name.endswith("datapackage.json")]
    informe = frictionless.validate(str(paquete))
    assert informe.valid, informe.flatten(["type", "message"])[:5]
    descriptor = json.loads(paquete.read_text("utf-8"))
    for recurso in descriptor["resources"]:
        assert recurso["name"].isascii() and recurso["name"].startswith("planeacion-ano")
        nombres = [f["name"] for f in recurso["schema"]["fields"]]
        assert len(nombres) == len(set(nombres))
