"""`tfmt`: la línea de comandos. Mensajes en español; 0 bien, 1 datos inválidos, 2 mal uso.

Importa lo pesado (python-docx, reportlab) sólo cuando un exportador lo necesita.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings

from . import arranque
from .argumentos import SALIDA_POR_OMISION, Analizador, opcion_a
from .errores import (
    AvisoPlugin,
    CodigoSalida,
    ErrorDeDatos,
    ErrorDePlugin,
    ErrorDeSalida,
    ErrorDeUso,
    TransparenciaError,
)
from .fallos import (
    SalidaSegura,
    a_devnull,
    error_de_sistema,
    explicar,
    json_estandar,
    limpiar_terminal,
)
from .redaccion import cantidad, segun, texto_fundamentos

# Sin typing, pathlib (y con él urllib.parse e ipaddress), json ni contextlib al arrancar:
# `--help` y `formatos` no los necesitan. mypy entiende esta constante.
TYPE_CHECKING = False
if TYPE_CHECKING:  # attrs y el catálogo, sólo en los comandos que los usan: --help arranca ligero
    from collections.abc import Sequence
    from typing import Any

    from .terminal import Terminal


class _SinArmar:
    """Un subcomando que esta corrida no usa: acepta todo y no arma nada."""

    def __init__(self, **kwargs: Any) -> None:
        pass

    def __getattr__(self, nombre: str) -> Any:
        return self._nada

    def _nada(self, *args: Any, **kwargs: Any) -> Any:
        return self


class _SoloComando:
    """Los subcomandos con sólo `comando` armado: armar las ~25 subórdenes con sus opciones
    es buena parte del arranque, y su salida (ayuda y errores incluidos) es la misma."""

    def __init__(self, comando: str) -> None:
        self.comando = comando
        self.sub: Any = None
        self.armado = False

    def __getattr__(self, nombre: str) -> Any:
        return getattr(self.sub, nombre)

    def add_parser(self, nombre: str, **kwargs: Any) -> Any:
        if nombre == self.comando or self.comando in kwargs.get("aliases", ()):
            self.armado = True
            return self.sub.add_parser(nombre, **kwargs)
        return _SinArmar()


class _SoloNombres(_SoloComando):
    """Para la ayuda general (`tfmt --help`, `tfmt` solo): de cada subcomando, sólo su nombre
    y su ayuda de una línea, lo único que esa ayuda muestra; sus opciones no se arman."""

    def __init__(self) -> None:
        super().__init__("")

    def add_parser(self, nombre: str, **kwargs: Any) -> Any:
        clase = self.sub._parser_class
        self.sub._parser_class = _SinArmar  # argparse registra nombre, alias y ayuda como siempre
        try:
            return self.sub.add_parser(nombre, **kwargs)
        finally:
            self.sub._parser_class = clase


#: Con sólo una de éstas (o nada), `tfmt` muestra la ayuda general y termina.
_AYUDA = ("-h", "--ayuda", "--help")


def _analizador(argv: Sequence[str] | None) -> argparse.ArgumentParser:
    """El analizador; si `argv` empieza con un comando, sólo con ése armado; si sólo pide la
    ayuda general, sin armar ningún subcomando."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or (len(argv) == 1 and argv[0] in _AYUDA):
        return _parser(_SoloNombres())
    if not argv[0].startswith("-"):
        filtro = _SoloComando(argv[0])
        analizador = _parser(filtro)
        if filtro.armado:
            return analizador
    return _parser()


def _parser(filtro: _SoloComando | None = None) -> argparse.ArgumentParser:
    p = Analizador(
        prog="tfmt",
        description="Formatos de transparencia: listar, validar, exportar (DOCX, PDF, CSV).",
        epilog="Códigos de salida: 0 todo bien, 1 datos inválidos, 2 mal uso (archivo, carpeta, "
        "permisos, disco), 7 falló un plugin (exportador o derivación), 130 interrumpido "
        "con Ctrl-C.",
    )
    p.add_argument("--version", action="store_true", help="muestra la versión y termina")
    sub: Any = p.add_subparsers(
        dest="comando", metavar="COMANDO", parser_class=Analizador, title="comandos"
    )
    if filtro is not None:
        filtro.sub, sub = sub, filtro

    s = sub.add_parser("formatos", help="lista los formatos del catálogo")
    s.set_defaults(func=_cmd_formatos)
    s.add_argument("--json", action="store_true", help="como datos JSON")
    s.add_argument("--buscar", metavar="TEXTO", help="filtra por texto en id, nombre o título")
    s.add_argument("--fraccion", metavar="ROMANO", help="filtra por fracción (p. ej. XXIII)")
    s.add_argument("--ley", metavar="LEY", help="filtra por ley del fundamento (p. ej. LGTAIP)")

    s = sub.add_parser("formato", help="muestra las columnas de un formato")
    s.set_defaults(func=_cmd_formato)
    s.add_argument("id", metavar="ID", help="id o nombre corto del formato")
    s.add_argument("--json", action="store_true", help="como datos JSON")

    s = sub.add_parser("plantilla", help="escribe una plantilla vacía de un formato")
    s.set_defaults(func=_cmd_plantilla)
    s.add_argument("id", metavar="ID", help="id o nombre corto del formato")
    s.add_argument(
        "--a", dest="como", choices=["json", "csv", "xlsx"], default="json", help="tipo de archivo"
    )
    s.add_argument(
        "-o",
        dest="salida",
        metavar="RUTA",
        help="archivo o carpeta (nunca reemplaza una plantilla que ya existe); «-o -» imprime "
        "la JSON o la CSV",
    )

    s = sub.add_parser("validar", help="valida uno o varios documentos")
    s.set_defaults(func=_cmd_validar)
    s.add_argument("archivos", nargs="+", metavar="ARCHIVO", help="JSON, CSV, XLSX u ODS")
    s.add_argument("--json", action="store_true", help="el informe como datos JSON")

    s = sub.add_parser("exportar", help="exporta un documento (valida primero)")
    s.set_defaults(func=_cmd_exportar)
    s.add_argument("archivo", metavar="ARCHIVO", help="el documento (JSON, CSV, XLSX u ODS)")
    opcion_a(s, "exportador (tfmt exportadores)", required=True)
    s.add_argument(
        "-o",
        dest="salida",
        metavar="RUTA",
        help="archivo (un exportador) o carpeta; «-o -» imprime un formato de texto (json, csv)",
    )
    s.add_argument("--forzar", action="store_true", help="exporta aunque no sea válido")
    s.add_argument(
        "--sujeto",
        metavar="NOMBRE",
        help="sujeto obligado para el encabezado si el archivo no lo trae (dentro de un espacio "
        "de trabajo se toma de su transparencia.toml)",
    )

    s = sub.add_parser("exportadores", help="lista los exportadores instalados")
    s.set_defaults(func=_cmd_exportadores)
    s.add_argument("--json", action="store_true", help="como datos JSON")

    s = sub.add_parser("demo", help="exporta la semilla y los ejemplos con todo exportador")
    s.set_defaults(func=_cmd_demo)
    s.add_argument(
        "-o",
        dest="salida",
        metavar="CARPETA",
        default=str(SALIDA_POR_OMISION),
        help=f"dónde escribir (por omisión, {SALIDA_POR_OMISION}/)",
    )

    if filtro is not None and filtro.armado:
        return p  # el comando pedido ya está armado: los módulos de los demás no se importan
    from . import cli_comparar, cli_derivar, cli_espacio, cli_plugins

    cli_espacio.agregar(sub)
    cli_plugins.agregar(sub)
    from . import cli_servir

    cli_servir.agregar(sub)
    cli_comparar.agregar(sub)
    cli_derivar.agregar(sub)
    return p


def _mostrar_aviso(
    message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None
) -> None:
    if issubclass(category, AvisoPlugin):
        sys.stderr.write(f"AVISO: {message}\n")
    else:
        sys.stderr.write(f"AVISO: {category.__name__}: {message}\n")


def main(argv: Sequence[str] | None = None, terminal: Terminal | None = None) -> int:
    """Punto de entrada de `tfmt`; devuelve un `CodigoSalida` (vea `errores.CodigoSalida`).
    `terminal` (salida y errores) la pueden sustituir las pruebas."""
    arranque.en_programa = argv is None and terminal is None  # el script tfmt (vea `arranque`)
    if terminal is None:
        return _main(argv)
    import contextlib

    from . import terminal as modulo_terminal

    anterior, modulo_terminal.actual = modulo_terminal.actual, terminal
    try:
        with (
            contextlib.redirect_stdout(terminal.salida),
            contextlib.redirect_stderr(terminal.errores),
        ):
            return _main(argv)
    finally:
        modulo_terminal.actual = anterior


def _main(argv: Sequence[str] | None) -> int:
    for flujo in (sys.stdout, sys.stderr):
        try:
            flujo.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except AttributeError:
            pass
    warnings.showwarning = _mostrar_aviso
    originales = sys.stdout, sys.stderr
    sys.stdout = SalidaSegura(sys.stdout, retorno=False)
    sys.stderr = SalidaSegura(sys.stderr, retorno=True)
    try:
        return _correr(argv)
    finally:
        sys.stdout, sys.stderr = originales


def _correr(argv: Sequence[str] | None) -> int:
    try:
        codigo = _ejecutar(argv)
        sys.stdout.flush()
        return int(codigo)
    except SystemExit as exc:  # argparse: --help, --version y errores de uso
        _vaciar_salida()
        return int(exc.code) if isinstance(exc.code, int) else CodigoSalida.MAL_USO
    except BrokenPipeError:
        # La tubería cerrada la atiende `SalidaSegura` y el comando sale con su código; aquí
        # sólo llega una escritura que no pasó por ella: sin saber cómo terminó, no se dice 0.
        _silenciar_salida()
        return CodigoSalida.MAL_USO
    except BaseException as exc:  # noqa: BLE001 - nunca un traceback para la persona usuaria
        if os.environ.get("TFMT_DEPURAR") and not isinstance(exc, TransparenciaError):
            raise
        if isinstance(exc, OSError) and exc.filename is None and not isinstance(exc, ErrorDeUso):
            exc = error_de_sistema(exc, "la salida estándar")
            _silenciar_salida()
        mensaje, codigo = explicar(exc)
        _escribir_error(mensaje)
        return int(codigo)


def _ejecutar(argv: Sequence[str] | None) -> int:
    analizador = _analizador(argv)
    args = analizador.parse_args(argv)
    if getattr(args, "version", False):
        from . import __version__

        print(f"tfmt (transparencia-fmt) {__version__}")
        return CodigoSalida.OK
    if not args.comando:
        analizador.print_help()
        return CodigoSalida.MAL_USO
    return int(args.func(args) or 0)


def _escribir_error(mensaje: str) -> None:
    try:
        sys.stderr.write(f"ERROR: {mensaje}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # sin dónde escribir: queda el código de salida


def _vaciar_salida() -> None:
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _silenciar_salida()


def _silenciar_salida() -> None:
    """Apunta stdout a os.devnull para que Python no falle al vaciarlo al salir."""
    a_devnull(sys.stdout)


def _entorno() -> Any:
    with arranque.sin_recolector():  # importa attrs, jsonschema-rs, pluggy, el catálogo…
        from .entorno import entorno

        return entorno()


def _imprimir_json(datos: Any) -> None:
    """JSON estándar (RFC 8259): sin NaN ni Infinity, que jq y JavaScript rechazan."""
    import json

    sys.stdout.write(json.dumps(json_estandar(datos), ensure_ascii=False, indent=2) + "\n")


def _tabla_texto(encabezados: list[str], filas: list[list[str]]) -> str:
    anchos = [len(h) for h in encabezados]
    for f in filas:
        anchos = [max(a, len(c)) for a, c in zip(anchos, f, strict=False)]
    anchos = [min(a, 60) for a in anchos]

    def linea(celdas: list[str]) -> str:
        return "  ".join(c[:60].ljust(a) for c, a in zip(celdas, anchos, strict=False)).rstrip()

    return "\n".join([linea(encabezados), linea(["-" * a for a in anchos]), *map(linea, filas)])


# -- comandos ---------------------------------------------------------------------------
def _fichas_formatos(args: argparse.Namespace) -> list[Any]:
    """Las fichas a listar. Sin plugins de terceros que cargar (sólo ellos registran esquemas)
    y con el índice vigente, sin crear el entorno: ni pluggy, ni attrs, ni un esquema leído."""
    from .entradas import terceros_a_cargar
    from .fichas import fichas_integradas, filtrar

    fichas = None if terceros_a_cargar() else fichas_integradas()
    if fichas is None:
        return list(_entorno().catalogo.fichas(args.buscar, args.fraccion, args.ley))
    return filtrar(fichas, args.buscar, args.fraccion, args.ley)


def _cmd_formatos(args: argparse.Namespace) -> int:
    formatos = _fichas_formatos(args)
    por: dict[str, Any] = {}  # fundamento por el que coincide con --fraccion
    if args.fraccion:
        from .consulta import coincidencia_fraccion

        por = {f.id: m for f in formatos if (m := coincidencia_fraccion(f, args.fraccion))}
    if args.json:
        _imprimir_json(
            [
                {
                    **f.resumen(),
                    "fundamento": f.fundamento_texto,
                    "fundamentos": [dict(x) for x in f.fundamento],
                    "periodicidad": f.periodicidad_texto,
                    "columnas": len(f.columnas),
                    **({"coincide_por": texto_fundamentos([por[f.id]])} if f.id in por else {}),
                }
                for f in formatos
            ]
        )
        return 0
    filas = [[f.id, f.periodicidad_texto, f.titulo_visible] for f in formatos]
    print(_tabla_texto(["ID", "PERIODICIDAD", "TÍTULO"], filas))
    notas = [n for f in formatos if f.id in por and (n := _explicar(f, por[f.id]))]
    if notas:
        print("\n" + "\n".join(notas))
    print(f"\n{cantidad(len(formatos), 'formato')}. Columnas de uno: tfmt formato ID")
    return 0


def _explicar(ficha: Any, fundamento: Any) -> str | None:
    from .consulta import explicar_coincidencia

    return explicar_coincidencia(ficha, fundamento)


def _cmd_formato(args: argparse.Namespace) -> int:
    from .consulta import lineas_columnas

    f = _entorno().catalogo.formato(args.id)
    if args.json:
        _imprimir_json(
            {
                **f.resumen(),
                "descripcion": f.descripcion,
                "aviso_generacion": f.aviso_generacion,
                "fuente": f.fuente,
                "columnas": [c.a_dict() for c in f.columnas],
            }
        )
        return 0
    print(f"{f.id} — {f.titulo_visible}")
    if f.nombre_corto:
        print(f"Nombre corto: {f.nombre_corto}")
    print(f"Fundamento: {f.fundamento_texto or 'sin dato'}")
    if f.fundamento_por_verificar_texto:
        print(
            f"Fundamento por verificar: {f.fundamento_por_verificar_texto} (informativo: no "
            "se imprime en los documentos hasta verificarse)"
        )
    print(f"Periodicidad: {f.periodicidad_texto}")
    cons = (f.conservacion or {}).get("valor") if f.conservacion else None
    print(f"Conservación: {cons or 'sin dato'}")
    print(f"Generación de los LTG: {f.generacion or 'sin dato'}")
    if f.aviso_generacion:
        print(f"AVISO: {f.aviso_generacion}")
    print()
    print("\n".join(lineas_columnas(f)))
    if f.tipo == "tabular":
        print(
            "\nEn el JSON, las columnas comunes van una vez en el documento y las demás en cada "
            "objeto de «registros» (tfmt plantilla ID --a json da el esqueleto). Un registro "
            "cuyo ejercicio, periodo, área, fechas o nota difieren trae los suyos con la misma "
            "clave (p. ej. registros[].area_responsable)."
        )
    return 0


def _cmd_plantilla(args: argparse.Namespace) -> int:
    from .cli_salidas import exigir_pantalla, imprimir_exportado, no_reemplazar
    from .documento import documento_vacio

    ent = _entorno()
    f = ent.catalogo.formato(args.id)
    if f.aviso_generacion:
        sys.stderr.write(f"AVISO: {f.aviso_generacion}\n")
    datos = _esqueleto(f)
    # Las tres escriben un archivo (por omisión ID.plantilla.EXT) que nunca pisa uno que ya
    # existe (puede estar llenado); «-o -» imprime la JSON o la CSV.
    from .salidas import destino_unico

    if args.como == "json":
        import json

        texto = json.dumps(datos, ensure_ascii=False, indent=2) + "\n"
        if args.salida == "-":
            sys.stdout.write(texto)
            return 0
        from .atomico import escribir_atomico

        destino = destino_unico(args.salida, f"{f.id}.plantilla.json", ".json")
        no_reemplazar([destino])
        escribir_atomico(destino, texto.encode("utf-8"))
        print(destino)
        return 0
    # CSV y XLSX: el documento vacío, por el exportador (el de XLSX da el diseño del SIPOT)
    exportador, sobre = ("xlsx", None) if args.como == "xlsx" else ("csv-excel", datos)
    documento = documento_vacio(f, sobre)
    if args.salida == "-":
        exigir_pantalla(
            [ent.exportador(exportador).objeto],
            ["json", "csv"],
            "Para la xlsx indique un archivo o una carpeta con -o (o quite -o).",
        )
        imprimir_exportado(ent, documento, exportador)
        return 0
    destino = destino_unico(args.salida, f"{f.id}.plantilla.{args.como}", f".{args.como}")
    no_reemplazar(_rutas_previstas(ent.exportador(exportador).objeto, documento, destino))
    for ruta in ent.exportar_archivo(documento, exportador, destino):
        print(ruta)
    return 0


def _rutas_previstas(exportador: Any, documento: Any, destino: Any) -> list[Any]:
    """El archivo y los que lo acompañan (las tablas secundarias de una CSV)."""
    extra = getattr(exportador, "archivos_extra", None)
    nombres = extra(documento, destino.name) if callable(extra) else {}
    return [destino, *(destino.parent / nombre for nombre in nombres or {})]


def _esqueleto(f: Any) -> dict[str, Any]:
    def vacio(c: Any) -> Any:
        if c.tipo == "tabla":
            return [{s.clave: vacio(s) for s in c.subcolumnas}]
        if c.tipo == "objeto":
            return {s.clave: vacio(s) for s in c.subcolumnas}
        if c.tipo == "lista":
            return []
        if c.tipo in ("numero", "moneda", "entero", "anio"):
            return None
        return ""

    datos: dict[str, Any] = {
        "formato": f.id,
        "sujeto_obligado": "",
        "ejercicio": None,
        "periodo": {"inicio": "", "termino": ""},
        "area_responsable": "",
        "fecha_actualizacion": "",
        "nota": "",
    }
    if f.columna("fecha_validacion"):
        datos["fecha_validacion"] = ""
    registro = {c.clave: vacio(c) for c in f.columnas_registro}
    if f.tipo == "tabular":
        datos["registros"] = [registro]
    else:
        datos.update(registro)
    return datos


def _imprimir_informe(informe: Any) -> None:
    nombre = informe.archivo or informe.formato
    if informe.valido and not informe.hallazgos:
        print(f"{nombre}: válido ({cantidad(informe.registros, 'registro')}).")
        return
    for e in informe.hallazgos:
        print(limpiar_terminal(e.texto()))
    estado = "válido" if informe.valido else "NO válido"
    print(
        f"{nombre}: {estado}: {cantidad(len(informe.solo_errores), 'error')}, "
        f"{cantidad(len(informe.advertencias), 'advertencia')} en "
        f"{cantidad(informe.registros, 'registro')}."
        + (" (informe parcial: se alcanzó el tope de errores)" if informe.parcial else "")
    )


def _cmd_validar(args: argparse.Namespace) -> int:
    ent = _entorno()
    salida, informes = 0, []
    for archivo in args.archivos:
        try:
            documento = ent.cargar(archivo)
        except ErrorDeUso as exc:
            sys.stderr.write(f"ERROR: {exc}\n")
            salida = 2
            informes.append(
                {"archivo": archivo, "valido": False, "error": str(exc), "codigo_salida": 2}
            )
            continue
        except ErrorDeDatos as exc:
            sys.stderr.write(f"ERROR: {exc}\n")
            salida = max(salida, 1)
            informes.append(
                {"archivo": archivo, "valido": False, "error": str(exc), "codigo_salida": 1}
            )
            continue
        informe = ent.validar(documento)
        if not informe.valido:
            salida = max(salida, 1)
        if args.json:
            informes.append(informe.a_dict())
        else:
            _imprimir_informe(informe)
    if args.json:
        _imprimir_json({"valido": salida == 0, "informes": informes})
    return salida


def _cmd_exportar(args: argparse.Namespace) -> int:
    from pathlib import Path

    ent = _entorno()
    registros = [ent.exportador(n) for n in args.como]  # nombres desconocidos: exit 2 antes de leer
    if args.salida == "-":
        from .cli_salidas import es_de_texto, exigir_pantalla

        textos = [n for n, r in ent.exportadores.items() if es_de_texto(r.objeto)]
        exigir_pantalla(
            [r.objeto for r in registros], textos, "Indique un archivo o una carpeta con -o."
        )
    else:  # un -o imposible (p. ej. informe.docx para pdf) se dice antes de leer el archivo
        from .salidas import destinos

        rutas = destinos(
            args.salida,
            Path(args.archivo).stem,
            [r.objeto for r in registros],
            Path(SALIDA_POR_OMISION),
        )
    documento = ent.cargar(args.archivo)
    if not documento.completar_sujeto(args.sujeto):
        from .espacio import sujeto_del_espacio

        documento.completar_sujeto(sujeto_del_espacio(Path.cwd(), ent))
    informe = ent.validar(documento)
    if not informe.valido:
        if not args.forzar:
            for e in informe.errores:
                sys.stderr.write(e.texto() + "\n")
            sys.stderr.write(
                f"ERROR: {args.archivo} no es válido "
                f"({cantidad(len(informe.solo_errores), 'error')}); no se "
                "exportó. Corrija los datos o use --forzar para exportarlo de todos modos.\n"
            )
            return 1
        sys.stderr.write(
            f"AVISO: {args.archivo} no es válido "
            f"({cantidad(len(informe.solo_errores), 'error')}); se exporta "
            "por --forzar.\n"
        )
    for e in informe.advertencias:
        sys.stderr.write(e.texto() + "\n")
    if args.salida == "-":
        from .cli_salidas import imprimir_exportado

        imprimir_exportado(ent, documento, registros[0].objeto.nombre)
        return 0
    from .salidas import no_pisar_entrada

    for destino in rutas:  # antes de escribir nada (las tablas CSV: `exportar_archivo`)
        no_pisar_entrada(destino, documento)
    fallidos = []
    for registro, destino in zip(registros, rutas, strict=True):
        try:
            escritos = ent.exportar_archivo(documento, registro.objeto.nombre, destino)
        except ErrorDePlugin as exc:  # el defecto de un plugin no detiene a los demás
            sys.stderr.write(f"ERROR: {exc}\n")
            fallidos.append(registro)
            continue
        for ruta in escritos:
            print(ruta)
    if fallidos and len(registros) > 1:
        sys.stderr.write(_resumen_fallidos(fallidos, len(registros)))
    return CodigoSalida.ERROR_DE_PLUGIN if fallidos else 0


def _resumen_fallidos(fallidos: list[Any], total: int) -> str:
    """«No se exportó a falla (tfmt-x 1.0); los otros 2 sí.»: qué plugin revisar."""
    nombres = "; ".join(
        f"«{r.objeto.nombre}» ({f'{r.paquete} {r.version}'.strip()})" for r in fallidos
    )
    hechos = total - len(fallidos)
    return (
        f"ERROR: No se exportó a {nombres}: falló su plugin, no los datos"
        + (
            f"; {cantidad(hechos, 'exportador')} sí {segun(hechos, 'escribió', 'escribieron')} "
            "sus archivos"
            if hechos
            else ""
        )
        + ". Avise a quien mantiene el plugin o quítelo de --a.\n"
    )


def _cmd_exportadores(args: argparse.Namespace) -> int:
    ent = _entorno()
    datos = [
        {
            "nombre": nombre,
            "extension": r.objeto.extension,
            "descripcion": r.objeto.descripcion,
            "plugin": r.plugin,
            "paquete": r.paquete,
            "version": r.version,
        }
        for nombre, r in sorted(ent.exportadores.items())
    ]
    if args.json:
        _imprimir_json(datos)
        return 0
    filas = [
        [d["nombre"], d["extension"], f"{d['paquete']} {d['version']}".strip(), d["descripcion"]]
        for d in datos
    ]
    print(_tabla_texto(["NOMBRE", "EXT.", "PAQUETE", "DESCRIPCIÓN"], filas))
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    """Una línea por documento (no una por archivo) y el total; lo que advierten los
    ejemplos se dice como lo que es: así vienen sus datos, no una falla de tfmt."""
    from importlib import resources
    from pathlib import Path

    from .salidas import nombre_archivo

    if args.salida == "-":  # «-o -» es la pantalla, nunca una carpeta «-»
        raise ErrorDeUso(
            "«-o -» (la pantalla) no sirve para demo: escribe varios archivos de cada "
            "documento; indique una carpeta con -o (p. ej. -o demo/)."
        )
    ent = _entorno()
    carpeta = Path(args.salida)
    ejemplos = resources.files("transparencia_fmt.ejemplos")
    archivos = sorted(
        (h for h in ejemplos.iterdir() if h.name.endswith(".json")),
        key=lambda h: (h.name != f"{SEMILLA}.json", h.name),
    )
    codigo = total = 0
    for hijo in archivos:
        base = Path(hijo.name).stem
        escritos = 0
        with resources.as_file(hijo) as ruta:
            documento = ent.cargar(ruta)
            informe = ent.validar(documento)
            for e in informe.solo_errores:
                sys.stderr.write(f"{hijo.name}: {e.texto()}\n")
            for nombre, registro in sorted(ent.exportadores.items()):
                destino = carpeta / nombre_archivo(base, registro.objeto)
                try:
                    escritos += len(ent.exportar_archivo(documento, nombre, destino))
                except ErrorDeSalida:
                    raise  # disco lleno, sin permiso…: seguir repetiría el mismo error
                except TransparenciaError as exc:
                    codigo = max(codigo, int(exc.codigo_salida))  # 7 si fue un plugin
                    sys.stderr.write(f"ERROR: {exc}\n")
        total += escritos
        print(f"{base}: {cantidad(escritos, 'archivo')}")
        _explicar_advertencias(base, informe.advertencias)
    print(
        f"\nListo: {cantidad(len(archivos), 'documento')} y {cantidad(total, 'archivo')} "
        f"en {carpeta}{os.sep}"
    )
    return codigo


#: El documento del que nació el proyecto (el POA 2020 de Comunicación Social de Mazamitla).
SEMILLA = "Plan_Operativo_Anual"


def _explicar_advertencias(base: str, advertencias: Sequence[Any]) -> None:
    if not advertencias:
        return
    if base == SEMILLA:
        for e in advertencias:
            print(
                "  Así viene en la semilla (el POA 2020 original; se conserva tal cual): "
                f"{e.mensaje}"
            )
        return
    print(
        f"  {cantidad(len(advertencias), 'advertencia')} en los datos de ejemplo: así vienen "
        "(la Nota de cada registro explica lo que no aplica)."
    )
