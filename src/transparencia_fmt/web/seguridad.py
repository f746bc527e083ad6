"""Seguridad de `tfmt servir`: clave de acceso (token), CSRF y límite de tamaño de subida.

La clave viaja una sola vez en la URL (como en Jupyter) y se cambia por una cookie
HttpOnly/SameSite=Strict; sin ella no se sirve nada. Cada POST lleva además la clave del
formulario (CSRF), que una página de otro sitio no puede leer.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

Scope = MutableMapping[str, Any]
Mensaje = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Mensaje]]
Send = Callable[[Mensaje], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Pagina = Callable[[Request, int, str, str], Response]
#: Lo único que se sirve sin clave: la hoja de estilo, para que el aviso de «falta la clave» se lea.
LIBRES = ("/estatico/estilo.css",)


class Rechazo(Exception):
    """Una solicitud que se rechaza con una página en español (y nada guardado)."""

    def __init__(self, estado: int, titulo: str, mensaje: str) -> None:
        super().__init__(mensaje)
        self.estado = estado
        self.titulo = titulo
        self.mensaje = mensaje


class _Excedido(Exception):
    pass


def iguales(a: object, b: str) -> bool:
    """Comparación en tiempo constante; cualquier cosa que no sea texto no coincide."""
    return isinstance(a, str) and hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def nombre_galleta(token: str) -> str:
    # Una cookie por servidor: dos `tfmt servir` en distintos puertos no se pisan.
    """Nombre de la cookie de acceso: uno por servidor."""
    return "tfmt_" + hashlib.sha256(token.encode()).hexdigest()[:10]


def mensaje_tamano(limite: int) -> str:
    """Mensaje para una subida más grande que el límite."""
    return (
        f"El archivo es más grande que el límite de {limite / 1_048_576:.0f} MB para subir. "
        "No se guardó nada. Quite las hojas o imágenes que no sean del formato, o divida los "
        "datos por periodo, y vuelva a subirlo."
    )


class Acceso:
    """Middleware ASGI: exige la clave de acceso y limita el tamaño de cada POST."""

    def __init__(self, app: ASGIApp, *, token: str, limite: int, pagina: Pagina) -> None:
        self.app = app
        self.token = token
        self.limite = limite
        self.pagina = pagina
        self.galleta = nombre_galleta(token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if request.method == "GET" and request.url.path in LIBRES:
            await self.app(scope, receive, send)  # la hoja de estilo no dice nada del espacio
            return
        clave = request.query_params.get("token")
        if clave is not None and iguales(clave, self.token):
            if request.method == "GET":
                # Se quita la clave de la URL (historial, capturas) y queda en la cookie.
                resto = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
                destino = request.url.path + ("?" + urlencode(resto) if resto else "")
                respuesta: Response = RedirectResponse(destino, status_code=303)
                respuesta.set_cookie(
                    self.galleta, self.token, httponly=True, samesite="strict", path="/"
                )
                await respuesta(scope, receive, send)
                return
        elif not iguales(request.cookies.get(self.galleta), self.token):
            await self.pagina(
                request,
                403,
                "Falta la clave de acceso",
                "Esta página sólo se abre con la dirección completa que mostró «tfmt servir» "
                "al iniciar (la que termina en ?token=…). Cópiela de la ventana donde lo inició.",
            )(scope, receive, send)
            return
        if request.method != "POST":
            await self.app(scope, receive, send)
            return
        largo = request.headers.get("content-length")
        if largo is not None and (not largo.isdigit() or int(largo) > self.limite):
            await self._demasiado(request, scope, receive, send)
            return
        recibidos = 0

        async def contar() -> Mensaje:
            nonlocal recibidos
            mensaje = await receive()
            recibidos += len(mensaje.get("body", b""))
            if recibidos > self.limite:
                raise _Excedido
            return mensaje

        iniciada = False

        async def enviar(mensaje: Mensaje) -> None:
            nonlocal iniciada
            iniciada = iniciada or mensaje["type"] == "http.response.start"
            await send(mensaje)

        try:
            await self.app(scope, contar, enviar)
        except _Excedido:
            if not iniciada:
                await self._demasiado(request, scope, receive, send)

    async def _demasiado(
        self, request: Request, scope: Scope, receive: Receive, send: Send
    ) -> None:
        respuesta = self.pagina(
            request, 413, "Archivo demasiado grande", mensaje_tamano(self.limite)
        )
        respuesta.headers["Connection"] = "close"
        await respuesta(scope, receive, send)
