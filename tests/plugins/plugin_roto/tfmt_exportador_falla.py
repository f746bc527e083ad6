"""Importa bien, pero su exportador falla a la mitad: no debe quedar archivo."""

from transparencia_fmt import hookimpl


class ExportadorQueFalla:
    nombre = "falla"
    extension = ".txt"
    descripcion = "Escribe algo y luego levanta una excepción"

    def exportar(self, documento, destino):
        destino.write(b"medio archivo")
        raise RuntimeError("se cayó a la mitad")


@hookimpl
def registrar_exportadores():
    return [ExportadorQueFalla()]
