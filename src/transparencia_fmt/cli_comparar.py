"""`tfmt comparar PLANTILLA.xlsx`: la plantilla del SIPOT (o descarga de la PNT) contra el
catálogo. Sirve para comprobar si el SIPOT vigente cambió un formato (sobre todo los de la
generación 2018) y para revisar un esquema nuevo antes de publicarlo."""

from __future__ import annotations

import argparse
import sys

from .errores import CodigoSalida, ErrorDeDatos

TYPE_CHECKING = False  # sin typing, pathlib, json ni datetime al armar la ayuda (`tfmt --help`)
if TYPE_CHECKING:
    from typing import Any


def agregar(sub: Any) -> None:
    """Agrega los comandos `comparar` y `cobertura` al CLI."""
    s = sub.add_parser(
        "comparar",
        help="compara una plantilla del SIPOT con el formato del catálogo",
        description=(
            "Lee la plantilla (filas de tipo, id y encabezado; hojas Tabla_ e Hidden_) y la "
            "compara con el formato del catálogo: encabezados letra por letra, tipos, "
            "catálogos y su orden, tablas secundarias e ids de campo. Sale con 1 si hay "
            "diferencias que el esquema no registra."
        ),
    )
    s.add_argument(
        "archivo", metavar="PLANTILLA.xlsx", help="plantilla del SIPOT o descarga de la PNT"
    )
    s.add_argument(
        "--formato", metavar="ID", help="compara con este formato (si no, el que dice el libro)"
    )
    s.add_argument("--json", action="store_true", help="como datos JSON")
    s.set_defaults(func=cmd_comparar)

    s = sub.add_parser(
        "cobertura", help="escribe la página de cobertura del catálogo (docs/cobertura.md)"
    )
    s.add_argument("-o", dest="salida", metavar="ARCHIVO", help="archivo (si no, la pantalla)")
    s.set_defaults(func=cmd_cobertura)


def cmd_cobertura(args: argparse.Namespace) -> int:
    """Escribe la página de cobertura del catálogo (en pantalla o en un archivo)."""
    from pathlib import Path

    from .atomico import escribir_atomico
    from .cobertura import markdown
    from .entorno import entorno

    texto = markdown(entorno().catalogo)
    if args.salida:
        escribir_atomico(Path(args.salida), texto.encode("utf-8"))
        print(args.salida)
    else:
        sys.stdout.write(texto)
    return int(CodigoSalida.OK)


def cmd_comparar(args: argparse.Namespace) -> int:
    """Compara la plantilla con su formato del catálogo; 1 si hay diferencias sin registrar."""
    import json
    from pathlib import Path

    from .comparacion import comparar, formato_de_plantilla, formatos_cercanos, leer_plantilla
    from .entorno import entorno

    ruta = Path(args.archivo)
    if not ruta.is_file():
        raise ErrorDeDatos(f"No existe el archivo {ruta}.", archivo=str(ruta))
    catalogo = entorno().catalogo
    plantilla = leer_plantilla(ruta)
    formato = catalogo.formato(args.formato) if args.formato else None
    formato = formato or formato_de_plantilla(catalogo, plantilla)
    if formato is None:
        cercanos = formatos_cercanos(catalogo, [c.encabezado for c in plantilla.campos])
        lista = ", ".join(f"{f.id} ({p:.0%})" for f, p in cercanos) or "ninguno"
        raise ErrorDeDatos(
            f"{ruta}: el formato del libro (id {plantilla.id_formato or 'sin id'}, nombre "
            f"corto «{plantilla.nombre_corto or 'sin nombre'}») no está en el catálogo. "
            f"Los más parecidos por sus encabezados: {lista}. Indique uno con --formato ID.",
            archivo=str(ruta),
        )
    difs = comparar(formato, plantilla)
    nuevas = [d for d in difs if not d.motivo]
    if args.json:
        json.dump(
            {
                "archivo": str(ruta),
                "id_formato": plantilla.id_formato,
                "nombre_corto": plantilla.nombre_corto,
                "descarga_pnt": plantilla.pnt,
                "formato": formato.id,
                "generacion": formato.generacion,
                "iguales": not nuevas,
                "diferencias": [d.a_dict() for d in difs],
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return int(CodigoSalida.DATOS_INVALIDOS if nuevas else CodigoSalida.OK)
    print(
        f"Plantilla: {ruta} (hoja «{plantilla.hoja}»), id de formato "
        f"{plantilla.id_formato or 'sin id'}, nombre corto «{plantilla.nombre_corto}»"
        + (" — descarga de la PNT" if plantilla.pnt else "")
    )
    print(
        f"Formato del catálogo: {formato.id} — {formato.titulo} (generación {formato.generacion})"
    )
    for d in difs:
        print(("  registrada: " if d.motivo else "  DIFERENCIA: ") + d.texto())
    if nuevas:
        print(
            f"{len(nuevas)} diferencia(s) no registrada(s): el SIPOT de esta plantilla no es el "
            "del catálogo. Use la plantilla del catálogo con cuidado o registre el formato "
            "nuevo con un plugin de esquemas (ver README)."
        )
        return int(CodigoSalida.DATOS_INVALIDOS)
    print(
        "Iguales: encabezados, tipos, catálogos, tablas secundarias e ids de campo coinciden"
        + (f" ({len(difs)} diferencia(s) registrada(s) con su motivo)." if difs else ".")
    )
    return int(CodigoSalida.OK)
