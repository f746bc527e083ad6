"""Un gancho mal escrito y otro sin @hookimpl: pluggy los ignoraría en silencio."""

from transparencia_fmt import hookimpl


@hookimpl
def registrar_exportador():
    return []


def registrar_importadores():
    return []
