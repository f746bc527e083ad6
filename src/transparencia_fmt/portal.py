"""`publicado/index.html`: una página simple y accesible con cada formato y sus archivos."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .atomico import escribir_atomico
from .errores import ErrorDePlugin
from .espacio import EspacioTrabajo
from .filas import fecha_iso_a_mx
from .plugins import Aportacion


def escribir_indice(espacio: EspacioTrabajo) -> Path:
    """Escribe publicado/index.html con lo publicado."""
    publicado = espacio.raiz / "publicado"
    filas = []
    for ruta in espacio.documentos_vigentes():
        try:
            datos = json.loads(ruta.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        formato = espacio.entorno.catalogo.formato(datos.get("formato", ruta.parent.name))
        archivos = sorted(
            p for p in (publicado / formato.id).glob(f"{ruta.stem}*") if not p.name.startswith(".")
        )
        enlaces = " · ".join(
            f'<a href="{html.escape(p.relative_to(publicado).as_posix(), quote=True)}">'
            f"{html.escape(p.name)}</a>"
            for p in archivos
        )
        periodo = datos.get("periodo") or {}
        filas.append(
            "<tr>"
            f'<th scope="row">{html.escape(formato.nombre_corto or formato.id)}</th>'
            f"<td>{html.escape(formato.titulo_visible)}</td>"
            f"<td>{html.escape(fecha_iso_a_mx(str(periodo.get('inicio', ''))))} al "
            f"{html.escape(fecha_iso_a_mx(str(periodo.get('termino', ''))))}</td>"
            f"<td>{html.escape(fecha_iso_a_mx(str(datos.get('fecha_actualizacion', ''))))}</td>"
            f"<td>{enlaces or 'sin archivos publicados'}</td>"
            "</tr>"
        )
    nombre = html.escape(espacio.sujeto.get("nombre", "Sujeto obligado"))
    pagina = f"""<!DOCTYPE html>
<html lang="es-MX">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Transparencia — {nombre}</title>
<style>
body {{ font-family: Arial, sans-serif; margin: 2rem; color: #1a1a1a; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #999; padding: .4rem .6rem; text-align: left; vertical-align: top; }}
thead th {{ background: #e6e6e6; }}
a {{ color: #0645ad; }}
</style>
</head>
<body>
<header><h1>Obligaciones de transparencia</h1><p>{nombre}</p></header>
<main>
<table>
<caption>Formatos publicados (generado el {dt.date.today():%d/%m/%Y})</caption>
<thead><tr><th scope="col">Formato</th><th scope="col">Título</th>
<th scope="col">Periodo que se informa</th><th scope="col">Fecha de actualización</th>
<th scope="col">Archivos</th></tr></thead>
<tbody>
{chr(10).join(filas) if filas else '<tr><td colspan="5">Aún no hay formatos publicados.</td></tr>'}
</tbody>
</table>
</main>
</body>
</html>
"""
    destino = publicado / "index.html"
    escribir_atomico(destino, pagina.encode("utf-8"))
    return destino


def publicar(
    espacio: EspacioTrabajo,
    exportadores: list[str] | None = None,
    avance: Callable[[Iterable[Path], int, str], Iterable[Path]] | None = None,
    fallidos: list[tuple[Aportacion, ErrorDePlugin]] | None = None,
) -> Iterator[Path]:
    """Exporta todo lo vigente a publicado/ y escribe el índice; da cada archivo escrito.

    La usan `tfmt publicar` y `tfmt servir`. Un exportador desconocido es mal uso y se
    detecta antes de escribir nada. Un exportador que falla (su plugin) no detiene a los
    demás ni al índice: se anota en `fallidos` o, sin esa lista, su error se levanta al final.
    """
    propios: list[tuple[Aportacion, ErrorDePlugin]] = []
    nombres = exportadores or espacio.exportadores_publicacion
    for nombre in nombres:
        espacio.entorno.exportador(nombre)
    documentos = espacio.documentos_vigentes()
    recorrido: Iterable[Any] = (
        avance(documentos, len(documentos), "Publicando") if avance else documentos
    )
    with espacio.candado():  # ningún otro actualizar/publicar escribe a la vez
        espacio.limpiar_publicado()  # temporales huérfanos de un proceso que murió
        for ruta in recorrido:
            yield from espacio.publicar_documento(ruta, nombres, propios)
        yield escribir_indice(espacio)
    if fallidos is not None:
        fallidos += propios
    elif propios:
        raise propios[0][1]
