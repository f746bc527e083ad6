"""Exportadores de plugin que no cumplen el contrato (nombre, descripcion, extension): un
paquete instalado con pip cuyos exportadores malos se omiten con un aviso que nombra paquete
y versión; el bueno y los integrados siguen, y nada se escribe fuera de la carpeta de salida."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ejecutar_tfmt, instalar_plugin

from transparencia_fmt.errores import ErrorDePlugin

RAIZ = Path(__file__).resolve().parents[1]
EJEMPLO = RAIZ / "ejemplos" / "LGT_Art_70_Fr_I.json"
PAQUETE = "tfmt-plugin-contrato 0.0.3"
MALOS = ("desc-num", "../../fuera", "sin-punto", "ruta", "ext-num")


@pytest.fixture(scope="module")
def sitio(tmp_path_factory):
    destino = tmp_path_factory.mktemp("sitio_contrato")
    instalar_plugin(RAIZ / "tests/plugins/plugin_contrato", destino)
    return destino


def tfmt(sitio, *args, cwd=None):
    entorno = {"PYTHONPATH": str(sitio), "TFMT_LOAD_PLUGINS": None}
    return ejecutar_tfmt(*args, cwd=cwd, env={**entorno, "TFMT_CARGAR_PLUGINS": "raros"})


def _avisos(stderr: str) -> list[str]:
    return [linea for linea in stderr.splitlines() if linea.startswith("AVISO:")]


def _revisar_avisos(stderr: str) -> None:
    """Un aviso por exportador malo, con plugin, paquete, versión y qué está mal."""
    assert "error interno" not in stderr
    avisos = [a for a in _avisos(stderr) if "«raros»" in a]
    assert len(avisos) == 7, stderr
    assert all(PAQUETE in a and "Se omite" in a for a in avisos), avisos
    texto = "\n".join(avisos)
    assert "su nombre debe ser texto (str) y es int (42)" in texto
    assert "su descripcion debe ser texto (str) y es int (5)" in texto
    assert "su nombre está vacío" in texto
    assert "'../../fuera' no sirve en un nombre de archivo" in texto
    assert "su extension 'txt' no lleva el punto inicial; escriba «.txt»" in texto
    assert "su extension '/../../escape.txt' no es válida" in texto
    assert "su extension debe ser texto (str) con punto" in texto


def test_plugins_lista_sin_error_interno(sitio):
    r = tfmt(sitio, "plugins")
    assert r.returncode == 0, r.stderr
    _revisar_avisos(r.stderr)
    bloque = r.stdout.split("raros (")[1].split("\n\n")[0]
    assert "exportadores: bueno, extras\n" in bloque + "\n"
    r = tfmt(sitio, "plugins", "--json")
    assert r.returncode == 0, r.stderr
    raros = next(d for d in json.loads(r.stdout) if d["plugin"] == "raros")
    assert raros["exportadores"] == ["bueno", "extras"] and raros["version"] == "0.0.3"


@pytest.mark.parametrize("como_json", [False, True])
def test_exportadores_omite_los_malos(sitio, como_json):
    r = tfmt(sitio, "exportadores", *(["--json"] if como_json else []))
    assert r.returncode == 0, r.stderr
    _revisar_avisos(r.stderr)
    if como_json:
        nombres = {d["nombre"]: d for d in json.loads(r.stdout)}
        assert {"pdf", "csv", "docx", "json", "xlsx", "csv-excel", "bueno", "extras"} == set(
            nombres
        )
        assert nombres["bueno"]["extension"] == ".tar.gz"
    else:
        primeras = [linea.split()[0] for linea in r.stdout.splitlines()[1:] if linea.strip()]
        assert "bueno" in primeras and "pdf" in primeras
        assert not set(MALOS) & set(primeras)


def test_exportar_con_un_exportador_desconocido_lista_los_validos(sitio, tmp_path):
    r = tfmt(sitio, "exportar", EJEMPLO, "--a", "nada", "-o", tmp_path / "sal/")
    assert r.returncode == 2
    assert "No hay un exportador llamado «nada»" in r.stderr and "bueno" in r.stderr
    assert "error interno" not in r.stderr
    assert not (tmp_path / "sal").exists()


@pytest.mark.parametrize("nombre", ["ruta", "sin-punto", "desc-num"])
def test_exportador_omitido_no_escribe_nada(sitio, tmp_path, nombre):
    """El exportador de extensión «/../../escape.txt» no existe para tfmt: nada sale de -o."""
    trabajo = tmp_path / "a" / "b"
    trabajo.mkdir(parents=True)
    for salida in ("sal/", "x"):
        r = tfmt(sitio, "exportar", EJEMPLO, "--a", nombre, "-o", salida, cwd=trabajo)
        assert r.returncode == 2, r.stderr
        assert f"No hay un exportador llamado «{nombre}»" in r.stderr
        assert "error interno" not in r.stderr
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_integrados_y_el_bueno_siguen_exportando(sitio, tmp_path):
    salida = tmp_path / "sal"
    r = tfmt(sitio, "exportar", EJEMPLO, "--a", "pdf,bueno", "-o", f"{salida}/")
    assert r.returncode == 0, r.stderr
    assert "error interno" not in r.stderr
    assert sorted(p.name for p in salida.iterdir()) == [
        "LGT_Art_70_Fr_I.bueno.tar.gz",
        "LGT_Art_70_Fr_I.pdf",
    ]
    assert (salida / "LGT_Art_70_Fr_I.pdf").read_bytes().startswith(b"%PDF")
    texto = (salida / "LGT_Art_70_Fr_I.bueno.tar.gz").read_text("utf-8")
    assert texto == "escrito por un exportador raro\n"


# -- defensa en profundidad: un exportador que no pasó por el registro (biblioteca) ---------


class _Suelto:
    descripcion = "prueba"

    def __init__(self, nombre, extension, extras=None):
        self.nombre = nombre
        self.extension = extension
        self._extras = extras

    def exportar(self, documento, destino):
        destino.write(b"x")

    def archivos_extra(self, documento, principal):
        return self._extras or {}


@pytest.mark.parametrize(
    "nombre,extension",
    [("ok", "/../../escape.txt"), ("ok", "txt"), ("../../fuera", ".txt"), ("a\\b", ".txt")],
)
def test_destinos_nunca_salen_de_la_carpeta(tmp_path, nombre, extension):
    from transparencia_fmt.salidas import destinos

    exp = _Suelto(nombre, extension)
    # Un solo exportador y -o archivo: el nombre del exportador no entra, la extensión sí.
    salidas = [f"{tmp_path}/sal/"] + ([str(tmp_path / "x")] if nombre == "ok" else [])
    for salida in salidas:
        with pytest.raises(ErrorDePlugin, match="no cumple el contrato"):
            destinos(salida, "fr1", [exp], tmp_path)
    with pytest.raises(ErrorDePlugin):
        destinos(None, "fr1", [exp, _Suelto("otro", ".txt")], tmp_path)


def test_dos_exportadores_que_solo_cambian_mayusculas(tmp_path):
    """«fr1.Texto.txt» y «fr1.texto.txt» son un solo archivo en Windows: error del plugin."""
    from transparencia_fmt.salidas import destinos

    grande, chico = _Suelto("Texto", ".txt"), _Suelto("texto", ".txt")
    for salida in (None, f"{tmp_path}/sal/"):
        with pytest.raises(ErrorDePlugin, match="'texto'.*el mismo que el de 'Texto'"):
            destinos(salida, "fr1", [grande, chico], tmp_path)
    # El mismo exportador dos veces (--a texto,texto) no es un choque.
    assert destinos(None, "fr1", [chico, chico], tmp_path) == [tmp_path / "fr1.texto.txt"] * 2


@pytest.mark.parametrize("extra", ["..", "../..", "sal/.."])
def test_archivos_extra_no_salen_de_la_carpeta(tmp_path, extra):
    """Un `archivos_extra` que pide «..»: error que nombra al exportador, nada escrito."""
    import warnings

    from transparencia_fmt import AvisoPlugin, hookimpl
    from transparencia_fmt.entorno import Entorno

    class Plugin:
        @hookimpl
        def registrar_exportadores(self):
            return [_Suelto("extra", ".txt", {extra: b"fuera"})]

    with warnings.catch_warnings():
        warnings.simplefilter("error", AvisoPlugin)
        ent = Entorno.crear(cargar_terceros=False, extra=(("extra", Plugin()),))
        documento = ent.cargar(EJEMPLO)
    carpeta = tmp_path / "a" / "sal"
    carpeta.mkdir(parents=True)
    with pytest.raises(ErrorDePlugin, match="«extra».*archivos_extra dio un nombre inservible"):
        ent.exportar(documento, "extra", carpeta / "fr1.txt")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


# -- archivos_extra con nombres que en Windows no sirven, en cualquier sistema -------------

WINDOWS_MALOS = [
    "FR1.TXT",  # el principal, con otras mayúsculas
    "Fr1.txt",
    "fr1.txt.",  # Windows quita el punto final: el principal
    "fr1.txt ",
    "fr1.txt. .",
    "anexo.csv.",
    "con",
    "CON.txt",
    "nul.tar.gz",
    "Aux .csv",
    "com1",
    "LPT9.json",
    "com¹.txt",
    "fr1.txt:flujo",  # flujo alterno NTFS del principal
    "anexo.csv:Zone.Identifier",
    "sub/anexo.csv",
    "sub\\anexo.csv",
    "../anexo.csv",
    "..",
    ".",
    "...",
    "a<b>.csv",
    "anexo.csv|ANEXO.CSV",  # dos extras que en Windows son el mismo archivo
]


@pytest.mark.parametrize("extra", WINDOWS_MALOS)
def test_archivos_extra_con_reglas_de_windows_sale_con_7(sitio, tmp_path, extra):
    """Error de plugin (7) que nombra exportador, paquete, versión y el nombre; nada escrito."""
    salida = tmp_path / "sal"
    env = {"PYTHONPATH": str(sitio), "TFMT_LOAD_PLUGINS": None, "TFMT_CARGAR_PLUGINS": "raros"}
    r = ejecutar_tfmt(
        "exportar", EJEMPLO, "--a", "extras", "-o", salida / "fr1.txt",
        env={**env, "TFMT_PRUEBA_EXTRA": extra},
    )  # fmt: skip
    assert r.returncode == 7, r.stdout + r.stderr
    assert f"«extras» ({PAQUETE})" in r.stderr, r.stderr
    assert "archivos_extra dio un nombre inservible" in r.stderr
    assert repr(extra.split("|")[-1]) in r.stderr
    assert "error interno" not in r.stderr and "Traceback" not in r.stderr
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_archivos_extra_con_nombres_buenos_se_escriben(sitio, tmp_path):
    """Lo que se parece sin serlo (console, com10, lpt, «..» dentro) sí se escribe."""
    buenos = ["fr1.anexo.csv", "console.txt", "com10.txt", "lpt.json", "a..b.csv", "conector"]
    env = {"PYTHONPATH": str(sitio), "TFMT_LOAD_PLUGINS": None, "TFMT_CARGAR_PLUGINS": "raros"}
    r = ejecutar_tfmt(
        "exportar", EJEMPLO, "--a", "extras", "-o", tmp_path / "fr1.txt",
        env={**env, "TFMT_PRUEBA_EXTRA": "|".join(buenos)},
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["fr1.txt", *buenos])
    assert (tmp_path / "console.txt").read_bytes() == b"extra\n"
