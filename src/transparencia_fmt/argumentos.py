"""argparse en español: encabezados («uso:», «opciones:»), ayuda y errores propios.

argparse traduce sus textos con gettext al momento de usarlos; `en_espanol()` le da las
traducciones mientras el CLI arma el analizador, lee los argumentos o muestra la ayuda, y
las devuelve al salir (una biblioteca que use argparse en el mismo proceso no se entera).
"""

from __future__ import annotations

import argparse
import os
import sys

TYPE_CHECKING = False  # sin `typing` en el arranque; mypy entiende esta constante
if TYPE_CHECKING:
    from typing import Any

#: La carpeta de salida por omisión de `exportar` y `derivar` (relativa a la carpeta actual).
SALIDA_POR_OMISION = "salida"

TRADUCCIONES = {
    "usage: ": "uso: ",
    "options": "opciones",
    "optional arguments": "opciones",
    "positional arguments": "argumentos",
    "show this help message and exit": "muestra esta ayuda y sale",
    "the following arguments are required: %s": "faltan los argumentos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "opción no válida: %(value)r (elija entre %(choices)s)"
    ),
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "expected one argument": "se esperaba un valor",
    "expected at least one argument": "se esperaba al menos un valor",
    "expected at most one argument": "se esperaba a lo más un valor",
    "ambiguous option: %(option)s could match %(matches)s": (
        "opción ambigua: %(option)s puede ser %(matches)s"
    ),
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "valor no válido (%(type)s): %(value)r",
    "not allowed with argument %s": "no se permite junto con el argumento %s",
    "one of the arguments %s is required": "se requiere uno de los argumentos %s",
    "ignored explicit argument %r": "se ignoró el valor explícito %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "comando desconocido %(parser_name)r (elija entre %(choices)s)"
    ),
}
_PLURALES = {"expected %s argument": ("se esperaba %s valor", "se esperaban %s valores")}


def _traducir(texto: str) -> str:
    return TRADUCCIONES.get(texto, texto)


def _traducir_plural(singular: str, plural: str, n: int) -> str:
    uno, varios = _PLURALES.get(singular, (singular, plural))
    return uno if n == 1 else varios


class en_espanol:  # noqa: N801 - se usa como función: `with en_espanol():`
    """argparse habla español dentro del bloque. (Una clase y no `contextlib.contextmanager`:
    contextlib no entra al arranque.)"""

    def __enter__(self) -> None:
        self.antes = argparse._, argparse.ngettext  # type: ignore[attr-defined]
        argparse._, argparse.ngettext = _traducir, _traducir_plural  # type: ignore[attr-defined]

    def __exit__(self, *excepcion: object) -> None:
        argparse._, argparse.ngettext = self.antes  # type: ignore[attr-defined]


def _columnas() -> int:
    """`shutil.get_terminal_size().columns` sin importar shutil: COLUMNS si es un entero
    positivo; si no, el ancho de la terminal de la salida estándar; si no hay, 80."""
    try:
        columnas = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columnas = 0
    if columnas <= 0:
        try:
            columnas = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columnas = 0
    return columnas or 80


class Analizador(argparse.ArgumentParser):
    """ArgumentParser con «-h, --ayuda» (también acepta --help) y textos en español."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        with en_espanol():
            super().__init__(*args, **kwargs)
        self.add_argument("-h", "--ayuda", action="help", help="muestra esta ayuda y sale")
        self.add_argument("--help", action="help", help=argparse.SUPPRESS)

    def add_subparsers(self, **kwargs: Any) -> Any:
        """Los subcomandos; su título pasa por las traducciones propias (con las de gettext,
        buscarlas importa locale en cada arranque)."""
        with en_espanol():
            return super().add_subparsers(**kwargs)

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse arma uno en cada add_argument; sin ancho, cada uno importa shutil (~2 ms
        # del arranque) para el mismo número que da `_columnas`. (typeshed no declara
        # `width`, pero todo HelpFormatter lo recibe: el CLI sólo usa ése.)
        ancho = _columnas() - 2
        return self.formatter_class(prog=self.prog, width=ancho)  # type: ignore[call-arg]

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        """Lee los argumentos con los textos de argparse en español."""
        with en_espanol():
            return super().parse_args(*args, **kwargs)

    def format_help(self) -> str:
        """La ayuda, con encabezados en español."""
        with en_espanol():
            return super().format_help()

    def format_usage(self) -> str:
        """La línea «uso:»."""
        with en_espanol():
            return super().format_usage()

    def error(self, message: str) -> None:  # type: ignore[override]
        """Uso incorrecto: muestra el uso y sale con 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def opcion_a(
    analizador: argparse.ArgumentParser, ayuda: str, *, metavar: str = "NOMBRE", **mas: Any
) -> None:
    """La opción `--a` (exportadores): se repite o lleva comas, `--a pdf,docx`."""
    analizador.add_argument(
        "--a",
        dest="como",
        action="extend",
        type=nombres,
        metavar=metavar,
        help=f"{ayuda}; se puede repetir o separar con comas: pdf,docx",
        **mas,
    )


def nombres(texto: str) -> list[str]:
    """`--a pdf,docx` da ``["pdf", "docx"]``; un nombre vacío es un error de uso."""
    partes = [p.strip() for p in texto.split(",")]
    if not all(partes):
        raise argparse.ArgumentTypeError(
            f"«{texto}» trae un nombre vacío; sepárelos con comas, p. ej. pdf,docx"
        )
    return partes
