"""Registros con las claves compartidas (claves_compartidas.py): son diccionarios de verdad
para todo el que los lee o los cambia, y ocupan menos que uno común (issue 13)."""

from __future__ import annotations

import copy
import json
import pickle
import platform
import sys
from pathlib import Path

import pytest

from transparencia_fmt.claves_compartidas import MAXIMO_CLAVES, fabrica_de_registros
from transparencia_fmt.entorno import Entorno

RAIZ = Path(__file__).resolve().parents[1]
CPYTHON = platform.python_implementation() == "CPython"
CLAVES = ["clave_partida", "denominacion_partida", "importe"]


def _llenos(claves: list[str], n: int = 50) -> list[dict]:
    nuevo = fabrica_de_registros(claves)
    registros = []
    for i in range(n):
        reg = nuevo()
        for k in claves:
            reg[k] = f"{k} {i}"
        registros.append(reg)
    return registros


def test_son_diccionarios_de_verdad():
    reg = _llenos(CLAVES)[7]
    comun = {k: f"{k} 7" for k in CLAVES}
    assert type(reg) is dict and reg == comun and list(reg) == CLAVES
    assert json.dumps(reg) == json.dumps(comun)
    assert copy.deepcopy(reg) == comun and pickle.loads(pickle.dumps(reg)) == comun
    assert dict(reg) == comun and {**reg} == comun and reg.copy() == comun


def test_se_cambian_como_cualquier_diccionario():
    registros = _llenos(CLAVES)
    reg = registros[3]
    reg["importe"] = 1.5
    del reg["clave_partida"]
    reg["nueva"] = [1]  # una clave que la fábrica no esperaba
    reg.setdefault("otra", {})["x"] = 1
    assert reg == {
        "denominacion_partida": "denominacion_partida 3",
        "importe": 1.5,
        "nueva": [1],
        "otra": {"x": 1},
    }
    assert list(reg) == ["denominacion_partida", "importe", "nueva", "otra"]
    # los demás no se enteran (cada uno guarda sus valores)
    assert registros[4] == {k: f"{k} 4" for k in CLAVES}
    # otro orden de inserción, o claves que faltan, se respetan
    nuevo = fabrica_de_registros(CLAVES)
    a, b = nuevo(), nuevo()
    a["importe"], a["clave_partida"] = 1, 2
    b["denominacion_partida"] = 3
    assert list(a.items()) == [("importe", 1), ("clave_partida", 2)]
    assert b == {"denominacion_partida": 3}


def test_jsonschema_rs_los_valida():
    import jsonschema_rs

    reg = _llenos(CLAVES)[0]
    esquema = {"type": "object", "properties": {"importe": {"type": "number"}}}
    assert not jsonschema_rs.validator_for(esquema).is_valid(reg)  # «importe 0»: texto
    reg["importe"] = 5
    assert jsonschema_rs.validator_for(esquema).is_valid(reg)
    reg["importe"] = "no"
    assert not jsonschema_rs.validator_for(esquema).is_valid(reg)


def test_demasiadas_claves_dan_diccionarios_comunes():
    assert fabrica_de_registros([f"c{i}" for i in range(MAXIMO_CLAVES + 1)]) is dict
    assert fabrica_de_registros([f"c{i}" for i in range(MAXIMO_CLAVES)]) is not dict


@pytest.mark.skipif(not CPYTHON, reason="el ahorro es de CPython (PEP 412)")
@pytest.mark.parametrize("cuantas", [1, 3, MAXIMO_CLAVES])
def test_ocupan_menos_que_un_diccionario_comun(cuantas):
    """Si una versión de Python dejara de compartir las claves (o bajara el máximo), esto
    falla: el importador volvería a gastar lo de antes."""
    claves = [f"clave_{i}" for i in range(cuantas)]
    registros = _llenos(claves)
    assert all(sys.getsizeof(r) < sys.getsizeof(dict(r)) for r in registros[1:])


@pytest.mark.skipif(not CPYTHON, reason="el ahorro es de CPython (PEP 412)")
def test_el_importador_xlsx_los_usa(tmp_path):
    """Fr. IX desde el XLSX de nuestro exportador: las filas de tabla secundaria salen
    compactas (y sus listas, del tamaño justo), con los mismos datos que el JSON."""
    ent = Entorno.crear(cargar_terceros=False)
    original = ent.cargar(RAIZ / "ejemplos" / "LGT_Art_70_Fr_IX.json")
    ruta = tmp_path / "fr9.xlsx"
    ent.exportar(original, "xlsx", ruta)
    doc = ent.cargar(ruta)
    assert doc.registros == original.registros
    filas = [
        (lista, fila)
        for reg in doc.registros
        for lista in reg.values()
        if isinstance(lista, list)
        for fila in lista
        if isinstance(fila, dict)
    ]
    assert filas
    for lista, fila in filas:
        assert sys.getsizeof(fila) < sys.getsizeof(dict(fila))
        assert sys.getsizeof(lista) == sys.getsizeof(lista[:])  # sin lugar de más
