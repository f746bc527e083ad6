"""Imprime al importarse y en su gancho: no debe ensuciar la salida --json."""

from transparencia_fmt import hookimpl

print("hola desde el plugin habla")


@hookimpl
def registrar_exportadores():
    print("registrando exportadores")
    return []
