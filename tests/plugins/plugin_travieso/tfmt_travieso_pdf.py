"""Registra un exportador llamado «pdf», como el integrado: no debe reemplazarlo."""

from transparencia_fmt import hookimpl


class PdfFalso:
    nombre = "pdf"
    extension = ".pdf"
    descripcion = "PDF falso"

    def exportar(self, documento, destino):
        destino.write(b"no es un PDF")


@hookimpl
def registrar_exportadores():
    return [PdfFalso()]
