"""Derivación POA → Fr. V que busca una columna con un título que no existe."""

from transparencia_fmt import hookimpl


class PoaMalTitulo:
    nombre = "poa-mal-titulo"
    origen = "Plan_Operativo_Anual"
    destino = "LGT_Art_70_Fr_V"
    descripcion = "Pide la columna «Nombre del indicador» (el título oficial es otro)"

    def derivar(self, documento, contexto):
        clave = contexto.clave("Nombre del indicador")
        return {"formato": contexto.formato.id, "registros": [{clave: "x"}]}


@hookimpl
def registrar_derivaciones():
    return [PoaMalTitulo()]
