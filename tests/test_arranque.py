"""Arranque rápido (issue 13, punto 5): lo pesado se importa sólo cuando un comando lo usa."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import python_limpio

EJEMPLO = Path(__file__).resolve().parents[1] / "ejemplos" / "LGT_Art_70_Fr_V.json"
PESADOS = ("attr", "attrs", "pluggy", "referencing", "jsonschema", "jsonschema_rs", "docx")


def _modulos_tras(codigo: str) -> set[str]:
    """Los módulos pesados que quedaron importados tras correr `codigo` en un proceso limpio."""
    r = python_limpio(codigo + "\nimport sys\nprint(' '.join(sys.modules))")
    cargados = set(r.stdout.split())
    return {m for m in cargados if m.split(".")[0] in PESADOS}


def test_importar_el_paquete_no_carga_nada_pesado():
    assert _modulos_tras("import transparencia_fmt") == set()


def test_ayuda_del_cli_no_carga_nada_pesado():
    codigo = (
        "import contextlib, io\nfrom transparencia_fmt.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as f:\n"
        "    assert main(['--help']) == 0\n"
        "assert 'formatos' in f.getvalue() and 'validar' in f.getvalue()"
    )
    assert _modulos_tras(codigo) == set()


@pytest.mark.parametrize("nombre", ["Documento", "Formato", "hookimpl", "ErrorDeUso", "Tabla"])
def test_los_nombres_publicos_siguen_ahi(nombre):
    """Perezosos (PEP 562) pero los mismos objetos de siempre."""
    import importlib

    import transparencia_fmt as tf

    modulo = importlib.import_module(f"transparencia_fmt.{tf._PEREZOSOS[nombre]}")
    assert getattr(tf, nombre) is getattr(modulo, nombre)
    assert nombre in dir(tf)
    with pytest.raises(AttributeError):
        tf.no_existe  # noqa: B018


def test_la_funcion_catalogo_sobrevive_al_submodulo(tmp_path):
    """`tf.catalogo()` sigue siendo la función aunque luego se importe el submódulo."""
    codigo = (
        "import transparencia_fmt as tf\n"
        "from transparencia_fmt.catalogo import Catalogo\n"
        "import transparencia_fmt.entorno\n"
        "assert isinstance(tf.catalogo(), Catalogo)\n"
        "assert tf.validar(tf.desde_dict({'formato': 'LGT_Art_70_Fr_V'})).valido is False\n"
    )
    r = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_integrados_sin_ganchos_sin_marcar():
    """El gestor ya no revisa en cada arranque que los integrados marquen sus ganchos con
    @hookimpl (sí lo hace con los de terceros): lo revisa esta prueba. Y los diferidos
    (importados al llamar su gancho) implementan justo el gancho que dice `DIFERIDOS`."""
    import importlib

    from transparencia_fmt import hookspecs
    from transparencia_fmt.plugins import DIFERIDOS, INTEGRADOS, crear_gestor

    gestor = crear_gestor(cargar_terceros=False)
    assert [n for n, _ in gestor.pm.list_name_plugin()] == [n for n, _ in INTEGRADOS]
    for nombre, ruta in INTEGRADOS:
        modulo = importlib.import_module(ruta)
        ganchos = {
            a
            for a in dir(modulo)
            if a in hookspecs.GANCHOS and gestor.pm.parse_hookimpl_opts(modulo, a) is not None
        }
        sin_marca = {a for a in dir(modulo) if a in hookspecs.GANCHOS} - ganchos
        assert not sin_marca, nombre
        assert set(gestor.ganchos_de(nombre)) == ganchos, nombre
        if nombre in DIFERIDOS:
            assert ganchos == {DIFERIDOS[nombre]}, nombre


def test_validar_no_importa_exportadores_ni_derivaciones():
    codigo = (
        "import sys, contextlib, io\nfrom transparencia_fmt.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['validar', {str(EJEMPLO)!r}]) == 0\n"
        "print(' '.join(m for m in sys.modules if m.startswith('transparencia_fmt.')))"
    )
    cargados = set(python_limpio(codigo).stdout.split())
    assert "transparencia_fmt.reglas" in cargados
    assert not {
        m
        for m in cargados
        if m.startswith(("transparencia_fmt.exportadores.", "transparencia_fmt.derivaciones."))
    }


def test_validar_un_json_no_importa_lectores_de_tablas():
    """Un `validar` pequeño de JSON no importa los importadores CSV/XLSX (ni csv, zipfile,
    sus expresiones) ni filas; sí los tiene registrados y los usa al leer un .csv."""
    codigo = (
        "import sys, contextlib, io\nfrom transparencia_fmt.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['validar', {str(EJEMPLO)!r}]) == 0\n"
        "from transparencia_fmt.entorno import entorno\n"
        "print(' '.join(sorted(r.objeto.nombre for r in entorno().importadores)))\n"
        "print(' '.join(sys.modules))"
    )
    for _ in range(2):  # la segunda, con la caché de índices ya escrita (como en cada arranque)
        r = python_limpio(codigo)
    nombres, modulos = r.stdout.splitlines()
    assert nombres.split() == ["csv", "json", "xlsx"]
    cargados = set(modulos.split())
    quitados = {
        "csv",
        "zipfile",
        "shutil",
        "transparencia_fmt.importadores.csv_portal",
        "transparencia_fmt.importadores.xlsx_sipot",
        "transparencia_fmt.tabla_a_documento",
        "transparencia_fmt.reconocimiento",
        "transparencia_fmt.xlsx_crudo",
        "transparencia_fmt.equivalencias",
        "transparencia_fmt.filas",
        "transparencia_fmt.cli_comparar",
        "transparencia_fmt.cli_espacio",
        "transparencia_fmt.cli_servir",
        "difflib",
    }
    assert not cargados & quitados, sorted(cargados & quitados)
    assert "transparencia_fmt.importadores.json_canonico" in cargados


def test_importadores_diferidos_son_los_del_modulo(tmp_path):
    """Nombre y extensiones que se saben de antemano son los del importador real; lo demás
    (descripción, reconoce, importar) es del real."""
    import importlib

    from transparencia_fmt.entorno import Entorno
    from transparencia_fmt.plugins import IMPORTADORES_DIFERIDOS, INTEGRADOS, ImportadorDiferido

    ent = Entorno.crear(cargar_terceros=False)
    por_plugin = {r.plugin: r.objeto for r in ent.importadores}
    for plugin, (clase, nombre, extensiones) in IMPORTADORES_DIFERIDOS.items():
        real = getattr(importlib.import_module(dict(INTEGRADOS)[plugin]), clase)()
        diferido = por_plugin[plugin]
        assert isinstance(diferido, ImportadorDiferido)
        assert (diferido.nombre, diferido.extensiones) == (real.nombre, real.extensiones)
        assert (nombre, extensiones) == (real.nombre, real.extensiones)
        assert diferido.descripcion == real.descripcion
        assert hasattr(diferido, "reconoce") == hasattr(real, "reconoce")
    assert por_plugin["importador-xlsx"].reconoce(tmp_path, b"PK\x03\x04...")
    # un .csv se lee con el importador real (igual que antes)
    ruta = tmp_path / "fr5.csv"
    documento = ent.cargar(EJEMPLO)
    ent.exportar(documento, "csv", ruta)
    assert ent.cargar(ruta).registros == documento.registros


def test_analizador_con_solo_el_comando_pedido_es_el_mismo():
    """Con un comando, sólo se arma ése; su ayuda y sus opciones son las de siempre."""
    from transparencia_fmt import cli

    def subcomandos(analizador):
        return next(a for a in analizador._actions if a.dest == "comando").choices

    completo = subcomandos(cli._parser())
    assert len(completo) > 15
    for nombre, sub in completo.items():
        solo = subcomandos(cli._analizador([nombre, "--algo"]))
        assert list(solo) == [nombre]
        assert solo[nombre].format_help() == sub.format_help()
        assert solo[nombre].format_usage() == sub.format_usage()
    for argv in ([], ["--version"], ["no-existe"], ["-h"]):
        assert subcomandos(cli._analizador(argv)).keys() == completo.keys()


_ESPIA_DEL_RECOLECTOR = """
import gc, sys
from transparencia_fmt import cli
from transparencia_fmt.validacion import Validador
estados = []
original = Validador.validar
def espia(self, *args, **kwargs):
    estados.append([gc.isenabled(), gc.get_freeze_count() > 0])
    return original(self, *args, **kwargs)
Validador.validar = espia
"""


@pytest.mark.parametrize("programa", [True, False])
def test_el_programa_arranca_sin_recolector_y_valida_con_el(programa):
    """El programa `tfmt` (``main()`` sin argumentos) importa y arma el entorno sin el
    recolector de ciclos y congela lo creado; valida ya con el recolector encendido. Quien
    llama a ``main(argv)`` desde su código no ve tocado el recolector de su proceso. El
    resultado es el mismo."""
    llamada = "cli.main()" if programa else f"cli.main(['validar', {str(EJEMPLO)!r}])"
    codigo = (
        _ESPIA_DEL_RECOLECTOR
        + f"sys.argv = ['tfmt', 'validar', {str(EJEMPLO)!r}]\n"
        + f"salida = {llamada}\n"
        + "print(salida, estados, gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    lineas = python_limpio(codigo).stdout.splitlines()
    assert lineas[0].endswith("LGT_Art_70_Fr_V.json: válido (5 registros).")
    assert lineas[1] == f"0 [[True, {programa}]] True {programa}"


@pytest.mark.parametrize("columnas", [None, "50", "0", "-3", "abc", "200"])
def test_la_ayuda_tiene_el_ancho_de_argparse_sin_importar_shutil(monkeypatch, columnas):
    """El analizador arma sus formateadores sin importar shutil, con el mismo ancho y la
    misma ayuda que argparse por sí solo."""
    import argparse
    import shutil

    from transparencia_fmt import cli
    from transparencia_fmt.argumentos import Analizador, _columnas

    if columnas is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columnas)
    assert _columnas() == shutil.get_terminal_size().columns
    propia = [cli._parser().format_help(), cli._parser().format_usage()]
    monkeypatch.setattr(Analizador, "_get_formatter", argparse.ArgumentParser._get_formatter)
    assert propia == [cli._parser().format_help(), cli._parser().format_usage()]


def test_validar_pequeno_no_compila_expresiones_que_no_usa():
    """Las expresiones de caminos raros (controles, sustitutos sueltos, archivos que no son
    UTF-8, entry points de terceros) se compilan al usarse, no en cada arranque."""
    codigo = (
        "import contextlib, io, importlib\nfrom transparencia_fmt.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['validar', {str(EJEMPLO)!r}]) == 0\n"
        "from transparencia_fmt import decodificacion, entradas, texto\n"
        "jc = importlib.import_module('transparencia_fmt.importadores.json_canonico')\n"
        "print([f.cache_info().currsize for f in (texto._control, decodificacion._acentos_rotos,"
        " decodificacion._utf8_multibyte, entradas._entry_point, jc._sustituto)])"
    )
    assert python_limpio(codigo).stdout.split("\n")[-2] == "[0, 0, 0, 0, 0]"


#: Lo que `--help` y `formatos` no necesitan (issue 13: arranque contra el Python pelón de una
#: instalación con rueda). pathlib trae urllib.parse e ipaddress; importlib.util, contextlib.
NO_PARA_LA_AYUDA = (
    "pathlib",
    "urllib.parse",
    "ipaddress",
    "typing",
    "json",
    "datetime",
    "contextlib",
    "importlib.util",
    "importlib.metadata",
    "email",
    "zipfile",
    "shutil",
    "math",
)


def _como_rueda(destino: Path) -> Path:
    """El paquete acomodado como lo instala la rueda (`package-dir` de pyproject.toml), sin
    código fuente al lado: lo que importa el arranque de un `tfmt` instalado."""
    raiz = Path(__file__).resolve().parents[1]
    paquete = destino / "transparencia_fmt"
    ignorar = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(raiz / "src" / "transparencia_fmt", paquete, ignore=ignorar)
    for sub in ("exportadores", "importadores", "esquemas", "ejemplos", "derivaciones"):
        shutil.copytree(raiz / sub, paquete / sub, ignore=ignorar)
    return destino


@pytest.mark.parametrize("argv", [["--help"], ["formatos"], ["formatos", "--fraccion", "V"]])
def test_ayuda_y_formatos_instalados_no_importan_lo_que_no_usan(tmp_path, argv):
    """Como el guion `tfmt` de una instalación con rueda (sin el buscador de la instalación
    editable, que ya importa pathlib y compañía en cada `python`): `--help` y `formatos`
    no importan pathlib, typing, json (sólo `formatos`, para leer su índice), datetime…"""
    # -S: sin `site` (ni los .pth de la instalación editable); las dependencias, a mano
    rutas = [str(_como_rueda(tmp_path / "sitio"))]
    rutas += dict.fromkeys(sysconfig.get_path(n) for n in ("purelib", "platlib"))
    codigo = (
        f"import sys\nsys.path[:0] = {rutas!r}\n"
        f"sys.argv = ['tfmt', *{argv!r}]\n"
        "from transparencia_fmt.consola import main\n"
        "codigo = main()\n"
        "print('\\n' + ' '.join(sys.modules), file=sys.stderr)\n"
        "sys.exit(codigo)\n"
    )
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("TFMT_")}
    entorno["TFMT_CACHE"] = str(tmp_path / "cache")
    for _ in range(2):  # la segunda, con los índices ya escritos (como en cada arranque)
        r = subprocess.run(
            [sys.executable, "-S", "-c", codigo], capture_output=True, text=True, env=entorno
        )
        assert r.returncode == 0, r.stderr
    assert "formatos" in r.stdout and ("validar" in r.stdout or "LGT_Art_70_Fr_V" in r.stdout)
    cargados = set(r.stderr.split())
    esperados = set(NO_PARA_LA_AYUDA) - ({"json"} if argv[0] == "formatos" else set())
    assert not cargados & esperados, sorted(cargados & esperados)
    assert not {m for m in cargados if m.split(".")[0] in PESADOS}
    assert "transparencia_fmt.cli" in cargados and "argparse" in cargados  # sí corrió


@pytest.mark.parametrize("columnas", [None, "50", "200"])
def test_la_ayuda_general_no_arma_los_subcomandos(monkeypatch, columnas):
    """`tfmt --help` (y `tfmt` solo) muestra sólo nombre y ayuda de cada subcomando: los arma
    sin sus opciones, con la misma ayuda y el mismo uso que el analizador completo."""
    import argparse

    from transparencia_fmt import cli

    if columnas is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columnas)
    completo = cli._parser()
    for argv in ([], ["-h"], ["--ayuda"], ["--help"]):
        ligero = cli._analizador(argv)
        assert ligero.format_help() == completo.format_help()
        assert ligero.format_usage() == completo.format_usage()
        sub = next(a for a in ligero._actions if a.dest == "comando")
        assert not [p for p in sub.choices.values() if isinstance(p, argparse.ArgumentParser)]
    # con algo más que la ayuda, el de siempre
    sub = next(a for a in cli._analizador(["--help", "x"])._actions if a.dest == "comando")
    assert all(isinstance(p, argparse.ArgumentParser) for p in sub.choices.values())
