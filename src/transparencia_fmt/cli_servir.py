"""`tfmt servir`: el espacio de trabajo en el navegador, en este equipo.

Lo pesado (Starlette, uvicorn, Jinja2) se importa sólo al correr el comando: `tfmt --help`
sigue siendo rápido y funciona sin el extra «web».
"""

from __future__ import annotations

import argparse
import sys

from .errores import ErrorDeUso

TYPE_CHECKING = False  # sin typing, pathlib, json ni datetime al armar la ayuda (`tfmt --help`)
if TYPE_CHECKING:
    import socket
    from typing import Any

PUERTO_POR_OMISION = 8765
INSTALAR_WEB = (
    "«tfmt servir» necesita el extra «web», que no está instalado. Instálelo con:\n"
    '    pip install "transparencia-fmt[web]"\n'
    '(en una copia del repositorio: pip install -e ".[web]") y vuelva a intentarlo.'
)


def agregar(sub: Any) -> None:
    """Agrega el comando `servir` al CLI."""
    s = sub.add_parser("servir", help="abre el espacio de trabajo en el navegador")
    s.add_argument(
        "carpeta",
        metavar="CARPETA",
        nargs="?",
        default=".",
        help="el espacio de trabajo (por omisión, la carpeta actual)",
    )
    s.add_argument(
        "--direccion",
        default="127.0.0.1",
        metavar="IP",
        help="dirección de red donde escucha (por omisión 127.0.0.1: sólo este equipo)",
    )
    # El nombre anterior se sigue aceptando, sin mostrarlo en la ayuda.
    s.add_argument("--host", dest="direccion", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    s.add_argument(
        "--puerto",
        type=int,
        default=None,
        metavar="N",
        help="puerto (por omisión el primero libre desde 8765)",
    )
    s.add_argument("--sin-navegador", action="store_true", help="no abre el navegador")
    s.add_argument(
        "--limite-mb",
        type=int,
        default=20,
        metavar="MB",
        help="tamaño máximo de un archivo subido (20 MB)",
    )
    s.set_defaults(func=cmd_servir)


def _dependencias() -> None:
    try:
        import jinja2  # noqa: F401
        import multipart  # noqa: F401  (python-multipart)
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise ErrorDeUso(INSTALAR_WEB) from None


def _socket(host: str, puerto: int | None) -> socket.socket:
    """Abre el puerto antes de imprimir la URL: lo que se imprime es lo que escucha."""
    import ipaddress
    import socket

    try:
        familia = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        familia = socket.AF_INET
    candidatos = [puerto] if puerto is not None else [*range(8765, 8785), 0]
    ultimo: OSError | None = None
    for p in candidatos:
        s = socket.socket(familia, socket.SOCK_STREAM)
        if sys.platform != "win32":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, p))
        except OSError as exc:
            s.close()
            ultimo = exc
            continue
        s.listen(64)
        s.setblocking(False)
        return s
    detalle = ultimo.strerror if ultimo else ""
    if puerto is not None:
        raise ErrorDeUso(
            f"No se pudo abrir el puerto {puerto} en {host} ({detalle}). Elija otro con "
            "--puerto N u omita --puerto para usar uno libre."
        )
    raise ErrorDeUso(f"No se pudo abrir un puerto en {host} ({detalle}). Revise --direccion.")


def _url(host: str, puerto: int, token: str) -> str:
    visible = "127.0.0.1" if host in ("0.0.0.0", "") else "[::1]" if host == "::" else host
    if ":" in visible and not visible.startswith("["):
        visible = f"[{visible}]"
    return f"http://{visible}:{puerto}/?token={token}"


def cmd_servir(args: argparse.Namespace) -> int:
    """tfmt servir: el espacio de trabajo como aplicación web local."""
    from pathlib import Path

    _dependencias()
    import uvicorn

    from .entorno import entorno
    from .espacio import EspacioTrabajo
    from .web import crear_app

    if args.limite_mb < 1:
        raise ErrorDeUso("--limite-mb debe ser 1 o más.")
    espacio = EspacioTrabajo.buscar(Path(args.carpeta), entorno())
    import secrets

    token = secrets.token_urlsafe(32)
    app = crear_app(espacio.raiz, espacio.entorno, token=token, limite=args.limite_mb * 1_048_576)
    sock = _socket(args.direccion, args.puerto)
    puerto = sock.getsockname()[1]
    url = _url(args.direccion, puerto, token)
    print(url, flush=True)  # primera línea: la dirección con su clave, para abrirla o copiarla
    print(f"Espacio de trabajo: {espacio.raiz}")
    if args.direccion not in ("127.0.0.1", "::1", "localhost"):
        print(
            f"AVISO: escucha en {args.direccion}: otros equipos de la red pueden llegar a "
            f"http://<IP de este equipo>:{puerto}/?token=… ; sin la clave no verán nada. "
            "Compártala sólo con quien deba usarlo."
        )
    print("Para detener el servidor: Ctrl+C.", flush=True)
    if not args.sin_navegador:
        import webbrowser

        try:
            webbrowser.open(url)
        except Exception:  # noqa: BLE001 - sin navegador la URL impresa basta
            print("No se pudo abrir el navegador; copie la dirección de arriba.")
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=3
    )
    servidor = uvicorn.Server(config)
    try:
        servidor.run(sockets=[sock])
    finally:
        sock.close()
    print("Servidor detenido.")
    return 0
