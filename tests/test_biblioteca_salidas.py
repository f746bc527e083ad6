"""`tf.exportar` sigue la regla de carpeta del CLI (`salidas.py`): «salida/» o una carpeta que
existe reciben «<nombre><extensión>» dentro; una ruta de archivo se usa tal cual. Y
`tf.validar(dict)` dice qué pasar en vez de un AttributeError."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path, PureWindowsPath

import pytest
from conftest import EJEMPLOS
from pypdf import PdfReader

import transparencia_fmt as tf
from transparencia_fmt import salidas
from transparencia_fmt.entorno import Entorno
from transparencia_fmt.errores import ErrorDeUso

F5 = EJEMPLOS / "LGT_Art_70_Fr_V.json"


@pytest.fixture(scope="module")
def fr5(tmp_path_factory):
    """El ejemplo copiado como «fr5.json»: el nombre de salida sale de ahí, como en el CLI."""
    ruta = tmp_path_factory.mktemp("entrada") / "fr5.json"
    shutil.copyfile(F5, ruta)
    return tf.cargar(ruta)


def _filas_csv(ruta: Path) -> list[list[str]]:
    with ruta.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_diagonal_final_es_carpeta_csv(fr5, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    escritos = tf.exportar(fr5, "csv", "salida2/")
    assert [p.as_posix() for p in escritos] == ["salida2/fr5.csv", "salida2/fr5.datapackage.json"]
    assert sorted(p.name for p in (tmp_path / "salida2").iterdir()) == [
        "fr5.csv",
        "fr5.datapackage.json",
    ]
    filas = _filas_csv(tmp_path / "salida2" / "fr5.csv")
    assert filas[0] == [c.titulo for c in fr5.formato.columnas]
    assert len(filas) - 1 == len(fr5.datos["registros"])
    paquete = json.loads((tmp_path / "salida2" / "fr5.datapackage.json").read_text("utf-8"))
    assert paquete["resources"][0]["path"] == "fr5.csv"
    assert not (tmp_path / "salida2.datapackage.json").exists()


def test_diagonal_final_es_carpeta_pdf(fr5, tmp_path):
    escritos = tf.exportar(fr5, "pdf", f"{tmp_path / 'nueva3'}/")
    assert escritos == [tmp_path / "nueva3" / "fr5.pdf"]
    texto = " ".join("".join(p.extract_text() for p in PdfReader(escritos[0]).pages).split())
    for registro in fr5.datos["registros"]:
        assert registro["nombre_indicador"] in texto
    assert [p.name for p in tmp_path.iterdir()] == ["nueva3"]


def test_carpeta_que_existe_sin_diagonal(fr5, tmp_path):
    escritos = tf.exportar(fr5, "json", tmp_path)
    assert escritos == [tmp_path / "fr5.json"]
    assert json.loads(escritos[0].read_text("utf-8"))["registros"] == fr5.datos["registros"]


def test_nombre_como_el_cli_cuando_el_exportador_no_es_la_extension(fr5, tmp_path):
    """csv-excel → «fr5.csv-excel.csv», el mismo nombre que `tfmt exportar -o carpeta/`."""
    (principal, *_) = tf.exportar(fr5, "csv-excel", tmp_path)
    assert principal.name == salidas.nombre_archivo("fr5", tf_exportador("csv-excel"))
    assert principal.name == "fr5.csv-excel.csv"
    assert _filas_csv(principal)[0] == [c.titulo for c in fr5.formato.columnas]


def tf_exportador(nombre: str):
    from transparencia_fmt.entorno import entorno

    return entorno().exportador(nombre).objeto


def test_documento_de_desde_dict_usa_el_id_del_formato(tmp_path):
    doc = tf.desde_dict(json.loads(F5.read_text("utf-8")))
    (ruta,) = tf.exportar(doc, "json", f"{tmp_path}/sal/")
    assert ruta == tmp_path / "sal" / f"{doc.formato.id}.json"
    assert json.loads(ruta.read_text("utf-8"))["formato"] == doc.formato.id


def test_ruta_de_archivo_tal_cual(fr5, tmp_path):
    """Lo de siempre: la ruta de archivo es el archivo, aun sin extensión."""
    (ruta,) = tf.exportar(fr5, "json", tmp_path / "plano")
    assert ruta == tmp_path / "plano" and ruta.is_file()
    (ruta,) = tf.exportar(fr5, "pdf", tmp_path / "a" / "informe.pdf")
    assert ruta == tmp_path / "a" / "informe.pdf"
    assert ruta.read_bytes().startswith(b"%PDF")


def test_entorno_de_un_plugin_sigue_la_misma_regla(fr5, tmp_path):
    """`Entorno.exportar` (el que usan las pruebas de un plugin, docs/plugins.md)."""
    ent = Entorno.crear(cargar_terceros=False)
    (ruta,) = ent.exportar(fr5, "json", tmp_path)
    assert ruta == tmp_path / "fr5.json"
    (ruta,) = ent.exportar_archivo(fr5, "json", tmp_path / "exacto.json")
    assert ruta == tmp_path / "exacto.json" and ruta.is_file()


def test_separador_de_windows(monkeypatch, tmp_path):
    """En Windows «salida\\» también es carpeta (os.sep); en POSIX «\\» es parte del nombre."""
    monkeypatch.chdir(tmp_path)  # que no haya una carpeta «salida» de antes
    exportador = tf_exportador("csv")
    assert not salidas.es_carpeta("salida\\")
    assert salidas.destino_de_exportacion("salida\\", "fr5", exportador) == Path("salida\\")
    monkeypatch.setattr(os, "sep", "\\")
    monkeypatch.setattr(os, "altsep", "/")
    assert salidas.es_carpeta("salida\\") and salidas.es_carpeta("salida/")
    destino = salidas.destino_de_exportacion("salida\\", "fr5", exportador)
    # La ruta que Windows vería: la carpeta «salida» y dentro «fr5.csv» (no un archivo
    # llamado «salida\\»).
    assert PureWindowsPath(os.fspath(destino)).parts == ("salida", "fr5.csv")
    assert destino.name == "fr5.csv"
    # Sin «\\» final no es carpeta tampoco en Windows: el archivo es «salida».
    archivo = salidas.destino_de_exportacion("salida", "fr5", exportador)
    assert PureWindowsPath(os.fspath(archivo)).parts == ("salida",)


@pytest.mark.parametrize("funcion", ["validar", "exportar"])
@pytest.mark.parametrize("valor", [{"formato": "LGT_Art_70_Fr_V"}, "fr5.json", None])
def test_pasar_un_dict_dice_que_pasar(funcion, valor, tmp_path):
    args = (valor,) if funcion == "validar" else (valor, "csv", tmp_path)
    with pytest.raises(TypeError) as info:
        getattr(tf, funcion)(*args)
    mensaje = str(info.value)
    assert f"{funcion}() espera un Documento" in mensaje
    assert "tf.desde_dict" in mensaje and "tf.cargar" in mensaje
    assert ("un dict" in mensaje) == isinstance(valor, dict)
    assert list(tmp_path.iterdir()) == []


def test_destino_vacio_es_error_de_uso(fr5, tmp_path, monkeypatch):
    """«» no es la carpeta actual a escondidas: se pide un destino."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ErrorDeUso, match="necesita un destino"):
        tf.exportar(fr5, "csv", "")
    assert list(tmp_path.iterdir()) == []
