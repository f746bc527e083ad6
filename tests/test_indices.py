"""Índices en caché del arranque (issue 13, punto 5): sólo una optimización. Un esquema o un
plugin que cambia los invalida; una caché rota, ilegible o disputada da lo mismo que ninguna."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ejecutar_tfmt, instalar_plugin

from transparencia_fmt import cli, fichas, indices
from transparencia_fmt.catalogo import Catalogo

RAIZ = Path(__file__).resolve().parents[1]
EJEMPLOS = RAIZ / "ejemplos"
FR_V = "LGT_Art_70_Fr_V"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    carpeta = tmp_path / "cache"
    monkeypatch.setenv("TFMT_CACHE", str(carpeta))
    monkeypatch.setenv("TFMT_CARGAR_PLUGINS", "")
    return carpeta


@pytest.fixture
def esquemas(tmp_path, monkeypatch, cache):
    """Una copia de los esquemas integrados que la prueba puede cambiar (y un entorno del
    proceso nuevo: el CLI en proceso lo guarda)."""
    from transparencia_fmt.entorno import entorno

    copia = tmp_path / "esquemas"
    shutil.copytree(fichas.carpeta_integrados(), copia, ignore=shutil.ignore_patterns("*.py*"))
    monkeypatch.setattr(fichas, "carpeta_integrados", lambda: copia)
    entorno.cache_clear()
    yield copia
    entorno.cache_clear()


def _formatos_cli(capsys, *args):
    """Como un `tfmt formatos` nuevo (el entorno del proceso no sobrevive entre corridas)."""
    from transparencia_fmt.entorno import entorno

    entorno.cache_clear()
    assert cli.main(["formatos", *args]) == 0
    return capsys.readouterr().out


def _leidos(monkeypatch):
    """Cuenta los esquemas que se leen del disco."""
    modulo = sys.modules["transparencia_fmt.catalogo"]  # `tf.catalogo` es la función
    leidos: list[str] = []
    original = modulo._leer_json

    def contar(ruta):
        leidos.append(Path(str(ruta)).name)
        return original(ruta)

    monkeypatch.setattr(modulo, "_leer_json", contar)
    return leidos


def test_con_indice_no_se_lee_ningun_esquema_hasta_pedirlo(esquemas, monkeypatch):
    lento = Catalogo.cargar()
    leidos = _leidos(monkeypatch)
    rapido = Catalogo.cargar()
    assert leidos == []
    assert len(rapido) == len(lento) and FR_V in rapido
    assert [f.id for f in rapido.fichas()] == [f.id for f in lento]
    assert rapido.formato(FR_V) == lento.formato(FR_V)
    assert f"{FR_V}.json" in leidos and len(leidos) < 5  # el suyo y los comunes que referencia
    # Construidos todos, son los mismos formatos (y las mismas fichas) que sin índice.
    assert list(rapido) == list(lento)
    assert [vars_ficha(f) for f in rapido.fichas()] == [vars_ficha(f) for f in lento.fichas()]


def vars_ficha(f):
    return {n: getattr(f, n) for n in fichas.Ficha.__slots__ if n != "_resumen"} | {
        "resumen": f.resumen()
    }


def test_cambiar_un_esquema_invalida_el_indice(esquemas, capsys):
    antes = _formatos_cli(capsys)
    assert FR_V in antes and "CAMBIADOS" not in antes
    ruta = esquemas / "lgtaip" / "art70" / f"{FR_V}.json"
    datos = json.loads(ruta.read_text("utf-8"))
    datos["x-formato"]["titulo"] = "Indicadores CAMBIADOS por la prueba"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    despues = _formatos_cli(capsys)
    assert "Indicadores CAMBIADOS por la prueba" in despues
    assert Catalogo.cargar().formato(FR_V).titulo == "Indicadores CAMBIADOS por la prueba"


def test_agregar_y_quitar_un_formato_sin_python_ni_pasos_manuales(esquemas, capsys):
    original = esquemas / "lgtaip" / "art70" / f"{FR_V}.json"
    datos = json.loads(original.read_text("utf-8"))
    datos["$id"] = datos["$id"].replace(FR_V, "Formato_Nuevo_De_Prueba")
    datos["x-formato"]["id"] = "Formato_Nuevo_De_Prueba"
    datos["x-formato"]["nombre_corto"] = "99 Formato_Nuevo_De_Prueba"
    antes = _formatos_cli(capsys, "--json")
    nuevo = esquemas / "lgtaip" / "art70" / "Formato_Nuevo_De_Prueba.json"
    nuevo.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    con_nuevo = json.loads(_formatos_cli(capsys, "--json"))
    assert len(con_nuevo) == len(json.loads(antes)) + 1
    assert "Formato_Nuevo_De_Prueba" in {f["id"] for f in con_nuevo}
    assert Catalogo.cargar().formato("99 Formato_Nuevo_De_Prueba").id == "Formato_Nuevo_De_Prueba"
    nuevo.unlink()
    assert _formatos_cli(capsys, "--json") == antes


def test_sin_caché_utilizable_la_salida_es_la_misma(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TFMT_CARGAR_PLUGINS", "")
    monkeypatch.setenv("TFMT_CACHE", "")  # desactivada
    esperada = _formatos_cli(capsys, "--json")
    archivo = tmp_path / "un_archivo"
    archivo.write_text("no soy carpeta")
    monkeypatch.setenv("TFMT_CACHE", str(archivo / "cache"))  # no se puede crear
    assert _formatos_cli(capsys, "--json") == esperada
    assert archivo.read_text() == "no soy carpeta"


def test_caché_corrupta_o_ajena_se_ignora_y_se_rehace(cache, capsys):
    esperada = _formatos_cli(capsys, "--json")
    archivos = sorted(cache.glob("*.json"))
    assert {a.name.split("-")[0] for a in archivos} == {"catalogo", "entry", "fichas"}
    for basura in (b"\x00\xffbasura", b'{"version": 1, "lugar": 3}', b"[]", b""):
        for a in archivos:
            a.write_bytes(basura)
        assert _formatos_cli(capsys, "--json") == esperada
        for a in archivos:  # rehechos, legibles
            assert json.loads(a.read_bytes())["version"] == indices.VERSION
    # Un índice con la clave correcta pero con datos de forma equivocada tampoco se usa.
    for prefijo, romper in (
        ("fichas", lambda v: v[0].pop("titulo")),
        ("catalogo", lambda v: v["formatos"][0].__setitem__(2, {"id": "roto"})),
    ):
        archivo = next(a for a in archivos if a.name.startswith(prefijo))
        datos = json.loads(archivo.read_bytes())
        romper(datos["valor"])
        archivo.write_text(json.dumps(datos))
        assert _formatos_cli(capsys, "--json") == esperada
        assert Catalogo.cargar().formato(FR_V).id == FR_V


def test_escritura_atomica_sin_restos(cache, monkeypatch):
    def falla(*_):
        raise OSError("disco lleno")

    original = os.replace
    monkeypatch.setattr(os, "replace", falla)
    assert indices.guardar("prueba", "aquí", [1], {"a": 1}) is False
    assert [p.name for p in cache.iterdir()] == []
    monkeypatch.setattr(os, "replace", original)
    assert indices.guardar("prueba", "aquí", [1], {"a": 1}) is True
    assert indices.leer("prueba", "aquí", [1]) == {"a": 1}
    assert indices.leer("prueba", "aquí", [2]) is None  # otra clave
    assert indices.leer("prueba", "allá", [1]) is None  # otro lugar


def test_procesos_a_la_vez_con_la_caché_vacía(cache):
    """Varios tfmt que arrancan juntos sin índice: todos responden igual; queda uno válido."""
    env = {**os.environ, "TFMT_CACHE": str(cache), "TFMT_CARGAR_PLUGINS": ""}
    procesos = [
        subprocess.Popen(
            [sys.executable, "-m", "transparencia_fmt", "formatos", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(4)
    ]
    salidas = [p.communicate() for p in procesos]
    assert all(p.returncode == 0 for p in procesos), [e for _, e in salidas]
    assert len({s for s, _ in salidas}) == 1 and not any(e for _, e in salidas)
    for a in cache.iterdir():
        assert a.suffix == ".json", a  # ningún temporal olvidado
        json.loads(a.read_bytes())


def test_plugin_instalado_o_quitado_despues_del_indice(tmp_path, cache):
    """El índice de entry points se rehace al instalar o quitar un plugin: nunca responde
    con lo de antes. Un plugin roto se sigue nombrando."""
    sitio = tmp_path / "sitio"
    sitio.mkdir()
    env = {"PYTHONPATH": str(sitio), "TFMT_LOAD_PLUGINS": None, "TFMT_CARGAR_PLUGINS": None}

    def exportadores():
        r = ejecutar_tfmt("exportadores", "--json", env=env)
        assert r.returncode == 0, r.stderr
        return {d["nombre"] for d in json.loads(r.stdout)}, r.stderr

    nombres, avisos = exportadores()  # índice sin el plugin
    assert "markdown" not in nombres and not avisos
    instalar_plugin(EJEMPLOS / "plugin_markdown", sitio)
    nombres, _ = exportadores()
    assert "markdown" in nombres
    instalar_plugin(RAIZ / "tests/plugins/plugin_roto", sitio)
    nombres, avisos = exportadores()
    assert "markdown" in nombres and "roto" in avisos and "tfmt-plugin-roto" in avisos
    for dist in sitio.glob("tfmt_markdown*"):
        shutil.rmtree(dist) if dist.is_dir() else dist.unlink()
    nombres, avisos = exportadores()
    assert "markdown" not in nombres and "roto" in avisos
    r = ejecutar_tfmt("formatos", env=env)  # `formatos` también ve al plugin (roto)
    assert r.returncode == 0 and "roto" in r.stderr


def test_los_integrados_no_registran_esquemas():
    """`tfmt formatos` se salta el gestor cuando no hay plugins de terceros porque ningún
    integrado registra esquemas; si uno empezara a hacerlo, esto debe cambiar."""
    from transparencia_fmt.plugins import crear_gestor

    assert crear_gestor(cargar_terceros=False).rutas_esquemas() == []


def test_la_clave_del_indice_cubre_el_codigo_que_arma_las_fichas():
    """Un cambio en el código que arma formatos, fichas y esquemas sin $ref invalida los
    índices (en un entorno editable el código cambia sin cambiar de versión)."""
    raiz = fichas.carpeta_integrados()
    clave = fichas.huella_integrados(raiz)
    codigo = {nombre for nombre, huella in clave[3] if huella is not None}
    assert codigo == {"fichas.py", "catalogo.py", "columnas_esquema.py", "modelos.py"}
