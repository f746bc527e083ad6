"""Camino rápido de la validación (una pasada de jsonschema-rs con el esquema que además
rechaza controles y blancos): los mismos hallazgos, con el mismo lugar y mensaje, que el
camino general, y cada error localizado una sola vez aunque el documento sea grande."""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import json
import math

import pytest

from transparencia_fmt import validacion_rs
from transparencia_fmt.documento import Documento, documento_desde_dict
from transparencia_fmt.validacion import Validador

CAMPOS = ["codigo", "severidad", "registro", "fila", "columna", "clave", "valor", "mensaje"]


def _ambos(entorno, doc, monkeypatch):
    """(informe del camino rápido, informe del camino general) del mismo documento."""
    rapido = Validador(entorno.catalogo, entorno.gestor)
    comp = rapido._compilar(doc.formato)
    if doc.formato.tipo == "tabular":
        assert comp.rapido_registros is not None  # el formato sí usa el camino rápido
    informe_rapido = rapido.validar(doc)
    with monkeypatch.context() as m:
        m.setattr(validacion_rs, "registro_rapido", lambda registro: None)
        general = Validador(entorno.catalogo, entorno.gestor).validar(doc)
    return informe_rapido, general


def _fr_xxiii_b(datos_ejemplo):
    return datos_ejemplo("LGT_Art_70_Fr_XXIII_b")


BORRAR = object()
HIPERVINCULO = ("contrato_montos", 0, "hipervinculo_factura")
FECHA_INICIO = "fecha_inicio_campania_aviso_institucional"
FECHA_TERMINO = "fecha_termino_campania_aviso_institucional"
#: (descripción, [(ruta en los registros, valor nuevo o BORRAR)]) sobre la Fr. XXIII b
CAMBIOS: list[tuple[str, list[tuple[tuple[object, ...], object]]]] = [
    ("control-texto", [((1, "tipo_servicio"), "uno\x0bdos\x00")]),
    ("bidi", [((0, "descripcion_unidad"), "fdp\u202eexe")]),
    ("no-caracter", [((0, "descripcion_unidad"), "a\ufffeb")]),
    ("control-subtabla", [((2, "proveedores", 0, "razon_social"), "x\x1by")]),
    ("vacio", [((0, "tipo_servicio"), "")]),
    ("espacios", [((0, "tipo_servicio"), "   ")]),
    ("nulo", [((0, "tipo_servicio"), None)]),
    ("falta", [((0, "tipo_servicio"), BORRAR)]),
    ("catalogo", [((0, "sexo"), "Otro")]),
    ("catalogo-con-control", [((0, "sexo"), "Mujer\x07")]),
    ("catalogo-vacio", [((0, "sexo"), " ")]),
    ("numero-en-texto", [((0, "tipo_servicio"), 12)]),
    ("texto-en-numero", [((0, "costo_unidad"), "mil\x0b")]),
    ("lista-en-texto", [((0, "tipo_servicio"), ["a\x01", {"b": "\x02"}])]),
    ("objeto-en-subtabla", [((0, "proveedores"), {"x": "\x03"})]),
    ("largo", [((0, "tipo_servicio"), "x\x0b" * 200)]),
    ("fecha", [((0, FECHA_INICIO), "5/1/26")]),
    ("fecha-imposible", [((0, FECHA_TERMINO), "2026-02-30")]),
    ("hipervinculo", [((0, *HIPERVINCULO), "www x")]),
    ("hipervinculo-control", [((0, *HIPERVINCULO), "https://a/\x01")]),
    ("desconocida", [((0, "zzz"), "a\x0bb")]),
    ("desconocida-anidada", [((0, "zzz"), [[["\x0c"]]])]),
    ("desconocida-en-subtabla", [((1, "proveedores", 0, "zzz"), "q\x00")]),
    ("registro-texto", [((1,), "no soy un registro\x0b")]),
    ("registro-nulo", [((1,), None)]),
    ("registro-lista", [((1,), [1, 2])]),
    ("negativo", [((0, "costo_unidad"), -5)]),
    ("nota-justifica", [((0, "tipo_servicio"), ""), ((0, "nota"), "No aplica")]),
    ("anidado", [((0, "tipo_servicio"), json.loads("[" * 100 + "]" * 100))]),
]


def _cambiar(registros: list, cambios) -> None:
    for ruta, valor in cambios:
        destino = registros
        for paso in ruta[:-1]:
            destino = destino[paso]
        if valor is BORRAR:
            del destino[ruta[-1]]
        else:
            destino[ruta[-1]] = copy.deepcopy(valor)


@pytest.mark.parametrize("nombre,cambio", CAMBIOS, ids=[c[0] for c in CAMBIOS])
def test_rapido_igual_al_general(entorno, datos_ejemplo, monkeypatch, nombre, cambio):
    datos = _fr_xxiii_b(datos_ejemplo)
    _cambiar(datos["registros"], cambio)
    doc = documento_desde_dict(datos, entorno.catalogo)
    rapido, general = _ambos(entorno, doc, monkeypatch)
    assert rapido.aplanar(CAMPOS) == general.aplanar(CAMPOS)
    assert rapido.hallazgos  # cada cambio se dice (también un registro null)


def test_registro_null_es_un_hallazgo_con_lugar(tmp_path, entorno, datos_ejemplo, monkeypatch):
    """Un null en «registros» (una fila borrada a medias) no pasa callado: dice cuál y qué
    hacer, en los tres caminos (rápido, general, sin jsonschema-rs) y en la línea de órdenes."""
    from conftest import ejecutar_tfmt

    from transparencia_fmt import validacion

    datos = _fr_xxiii_b(datos_ejemplo)
    datos["registros"].insert(1, None)
    doc = documento_desde_dict(datos, entorno.catalogo)
    rapido, general = _ambos(entorno, doc, monkeypatch)
    monkeypatch.setattr(validacion, "_rs", None)
    sin_rs = Validador(entorno.catalogo, entorno.gestor).validar(doc)
    for informe in (rapido, general, sin_rs):
        nulo = [e for e in informe.errores if e.registro == 2]
        assert [(e.codigo, e.columna) for e in nulo] == [("tipo", "Registros")]
        assert nulo[0].mensaje.startswith("El registro 2 está vacío (null)")
    archivo = tmp_path / "fr23b.json"
    archivo.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    r = ejecutar_tfmt("validar", archivo)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "El registro 2 está vacío (null)" in r.stdout + r.stderr
    assert "Quítelo de «registros» o escriba sus datos" in r.stdout + r.stderr


def test_todos_los_cambios_juntos(entorno, datos_ejemplo, monkeypatch):
    datos = _fr_xxiii_b(datos_ejemplo)
    base = datos["registros"][:3]
    registros = []
    for _, cambio in CAMBIOS:
        trozo = copy.deepcopy(base)
        _cambiar(trozo, cambio)
        registros.extend(trozo)
    datos["registros"] = registros
    doc = documento_desde_dict(datos, entorno.catalogo)
    rapido, general = _ambos(entorno, doc, monkeypatch)
    assert rapido.aplanar(CAMPOS) == general.aplanar(CAMPOS)
    assert len(rapido.hallazgos) >= len(CAMBIOS)


#: Valores de Python que no son JSON puestos en un documento ya armado (sin desde_dict):
#: jsonschema-rs los leería mal (NaN como null) o no los acepta; se sanean como siempre.
NO_JSON = [
    ("nan", math.nan),
    ("infinito", -math.inf),
    ("decimal-nan", decimal.Decimal("NaN")),
    ("fecha", dt.date(2026, 1, 5)),
    ("conjunto", {1}),
    ("sustituto", "a\ud800"),
    ("clave-numerica", {1: "a"}),
    ("tupla", ("a",)),
    ("decimal", decimal.Decimal("2.5")),
]


@pytest.mark.parametrize("columna", ["tipo_servicio", "costo_unidad", "sexo", "proveedores", "zzz"])
@pytest.mark.parametrize("nombre,valor", NO_JSON, ids=[n[0] for n in NO_JSON])
def test_valores_no_json_en_documento_armado(
    entorno, datos_ejemplo, monkeypatch, nombre, valor, columna
):
    doc = documento_desde_dict(_fr_xxiii_b(datos_ejemplo), entorno.catalogo)
    doc.datos["registros"][1][columna] = valor
    rapido, general = _ambos(entorno, doc, monkeypatch)
    assert rapido.aplanar(CAMPOS) == general.aplanar(CAMPOS)
    json.dumps(rapido.a_dict(), allow_nan=False)


def test_clave_no_texto_en_el_registro(entorno, datos_ejemplo, monkeypatch):
    """Una clave numérica se lee como su texto (como json.dumps): columna desconocida."""
    doc = documento_desde_dict(_fr_xxiii_b(datos_ejemplo), entorno.catalogo)
    doc.datos["registros"][2][7] = "x"
    rapido, general = _ambos(entorno, doc, monkeypatch)
    assert rapido.aplanar(CAMPOS) == general.aplanar(CAMPOS)
    assert [(e.codigo, e.registro, e.clave) for e in rapido.errores] == [
        ("columna-desconocida", 3, "7")
    ]


def test_registro_17_de_20000_se_localiza_una_sola_vez(entorno, datos_ejemplo):
    """Un error en el registro 17 de 20,000 sale una vez, con su número, título y valor; un
    control en el 19,999 también, como advertencia."""
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    modelos = datos["registros"]
    datos["registros"] = [copy.deepcopy(modelos[i % len(modelos)]) for i in range(20_000)]
    datos["registros"][16]["sentido_indicador"] = "Lateral"
    datos["registros"][19_998]["metas_programadas"] = "98 %\x0b al cierre"
    informe = entorno.validar(documento_desde_dict(datos, entorno.catalogo))
    assert informe.aplanar(["codigo", "severidad", "registro", "columna", "valor"]) == [
        ["catalogo", "error", 17, "Sentido del indicador (catálogo)", "Lateral"],
        ["caracter-de-control", "advertencia", 19_999, "Metas programadas", "98 %\x0b al cierre"],
    ]
    assert "«Lateral» no está en el catálogo" in informe.errores[0].mensaje


def test_documento_armado_a_mano_sin_desde_dict(entorno, datos_ejemplo, monkeypatch):
    """Un Documento construido directamente (sin sanear) también usa el camino rápido."""
    datos = _fr_xxiii_b(datos_ejemplo)
    datos["registros"][0]["tipo_servicio"] = "a\x0b"
    doc = Documento(formato=entorno.catalogo.formato(datos["formato"]), datos=datos)
    rapido, general = _ambos(entorno, doc, monkeypatch)
    assert rapido.aplanar(CAMPOS) == general.aplanar(CAMPOS)
    assert [e.codigo for e in rapido.hallazgos] == ["caracter-de-control"]
