"""Importador «.xyz» hecho como dice la guía: lee JSON y arma el documento con desde_dict,
sin decir de qué archivo vino."""

import json

from transparencia_fmt import desde_dict, hookimpl


class ImportadorXyz:
    nombre = "xyz"
    extensiones = (".xyz",)
    descripcion = "JSON canónico con otra extensión"

    def importar(self, ruta, catalogo):
        with open(ruta, encoding="utf-8") as f:
            return desde_dict(json.load(f))


@hookimpl
def registrar_importadores():
    return [ImportadorXyz()]
