"""Fixtures comunes. Las pruebas usan el paquete instalado (pip install -e ".[pruebas]")."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

#: Las pruebas (y los `tfmt` que lanzan) usan su propia caché de índices, vacía al empezar:
#: recorren el camino lento y el de la caché, y no tocan la del usuario.
if "TFMT_CACHE" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["TFMT_CACHE"] = tempfile.mkdtemp(prefix="tfmt-cache-pruebas-")
    atexit.register(shutil.rmtree, os.environ["TFMT_CACHE"], ignore_errors=True)

#: Con CI=true una prueba omitida (p. ej. sin ../shared) es un fallo (issue 10, punto 8).
pytest_plugins = ["ci_sin_omitir"]

RAIZ = Path(__file__).resolve().parents[1]
EJEMPLOS = RAIZ / "ejemplos"
#: Los formatos tabulares con ejemplo y, con el POA, los seis que siempre trae el catálogo.
TABULARES = (
    "LGT_Art_70_Fr_I",
    "LGT_Art_70_Fr_V",
    "LGT_Art_70_Fr_VI",
    "LGT_Art_70_Fr_XXIII_b",
    "LGT_Art_70_Fr_XLVIII_b",
)
NUCLEO = (*TABULARES, "Plan_Operativo_Anual")
#: La semilla está en ../shared/ (al lado del repositorio, también en CI).
SEMILLA = RAIZ.parent / "shared" / "semillas" / "000_cc9f53dadf943315.txt"
#: Frases de la semilla que todo POA exportado debe mostrar, exista o no ../shared/.
FRASES_POA = (
    "PLAN OPERATIVO ANUAL 2020 COMUNICACIÓN SOCIAL",
    "MISIÓN",
    "VISIÓN",
    "VALORES",
    "METAS",
    "CALENDARIO ACTIVIDADES 2019",
    "LIC. LIZBETH C. CHAVEZ",
    "DIR. COMUNICACIÓN SOCIAL-TRANSPARENCIA",
    "WWW.MAZAMITLA.GOB.MX",
)


@pytest.fixture(scope="session")
def entorno():
    """Entorno sin plugins de terceros: las pruebas no dependen de lo instalado aparte."""
    from transparencia_fmt.entorno import Entorno

    return Entorno.crear(cargar_terceros=False)


@pytest.fixture(scope="session")
def catalogo(entorno):
    return entorno.catalogo


@pytest.fixture
def ejemplo(entorno):
    def cargar(formato_id: str):
        return entorno.cargar(EJEMPLOS / f"{formato_id}.json")

    return cargar


@pytest.fixture
def datos_ejemplo():
    def leer(formato_id: str) -> dict:
        return json.loads((EJEMPLOS / f"{formato_id}.json").read_text("utf-8"))

    return leer


@pytest.fixture(autouse=True)
def _sin_plugins_de_terceros(monkeypatch):
    # El CLI de las pruebas no debe cargar plugins que alguien instaló en el venv.
    if "TFMT_LOAD_PLUGINS" not in os.environ:
        monkeypatch.setenv("TFMT_LOAD_PLUGINS", "")


def _entorno_tfmt(env):
    """Sin plugins de terceros y en UTF-8; `env` agrega o cambia variables (None la quita)."""
    entorno = {**os.environ, "TFMT_LOAD_PLUGINS": "", "PYTHONIOENCODING": "utf-8"}
    for clave, valor in (env or {}).items():
        if valor is None:
            entorno.pop(clave, None)
        else:
            entorno[clave] = valor
    return entorno


def ejecutar_tfmt(*args, cwd=None, env=None):
    """Corre `python -m transparencia_fmt` como lo haría una persona; nunca debe haber traceback.

    Por omisión sin plugins de terceros; `env` agrega o cambia variables (un valor None la quita).
    """
    r = subprocess.run(
        [sys.executable, "-m", "transparencia_fmt", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=_entorno_tfmt(env),
    )
    assert "Traceback" not in r.stderr, r.stderr
    return r


def como_excel(tipo: str, texto: str):
    """Valor ISO (el de `Documento.tabla(iso=True)`) → lo que queda en la celda cuando una
    persona lo escribe en Excel (fechas como fecha y hora, números como números)."""
    if texto == "":
        return None
    if tipo == "fecha":
        return dt.datetime.fromisoformat(texto)
    if tipo == "moneda":
        return float(texto)
    if tipo in ("numero", "entero", "anio", "tabla"):
        return float(texto) if "." in texto else int(texto)
    return texto


def escribir_fila_como_excel(hoja, fila: int, valores, tipos) -> None:
    """Una fila de valores ISO (`Documento.tabla(iso=True)`) escrita en la hoja como la deja
    quien captura en Excel: `como_excel`, y las fechas con formato dd/mm/aaaa."""
    for j, (tipo, texto) in enumerate(zip(tipos, valores, strict=True), start=1):
        celda = hoja.cell(fila, j, como_excel(tipo, texto))
        if isinstance(celda.value, dt.datetime):
            celda.number_format = "dd/mm/yyyy"


def python_limpio(codigo: str) -> subprocess.CompletedProcess[str]:
    """Corre `codigo` en un Python nuevo sin plugins de terceros (lo que carga un arranque)."""
    r = subprocess.run(
        [sys.executable, "-c", codigo],
        capture_output=True,
        text=True,
        env={**os.environ, "TFMT_CARGAR_PLUGINS": ""},
    )
    assert r.returncode == 0, r.stderr
    return r


def hallazgos_de_validar(archivo, cwd) -> list[dict]:
    """`tfmt validar ARCHIVO --json` de datos inválidos: sus errores y advertencias."""
    r = ejecutar_tfmt("validar", archivo, "--json", cwd=cwd)
    assert r.returncode == 1, r.stdout
    informe = json.loads(r.stdout)["informes"][0]
    return informe["errores"] + informe["advertencias"]


def iniciar_espacio(
    carpeta: Path, *opciones: str, nombre: str = "Ayuntamiento de Mazamitla, Jalisco"
):
    """`tfmt iniciar` como lo haría la persona; da la carpeta del espacio de trabajo."""
    r = ejecutar_tfmt("iniciar", carpeta, "--nombre", nombre, *opciones)
    assert r.returncode == 0, r.stderr
    return carpeta


@contextlib.contextmanager
def tfmt_en_marcha(*args, env=None) -> Iterator[subprocess.Popen]:
    """`python -m transparencia_fmt` que sigue corriendo (p. ej. `servir`), con su salida a
    la mano; al salir se detiene y no debe haber dejado traceback."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "transparencia_fmt", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=_entorno_tfmt(env),
    )
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert "Traceback" not in proc.stderr.read()


def puerto_libre() -> int:
    """Un puerto TCP libre en 127.0.0.1 (para `tfmt servir --puerto`)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: Un archivo con este nombre en una carpeta dice que sus datos son inválidos a propósito
#: (pruebas hostiles): sus datapackage.json no se validan con frictionless al final.
DATOS_INVALIDOS_A_PROPOSITO = "DATOS-INVALIDOS-A-PROPOSITO"


def pytest_sessionfinish(session, exitstatus):
    """Todo datapackage.json que escribieron las pruebas valida con frictionless (issue 11)."""
    if getattr(session.config, "workerinput", None) is not None:
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or factory._basetemp is None:
        return
    try:
        import frictionless
    except ImportError:  # pragma: no cover - está en el extra [pruebas]
        return
    malos = []
    revisados = 0
    for descriptor in sorted(factory._basetemp.rglob("*datapackage.json")):
        if (descriptor.parent / DATOS_INVALIDOS_A_PROPOSITO).exists():
            continue
        revisados += 1
        informe = frictionless.validate(str(descriptor))
        if not informe.valid:
            errores = [e.message for t in informe.tasks for e in t.errors] + [
                e.message for e in informe.errors
            ]
            malos.append(f"{descriptor}: {errores[:3]}")
    reporte = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporte is not None:
        reporte.write_line(
            f"frictionless: {revisados} datapackage.json revisados, {len(malos)} inválidos"
        )
        for m in malos:
            reporte.write_line(f"  INVÁLIDO {m}")
    if malos:
        session.exitstatus = 1


def instalar_plugin(paquete: Path, destino: Path) -> None:
    """Instala un plugin en `destino` (pip --target), sin tocar el venv de las pruebas."""
    import subprocess
    import sys

    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(destino),
            str(paquete),
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
