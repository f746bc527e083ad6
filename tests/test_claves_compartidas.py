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


def _comun(reg: dict) -> dict:
    """El mismo registro armado clave por clave, como lo arma un `dict` común."""
    return {k: v for k, v in reg.items()}


def _compactos(registros: list[dict]) -> bool:
    """Ocupan en total menos de 3/4 de lo que ocuparían como `dict` comunes. (En total: los
    primeros diccionarios de una clase nueva pueden salir más grandes, según cómo los arme
    el intérprete antes de especializar la llamada; el ahorro se ve desde unos cuantos.)"""
    propios = sum(sys.getsizeof(r) for r in registros)
    return propios < 0.75 * sum(sys.getsizeof(_comun(r)) for r in registros)


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
    assert _compactos(registros)


@pytest.mark.skipif(not CPYTHON, reason="el ahorro es de CPython (PEP 412)")
def test_el_importador_xlsx_los_usa(tmp_path):
    """Fr. IX (36 columnas: registros como `dict` común) desde el XLSX de nuestro exportador:
    las filas de tabla secundaria salen compactas y sus listas del tamaño justo, con los
    mismos datos que el JSON."""
    ent = Entorno.crear(cargar_terceros=False)
    original = ent.cargar(_repetido(ent, "LGT_Art_70_Fr_IX", 100, tmp_path))
    ruta = tmp_path / "fr9.xlsx"
    ent.exportar(original, "xlsx", ruta)
    doc = ent.cargar(ruta)
    assert doc.registros == original.registros
    listas = [v for reg in doc.registros for v in reg.values() if isinstance(v, list)]
    filas = [fila for lista in listas for fila in lista]
    assert len(filas) > 300 and all(isinstance(f, dict) for f in filas)
    assert _compactos(filas)
    assert all(sys.getsizeof(lista) == sys.getsizeof(lista[:]) for lista in listas)


def test_filas_enlazadas_en_orden_y_sin_compartirse():
    """Filas secundarias: en el orden del archivo (también pasadas las 8 de un registro),
    y la que enlazan dos registros (mismo ID) es una copia en cada uno."""
    from transparencia_fmt import tabla_a_documento as tad
    from transparencia_fmt.modelos import Columna

    sub = tad.LectorDeTabla(
        [Columna("monto", "Monto", "numero")], ["ID", "Monto"], archivo="x", con_id=True
    )
    registros: list[dict] = [{}, {}]
    for n in range(12):
        sub.agregar_enlazada(registros, "tabla", (0,), n + 2, ["1", n], "1")
    sub.agregar_enlazada(registros, "tabla", (0, 1), 20, ["2", 99], "2")
    assert [f["monto"] for f in registros[0]["tabla"]] == [*range(12), 99]
    assert registros[1]["tabla"] == [{"monto": 99}]
    assert registros[1]["tabla"][0] is not registros[0]["tabla"][-1]
    assert not sub.hallazgos


@pytest.mark.skipif(not CPYTHON, reason="el ahorro es de CPython (PEP 412)")
def test_siguen_compactos_si_las_claves_llegan_tarde_o_faltan():
    """Como en la importación: todos los registros primero, y después sus tablas
    secundarias, la Nota propia de algunos, una columna vacía en los primeros."""
    claves = ["a", "b", "c", "tabla", "nota"]
    nuevo = fabrica_de_registros(claves)
    registros = []
    for i in range(200):
        reg = nuevo()
        reg["c"], reg["a"] = i, -i  # otro orden, y sin «b»
        registros.append(reg)
    for reg in registros:
        reg["tabla"] = [{"x": 1}]
    for reg in registros[::3]:
        reg["nota"] = "propia"
    for reg in registros[100:]:
        reg["b"] = "tarde"
    assert _compactos(registros)
    assert list(registros[0]) == ["c", "a", "tabla", "nota"]
    assert registros[151] == {"c": 151, "a": -151, "tabla": [{"x": 1}], "b": "tarde"}


def _repetido(ent: Entorno, formato: str, n: int, carpeta: Path) -> Path:
    """El ejemplo del formato con `n` registros (Notas distintas en algunos), como JSON."""
    datos = json.loads((RAIZ / "ejemplos" / f"{formato}.json").read_text("utf-8"))
    base = datos["registros"]
    datos["registros"] = []
    for i in range(n):
        reg = copy.deepcopy(base[i % len(base)])
        reg.pop("nota", None)
        if i % 4 == 0:
            reg["nota"] = f"nota {i}"
        datos["registros"].append(reg)
    ruta = carpeta / f"{formato}.json"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    return ruta


@pytest.mark.skipif(not CPYTHON, reason="el ahorro es de CPython (PEP 412)")
@pytest.mark.parametrize("salida", ["xlsx", "csv"])
def test_registros_principales_compactos_con_tablas_y_notas(tmp_path, salida):
    """Fr. XVII (una tabla secundaria, ≤ 29 claves): los registros principales reciben sus
    filas secundarias y su Nota después de armados, y siguen compactos; mismos datos."""
    ent = Entorno.crear(cargar_terceros=False)
    original = ent.cargar(_repetido(ent, "LGT_Art_70_Fr_XVII", 60, tmp_path))
    assert any(isinstance(v, list) for v in original.registros[0].values())
    ruta = tmp_path / f"fr17.{salida}"
    ent.exportar(original, salida, ruta)
    doc = ent.cargar(ruta)
    assert doc.registros == original.registros
    assert 0 < sum("nota" in r for r in doc.registros) < len(doc.registros)
    assert _compactos(doc.registros)
