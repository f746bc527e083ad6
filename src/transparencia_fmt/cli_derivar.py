"""Comandos `tfmt derivar` (del POA a las fracciones) y `tfmt seguimiento` (avance del POA)."""

from __future__ import annotations

import argparse
import sys

from .argumentos import SALIDA_POR_OMISION, opcion_a
from .errores import ErrorDeDatos, ErrorDePlugin, ErrorDeUso

TYPE_CHECKING = False  # sin typing, pathlib, json ni datetime al armar la ayuda (`tfmt --help`)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any


def agregar(sub: Any) -> None:
    """Agrega los comandos `derivar` y `seguimiento` al CLI."""
    s = sub.add_parser(
        "derivar", help="arma un formato a partir de otro documento (p. ej. el POA → Fr. IV)"
    )
    s.set_defaults(func=cmd_derivar)
    s.add_argument("archivo", metavar="DOC", help="el documento de origen (p. ej. el POA)")
    s.add_argument(
        "--a", dest="destino", metavar="FORMATO_ID", help="el formato a armar; sin --a, la lista"
    )
    s.add_argument("-o", dest="salida", metavar="ARCHIVO", help="dónde escribir el JSON derivado")
    s.add_argument(
        "--guardar", action="store_true", help="lo guarda en el espacio de trabajo del DOC"
    )
    s.add_argument(
        "--seguimiento", metavar="ARCHIVO", help="seguimiento del POA para la Fr. VI (si no, el "
        "del espacio de trabajo)"
    )  # fmt: skip
    s.add_argument("--autor", default=None, help="quién lo guarda (con --guardar)")
    s.add_argument("--json", action="store_true", help="la lista como datos JSON")

    s = sub.add_parser("seguimiento", help="registra y muestra el avance del POA, mes por mes")
    s.set_defaults(func=cmd_seguimiento)
    acciones = s.add_subparsers(
        dest="accion", metavar="ACCIÓN", parser_class=sub._parser_class, help="qué hacer"
    )
    r = acciones.add_parser("registrar", help="anota lo hecho de actividades o metas en un mes")
    r.add_argument("--mes", required=True, metavar="ENE[,FEB…]", help="mes o meses (ENE…DIC)")
    r.add_argument("--actividad", metavar="N[,M…]|todas", help="actividades del calendario")
    r.add_argument(
        "--estado", metavar="realizada|parcial|no-realizada", help="qué pasó con la actividad"
    )
    r.add_argument("--meta", metavar="ID[,ID…]", help="metas del POA")
    r.add_argument("--avance", type=float, metavar="0-100", help="avance de la meta en el mes (%%)")
    r.add_argument("--nota", default="", help="explicación (obligatoria si es parcial)")
    r.add_argument("--evidencia", default="", metavar="URL", help="hipervínculo a la evidencia")
    r.add_argument("--autor", default=None, help="quién registra (para la bitácora)")
    v = acciones.add_parser("ver", help="el plan contra lo hecho, en texto")
    v.add_argument("--json", action="store_true", help="como datos JSON")
    i = acciones.add_parser("informe", help="informe DOCX/PDF: cuadrícula y gráficas de metas")
    opcion_a(i, "pdf o docx", metavar="pdf|docx")
    i.add_argument("-o", dest="salida", metavar="RUTA", help="archivo (un formato) o carpeta")
    for p in (r, v, i):
        p.add_argument("--periodo", default=None, metavar="AAAA", help="ejercicio del POA")
        p.add_argument("--espacio", default=".", metavar="DIR", help="el espacio de trabajo")


# -- derivar ------------------------------------------------------------------------------
def cmd_derivar(args: argparse.Namespace) -> int:
    """tfmt derivar: lista lo que se deriva de DOC o arma el formato de --a."""
    import json
    from pathlib import Path

    from . import derivacion as d
    from .entorno import entorno

    ent = entorno()
    documento = ent.cargar(args.archivo)
    if not args.destino:
        from . import derivaciones_de

        filas = derivaciones_de(documento)
        if args.json:
            print(json.dumps(filas, ensure_ascii=False, indent=2))
            return 0
        if not filas:
            print(f"De un documento {documento.formato.id} no se deriva ningún formato.")
            return 0
        print(f"De {args.archivo} ({documento.formato.id}) se puede derivar:")
        for f in filas:
            marca = "" if f["aplica"] else f"  (no aplica: {f['motivo']})"
            print(f"  {f['destino']:<24} {f['descripcion']}{marca}")
        print("\nDerive uno con: tfmt derivar DOC --a FORMATO_ID [-o ARCHIVO] [--guardar]")
        return 0
    fuentes = {}
    if args.seguimiento:
        apoyo = ent.cargar(args.seguimiento)
        fuentes[apoyo.formato.id] = apoyo
    derivado = d.derivar(ent, documento, args.destino, fuentes=fuentes or None)
    informe = ent.validar(derivado)
    for e in informe.hallazgos:
        sys.stderr.write(e.texto() + "\n")
    if not informe.valido:
        raise ErrorDeDatos(
            f"El {derivado.formato.id} derivado no es válido ({len(informe.solo_errores)} "
            "errores); no se escribió nada. Corrija el documento de origen.",
            archivo=args.archivo,
        )
    contenido = d.como_json(derivado)
    clave = d.clave_periodo(derivado) or str(derivado.ejercicio)
    if args.guardar:
        return _guardar(args, documento, derivado, contenido, clave)
    from .atomico import escribir_atomico

    destino = Path(args.salida or Path(SALIDA_POR_OMISION, f"{derivado.formato.id}-{clave}.json"))
    if destino.resolve() == Path(args.archivo).resolve():
        raise ErrorDeUso(f"La salida {destino} sobrescribiría el documento de origen; use -o.")
    escribir_atomico(destino, contenido)
    print(destino)
    return 0


def _guardar(
    args: argparse.Namespace, origen: Any, derivado: Any, contenido: bytes, clave: str
) -> int:
    from .derivacion import raiz_espacio
    from .entorno import entorno
    from .espacio import EspacioTrabajo

    raiz = raiz_espacio(origen.origen)
    if raiz is None:
        raise ErrorDeUso(
            f"{args.archivo} no está dentro de un espacio de trabajo; --guardar necesita uno. "
            "Use -o para escribir el archivo derivado."
        )
    espacio = EspacioTrabajo.abrir(raiz, entorno())
    ruta = _actualizar_con(espacio, derivado.formato.id, clave, contenido, args.autor)
    print(f"Guardado: {ruta.relative_to(espacio.raiz).as_posix()}")
    return 0


def _actualizar_con(
    espacio: Any, formato_id: str, clave: str, contenido: bytes, autor: Any
) -> Path:
    """Guarda por `actualizar` (valida, historial, bitácora, publica) desde un temporal."""
    from pathlib import Path

    periodo = clave.removesuffix("-anual")
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tfmt-") as carpeta:
        temporal = Path(carpeta) / f"{formato_id}-{clave}.json"
        temporal.write_bytes(contenido)
        try:
            ruta, informe = espacio.actualizar(formato_id, periodo, temporal, autor=autor)
        except ErrorDeDatos as exc:
            for err in exc.errores:
                sys.stderr.write(err.texto() + "\n")
            raise
    return Path(ruta)


# -- seguimiento --------------------------------------------------------------------------
def _espacio(args: argparse.Namespace) -> Any:
    from pathlib import Path

    from .entorno import entorno
    from .espacio import EspacioTrabajo

    return EspacioTrabajo.buscar(Path(args.espacio), entorno())


def _poa(espacio: Any, periodo: str | None) -> tuple[Path, dict[str, Any]]:
    import json

    from .seguimiento import FORMATO_POA

    carpeta = espacio.raiz / "documentos" / FORMATO_POA
    rutas = sorted(carpeta.glob("*.json"))
    if periodo:
        rutas = [r for r in rutas if r.stem.split("-")[0] == str(periodo).split("-")[0]]
    if not rutas:
        raise ErrorDeUso(
            "No hay un POA guardado en este espacio de trabajo"
            + (f" para {periodo}" if periodo else "")
            + ". Guárdelo con «tfmt actualizar Plan_Operativo_Anual --periodo AAAA "
            "--datos POA.json»."
        )
    ruta = rutas[-1]
    return ruta, json.loads(ruta.read_text("utf-8"))


def _seguimiento(espacio: Any, ruta_poa: Path, poa: dict[str, Any]) -> tuple[Path, dict[str, Any]]:
    import json

    from .seguimiento import FORMATO_SEGUIMIENTO, nuevo

    ruta = espacio.raiz / "documentos" / FORMATO_SEGUIMIENTO / ruta_poa.name
    if ruta.is_file():
        return ruta, json.loads(ruta.read_text("utf-8"))
    return ruta, nuevo(poa)


def _lista_enteros(texto: str | None, nombre: str, todos: list[int]) -> list[int]:
    if not texto:
        return []
    if texto.strip().lower() in ("todas", "todos"):
        return todos
    try:
        return [int(x) for x in texto.split(",") if x.strip()]
    except ValueError:
        raise ErrorDeUso(f"--{nombre} «{texto}»: escriba números separados por comas.") from None


def cmd_seguimiento(args: argparse.Namespace) -> int:
    """tfmt seguimiento: registrar, ver o el informe del avance del POA."""
    if not getattr(args, "accion", None):
        raise ErrorDeUso("Indique qué hacer: tfmt seguimiento registrar | ver | informe.")
    return {"registrar": _registrar, "ver": _ver, "informe": _informe}[args.accion](args)


def _registrar(args: argparse.Namespace) -> int:
    import json

    from . import seguimiento as s

    espacio = _espacio(args)
    ruta_poa, poa = _poa(espacio, args.periodo)
    ruta_seg, datos = _seguimiento(espacio, ruta_poa, poa)
    actividades = _lista_enteros(args.actividad, "actividad", s.numeros_actividad(poa))
    metas = _lista_enteros(args.meta, "meta", s.ids_meta(poa))
    if not actividades and not metas:
        raise ErrorDeUso("Indique --actividad N --estado … o --meta ID --avance PORCENTAJE.")
    if actividades and not args.estado:
        raise ErrorDeUso("Con --actividad indique --estado realizada, parcial o no-realizada.")
    if metas and args.avance is None:
        raise ErrorDeUso("Con --meta indique --avance (porcentaje de 0 a 100).")
    cambios = s.registrar(
        datos,
        poa,
        [s.mes(m) for m in args.mes.split(",") if m.strip()],
        actividades=actividades,
        estado=s.estado_actividad(args.estado) if actividades else None,
        metas=metas,
        avance=args.avance,
        nota=args.nota,
        evidencia=args.evidencia,
    )
    contenido = (json.dumps(datos, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    ruta = _actualizar_con(espacio, s.FORMATO_SEGUIMIENTO, ruta_poa.stem, contenido, args.autor)
    for c in cambios:
        print(c)
    print(f"Guardado: {ruta.relative_to(espacio.raiz).as_posix()}")
    return 0


def _ver(args: argparse.Namespace) -> int:
    import json

    from .seguimiento import MESES, inconsistencias, resumir

    espacio = _espacio(args)
    ruta_poa, poa = _poa(espacio, args.periodo)
    ruta_seg, datos = _seguimiento(espacio, ruta_poa, poa)
    resumen = resumir(poa, datos)
    if args.json:
        print(json.dumps(resumen.a_dict(), ensure_ascii=False, indent=2))
        return 0
    marcas = {"Realizada": "H", "Parcial": "P", "No realizada": "N"}
    print(f"POA {ruta_poa.stem} — {poa.get('area', '')}")
    print("N°   " + " ".join(f"{m:<3}" for m in MESES))
    for numero, descripcion in resumen.actividades:
        celdas = []
        for m in MESES:
            c = resumen.cuadricula[(numero, m)]
            celdas.append(marcas.get(c.estado or "", "X" if c.planeada else "·"))
        print(f"{numero:<4} " + " ".join(f"{x:<3}" for x in celdas) + f" {descripcion[:50]}")
    print("X planeada sin registro · H realizada · P parcial · N no realizada · «·» no planeada")
    d = resumen.a_dict()
    print(
        f"{d['registradas']} de {d['marcas_planeadas']} marcas registradas; avance al corte "
        f"{d['avance_al_corte'] if d['avance_al_corte'] is not None else '-'} %, "
        f"del año {d['avance_anual']} %."
    )
    for avance in resumen.metas:
        valores = ", ".join(f"{k} {v:g} %" for k, v in avance.por_mes.items()) or "sin registro"
        print(f"Meta {avance.id} ({avance.unidad}): {valores}")
    for aviso in inconsistencias(poa, datos):
        sys.stderr.write(f"AVISO: {aviso}\n")
    return 0


def _informe(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .cli_salidas import avisar_fallidos
    from .informe_seguimiento import componer_informe
    from .redaccion import cantidad, segun

    espacio = _espacio(args)
    como = args.como or ["pdf", "docx"]
    # Los exportadores que dibujan composiciones (DOCX, PDF y los de plugins que lo sepan).
    registros = [espacio.entorno.exportador(n) for n in como]
    for exp in (r.objeto for r in registros):
        if not callable(getattr(exp, "escribir_composicion", None)):
            raise ErrorDeUso(
                f"El exportador «{exp.nombre}» no dibuja informes; use --a pdf o --a docx."
            )
    ruta_poa, poa = _poa(espacio, args.periodo)
    ruta_seg, datos = _seguimiento(espacio, ruta_poa, poa)
    composicion = componer_informe(poa, datos, espacio.sujeto)
    salida = Path(args.salida) if args.salida else None
    fallidos: list[Any] = []
    for registro in registros:
        if salida is not None and len(como) == 1 and salida.suffix:
            destino = salida
        else:
            carpeta = salida or (espacio.raiz / "publicado" / "Seguimiento_POA")
            destino = carpeta / f"informe-seguimiento-{ruta_poa.stem}{registro.objeto.extension}"
        try:
            _escribir_informe(registro, composicion, destino)
        except ErrorDePlugin as exc:  # un plugin que falla no detiene a los demás
            fallidos.append((registro, exc))
            continue
        print(destino)
    hechos = len(registros) - len(fallidos)
    return avisar_fallidos(
        fallidos,
        f"{cantidad(hechos, 'exportador')} sí {segun(hechos, 'escribió', 'escribieron')} el informe"
        if hechos
        else "no se escribió ningún archivo",
        "quítelo de --a",
    )


def _escribir_informe(registro: Any, composicion: Any, destino: Path) -> None:
    """Todo o nada: en un temporal junto al destino, que se renombra al terminar."""
    from .atomico import reemplazar, temporal_junto_a
    from .fallos import error_de_sistema, limpiar_terminal

    exportador = registro.objeto
    try:
        with temporal_junto_a(destino) as (flujo, temporal):
            exportador.escribir_composicion(composicion, flujo)
    except (ErrorDeUso, ErrorDeDatos):
        raise
    except OSError as exc:  # el equipo (disco, permisos), no el exportador
        raise error_de_sistema(exc, exc.filename or destino) from exc
    except Exception as exc:  # noqa: BLE001 - se dice qué exportador falló y de qué paquete
        raise ErrorDePlugin(
            f"El exportador «{exportador.nombre}» ({registro.paquete} {registro.version}) "
            f"falló al escribir {limpiar_terminal(destino.name)}: {type(exc).__name__}: "
            f"{limpiar_terminal(str(exc))}. No se dejó ningún archivo.",
            plugin=registro.plugin,
        ) from exc
    reemplazar(temporal, destino)
