"""Comandos del espacio de trabajo: iniciar, actualizar, historial, estado, publicar."""

from __future__ import annotations

import argparse
import sys

from .argumentos import opcion_a
from .errores import ErrorDeDatos, ErrorDeUso
from .redaccion import cantidad, segun

TYPE_CHECKING = False  # sin typing, pathlib, json ni datetime al armar la ayuda (`tfmt --help`)
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator
    from typing import Any, TypeVar

    T = TypeVar("T")


def agregar(sub: Any) -> None:
    """Agrega al CLI los comandos del espacio de trabajo."""
    s = sub.add_parser("iniciar", help="crea un espacio de trabajo")
    s.set_defaults(func=cmd_iniciar)
    s.add_argument("carpeta", metavar="DIR", help="carpeta del espacio (se crea)")
    s.add_argument("--nombre", required=True, help="nombre del sujeto obligado")
    for opcion in ("entidad", "municipio", "lema", "logo", "domicilio", "telefono", "sitio-web"):
        s.add_argument(f"--{opcion}", default="", help=f"{opcion} del sujeto obligado")
    s.add_argument(
        "--url-base",
        default=None,
        metavar="URL",
        help="dirección pública de la carpeta publicado/ (para los hipervínculos derivados)",
    )

    s = sub.add_parser("actualizar", help="guarda la versión de un formato para un periodo")
    s.set_defaults(func=cmd_actualizar)
    s.add_argument("id", metavar="ID", help="id o nombre corto del formato")
    s.add_argument(
        "--periodo",
        default=None,
        metavar="2026-T1|2026-S1|2026|2026-01",
        help="periodo; sin él, el que dicen los registros (un documento por periodo si traen "
        "varios, p. ej. una descarga de la PNT)",
    )
    s.add_argument("--datos", required=True, metavar="ARCHIVO", help="JSON, CSV, XLSX u ODS")
    s.add_argument("--autor", default=None, help="quién hace el cambio (para la bitácora)")
    s.add_argument("--espacio", default=".", metavar="DIR", help="carpeta del espacio (.)")

    s = sub.add_parser("historial", help="versiones de un formato y sus diferencias")
    s.set_defaults(func=cmd_historial)
    s.add_argument("id", metavar="ID", help="id o nombre corto del formato")
    s.add_argument("--periodo", default=None, help="sólo este periodo")
    s.add_argument("--diferencias", action="store_true", help="qué cambió entre versiones")
    s.add_argument("--json", action="store_true", help="como datos JSON")
    s.add_argument("--espacio", default=".", metavar="DIR", help="carpeta del espacio (.)")

    s = sub.add_parser("estado", help="qué formatos están al día, por vencer o vencidos")
    s.set_defaults(func=cmd_estado)
    s.add_argument("--fecha", default=None, metavar="AAAA-MM-DD", help="fecha de corte (hoy)")
    s.add_argument("--json", action="store_true", help="como datos JSON")
    opcion_a(s, "exporta el informe (pdf, docx…)")
    s.add_argument("-o", dest="salida", metavar="RUTA", help="dónde escribir el informe")
    s.add_argument("--espacio", default=".", metavar="DIR", help="carpeta del espacio (.)")

    s = sub.add_parser("publicar", help="exporta todo lo vigente a publicado/ con index.html")
    s.set_defaults(func=cmd_publicar)
    opcion_a(s, "exportadores")
    s.add_argument("--espacio", default=".", metavar="DIR", help="carpeta del espacio (.)")


def progreso(elementos: Iterable[T], total: int, etiqueta: str) -> Iterator[T]:
    """Barra de progreso en la terminal; en silencio si la salida va a un archivo o tubería."""
    from .terminal import actual

    activo = actual.es_interactiva()
    for n, elemento in enumerate(elementos, start=1):
        if activo:
            lleno = int(30 * n / max(total, 1))
            sys.stderr.write(f"\r{etiqueta} [{'#' * lleno}{'.' * (30 - lleno)}] {n}/{total}")
            sys.stderr.flush()
        yield elemento
    if activo:
        sys.stderr.write("\n")


def _espacio(args: argparse.Namespace) -> Any:
    from pathlib import Path

    from .entorno import entorno
    from .espacio import EspacioTrabajo

    return EspacioTrabajo.buscar(Path(args.espacio), entorno())


def _fecha(texto: str | None) -> dt.date:
    import datetime as dt

    if not texto:
        return dt.date.today()
    from .documento import fecha as fecha_iso  # aquí: `tfmt --help` no carga attrs

    fecha = fecha_iso(texto)
    if fecha is None:
        raise ErrorDeUso(f"--fecha «{texto}» no es una fecha AAAA-MM-DD.")
    return fecha


def cmd_iniciar(args: argparse.Namespace) -> int:
    """tfmt iniciar: crea el espacio de trabajo."""
    from pathlib import Path

    from .entorno import entorno
    from .espacio import EspacioTrabajo

    e = EspacioTrabajo.iniciar(
        Path(args.carpeta),
        entorno(),
        nombre=args.nombre,
        entidad=args.entidad,
        municipio=args.municipio,
        lema=args.lema,
        logo=args.logo,
        domicilio=args.domicilio,
        telefono=args.telefono,
        sitio_web=args.sitio_web,
        url_base=args.url_base,
    )
    aplicables = cantidad(len(e.aplicables), "formato aplicable", "formatos aplicables")
    print(f"Espacio de trabajo creado en {e.raiz} con {aplicables}.")
    print("Edite transparencia.toml para ajustar la tabla de aplicabilidad.")
    return 0


def cmd_actualizar(args: argparse.Namespace) -> int:
    """tfmt actualizar: guarda una versión nueva de un formato y periodo."""
    from pathlib import Path

    e = _espacio(args)
    datos = Path(args.datos)
    try:
        if args.periodo is None:
            guardados = e.actualizar_por_periodo(args.id, datos, autor=args.autor)
        else:
            ruta, informe = e.actualizar(args.id, args.periodo, datos, autor=args.autor)
            guardados = [(None, ruta, informe)]
    except ErrorDeDatos as exc:
        for err in exc.errores:
            sys.stderr.write(err.texto() + "\n")
        raise
    if len(guardados) > 1:
        print(
            f"{datos.name} trae registros de {len(guardados)} periodos: se guardó un documento "
            "por periodo, cada uno con su historial."
        )
    for periodo, ruta, informe in guardados:
        for adv in informe.advertencias:
            sys.stderr.write(adv.texto() + "\n")
        detalle = ""
        if periodo is not None:  # sin --periodo: se dice cuál se tomó de los registros
            detalle = f" (periodo {periodo.clave}, {cantidad(informe.registros, 'registro')})"
        print(f"Guardado: {ruta.relative_to(e.raiz)}{detalle}")
    return 0


def cmd_historial(args: argparse.Namespace) -> int:
    """tfmt historial: versiones de un formato y qué cambió."""
    import json

    from .estado_poa import procedencia, texto_procedencia

    e = _espacio(args)
    versiones = e.versiones(args.id, args.periodo)
    if not versiones:
        raise ErrorDeUso(f"No hay versiones de {args.id} en este espacio de trabajo.")
    difs = e.cambios(versiones) if args.diferencias else []
    if args.json:
        datos = {
            "versiones": [
                {
                    "periodo": v.periodo,
                    "fecha": v.fecha,
                    "autor": v.autor,
                    "registros": v.registros,
                    "sha256": v.sha256,
                    "vigente": v.vigente,
                    "archivo": str(v.ruta.relative_to(e.raiz)),
                    "derivado_de": procedencia(v.ruta),
                }
                for v in versiones
            ],
            "diferencias": difs,
        }
        print(json.dumps(datos, ensure_ascii=False, indent=2))
        return 0
    for v in versiones:
        marca = " (vigente)" if v.vigente else ""
        print(
            f"{v.periodo}  {v.fecha or 'sin fecha'}  {v.autor or '-':<15} "
            f"{cantidad(v.registros, 'registro'):>15}  {v.sha256[:12]}{marca}"
        )
        if origen := texto_procedencia(procedencia(v.ruta)):
            print(f"    {origen}")
    for d in difs:
        print(f"\nDe {d['de']} a {d['a']} ({d['periodo']}):")
        for c in d.get("sobre", []):  # lo publican los registros que no traen el suyo
            print(f"  ~ documento: «{c['columna']}»: {_valor(c['antes'])} → {_valor(c['despues'])}")
        for x in d["agregados"]:
            print(f"  + registro {x['registro']} agregado")
        for x in d["quitados"]:
            print(f"  - registro {x['registro']} quitado")
        for x in d["cambiados"]:
            print(f"  ~ registro {x['registro']} cambió:")
            for c in x["cambios"]:
                for p in c.get("partes") or [c]:  # el periodo: inicio y término, cada uno
                    print(f"      «{p['columna']}»: {_valor(p['antes'])} → {_valor(p['despues'])}")
    return 0


def _valor(valor: Any, largo: int = 80) -> str:
    """Un valor de celda para leerlo en una línea: «texto», (vacío), recortado con «…»."""
    import json

    if valor is None or valor == "":
        return "(vacío)"
    texto = valor if isinstance(valor, str) else json.dumps(valor, ensure_ascii=False)
    texto = " ".join(texto.split())
    return f"«{texto if len(texto) <= largo else texto[: largo - 1] + '…'}»"


def cmd_estado(args: argparse.Namespace) -> int:
    """tfmt estado: qué formatos están al día, por vencer o vencidos."""
    import json
    from pathlib import Path

    from .cumplimiento import ESTADOS, como_documento, estado
    from .estado_poa import agregar_al_estado, lineas_texto

    e = _espacio(args)
    informe = estado(e, _fecha(args.fecha))
    agregar_al_estado(e, informe)
    if args.como:
        from .salidas import destinos

        documento = como_documento(e, informe, lineas_texto(informe))
        exportadores = [e.entorno.exportador(nombre).objeto for nombre in args.como]
        rutas = destinos(args.salida, f"estado-{informe['fecha']}", exportadores, Path("."))
        from .cli_salidas import avisar_fallidos
        from .errores import ErrorDePlugin

        fallidos: list[Any] = []
        for nombre, destino in zip(args.como, rutas, strict=True):
            try:
                escritos = e.entorno.exportar_archivo(documento, nombre, destino)
            except ErrorDePlugin as exc:  # un plugin que falla no detiene a los demás
                fallidos.append((e.entorno.exportador(nombre), exc))
                continue
            for ruta in escritos:
                print(ruta)
        hechos = len(args.como) - len(fallidos)
        return avisar_fallidos(
            fallidos,
            f"{cantidad(hechos, 'exportador')} sí {segun(hechos, 'escribió', 'escribieron')} "
            "el estado"
            if hechos
            else "no se escribió ningún archivo",
            "quítelo de --a",
        )
    if args.json:
        print(json.dumps(informe, ensure_ascii=False, indent=2))
        return 0
    print(f"Estado al {informe['fecha']} — {informe['sujeto_obligado']}")
    for f in informe["formatos"]:
        if f["estado"] == "no_aplica":
            continue
        print(
            f"{ESTADOS[f['estado']]:<11} {f['formato']:<24} {f['periodicidad']:<12} "
            f"último: {f['ultimo_publicado'] or '-':<10} plazo: {f['plazo'] or '-'}"
        )
    t = informe["totales"]
    print(
        f"\nAl día {t['al_dia']}, por vencer {t['por_vencer']}, vencidos {t['vencido']}, "
        f"sin datos {t['sin_datos']} de {cantidad(informe['aplicables'], 'aplicable')}: "
        f"{informe['porcentaje_al_dia']} % al día."
    )
    for linea in lineas_texto(informe):
        print(linea)
    return 0


def cmd_publicar(args: argparse.Namespace) -> int:
    """tfmt publicar: exporta lo vigente a publicado/ con su índice."""
    from .cli_salidas import avisar_fallidos
    from .portal import publicar

    e = _espacio(args)
    fallidos: list[Any] = []
    escritos = 0
    for escrito in publicar(e, args.como, avance=progreso, fallidos=fallidos):
        print(escrito.relative_to(e.raiz))
        escritos += 1
    return avisar_fallidos(
        fallidos,
        f"lo demás sí se publicó ({cantidad(escritos, 'archivo')}, con index.html)",
        "quítelo de --a"
        if args.como
        else "quítelo de «exportadores» en [publicacion] de transparencia.toml",
    )
