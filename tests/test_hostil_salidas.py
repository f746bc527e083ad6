"""Batería hostil: cuando escribir FALLA (carpeta, permisos, disco lleno, límites, stdout).

Cada caso: código 0/1/2, mensaje en español con el archivo, nada a medias, ningún temporal.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hostil import (
    carpeta_publica,
    como_nadie,
    correr,
    ejemplo,
    huellas,
    revisar,
    sin_temporales,
    solo_lectura,
    tmpfs,
)

import transparencia_fmt as tf
from transparencia_fmt.errores import CodigoSalida, ErrorDePlugin, ErrorDeSalida, ErrorDeUso

EXPORTADORES = ["json", "csv", "csv-excel", "pdf", "docx", "xlsx"]
EXT = {"json": ".json", "csv": ".csv", "csv-excel": ".csv", "pdf": ".pdf", "docx": ".docx"}
EXT["xlsx"] = ".xlsx"


@pytest.fixture(scope="module")
def doc():
    return tf.cargar(ejemplo())


def test_codigos_de_salida_documentados():
    assert [int(c) for c in CodigoSalida] == [0, 1, 2, 3, 7, 130]
    leeme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    for codigo in ("**0**", "**1**", "**2**", "**7**", "**130**"):
        assert codigo in leeme


def test_version(capsys):
    codigo, out, err = correr(capsys, "--version")
    assert codigo == 0 and out.startswith("tfmt (transparencia-fmt) ") and tf.__version__ in out


@pytest.mark.parametrize("nombre", EXPORTADORES)
def test_destino_carpeta_existente_no_culpa_al_exportador(doc, tmp_path, nombre):
    """El archivo exacto (`exportar_archivo`, lo que usa el CLI tras resolver `-o`) que es
    una carpeta: error de salida, no del exportador, y nada escrito."""
    carpeta = tmp_path / "ya_existe"
    carpeta.mkdir()
    from transparencia_fmt.entorno import entorno

    with pytest.raises(ErrorDeSalida) as info:
        entorno().exportar_archivo(doc, nombre, carpeta)
    assert not isinstance(info.value, ErrorDePlugin)
    assert "es una carpeta" in str(info.value) and str(carpeta) in str(info.value)
    assert "exportador" not in str(info.value)
    assert list(carpeta.iterdir()) == []
    sin_temporales(tmp_path)


@pytest.mark.parametrize("nombre", EXPORTADORES)
def test_madre_es_archivo(capsys, tmp_path, nombre):
    (tmp_path / "archivo").write_text("no soy carpeta")
    destino = tmp_path / "archivo" / f"x{EXT[nombre]}"
    codigo, _, err = correr(capsys, "exportar", ejemplo(), "--a", nombre, "-o", destino)
    revisar(codigo, err, esperado=2, nombra=("es un archivo, no una carpeta", "archivo"))
    assert (tmp_path / "archivo").read_text() == "no soy carpeta"
    sin_temporales(tmp_path)


@pytest.mark.parametrize("nombre", EXPORTADORES)
def test_nombre_de_mas_de_255_bytes(capsys, tmp_path, nombre):
    destino = tmp_path / ("ñ" * 130 + EXT[nombre])
    codigo, _, err = correr(capsys, "exportar", ejemplo(), "--a", nombre, "-o", destino)
    revisar(codigo, err, esperado=2, nombra=("demasiado largo", "255 bytes"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("nombre", ["json", "csv", "pdf"])
def test_nombre_largo_pero_valido_se_escribe(capsys, tmp_path, nombre):
    """250 bytes caben; el temporal (que lleva el nombre) no debe rebasar el límite."""
    largo = 235 if nombre == "csv" else 250  # el CSV agrega «.datapackage.json» a su base
    destino = tmp_path / ("a" * (largo - len(EXT[nombre])) + EXT[nombre])
    codigo, out, err = correr(capsys, "exportar", ejemplo(), "--a", nombre, "-o", destino)
    revisar(codigo, err, esperado=0)
    assert destino.stat().st_size > 0
    sin_temporales(tmp_path)


def test_nombre_del_archivo_acompanante_demasiado_largo(capsys, tmp_path):
    """El CSV cabe pero su datapackage.json no: se explica y no queda nada."""
    destino = tmp_path / ("a" * 246 + ".csv")
    codigo, _, err = correr(capsys, "exportar", ejemplo(), "--a", "csv", "-o", destino)
    revisar(codigo, err, esperado=2, nombra=("datapackage.json", "demasiado largo"))
    assert list(tmp_path.iterdir()) == []


def _llenar(disco: Path, dejar: int = 1024) -> None:
    relleno = disco / "relleno.bin"
    fd = os.open(relleno, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(relleno, max(relleno.stat().st_size - dejar, 0))


@pytest.mark.parametrize("nombre", EXPORTADORES)
def test_disco_lleno_al_exportar(capsys, nombre):
    with tmpfs("64k") as disco:
        _llenar(disco)
        antes = huellas(disco)
        destino = disco / "sub" / f"salida{EXT[nombre]}"
        codigo, _, err = correr(capsys, "exportar", ejemplo(), "--a", nombre, "-o", destino)
        revisar(codigo, err, esperado=2, nombra=("espacio",))
        assert huellas(disco) == antes
        sin_temporales(disco)


@pytest.mark.parametrize("nombre", ["json", "csv", "docx"])
def test_disco_lleno_conserva_la_version_anterior(capsys, nombre):
    with tmpfs("64k") as disco:
        destino = disco / f"salida{EXT[nombre]}"
        destino.write_bytes(b"version anterior")
        _llenar(disco, dejar=200)
        codigo, _, err = correr(capsys, "exportar", ejemplo(), "--a", nombre, "-o", destino)
        revisar(codigo, err, esperado=2, nombra=("espacio", "salida"))
        assert destino.read_bytes() == b"version anterior"
        sin_temporales(disco)


@pytest.mark.parametrize("como", ["json", "csv", "xlsx"])
def test_disco_lleno_plantilla(capsys, como):
    with tmpfs("64k") as disco:
        _llenar(disco, dejar=100)
        destino = disco / f"p.{como}"
        codigo, _, err = correr(capsys, "plantilla", "LGT_Art_70_Fr_V", "--a", como, "-o", destino)
        revisar(codigo, err, esperado=2, nombra=("espacio",))
        assert not destino.exists()
        sin_temporales(disco)


def test_disco_lleno_demo_se_detiene_con_un_solo_error(capsys):
    with tmpfs("64k") as disco:
        _llenar(disco, dejar=100)
        codigo, _, err = correr(capsys, "demo", "-o", disco / "salida")
        revisar(codigo, err, esperado=2, nombra=("espacio",))
        assert err.count("ERROR") == 1, err
        sin_temporales(disco)


@pytest.mark.parametrize("nombre", EXPORTADORES)
def test_disco_de_solo_lectura(capsys, nombre):
    with tmpfs("256k") as disco:
        (disco / "viejo.txt").write_text("intacto")
        solo_lectura(disco)
        destino = disco / f"salida{EXT[nombre]}"
        codigo, _, err = correr(capsys, "exportar", ejemplo(), "--a", nombre, "-o", destino)
        revisar(codigo, err, esperado=2, nombra=("sólo lectura", "salida"))
        assert (disco / "viejo.txt").read_text() == "intacto"
        assert sorted(p.name for p in disco.iterdir()) == ["viejo.txt"]


@pytest.mark.parametrize("nombre", ["json", "csv", "pdf"])
def test_carpeta_sin_permiso_de_escritura(capsys, doc, nombre):
    base = carpeta_publica()
    bloqueada = base / "bloqueada"
    bloqueada.mkdir()
    bloqueada.chmod(0o555)
    destino = bloqueada / f"salida{EXT[nombre]}"
    tf.exportar(doc, "pdf", base / "precalienta.pdf")  # importa reportlab como root
    with como_nadie():
        codigo, _, err = correr(capsys, "exportar", ejemplo(), "--a", nombre, "-o", destino)
    revisar(codigo, err, esperado=2, nombra=("permiso", "bloqueada"))
    assert list(bloqueada.iterdir()) == []


def test_archivo_de_entrada_en_carpeta_ilegible(capsys):
    base = carpeta_publica()
    privada = base / "privada"
    privada.mkdir()
    (privada / "fr5.json").write_bytes(ejemplo().read_bytes())
    privada.chmod(0o700)
    with como_nadie():
        codigo, _, err = correr(capsys, "validar", privada / "fr5.json")
    revisar(codigo, err, esperado=2, nombra=("permiso", "fr5.json"))


def test_archivo_de_entrada_ilegible(capsys):
    base = carpeta_publica()
    archivo = base / "fr5.json"
    archivo.write_bytes(ejemplo().read_bytes())
    archivo.chmod(0o600)
    with como_nadie():
        codigo, _, err = correr(capsys, "exportar", archivo, "--a", "csv", "-o", base / "s.csv")
    revisar(codigo, err, esperado=2, nombra=("permiso", "fr5.json"))
    assert not (base / "s.csv").exists()


def _limite_de_tamano(bytes_: int):
    def fijar():
        resource.setrlimit(resource.RLIMIT_FSIZE, (bytes_, bytes_))

    return fijar


def _tfmt(*args, **kw):
    env = {**os.environ, "TFMT_LOAD_PLUGINS": "", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "transparencia_fmt", *map(str, args)],
        capture_output=kw.pop("capture_output", True),
        text=True,
        encoding="utf-8",
        env=env,
        **kw,
    )


@pytest.mark.parametrize("nombre", ["pdf", "csv"])
def test_limite_de_tamano_de_archivo(tmp_path, nombre):
    destino = tmp_path / f"s{EXT[nombre]}"
    r = _tfmt(
        "exportar", ejemplo(), "--a", nombre, "-o", destino, preexec_fn=_limite_de_tamano(2000)
    )
    revisar(r.returncode, r.stderr, esperado=2, nombra=("tamaño máximo", "s" + EXT[nombre]))
    assert not destino.exists()
    sin_temporales(tmp_path)


@pytest.mark.parametrize(
    "args",
    [("formatos",), ("formatos", "--json"), ("formato", "LGT_Art_70_Fr_V"), ("exportadores",)],
)
def test_stdout_cerrado_antes_de_tiempo(args):
    """`tfmt formatos | head -1`: quien lee se fue; ni traceback ni mensaje, sale con 0."""
    p = subprocess.Popen(
        [sys.executable, "-m", "transparencia_fmt", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TFMT_LOAD_PLUGINS": ""},
    )
    assert p.stdout is not None and p.stderr is not None
    p.stdout.read(10)
    p.stdout.close()
    err = p.stderr.read().decode("utf-8")
    codigo = p.wait(timeout=60)
    assert codigo == 0, err
    assert err == ""


@pytest.mark.parametrize(
    "args", [("formatos", "--json"), ("validar", "--json", str(ejemplo())), ("--version",)]
)
def test_stdout_lleno(args):
    with open("/dev/full", "w") as lleno:
        r = _tfmt(*args, stdout=lleno, capture_output=False, stderr=subprocess.PIPE)
    revisar(r.returncode, r.stderr, esperado=2, nombra=("espacio", "salida estándar"))


@pytest.mark.parametrize("nombre", ["json", "csv", "pdf", "docx"])
def test_respeta_la_umask(doc, tmp_path, nombre):
    anterior = os.umask(0o022)
    try:
        escritos = tf.exportar(doc, nombre, tmp_path / f"s{EXT[nombre]}")
    finally:
        os.umask(anterior)
    for ruta in escritos:
        assert ruta.stat().st_mode & 0o777 == 0o644, ruta


def test_umask_estricta_tambien_se_respeta(doc, tmp_path):
    anterior = os.umask(0o077)
    try:
        (escrito,) = [p for p in tf.exportar(doc, "csv", tmp_path / "s.csv") if p.suffix == ".csv"]
    finally:
        os.umask(anterior)
    assert escrito.stat().st_mode & 0o777 == 0o600


def test_se_conservan_los_permisos_del_archivo_reemplazado(doc, tmp_path):
    destino = tmp_path / "s.json"
    destino.write_text("{}")
    destino.chmod(0o640)
    tf.exportar(doc, "json", destino)
    assert destino.stat().st_mode & 0o777 == 0o640


def test_temporal_huerfano_viejo_se_limpia_y_el_reciente_no(doc, tmp_path):
    viejo = tmp_path / ".s.json.abcd1234.tmp"
    reciente = tmp_path / ".s.json.wxyz9876.tmp"
    ajeno = tmp_path / "notas.tmp"
    for p in (viejo, reciente, ajeno):
        p.write_text("basura")
    os.utime(viejo, (1, 1))
    os.utime(ajeno, (1, 1))
    tf.exportar(doc, "json", tmp_path / "s.json")
    assert not viejo.exists()
    assert reciente.exists() and ajeno.exists()


def test_mal_uso_con_errores_de_escritura_es_error_de_uso(doc, tmp_path):
    """Para quien usa la biblioteca: ErrorDeSalida es un ErrorDeUso (código 2)."""
    (tmp_path / "f").write_text("x")
    with pytest.raises(ErrorDeUso) as info:
        tf.exportar(doc, "csv", tmp_path / "f" / "s.csv")
    assert info.value.codigo_salida == CodigoSalida.MAL_USO
