"""Batería hostil: el espacio de trabajo con archivos del tipo equivocado, líneas cortadas,
opciones imposibles, temporales huérfanos, SIGKILL y Ctrl-C. Nada se pierde ni se corrompe."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib

import pytest
from hostil import correr, ejemplo, huellas, revisar, sin_temporales

FR5 = "LGT_Art_70_Fr_V"


@pytest.fixture(scope="module")
def plantilla_espacio(tmp_path_factory):
    """Un espacio con una versión vigente de la fracción V, publicado sólo en CSV (rápido)."""
    from transparencia_fmt.cli import main

    raiz = tmp_path_factory.mktemp("espacio") / "ws"
    assert main(["iniciar", str(raiz), "--nombre", "Ayuntamiento de Prueba"]) == 0
    config = (raiz / "transparencia.toml").read_text("utf-8")
    config = config.replace(
        'exportadores = [\n  "csv",\n  "docx",\n  "pdf",\n]', 'exportadores = ["csv"]'
    )
    (raiz / "transparencia.toml").write_text(config, "utf-8")
    args = ["actualizar", FR5, "--periodo", "2026-T1", "--datos", str(ejemplo())]
    assert main([*args, "--espacio", str(raiz), "--autor", "Ana"]) == 0
    return raiz


@pytest.fixture
def ws(plantilla_espacio, tmp_path):
    destino = tmp_path / "ws"
    shutil.copytree(plantilla_espacio, destino)
    return destino


def _actualizar(capsys, ws, datos=None, *extra):
    return correr(
        capsys,
        "actualizar",
        FR5,
        "--periodo",
        "2026-T1",
        "--datos",
        datos or ejemplo(),
        "--espacio",
        ws,
        *extra,
    )


def _otra_version(tmp_path):
    texto = ejemplo().read_text("utf-8").replace('"nota": ""', '"nota": "segunda versión"', 1)
    ruta = tmp_path / "fr5_v2.json"
    ruta.write_text(texto, "utf-8")
    assert "segunda versión" in texto
    return ruta


CONFIG_MALA = [
    ("no-toml", "esto no es = = toml", ("no es TOML válido",)),
    ("sujeto-texto", 'sujeto_obligado = "x"\n', ("sujeto_obligado", "tabla")),
    ("aplicables-texto", '[formatos]\naplicables = "LGT"\n', ("formatos.aplicables", "lista")),
    ("aplicables-numeros", "[formatos]\naplicables = [1, 2]\n", ("formatos.aplicables",)),
    ("exportadores-numero", "[publicacion]\nexportadores = 5\n", ("publicacion.exportadores",)),
    ("publicacion-lista", "publicacion = [1]\n", ("publicacion",)),
    ("sujeto-campo-tabla", "[sujeto_obligado.nombre]\nx = 1\n", ("sujeto_obligado.nombre",)),
    ("binario", b"\xff\xfe\x00basura", ("UTF-8",)),
]


@pytest.mark.parametrize("nombre,contenido,nombra", CONFIG_MALA, ids=[c[0] for c in CONFIG_MALA])
@pytest.mark.parametrize("comando", ["actualizar", "estado", "publicar", "historial"])
def test_transparencia_toml_malo(capsys, ws, nombre, contenido, nombra, comando):
    config = ws / "transparencia.toml"
    if isinstance(contenido, bytes):
        config.write_bytes(contenido)
    else:
        config.write_text(contenido, "utf-8")
    antes = huellas(ws)
    if comando == "actualizar":
        codigo, out, err = _actualizar(capsys, ws)
    elif comando == "historial":
        codigo, out, err = correr(capsys, "historial", FR5, "--espacio", ws)
    else:
        codigo, out, err = correr(capsys, comando, "--espacio", ws)
    revisar(codigo, err, esperado=1, nombra=("transparencia.toml", *nombra))
    assert huellas(ws) == antes


@pytest.mark.parametrize(
    "que", ["toml-carpeta", "candado-carpeta", "bitacora-carpeta", "documentos-id-archivo"]
)
def test_archivos_del_tipo_equivocado(capsys, ws, tmp_path, que):
    if que == "toml-carpeta":
        (ws / "transparencia.toml").unlink()
        (ws / "transparencia.toml").mkdir()
        nombra = ("transparencia.toml", "carpeta")
    elif que == "candado-carpeta":
        (ws / ".candado").unlink(missing_ok=True)
        (ws / ".candado").mkdir()
        nombra = (".candado", "carpeta")
    elif que == "bitacora-carpeta":
        (ws / "bitacora.jsonl").unlink()
        (ws / "bitacora.jsonl").mkdir()
        nombra = ("bitacora.jsonl", "carpeta")
    else:
        shutil.rmtree(ws / "documentos" / FR5)
        (ws / "documentos" / FR5).write_text("soy un archivo")
        nombra = (FR5, "es un archivo, no una carpeta")
    antes = huellas(ws)
    codigo, out, err = _actualizar(capsys, ws, _otra_version(tmp_path))
    revisar(codigo, err, esperado=2, nombra=nombra)
    assert huellas(ws) == antes
    sin_temporales(ws)


def test_vigente_es_una_carpeta(capsys, ws, tmp_path):
    vigente = ws / "documentos" / FR5 / "2026-T1.json"
    vigente.unlink()
    vigente.mkdir()
    codigo, out, err = _actualizar(capsys, ws, _otra_version(tmp_path))
    revisar(codigo, err, esperado=2, nombra=("2026-T1.json", "carpeta"))
    sin_temporales(ws)


def test_bitacora_con_ultima_linea_cortada_no_se_pega(capsys, ws, tmp_path):
    bitacora = ws / "bitacora.jsonl"
    bitacora.write_bytes(bitacora.read_bytes() + b'{"fecha": "2026-04-0')
    codigo, out, err = _actualizar(capsys, ws, _otra_version(tmp_path), "--autor", "Luis")
    revisar(codigo, err, esperado=0)
    lineas = bitacora.read_bytes().decode().splitlines()
    assert lineas[-2] == '{"fecha": "2026-04-0'
    assert '"autor": "Luis"' in lineas[-1] and lineas[-1].startswith("{")
    codigo, out, err = correr(capsys, "historial", FR5, "--espacio", ws)
    revisar(codigo, err, esperado=0)
    assert "Luis" in out and "Ana" in out


@pytest.mark.parametrize("basura", [b"\xff\xfe", b"null\n", b"[1,2]\n", b'"texto"\n', b"{\n"])
def test_bitacora_con_lineas_raras(capsys, ws, basura):
    bitacora = ws / "bitacora.jsonl"
    bitacora.write_bytes(basura + b"\n" + bitacora.read_bytes())
    codigo, out, err = correr(capsys, "historial", FR5, "--espacio", ws)
    revisar(codigo, err, esperado=0)
    assert "Ana" in out


def test_espacio_que_es_un_archivo(capsys, tmp_path):
    archivo = tmp_path / "no_soy_carpeta"
    archivo.write_text("x")
    for args in (("estado",), ("publicar",), ("historial", FR5)):
        codigo, out, err = correr(capsys, *args, "--espacio", archivo)
        revisar(codigo, err, esperado=2, nombra=("no_soy_carpeta", "archivo"))


@pytest.mark.parametrize(
    "nombre", ["Ayuntamiento\x1b[2J", "Línea\nnueva", "Nulo\x00", "DEL\x7f", "C1\x85", "S\ud800"]
)
def test_iniciar_con_caracteres_de_control(capsys, tmp_path, nombre):
    codigo, out, err = correr(capsys, "iniciar", tmp_path / "ws", "--nombre", nombre)
    revisar(codigo, err, esperado=2, nombra=("--nombre", "control"))
    assert not (tmp_path / "ws" / "transparencia.toml").exists()
    assert "\x1b" not in err


@pytest.mark.parametrize("nombre", ['Comillas "dobles" y \\ barra', "Tab\tmedio", "Ñandú «ü»"])
def test_iniciar_con_texto_raro_pero_legitimo_escribe_toml_legible(capsys, tmp_path, nombre):
    codigo, out, err = correr(capsys, "iniciar", tmp_path / "ws", "--nombre", nombre)
    revisar(codigo, err, esperado=0)
    config = tomllib.loads((tmp_path / "ws" / "transparencia.toml").read_text("utf-8"))
    assert config["sujeto_obligado"]["nombre"] == nombre
    codigo, out, err = correr(capsys, "estado", "--espacio", tmp_path / "ws")
    revisar(codigo, err, esperado=0)


def test_iniciar_sobre_un_archivo(capsys, tmp_path):
    (tmp_path / "f").write_text("x")
    codigo, out, err = correr(capsys, "iniciar", tmp_path / "f", "--nombre", "A")
    revisar(codigo, err, esperado=2, nombra=("archivo",))
    assert (tmp_path / "f").read_text() == "x"


def test_publicar_no_deja_temporales_ni_huerfanos(capsys, ws):
    publicado = ws / "publicado"
    huerfano = publicado / FR5 / ".2026-T1.csv.abcd1234.tmp"
    huerfano.write_text("de un proceso que murió hace un segundo")
    (publicado / ".index.html.zzzz9999.tmp").write_text("otro")
    ajeno = publicado / "notas.tmp"
    ajeno.write_text("no es nuestro")
    codigo, out, err = correr(capsys, "publicar", "--espacio", ws)
    revisar(codigo, err, esperado=0)
    assert not huerfano.exists() and ajeno.exists()
    ajeno.unlink()
    sin_temporales(publicado)


def test_publicado_legible_por_otros_con_umask_022(capsys, ws):
    anterior = os.umask(0o022)
    try:
        codigo, out, err = correr(capsys, "publicar", "--espacio", ws)
    finally:
        os.umask(anterior)
    revisar(codigo, err, esperado=0)
    archivos = [p for p in (ws / "publicado").rglob("*") if p.is_file()]
    assert any(p.name == "index.html" for p in archivos) and len(archivos) >= 3
    for p in archivos:
        assert p.stat().st_mode & 0o777 == 0o644, p


# -- procesos reales: SIGKILL y Ctrl-C ------------------------------------------------------
def _proceso(*args, cwd=None):
    env = {**os.environ, "TFMT_LOAD_PLUGINS": "", "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen(
        [sys.executable, "-m", "transparencia_fmt", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
        start_new_session=True,
    )


@pytest.mark.parametrize("espera", [0.4, 0.8, 1.2])
def test_sigkill_durante_publicar_no_corrompe_y_el_siguiente_limpia(ws, espera):
    config = ws / "transparencia.toml"
    config.write_text(
        config.read_text("utf-8").replace(
            'exportadores = ["csv"]', 'exportadores = ["pdf", "docx"]'
        )
    )
    vigentes = huellas(ws / "documentos")
    p = _proceso("publicar", "--espacio", ws)
    time.sleep(espera)
    p.kill()
    p.wait(timeout=30)
    assert huellas(ws / "documentos") == vigentes
    for f in (ws / "publicado").rglob("*"):
        if f.is_file() and not f.name.endswith(".tmp") and f.suffix in (".pdf", ".docx"):
            assert f.stat().st_size > 0 and f.read_bytes()[:2] == b"PK" or f.suffix == ".pdf"
    r = subprocess.run(
        [sys.executable, "-m", "transparencia_fmt", "publicar", "--espacio", str(ws)],
        capture_output=True,
        text=True,
        env={**os.environ, "TFMT_LOAD_PLUGINS": ""},
    )
    revisar(r.returncode, r.stderr, esperado=0)
    sin_temporales(ws / "publicado")


def _esperar(condicion, limite=60.0):
    fin = time.monotonic() + limite
    while not condicion():
        assert time.monotonic() < fin, "el proceso no llegó al punto esperado"
        time.sleep(0.02)


def test_ctrl_c_durante_exportar(tmp_path):
    """Ctrl-C con el temporal a medio escribir: sale con 130, sin archivo ni temporal."""
    import json

    datos = json.loads(ejemplo().read_text("utf-8"))
    datos["registros"] = datos["registros"] * 600
    grande = tmp_path / "grande.json"
    grande.write_text(json.dumps(datos), "utf-8")
    salida = tmp_path / "salida"
    salida.mkdir()
    p = _proceso("exportar", grande, "--a", "pdf", "-o", salida / "s.pdf")
    _esperar(lambda: any(salida.glob(".s.pdf.*.tmp")) or p.poll() is not None)
    os.killpg(p.pid, signal.SIGINT)
    out, err = p.communicate(timeout=120)
    texto = err.decode("utf-8")
    if p.returncode == 0:  # terminó antes de la señal: el archivo está completo
        assert (salida / "s.pdf").read_bytes()[:5] == b"%PDF-"
    else:
        assert p.returncode == 130, texto
        assert "Interrumpido" in texto and "Traceback" not in texto
        assert list(salida.iterdir()) == []


def test_ctrl_c_durante_validar_de_muchos():
    p = _proceso("validar", *([ejemplo()] * 200))
    assert p.stdout is not None
    p.stdout.readline()  # ya validó el primero: está trabajando
    os.killpg(p.pid, signal.SIGINT)
    out, err = p.communicate(timeout=60)
    texto = err.decode("utf-8")
    assert p.returncode in (0, 130), texto
    assert "Traceback" not in texto
    if p.returncode == 130:
        assert "Interrumpido" in texto


def test_ctrl_c_mientras_carga_la_linea_de_comandos(tmp_path):
    """Ctrl-C antes de que `cli` termine de cargarse: 130 y el mismo mensaje, sin traza."""
    import subprocess
    import sys

    codigo = (
        "import sys\n"
        "class Interrumpe:\n"
        "    def find_spec(self, nombre, ruta=None, objetivo=None):\n"
        "        if nombre == 'transparencia_fmt.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrumpe())\n"
        "from transparencia_fmt.consola import main\n"
        "sys.exit(main())\n"
    )
    r = subprocess.run([sys.executable, "-c", codigo], capture_output=True, cwd=tmp_path)
    texto = r.stderr.decode("utf-8")
    assert r.returncode == 130, texto
    assert texto == "ERROR: Interrumpido; no quedó nada a medias.\n"


def test_el_guion_tfmt_entra_por_consola():
    """El guion instalado pasa por `consola.main`, que atiende el Ctrl-C de la carga."""
    from importlib.metadata import entry_points

    (guion,) = entry_points(group="console_scripts", name="tfmt")
    assert guion.value == "transparencia_fmt.consola:main"


def test_actualizar_con_el_nombre_corto(capsys, ws, tmp_path):
    """`actualizar` acepta el nombre corto, como dice su ayuda y como `tfmt formato`; el
    documento queda en la carpeta del id. Una ruta disfrazada de nombre sigue rechazada."""
    otra = _otra_version(tmp_path)
    codigo, out, err = correr(
        capsys,
        "actualizar",
        "5 LGT_Art_70_Fr_V",
        "--periodo",
        "2026-T1",
        "--datos",
        otra,
        "--espacio",
        ws,
        "--autor",
        "Ana",
    )
    assert codigo == 0, err
    vigente = ws / "documentos" / FR5 / "2026-T1.json"
    assert "segunda versión" in vigente.read_text("utf-8")
    antes = huellas(ws)
    for nombre in ("../../5 LGT_Art_70_Fr_V", "5 LGT_Art_70_Fr_V/..", "No existe"):
        codigo, _, err = correr(
            capsys,
            "actualizar",
            nombre,
            "--periodo",
            "2026-T1",
            "--datos",
            otra,
            "--espacio",
            ws,
        )
        revisar(codigo, err, esperado=2, nombra=(nombre,))
    assert huellas(ws) == antes


def test_actualizar_con_periodo_y_datos_invalidos_dice_los_errores(capsys, ws, tmp_path):
    """Una fecha «N/D» en el periodo de un registro parece «otro periodo»: antes de sugerir
    quitar --periodo, se dicen los errores del archivo, ubicados."""
    import json

    datos = json.loads(ejemplo().read_text("utf-8"))
    datos["registros"][1]["periodo"] = {"inicio": "N/D", "termino": "2026-03-31"}
    malo = tmp_path / "malo.json"
    malo.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    antes = huellas(ws)
    codigo, _, err = _actualizar(capsys, ws, malo)
    revisar(codigo, err, esperado=1, nombra=("registro 2", "N/D", "no se cambió nada"))
    assert "quite --periodo" not in err
    assert huellas(ws) == antes
