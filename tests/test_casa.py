"""La casa: el núcleo no importa plugins, el CLI habla español, los plugins tienen contrato.

Los plugins se prueban instalados de verdad (pip, entry points) y la guía docs/plugins.md se
sigue tal cual en una carpeta fuera del repositorio.
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EJEMPLOS, RAIZ, ejecutar_tfmt, instalar_plugin

from transparencia_fmt import cli
from transparencia_fmt.terminal import Terminal

#: Palabras inglesas que argparse deja si no se traduce.
_INGLES = re.compile(
    r"\b(usage|options|optional|positional|arguments?|show|help|message|exit|required|"
    r"choose|invalid|expected|unrecognized|host)\b",
    re.IGNORECASE,
)


def _ayuda(*argv: str) -> str:
    terminal = Terminal(io.StringIO(), io.StringIO())
    assert cli.main([*argv, "--help"], terminal=terminal) == 0
    return terminal.salida.getvalue()


def _subcomandos() -> list[str]:
    sub = next(a for a in cli._parser()._actions if a.dest == "comando")
    return sorted(sub.choices)


def test_ayuda_sin_palabras_en_ingles():
    """`tfmt --help` y la ayuda de cada comando: encabezados y textos en español."""
    texto = _ayuda()
    assert texto.startswith("uso: tfmt") and "opciones:" in texto
    assert "muestra esta ayuda y sale" in texto
    assert not _INGLES.search(texto), _INGLES.search(texto)
    for comando in _subcomandos():
        texto = _ayuda(comando)
        assert texto.startswith(f"uso: tfmt {comando}"), comando
        assert not _INGLES.search(texto), (comando, _INGLES.search(texto))
    r = ejecutar_tfmt("--help")
    assert r.returncode == 0 and not _INGLES.search(r.stdout)


def test_nombre_anterior_de_opcion_se_acepta_sin_mostrarse():
    """`tfmt servir --host` (nombre anterior de --direccion) sigue funcionando."""
    args = cli._parser().parse_args(["servir", "ws", "--host", "0.0.0.0"])
    assert args.direccion == "0.0.0.0"
    assert cli._parser().parse_args(["servir", "ws"]).direccion == "127.0.0.1"
    assert "--host" not in _ayuda("servir") and "--direccion IP" in _ayuda("servir")


def test_errores_de_uso_en_espanol():
    r = ejecutar_tfmt("exportar")
    assert r.returncode == 2
    assert "faltan los argumentos" in r.stderr and r.stderr.startswith("uso: ")
    assert not _INGLES.search(r.stderr)
    r = ejecutar_tfmt("plantilla", "X", "--a", "odt")
    assert r.returncode == 2 and "elija entre" in r.stderr


def test_cada_opcion_tiene_ayuda():
    sub = next(a for a in cli._parser()._actions if a.dest == "comando")
    for nombre, analizador in sub.choices.items():
        for accion in analizador._actions:
            assert accion.help, (nombre, accion.option_strings or accion.dest)


def test_terminal_falsa_recibe_la_salida():
    """Las pruebas pueden dar su propia terminal: la salida y los errores llegan a ella."""
    terminal = Terminal(io.StringIO(), io.StringIO())
    assert cli.main(["exportadores", "--json"], terminal=terminal) == 0
    assert "pdf" in {d["nombre"] for d in json.loads(terminal.salida.getvalue())}
    assert cli.main(["validar", "no_existe.json"], terminal=terminal) == 2
    assert "no_existe.json" in terminal.errores.getvalue()


def test_el_nucleo_no_importa_plugins():
    """Ningún módulo de src/ importa de exportadores/, importadores/ ni las reglas."""
    for archivo in sorted((RAIZ / "src/transparencia_fmt").rglob("*.py")):
        for nodo in ast.walk(ast.parse(archivo.read_text("utf-8"))):
            modulos: list[str] = []
            if isinstance(nodo, ast.ImportFrom):
                base = "." * nodo.level + (nodo.module or "")
                modulos = [base] + [f"{base}.{n.name}" for n in nodo.names]
            elif isinstance(nodo, ast.Import):
                modulos = [n.name for n in nodo.names]
            for m in modulos:
                partes = m.replace("transparencia_fmt", "").strip(".").split(".")
                assert not {"exportadores", "importadores"} & set(partes), (archivo.name, m)
                if archivo.name != "plugins.py":
                    assert "reglas" not in partes, (archivo.name, m)


def test_plugins_lista_cada_plugin_con_sus_ganchos():
    r = ejecutar_tfmt("plugins", "--json")
    assert r.returncode == 0, r.stderr
    datos = {d["plugin"]: d for d in json.loads(r.stdout)}
    assert datos["reglas"]["ganchos"] == ["validar_documento"]
    assert datos["importador-xlsx"]["importadores"] == ["xlsx"]
    assert datos["pdf"]["exportadores"] == ["pdf"] and datos["pdf"]["integrado"]
    assert set(datos["csv"]["exportadores"]) == {"csv", "csv-excel"}
    r = ejecutar_tfmt("plugins")
    assert "reglas (integrado)" in r.stdout and "ganchos: validar_documento" in r.stdout


def test_desde_el_codigo_fuente_sininstalar_plugin(tmp_path):
    """Con PYTHONPATH=src y sin el paquete instalado, los integrados se cargan igual."""
    import attrs

    dependencias = Path(attrs.__file__).resolve().parents[1]
    entorno = {"PYTHONPATH": f"{RAIZ / 'src'}{os.pathsep}{dependencias}"}
    orden = [sys.executable, "-S", "-m", "transparencia_fmt"]
    r = subprocess.run(
        [*orden, "plugins", "--json"], capture_output=True, text=True, env=entorno, cwd=tmp_path
    )
    assert r.returncode == 0 and "AVISO" not in r.stderr, r.stderr
    assert len([d for d in json.loads(r.stdout) if d["integrado"]]) >= 9
    salida = tmp_path / "fr5.pdf"
    r = subprocess.run(
        [*orden, "exportar", EJEMPLOS / "LGT_Art_70_Fr_V.json", "--a", "pdf", "-o", salida],
        capture_output=True,
        text=True,
        env=entorno,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert salida.read_bytes().startswith(b"%PDF")


# -- plugins que se portan mal, instalados de verdad ------------------------------------
@pytest.fixture(scope="module")
def travieso(tmp_path_factory):
    destino = tmp_path_factory.mktemp("sitio_travieso")
    instalar_plugin(RAIZ / "tests/plugins/plugin_travieso", destino)
    return destino


def _tfmt(sitio, *args):
    return ejecutar_tfmt(
        *args,
        env={"PYTHONPATH": str(sitio), "TFMT_LOAD_PLUGINS": None, "TFMT_CARGAR_PLUGINS": None},
    )


def test_plugin_no_reemplaza_un_exportador_integrado(travieso, tmp_path):
    r = _tfmt(travieso, "exportadores", "--json")
    assert r.returncode == 0
    pdf = [d for d in json.loads(r.stdout) if d["nombre"] == "pdf"]
    assert len(pdf) == 1 and pdf[0]["paquete"] == "transparencia-fmt"
    assert (
        "«pdf-falso» (tfmt-plugin-travieso)" in r.stderr and "nombre de uno integrado" in r.stderr
    )
    salida = tmp_path / "x.pdf"
    r = _tfmt(travieso, "exportar", EJEMPLOS / "LGT_Art_70_Fr_V.json", "--a", "pdf", "-o", salida)
    assert r.returncode == 0 and salida.read_bytes().startswith(b"%PDF")


def test_plugin_que_sale_no_cambia_el_codigo_de_salida(travieso, tmp_path):
    malo = tmp_path / "malo.json"
    datos = json.loads((EJEMPLOS / "LGT_Art_70_Fr_V.json").read_text("utf-8"))
    datos["ejercicio"] = "dos mil"
    malo.write_text(json.dumps(datos), "utf-8")
    r = _tfmt(travieso, "validar", malo)
    assert r.returncode == 1
    assert "«sale»" in r.stderr and "SystemExit" in r.stderr


def test_plugin_que_imprime_no_ensucia_json(travieso):
    r = _tfmt(travieso, "exportadores", "--json")
    assert r.returncode == 0
    assert "pdf" in {d["nombre"] for d in json.loads(r.stdout)}  # la salida es JSON válido
    assert "hola desde el plugin habla" in r.stderr and "registrando" in r.stderr


def test_ganchos_mal_escritos_y_sin_hookimpl_se_avisan(travieso):
    r = _tfmt(travieso, "exportadores")
    assert r.returncode == 0
    avisos = [linea for linea in r.stderr.splitlines() if "«mal-escrito»" in linea]
    assert any("«registrar_exportador»" in a and "registrar_exportadores" in a for a in avisos)
    assert any("«registrar_importadores» sin @hookimpl" in a for a in avisos)


# -- la guía docs/plugins.md, seguida fuera del repositorio ----------------------------
def _archivos_de_la_guia() -> dict[str, str]:
    """Los bloques de código de la guía cuya primera línea es «# nombre-de-archivo»."""
    guia = (RAIZ / "docs/plugins.md").read_text("utf-8")
    archivos = {}
    for bloque in re.findall(r"```(?:toml|python)\n(.*?)```", guia, re.DOTALL):
        primera, _, resto = bloque.partition("\n")
        m = re.fullmatch(r"# ([\w.-]+\.(?:py|toml))", primera.strip())
        if m:
            archivos[m.group(1)] = resto
    return archivos


def test_plugin_escrito_desde_la_guia(tmp_path):
    """Los archivos que muestra la guía, en una carpeta nueva: se instala, se lista, exporta,
    lee su configuración y su prueba pasa fuera del repositorio."""
    archivos = _archivos_de_la_guia()
    assert {"pyproject.toml", "tfmt_texto.py", "test_tfmt_texto.py"} <= set(archivos)
    carpeta = tmp_path / "tfmt-texto"
    carpeta.mkdir()
    for nombre, texto in archivos.items():
        (carpeta / nombre).write_text(texto, "utf-8")
    sitio = tmp_path / "sitio"
    instalar_plugin(carpeta, sitio)
    env = {"PYTHONPATH": str(sitio), "TFMT_LOAD_PLUGINS": None}
    r = ejecutar_tfmt("plugins", "--json", env=env, cwd=tmp_path)
    assert r.returncode == 0 and "AVISO" not in r.stderr, r.stderr
    texto = next(d for d in json.loads(r.stdout) if d["plugin"] == "texto")
    assert texto["paquete"] == "tfmt-texto" and texto["version"] == "0.1.0"
    assert texto["exportadores"] == ["texto"] and not texto["integrado"]
    config = tmp_path / "tfmt.toml"
    config.write_text('[plugins.texto]\nseparador = ";"\n', "utf-8")
    salida = tmp_path / "fr5.txt"
    r = ejecutar_tfmt(
        "exportar",
        EJEMPLOS / "LGT_Art_70_Fr_V.json",
        "--a",
        "texto",
        "-o",
        salida,
        env={**env, "TFMT_CONFIGURACION": str(config)},
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    lineas = salida.read_text("utf-8").splitlines()
    assert lineas[0].startswith("Ejercicio;") and len(lineas) > 1
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_tfmt_texto.py"],
        capture_output=True,
        text=True,
        cwd=carpeta,
        env={**os.environ, "PYTHONPATH": str(sitio)},
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_attrs_como_lo_usan_sus_autores(entorno):
    """Formato es hashable; ErrorValidacion se construye con nombres; los objetos con estado
    se comparan por identidad; las cachés no son argumentos del constructor."""
    import attrs

    from transparencia_fmt import ErrorValidacion
    from transparencia_fmt.catalogo import Catalogo
    from transparencia_fmt.entorno import Entorno
    from transparencia_fmt.espacio import EspacioTrabajo
    from transparencia_fmt.validacion import Validador

    formatos = list(entorno.catalogo)
    assert len({hash(f) for f in formatos}) == len(formatos)
    assert {formatos[0]: 1}[entorno.catalogo.formato(formatos[0].id)] == 1
    with pytest.raises(TypeError):
        ErrorValidacion("codigo", "mensaje")  # type: ignore[misc]
    assert ErrorValidacion(codigo="c", mensaje="m").severidad == "error"
    for clase in (Entorno, Validador, Catalogo, EspacioTrabajo):
        assert clase.__eq__ is object.__eq__, clase
        nombres = {a.name for a in attrs.fields(clase) if a.init}
        assert not any("cache" in n or n.startswith("_") for n in nombres), (clase, nombres)


def test_api_publica_con_docstrings():
    """Todo módulo, clase, función y método público de src/, exportadores/ e importadores/
    dice en una línea (en español) para qué es."""
    carpetas = [RAIZ / "src/transparencia_fmt", RAIZ / "exportadores", RAIZ / "importadores"]
    faltan = []
    for carpeta in carpetas:
        for archivo in sorted(carpeta.rglob("*.py")):
            if archivo.name.startswith("_") and archivo.name != "__init__.py":
                continue
            arbol = ast.parse(archivo.read_text("utf-8"))
            if not ast.get_docstring(arbol):
                faltan.append(f"{archivo.name}: módulo")
            pendientes = [(n, "") for n in arbol.body]
            while pendientes:
                nodo, prefijo = pendientes.pop()
                if not isinstance(nodo, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    continue
                if nodo.name.startswith("_"):
                    continue
                if not ast.get_docstring(nodo):
                    faltan.append(f"{archivo.name}:{nodo.lineno} {prefijo}{nodo.name}")
                if isinstance(nodo, ast.ClassDef):
                    pendientes += [(n, f"{nodo.name}.") for n in nodo.body]
    assert not faltan, faltan


def test_id_sin_registro_igual_en_csv_y_xlsx(entorno, tmp_path):
    """La fila de tabla secundaria que apunta a un registro inexistente se explica igual en CSV
    y en XLSX (una sola pieza la lee y la informa)."""
    import openpyxl
    from conftest import DATOS_INVALIDOS_A_PROPOSITO

    (tmp_path / DATOS_INVALIDOS_A_PROPOSITO).touch()  # la fila huérfana es a propósito
    doc = entorno.cargar(EJEMPLOS / "LGT_Art_70_Fr_XXIII_b.json")
    textos = {}
    (principal, *_) = entorno.exportar(doc, "csv", tmp_path / "fr23b.csv")
    (secundaria,) = sorted(tmp_path.glob("fr23b.Tabla_*.csv"))[:1]
    with secundaria.open("a", encoding="utf-8", newline="") as f:
        f.write("999" + "," * (secundaria.read_text("utf-8").splitlines()[0].count(",")) + "\n")
    (h,) = [h for h in entorno.cargar(principal).hallazgos if h.codigo == "id-sin-registro"]
    textos["csv"] = h.mensaje
    assert (h.columna, h.valor, h.archivo) == ("ID", "999", str(secundaria))
    libro = tmp_path / "fr23b.xlsx"
    entorno.exportar(doc, "xlsx", libro)
    wb = openpyxl.load_workbook(libro)
    hoja = next(n for n in wb.sheetnames if n.startswith("Tabla_"))
    wb[hoja].append([999])
    wb.save(libro)
    (h,) = [h for h in entorno.cargar(libro).hallazgos if h.codigo == "id-sin-registro"]
    textos["xlsx"] = h.mensaje
    assert h.hoja == hoja and h.valor == "999"
    for mensaje in textos.values():
        assert "tiene ID «999», que no corresponde a ningún registro del archivo principal" in (
            mensaje
        )


def test_terminal_por_omision_sigue_a_sys(monkeypatch):
    """La terminal del proceso usa los flujos de sys del momento, no los de cuando se creó
    (pytest y quien redirige la salida los cambian)."""
    from transparencia_fmt import terminal

    otro = io.StringIO()
    monkeypatch.setattr(sys, "stderr", otro)
    assert terminal.actual.errores is otro and not terminal.actual.es_interactiva()
    otro.close()
    assert terminal.actual.es_interactiva() is False
    falsa = Terminal(io.StringIO(), io.StringIO(), interactiva=True)
    assert falsa.es_interactiva() and falsa.salida is not sys.stdout


def test_guia_documenta_cada_bloque_con_sus_campos():
    """Cada tipo de bloque de la composición aparece en la guía de plugins con todos sus campos."""
    import typing

    import attrs

    from transparencia_fmt import composicion

    guia = (RAIZ / "docs/plugins.md").read_text("utf-8")
    filas = {
        m.group(1): m.group(2) for m in re.finditer(r"^\| `(\w+)` \| (.*) \|$", guia, re.MULTILINE)
    }
    for bloque in typing.get_args(composicion.Bloque):
        assert bloque.__name__ in filas, bloque.__name__
        for campo in attrs.fields(bloque):
            assert f"`{campo.name}`" in filas[bloque.__name__], (bloque.__name__, campo.name)
