"""Importa bien, pero su exportador falla a la mitad: no debe quedar archivo."""

from transparencia_fmt import hookimpl


class ExportadorQueFalla:
    nombre = "falla"
    extension = ".txt"
    descripcion = "Escribe algo y luego levanta una excepción"

    def exportar(self, documento, destino):
        destino.write(b"medio archivo")
        raise RuntimeError("se cayó a la mitad")

    def escribir_composicion(self, composicion, destino):
        """También dice dibujar informes (`seguimiento informe`), y también se cae."""
        destino.write(b"medio informe")
        raise RuntimeError("el informe se cayó a la mitad")


@hookimpl
def registrar_exportadores():
    return [ExportadorQueFalla()]
