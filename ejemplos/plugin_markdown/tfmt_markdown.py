"""Plugin de ejemplo: un exportador a Markdown hecho con los bloques de la composición.

Muestra lo que necesita un tercero: un objeto con nombre, extension, descripcion y
exportar(documento, destino), devuelto por el gancho registrar_exportadores.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from transparencia_fmt import hookimpl
from transparencia_fmt.composicion import (
    Fichas,
    Firma,
    Lista,
    Meses,
    Parrafo,
    Pie,
    Seccion,
    TablaBloque,
    Titulo,
    componer,
)


def _celda(texto: str) -> str:
    return str(texto).replace("|", "\\|").replace("\n", "<br>")


class ExportadorMarkdown:
    nombre = "markdown"
    extension = ".md"
    descripcion = "Markdown para wikis y portales (plugin de ejemplo de terceros)"

    def exportar(self, documento: Any, destino: BinaryIO) -> None:
        comp = componer(documento)
        lineas: list[str] = []
        for b in comp.bloques:
            if isinstance(b, Titulo):
                lineas += [f"# {b.texto}", ""]
            elif isinstance(b, Seccion):
                lineas += ["#" * (b.nivel + 1) + " " + b.texto, ""]
            elif isinstance(b, Parrafo):
                lineas += [(f"**{b.resalte.strip()}** " if b.resalte else "") + b.texto, ""]
            elif isinstance(b, Lista):
                lineas += [f"- **{t}** {x}" if t else f"- {x}" for t, x in b.elementos] + [""]
            elif isinstance(b, TablaBloque):
                lineas.append("| " + " | ".join(map(_celda, b.columnas)) + " |")
                lineas.append("|" + "---|" * len(b.columnas))
                lineas += ["| " + " | ".join(map(_celda, f)) + " |" for f in b.filas] + [""]
            elif isinstance(b, Meses):
                cab = [*b.columnas, *b.meses]
                lineas.append("| " + " | ".join(cab) + " |")
                lineas.append("|" + "---|" * len(cab))
                for fijas, marcados in b.filas:
                    marcas = [b.marca if m in marcados else "" for m in b.meses]
                    lineas.append("| " + " | ".join(map(_celda, [*fijas, *marcas])) + " |")
                lineas.append("")
            elif isinstance(b, Fichas):
                for n, fila in enumerate(b.filas, start=1):
                    lineas += [f"### {b.titulo_ficha} {n}", ""]
                    lineas += [
                        f"- **{e}:** {_celda(v)}" for e, v in zip(b.etiquetas, fila, strict=False)
                    ] + [""]
            elif isinstance(b, Firma):
                lineas += [f"**{b.nombre}**  ", b.cargo, ""]
            elif isinstance(b, Pie):
                lineas += [*(f"{x}  " for x in b.lineas), ""]
        destino.write("\n".join(lineas).encode("utf-8"))


@hookimpl
def registrar_exportadores():
    return [ExportadorMarkdown()]
