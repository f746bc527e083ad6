"""Batería hostil: plugins que se portan mal al exportar, validar o importar; texto de los
datos que intenta controlar la terminal (ESC, bidi) y logos inservibles."""

from __future__ import annotations

import errno
import json
import warnings

import pytest
from hostil import correr, ejemplo, revisar, sin_temporales

import transparencia_fmt as tf
from transparencia_fmt import AvisoPlugin, hookimpl
from transparencia_fmt.entorno import Entorno
from transparencia_fmt.errores import ErrorDePlugin, ErrorDeSalida


class _Exp:
    extension = ".txt"
    descripcion = "prueba"

    def __init__(self, nombre, accion):
        self.nombre = nombre
        self._accion = accion

    def exportar(self, documento, destino):
        self._accion(destino)


def _entorno_con(*exportadores, **ganchos):
    class Plugin:
        @hookimpl
        def registrar_exportadores(self):
            return list(exportadores)

    for nombre, funcion in ganchos.items():
        setattr(Plugin, nombre, hookimpl(funcion))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AvisoPlugin)
        return Entorno.crear(cargar_terceros=False, extra=(("travieso", Plugin()),))


def _escribe_y_falla(excepcion):
    def accion(destino):
        destino.write(b"a medias " * 1000)
        raise excepcion

    return accion


@pytest.mark.parametrize(
    "excepcion,esperada",
    [
        (ValueError("roto"), ErrorDePlugin),
        (ZeroDivisionError(), ErrorDePlugin),
        (KeyError("x"), ErrorDePlugin),
        (RuntimeError("\x1b[2Jborrar pantalla"), ErrorDePlugin),
        (OSError(errno.ENOSPC, "No space left on device"), ErrorDeSalida),
        (PermissionError(errno.EACCES, "Permission denied"), ErrorDeSalida),
    ],
    ids=["value", "zero", "key", "escape", "enospc", "eacces"],
)
def test_exportador_que_falla_a_medias_no_deja_nada(tmp_path, excepcion, esperada):
    ent = _entorno_con(_Exp("malo", _escribe_y_falla(excepcion)))
    doc = ent.cargar(ejemplo())
    with pytest.raises(esperada) as info:
        ent.exportar(doc, "malo", tmp_path / "s.txt")
    assert "s.txt" in str(info.value) or "malo" in str(info.value)
    assert "\x1b" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("numero", [errno.EBUSY, errno.ETXTBSY, errno.EISDIR, errno.ENOSPC])
def test_error_de_sistema_muestra_la_ruta_tal_cual(numero):
    from transparencia_fmt.fallos import error_de_sistema

    texto = str(error_de_sistema(OSError(numero, "en inglés"), "salida/poa.pdf"))
    assert "salida/poa.pdf" in texto and "inglés" not in texto


def test_exportador_con_nombre_de_integrado_no_lo_reemplaza(tmp_path):
    ent = _entorno_con(_Exp("pdf", lambda d: d.write(b"falso")))
    assert ent.exportador("pdf").paquete == "transparencia-fmt"
    escrito = ent.exportar(ent.cargar(ejemplo()), "pdf", tmp_path / "s.pdf")
    assert escrito[0].read_bytes()[:5] == b"%PDF-"


def test_archivos_extra_no_salen_de_la_carpeta(tmp_path):
    class Extra(_Exp):
        def archivos_extra(self, documento, nombre):
            return {"../../fuera.txt": b"x", "/etc/fuera2.txt": b"y"}

    ent = _entorno_con(Extra("extra", lambda d: d.write(b"ok")))
    destino = tmp_path / "dentro" / "s.txt"
    with pytest.raises(ErrorDePlugin, match="«extra».*archivos_extra dio un nombre inservible"):
        ent.exportar(ent.cargar(ejemplo()), "extra", destino)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # ni el principal


@pytest.mark.parametrize(
    "regla",
    [
        lambda documento: 1 / 0,
        lambda documento: ["no soy un hallazgo", None, 5],
        lambda documento: 42,
        lambda documento: iter([tf.ErrorValidacion(codigo="x-local", mensaje="m")]),
    ],
    ids=["levanta", "basura", "numero", "iterador"],
)
def test_regla_de_plugin_que_se_porta_mal_no_tumba_validar(regla):
    ent = _entorno_con(validar_documento=lambda self, documento: regla(documento))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AvisoPlugin)
        informe = ent.validar(ent.cargar(ejemplo()))
    assert isinstance(informe, tf.Informe)
    json.dumps(informe.a_dict(), allow_nan=False)


def test_importador_de_plugin_que_levanta(tmp_path):
    class Importador:
        nombre = "raro"
        extensiones = (".raro",)

        def importar(self, ruta, catalogo):
            raise MemoryError("\x1b]0;titulo\x07")

    ent = _entorno_con(registrar_importadores=lambda self: [Importador()])
    ruta = tmp_path / "datos.raro"
    ruta.write_text("x")
    with pytest.raises(tf.ErrorDeDatos) as info:
        ent.cargar(ruta)
    assert "raro" in str(info.value) and "datos.raro" in str(info.value)
    assert "\x1b" not in str(info.value) and "\x07" not in str(info.value)


# -- texto que intenta controlar la terminal ----------------------------------------------
HOSTILES = [
    "\x1b[2J\x1b[H",  # borra la pantalla
    "\x1b]0;titulo robado\x07",  # cambia el título de la ventana
    "\x9b31m",  # CSI de 8 bits
    "linea\rSOBRESCRITA",  # retorno de carro que tapa el principio
    "texto \u202eexe.pdf",  # invierte lo que se ve
    "\x08\x08\x08borrado",  # retrocesos
]


@pytest.mark.parametrize("valor", HOSTILES, ids=["cls", "titulo", "csi8", "retorno", "bidi", "bs"])
def test_datos_no_controlan_la_terminal(capsys, tmp_path, valor):
    datos = json.loads(ejemplo().read_text("utf-8"))
    datos["registros"][0]["sentido_indicador"] = valor  # fuera del catálogo: se muestra
    ruta = tmp_path / "fr5.json"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    for args in (("validar", ruta), ("exportar", ruta, "--a", "csv", "-o", tmp_path / "s.csv")):
        codigo, out, err = correr(capsys, *args)
        revisar(codigo, out + err, esperado=1, nombra=("fr5.json", "catalogo"))
        for c in "\x1b\x9b\x08\u202e":
            assert c not in out + err
        assert "\r" not in out
    codigo, out, _ = correr(capsys, "validar", "--json", ruta)
    informe = json.loads(out)  # escapado y todavía JSON válido, con el valor exacto
    valores = [e["valor"] for i in informe["informes"] for e in i["errores"]]
    assert valor in valores


def test_nombre_de_archivo_hostil_en_el_mensaje(capsys, tmp_path):
    ruta = tmp_path / "a\x1b[31mrojo.json"
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, err, esperado=2, nombra=("rojo.json",))
    assert "\x1b" not in err and "\\u001b" in err


def test_bidi_se_publica_con_advertencia(capsys, tmp_path):
    datos = json.loads(ejemplo().read_text("utf-8"))
    datos["registros"][1]["nombre_indicador"] = "Reporte \u202efdp.exe"
    ruta = tmp_path / "fr5.json"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    codigo, out, err = correr(capsys, "exportar", ruta, "--a", "csv", "-o", tmp_path / "s.csv")
    revisar(codigo, err, esperado=0, nombra=("control-bidi", "registro 2", "U+202E"))
    assert "Reporte \u202efdp.exe" in (tmp_path / "s.csv").read_text("utf-8")


@pytest.mark.parametrize(
    "logo,frase",
    [
        ("no_existe.png", "no existe"),
        ("/etc/passwd", "relativa"),
        ("../logo.png", "relativa"),
        ("carpeta", "carpeta"),
        ("texto.png", "no es una imagen"),
        (42, "nombre de un archivo"),
    ],
)
def test_logo_inservible_se_avisa(capsys, tmp_path, logo, frase):
    (tmp_path / "carpeta").mkdir()
    (tmp_path / "texto.png").write_text("no soy png")
    datos = json.loads(ejemplo().read_text("utf-8"))
    datos["sujeto_obligado"] = {"nombre": "Ayuntamiento", "logo": logo}
    ruta = tmp_path / "fr5.json"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    codigo, out, err = correr(capsys, "exportar", ruta, "--a", "csv", "-o", tmp_path / "s.csv")
    if isinstance(logo, int):  # el esquema exige texto: es error y no se exporta
        revisar(codigo, err, esperado=1, nombra=("Sujeto obligado",))
    else:
        revisar(codigo, err, esperado=0, nombra=("logo-inutilizable", frase))
    sin_temporales(tmp_path)


def test_logo_bueno_no_avisa(capsys, tmp_path):
    import shutil

    from conftest import EJEMPLOS

    shutil.copy(EJEMPLOS / "boletin_foto1.png", tmp_path / "logo.png")
    datos = json.loads(ejemplo().read_text("utf-8"))
    datos["sujeto_obligado"] = {"nombre": "Ayuntamiento", "logo": "logo.png"}
    ruta = tmp_path / "fr5.json"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, out + err, esperado=0)
    assert "logo-inutilizable" not in out + err
