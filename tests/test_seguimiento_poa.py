"""Seguimiento del POA y derivaciones sin espacio de trabajo: objetivos nombrados, resumen."""

from __future__ import annotations

import json

import pytest
from conftest import EJEMPLOS, ejecutar_tfmt

from transparencia_fmt.derivacion import derivar
from transparencia_fmt.errores import ErrorDeUso
from transparencia_fmt.seguimiento import estado_actividad, mes, registrar, resumir

POA = json.loads((EJEMPLOS / "Plan_Operativo_Anual.json").read_text("utf-8"))
SEGUIMIENTO = json.loads((EJEMPLOS / "Seguimiento_POA.json").read_text("utf-8"))


def test_objetivos_nombrados_dan_un_registro_cada_uno(entorno, tmp_path):
    """Si el POA nombra objetivos, la Fr. IV lleva uno por registro con sus metas."""
    datos = dict(POA)
    datos["objetivos"] = [
        {
            "descripcion": "Informar a la ciudadanía de las acciones del Ayuntamiento.",
            "metas": [1, 3],
        },
        {"descripcion": "Mantener al día la información pública.", "metas": [2, 4]},
    ]
    ruta = tmp_path / "poa.json"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    poa = entorno.cargar(ruta)
    assert entorno.validar(poa).valido
    iv = derivar(entorno, poa, "LGT_Art_70_Fr_IV")
    assert entorno.validar(iv).valido
    regs = iv.registros
    assert [r["descripcion_breve_clara_objetivo_institucional"] for r in regs] == [
        o["descripcion"] for o in datos["objetivos"]
    ]
    tablas = [
        [f["indicadores_asociados"] for f in r["indicadores_metas_asociados_objetivo"]]
        for r in regs
    ]
    metas = {m["id"]: m["indicador"] for m in POA["metas"]}
    assert tablas == [[metas[1], metas[3]], [metas[2], metas[4]]]
    # En la Fr. VI el objetivo nombrado (corto) sí cabe en sus 150 caracteres.
    vi = derivar(entorno, poa, "LGT_Art_70_Fr_VI")
    assert vi.registros[0]["objetivo_institucional"] == datos["objetivos"][0]["descripcion"]


def test_resumen_del_ejemplo_de_seguimiento():
    r = resumir(POA, SEGUIMIENTO)
    assert r.planeadas == 72
    assert (r.registradas, r.contar("Realizada"), r.contar("Parcial")) == (18, 16, 1)
    assert r.contar("No realizada") == 1 and r.ultimo_mes == "MAR"
    assert r.avance_al_corte == round(100 * 16.5 / 18, 1)
    assert [m.promedio for m in r.metas] == [98.3, 95.0, 85.0, 68.3]


def test_registrar_corrige_en_lugar_de_duplicar():
    datos = json.loads(json.dumps(SEGUIMIENTO))
    antes = len(datos["actividades"])
    cambios = registrar(datos, POA, ["MAR"], actividades=[3], estado="Realizada")
    assert cambios == ["MAR: actividad 3 corregida a Realizada"]
    assert len(datos["actividades"]) == antes
    registrar(datos, POA, ["ABR"], metas=[1], avance=100)
    assert datos["metas"][-1] == {"mes": "ABR", "meta": 1, "avance": 100}
    with pytest.raises(ErrorDeUso, match="La meta 9 no está en el POA"):
        registrar(datos, POA, ["ABR"], metas=[9], avance=1)


@pytest.mark.parametrize("texto", ["ene", "Enero", "1", "01", "ENE"])
def test_meses_como_los_escribe_la_gente(texto):
    assert mes(texto) == "ENE"


def test_mes_y_estado_invalidos_son_mal_uso():
    with pytest.raises(ErrorDeUso, match="no es un mes"):
        mes("13")
    with pytest.raises(ErrorDeUso, match="no es un estado"):
        estado_actividad("quizá")
    assert estado_actividad("No-Realizada") == "No realizada"


def test_seguimiento_fuera_de_un_espacio_es_mal_uso(tmp_path):
    r = ejecutar_tfmt("seguimiento", "ver", "--espacio", tmp_path)
    assert r.returncode == 2 and "no es un espacio de trabajo" in r.stderr
    r = ejecutar_tfmt("seguimiento")
    assert r.returncode == 2 and "registrar | ver | informe" in r.stderr
