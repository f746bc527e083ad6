"""Exportadores con nombre, descripción o extensión inservibles, y uno bueno al lado: los
malos se omiten con un aviso; el bueno y los integrados siguen funcionando. «extras» se
registra bien, pero sus `archivos_extra` se llaman como diga TFMT_PRUEBA_EXTRA (separados por
«|»): nombres que en Windows no sirven (dispositivos, «:», mayúsculas del principal…)."""

import os

from transparencia_fmt import hookimpl


class _Exportador:
    descripcion = "prueba"
    extension = ".txt"

    def __init__(self, **atributos):
        for nombre, valor in atributos.items():
            setattr(self, nombre, valor)

    def exportar(self, documento, destino):
        destino.write(b"escrito por un exportador raro\n")


class _ConExtras(_Exportador):
    def archivos_extra(self, documento, principal):
        nombres = os.environ.get("TFMT_PRUEBA_EXTRA", "").split("|")
        return {n: b"extra\n" for n in nombres if n}


@hookimpl
def registrar_exportadores():
    return [
        _Exportador(nombre=42),
        _Exportador(nombre="desc-num", descripcion=5),
        _Exportador(nombre=""),
        _Exportador(nombre="../../fuera"),
        _Exportador(nombre="sin-punto", extension="txt"),
        _Exportador(nombre="ruta", extension="/../../escape.txt"),
        _Exportador(nombre="ext-num", extension=7),
        _Exportador(nombre="bueno", extension=".tar.gz"),
        _ConExtras(nombre="extras"),
    ]
