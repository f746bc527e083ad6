"""El único lugar donde una excepción se vuelve mensaje en español y código de salida.

El CLI (y cualquier otro frente, como la aplicación web) llama a `explicar`; las escrituras
traducen sus `OSError` con `error_de_sistema`, que nombra el archivo y dice qué hacer.
"""

from __future__ import annotations

import errno
import io
import os

from .errores import CodigoSalida, ErrorDeSalida, TransparenciaError

TYPE_CHECKING = False  # sin `typing` ni `pathlib` en el arranque; mypy entiende esta constante
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

__all__ = ["CodigoSalida", "error_de_sistema", "explicar", "limpiar_terminal"]

#: (nombres errno, qué pasó, qué hacer); {ruta} y {accion} se rellenan. Por nombre, porque no
#: todos existen en todo sistema (EDQUOT no existe en Windows): el que falte se omite.
_CASOS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (
        ("ENOSPC",),
        "no hay espacio libre en el disco para {accion} {ruta}",
        "Libere espacio o elija otra carpeta con -o.",
    ),
    (
        ("EDQUOT",),
        "se acabó su cuota de disco al {accion} {ruta}",
        "Libere espacio o elija otra carpeta.",
    ),
    (
        ("EFBIG",),
        "{ruta} rebasa el tamaño máximo de archivo que permite el sistema",
        "Elija otro disco o pida al administrador que aumente el límite.",
    ),
    (
        ("EACCES",),
        "no tiene permiso para {accion} {ruta}",
        "Revise los permisos de la carpeta o elija otra con -o.",
    ),
    (
        ("EPERM",),
        "el sistema no permite {accion} {ruta}",
        "Revise los permisos o atributos del archivo, o elija otra carpeta.",
    ),
    (
        ("EROFS",),
        "{ruta} está en un disco de sólo lectura",
        "Elija una carpeta en la que se pueda escribir.",
    ),
    (
        ("EISDIR",),
        "{ruta} es una carpeta, no un archivo",
        "Ahí se esperaba un archivo: use otro nombre o quite la carpeta.",
    ),
    (("ENOTDIR",), "una parte de la ruta {ruta} es un archivo, no una carpeta", "Revise la ruta."),
    (
        ("ENAMETOOLONG",),
        "el nombre {ruta} es demasiado largo (el sistema admite 255 bytes por nombre)",
        "Use un nombre más corto.",
    ),
    (("ENOENT",), "no existe {ruta}", "Revise la ruta y el nombre."),
    (("EEXIST",), "ya existe {ruta}", "Use otro nombre o bórrelo primero."),
    (("ELOOP",), "{ruta} es un enlace simbólico circular", "Revise la ruta."),
    (("EIO",), "error de entrada/salida del disco con {ruta}", "Revise el disco o la memoria USB."),
    (
        ("EBUSY", "ETXTBSY"),
        "{ruta} está ocupado por otro programa",
        "Ciérrelo e inténtelo de nuevo.",
    ),
    (("EMFILE",), "hay demasiados archivos abiertos al {accion} {ruta}", "Inténtelo de nuevo."),
    (("EINVAL",), "la ruta {ruta} no es válida en este sistema", "Revise el nombre."),
)
#: errno → (qué pasó, qué hacer).
_ERRNO: dict[int, tuple[str, str]] = {
    getattr(errno, nombre): (que, hacer)
    for nombres, que, hacer in _CASOS
    for nombre in nombres
    if hasattr(errno, nombre)
}


def error_de_sistema(
    exc: OSError, ruta: str | os.PathLike[str] | None = None, accion: str = "escribir"
) -> ErrorDeSalida:
    """Un `OSError` como `ErrorDeSalida` con el archivo y qué hacer, en español."""
    if isinstance(exc, ErrorDeSalida):
        return exc
    nombre = ruta if ruta is not None else exc.filename
    texto_ruta = limpiar_terminal(str(nombre)) if nombre not in (None, "") else "el archivo"
    que, hacer = _ERRNO.get(
        exc.errno or -1,
        (
            f"no se pudo {{accion}} {{ruta}} ({errno.errorcode.get(exc.errno or -1, 'error')})",
            "Revise el archivo y la carpeta.",
        ),
    )
    # Mayúscula inicial en la plantilla, no en el mensaje: la ruta se muestra tal cual es.
    mensaje = f"{que[0].upper()}{que[1:]}".format(ruta=texto_ruta, accion=accion) + f". {hacer}"
    return ErrorDeSalida(mensaje, ruta=None if nombre is None else str(nombre), errno_=exc.errno)


def explicar(exc: BaseException) -> tuple[str, CodigoSalida]:
    """Mensaje en español y código de salida para cualquier excepción."""
    if isinstance(exc, TransparenciaError):
        return limpiar_terminal(str(exc)), CodigoSalida(int(exc.codigo_salida))
    if isinstance(exc, KeyboardInterrupt):
        return "Interrumpido; no quedó nada a medias.", CodigoSalida.INTERRUMPIDO
    if isinstance(exc, OSError):
        return str(error_de_sistema(exc, accion="usar")), CodigoSalida.MAL_USO
    if isinstance(exc, RecursionError):
        return (
            "Los datos están anidados a demasiada profundidad (listas u objetos dentro de otros "
            "cientos de veces); un formato de transparencia no lo necesita. Revise el archivo.",
            CodigoSalida.DATOS_INVALIDOS,
        )
    if isinstance(exc, MemoryError):
        return (
            "No alcanzó la memoria del equipo; divida el archivo en partes más pequeñas.",
            CodigoSalida.MAL_USO,
        )
    if isinstance(exc, UnicodeError):
        return (
            f"Hay texto que no se puede escribir como UTF-8 ({exc}); revise caracteres extraños "
            "en los datos.",
            CodigoSalida.DATOS_INVALIDOS,
        )
    return (
        f"error interno: {type(exc).__name__}: {limpiar_terminal(str(exc))}\n"
        "Repita con TFMT_DEPURAR=1 para ver el detalle y repórtelo.",
        CodigoSalida.ERROR_INTERNO,
    )


_PELIGROSOS = (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0))
_PELIGROSOS += (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
#: Cada carácter peligroso se muestra como «\\u001b»: legible, y válido dentro de JSON.
_TRADUCCION_TERMINAL = {c: f"\\u{c:04x}" for c in _PELIGROSOS}
_TRADUCCION_SIN_RETORNO = {**_TRADUCCION_TERMINAL}
del _TRADUCCION_TERMINAL[0x0D]


def limpiar_terminal(texto: str, retorno: bool = True) -> str:
    """Texto de los datos apto para la terminal: sin secuencias de escape ni controles bidi.

    Un valor con ESC[…] podría borrar la pantalla o cambiar el título de la ventana, y un
    U+202E invertir lo que se lee; se muestran escapados («\\u001b») para que la persona vea
    lo que hay en el archivo. Con `retorno=False` también se escapa el retorno de carro."""
    return texto.translate(_TRADUCCION_TERMINAL if retorno else _TRADUCCION_SIN_RETORNO)


class SalidaSegura(io.TextIOBase):
    """Envoltura de stdout/stderr que escapa lo peligroso para la terminal (ver arriba).

    Es el único filtro: ningún comando tiene que acordarse de limpiar lo que imprime."""

    def __init__(self, flujo: Any, retorno: bool) -> None:
        self._flujo = flujo
        self._retorno = retorno
        #: Quien leía cerró la tubería (`tfmt validar x | head -1`): lo demás se descarta.
        self.cortada = False

    @property
    def flujo(self) -> Any:
        """El flujo de abajo (para escribir bytes tal cual, p. ej. un CSV con «-o -»)."""
        return self._flujo

    def write(self, texto: str) -> int:
        """Escribe `texto` escapado; devuelve su largo original (lo que espera `print`)."""
        if not self.cortada:
            try:
                self._flujo.write(limpiar_terminal(texto, self._retorno))
            except BrokenPipeError:
                self.cortar()
        return len(texto)

    def flush(self) -> None:
        """Vacía el flujo de abajo."""
        if not self.cortada:
            try:
                self._flujo.flush()
            except BrokenPipeError:
                self.cortar()

    def cortar(self) -> None:
        """La tubería se cerró: no es un error del comando, que termina su trabajo y sale con
        su propio código (1 si los datos son inválidos), no con 0 ni con un traceback. Lo
        pendiente va a os.devnull para que Python no falle al vaciarlo al salir."""
        self.cortada = True
        a_devnull(self._flujo)

    def isatty(self) -> bool:
        """Si el flujo de abajo es una terminal (para la barra de progreso)."""
        return bool(self._flujo.isatty())

    def fileno(self) -> int:
        """El descriptor del flujo de abajo."""
        return int(self._flujo.fileno())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """La codificación del flujo de abajo."""
        return str(getattr(self._flujo, "encoding", "utf-8"))

    def writable(self) -> bool:
        """Siempre se puede escribir."""
        return True


def a_devnull(flujo: Any) -> None:
    """Apunta el descriptor de `flujo` a os.devnull: lo que quede por escribir (también lo
    que Python vacía al salir) ya no falla con la tubería cerrada."""
    try:
        nulo = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nulo, flujo.fileno())
        os.close(nulo)
    except (OSError, ValueError, AttributeError):
        pass


_INFINITO = float("inf")


def json_estandar(valor: Any) -> Any:
    """Copia apta para JSON estándar: NaN/infinito y lo que no es JSON pasan a texto."""
    if isinstance(valor, float) and not -_INFINITO < valor < _INFINITO:  # NaN o ±infinito
        return str(valor)
    if isinstance(valor, dict):
        return {str(k): json_estandar(v) for k, v in valor.items()}
    if isinstance(valor, list | tuple):
        return [json_estandar(v) for v in valor]
    if valor is None or isinstance(valor, str | int | float | bool):
        return valor
    return str(valor)


def ruta_texto(ruta: str | os.PathLike[str] | Path) -> str:
    """Una ruta como texto para un mensaje."""
    return limpiar_terminal(str(ruta))
