"""La aplicación Starlette de `tfmt servir`: rutas, páginas y errores en español."""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
import secrets
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from ..cumplimiento import ESTADOS
from ..documento import fecha as fecha_iso
from ..entorno import Entorno, nombre_de_salida
from ..errores import ErrorDeDatos, ErrorDeUso, FormatoDesconocido, TransparenciaError
from ..espacio import EspacioTrabajo
from ..periodos import interpretar_periodo, ultimo_cerrado
from . import cargas
from .seguridad import Acceso, Rechazo, iguales

#: Límite por omisión de una subida (el XLSX más grande del SIPOT visto pesa pocos MB).
LIMITE_SUBIDA = 20 * 1_048_576
#: Clase CSS del semáforo por estado (las claves de `cumplimiento.ESTADOS`).
ESTADO_CLASE = {clave: clave.replace("_", "-") for clave in ESTADOS}


def _plantillas() -> Jinja2Templates:
    entorno_jinja = jinja2.Environment(
        loader=jinja2.PackageLoader("transparencia_fmt.web", "plantillas"),
        autoescape=True,  # todo texto del usuario o del archivo es dato, nunca HTML
        undefined=jinja2.StrictUndefined,
    )
    entorno_jinja.filters["clase_estado"] = lambda e: ESTADO_CLASE.get(e, "sin-datos")
    entorno_jinja.filters["texto_estado"] = lambda e: ESTADOS.get(e, e)
    entorno_jinja.filters["mx"] = _fecha_mx
    entorno_jinja.filters["hora_mx"] = _fecha_hora_mx
    entorno_jinja.filters["plural"] = _plural
    return Jinja2Templates(env=entorno_jinja)


def _fecha_mx(valor: Any) -> str:
    if not valor:
        return "—"
    dia = fecha_iso(str(valor)[:10])
    return f"{dia:%d/%m/%Y}" if dia else str(valor)


def _fecha_hora_mx(valor: Any) -> str:
    """«2026-12-01T09:10:50» → «01/12/2026 09:10»."""
    try:
        return dt.datetime.fromisoformat(str(valor)).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return str(valor or "—")


def _plural(n: int, singular: str, plural: str | None = None) -> str:
    """«1 error», «2 errores»."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def crear_app(
    raiz: Path,
    entorno: Entorno,
    *,
    token: str,
    limite: int = LIMITE_SUBIDA,
    cargas_dir: Path | None = None,
) -> Starlette:
    """La aplicación para el espacio de trabajo en `raiz`, protegida con `token`."""
    EspacioTrabajo.abrir(raiz, entorno)  # falla ya (mal uso) si la carpeta no es un espacio
    plantillas = _plantillas()
    propio = cargas_dir is None
    carpeta_cargas = cargas_dir or Path(tempfile.mkdtemp(prefix="tfmt-servir-"))
    csrf = secrets.token_urlsafe(32)

    def pagina(
        request: Request, plantilla: str, contexto: dict[str, Any], estado: int = 200
    ) -> Response:
        publico = contexto.pop("publico", False)  # sin clave: ni menú ni datos del espacio
        base = {
            "csrf": "" if publico else csrf,
            "sujeto": "" if publico else _sujeto(raiz, entorno),
            "ruta": request.url.path,
            "publico": publico,
        }
        return plantillas.TemplateResponse(
            request, plantilla, {**base, **contexto}, status_code=estado
        )

    def pagina_error(request: Request, estado: int, titulo: str, mensaje: str) -> Response:
        contexto = {"titulo": titulo, "mensaje": mensaje, "publico": estado == 403}
        return pagina(request, "error.html", contexto, estado)

    def espacio() -> EspacioTrabajo:
        return EspacioTrabajo.abrir(raiz, entorno)

    async def formulario(request: Request) -> FormData:
        """Lee el formulario de un POST y exige la clave CSRF antes de hacer nada."""
        try:
            datos = await request.form(max_files=1, max_fields=20)
        except HTTPException as exc:
            raise Rechazo(
                400,
                "Formulario no válido",
                "El formulario trae más archivos o campos de los esperados, o llegó dañado; no "
                "se hizo nada. Vuelva a la página y envíelo de nuevo con un solo archivo.",
            ) from exc
        if not iguales(datos.get("csrf"), csrf):
            await datos.close()
            raise Rechazo(
                403,
                "Formulario caducado o ajeno",
                "El formulario no trae la clave de seguridad de esta sesión (CSRF), así que no "
                "se hizo nada. Vuelva a la página, recárguela y envíe el formulario desde ahí.",
            )
        return datos

    # -- páginas ------------------------------------------------------------------------
    async def inicio(request: Request) -> Response:
        from ..cumplimiento import estado

        informe = await run_in_threadpool(estado, espacio(), dt.date.today())
        return pagina(request, "inicio.html", {"informe": informe})

    async def catalogo(request: Request) -> Response:
        q = request.query_params.get("q", "")[:200]
        formatos = entorno.catalogo.buscar(q or None)
        return pagina(request, "catalogo.html", {"q": q, "formatos": formatos})

    async def formato(request: Request) -> Response:
        e = espacio()
        f = entorno.catalogo.formato(e.formato_seguro(request.path_params["id"]))
        versiones = await run_in_threadpool(e.versiones, f.id)
        vigentes = [v for v in versiones if v.vigente]
        cerrado = ultimo_cerrado(f.periodicidad_texto, dt.date.today())
        contexto = {
            "f": f,
            "vigentes": vigentes,
            "exportadores": _exportadores(entorno),
            "periodo_sugerido": cerrado.clave if cerrado else str(dt.date.today().year),
            "aplica": f.id in e.aplicables,
            "total_versiones": len(versiones),
        }
        return pagina(request, "formato.html", contexto)

    async def historial(request: Request) -> Response:
        e = espacio()
        f = entorno.catalogo.formato(e.formato_seguro(request.path_params["id"]))
        versiones = await run_in_threadpool(e.versiones, f.id)
        cambios = await run_in_threadpool(e.cambios, versiones)
        return pagina(
            request,
            "historial.html",
            {"f": f, "versiones": versiones, "cambios": cambios, "titulo_de": _titulos(f)},
        )

    async def plantilla(request: Request) -> Response:
        from ..documento import documento_vacio

        f = entorno.catalogo.formato(espacio().formato_seguro(request.path_params["id"]))
        nombre = f"{f.id}.plantilla.xlsx"
        contenido = await run_in_threadpool(
            cargas.exportar_a_bytes, entorno, documento_vacio(f), "xlsx", nombre
        )
        return _adjunto(contenido, nombre)

    async def descargar(request: Request) -> Response:
        e = espacio()
        f = entorno.catalogo.formato(e.formato_seguro(request.path_params["id"]))
        periodo = interpretar_periodo(request.path_params["periodo"])
        registro = entorno.exportador(request.path_params["exportador"])
        ruta = e.ruta_vigente(f.id, periodo)
        if not ruta.exists():
            raise ErrorDeUso(f"No hay datos guardados de {f.id} para el periodo {periodo.clave}.")
        nombre = nombre_de_salida(f"{f.id}_{periodo.clave}", registro.objeto)
        documento = await run_in_threadpool(entorno.cargar, ruta)
        contenido = await run_in_threadpool(
            cargas.exportar_a_bytes, entorno, documento, registro.objeto.nombre, nombre
        )
        return _adjunto(contenido, nombre)

    async def subir(request: Request) -> Response:
        datos = await formulario(request)
        e = espacio()
        f = entorno.catalogo.formato(e.formato_seguro(str(datos.get("formato", ""))))
        periodo = interpretar_periodo(str(datos.get("periodo", "")))
        archivo = datos.get("archivo")
        if not isinstance(archivo, UploadFile) or not archivo.filename:
            raise ErrorDeUso(
                "Elija el archivo con los datos (XLSX, ODS, CSV o JSON) antes de revisar."
            )
        carga = await cargas.guardar(carpeta_cargas, archivo, f.id, periodo.clave)
        await datos.close()
        revision = await run_in_threadpool(cargas.revisar, e, carga)
        return pagina(request, "revision.html", {"f": f, "r": revision, "titulo_de": _titulos(f)})

    async def aceptar(request: Request) -> Response:
        datos = await formulario(request)
        e = espacio()
        carga = cargas.abrir(carpeta_cargas, str(datos.get("carga", "")))
        f = entorno.catalogo.formato(e.formato_seguro(carga.formato))
        base = str(datos.get("base", ""))
        if base and not re.fullmatch(r"[0-9a-f]{64}", base):
            raise ErrorDeUso(
                "La versión de base del formulario no es válida; vuelva a subir el archivo."
            )
        autor = str(datos.get("autor", "")).strip()[:120] or None
        resultado = await run_in_threadpool(cargas.aceptar, e, carga, base, autor)
        if resultado.conflicto is not None:
            return pagina(
                request,
                "conflicto.html",
                {"f": f, "c": resultado.conflicto, "carga": carga, "titulo_de": _titulos(f)},
                409,
            )
        guardados = ",".join(r.stem for r in resultado.rutas)
        return RedirectResponse(f"/formato/{f.id}?guardado={guardados}#periodos", status_code=303)

    def pagina_publicar(request: Request, escritos: list[str] | None) -> Response:
        e = espacio()
        contexto = {
            "escritos": escritos,
            "exportadores": e.exportadores_publicacion,
            "documentos": len(e.documentos_vigentes()),
        }
        return pagina(request, "publicar.html", contexto)

    async def publicar_get(request: Request) -> Response:
        return pagina_publicar(request, None)

    async def publicar_post(request: Request) -> Response:
        from ..portal import publicar

        await formulario(request)
        e = espacio()
        escritos = await run_in_threadpool(
            lambda: [p.relative_to(e.raiz / "publicado").as_posix() for p in publicar(e)]
        )
        return pagina_publicar(request, escritos)

    async def publicado(request: Request) -> Response:
        base = (raiz / "publicado").resolve()
        ruta = (base / request.path_params["ruta"]).resolve()
        if base not in ruta.parents or not ruta.is_file() or ruta.name.startswith("."):
            raise ErrorDeUso("Ese archivo no está en publicado/ de este espacio de trabajo.")
        tipo = mimetypes.guess_type(ruta.name)[0] or "application/octet-stream"
        return Response(ruta.read_bytes(), media_type=tipo, headers=_sin_cache())

    async def estilo(request: Request) -> Response:
        css = resources.files("transparencia_fmt.web").joinpath("estatico/estilo.css").read_bytes()
        return Response(css, media_type="text/css; charset=utf-8")

    # -- errores --------------------------------------------------------------------------
    async def error_rechazo(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Rechazo)
        return pagina_error(request, exc.estado, exc.titulo, exc.mensaje)

    async def error_tfmt(request: Request, exc: Exception) -> Response:
        estado = 404 if isinstance(exc, FormatoDesconocido) else 400
        if isinstance(exc, ErrorDeDatos):
            estado = 422
        return pagina_error(request, estado, "No se pudo hacer", str(exc))

    async def error_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            return pagina_error(
                request, 404, "No existe esa página", "Vuelva al inicio y siga los enlaces."
            )
        if exc.status_code == 405:
            return pagina_error(
                request, 405, "Acción no permitida", "Use los botones de la página."
            )
        return pagina_error(request, exc.status_code, "Solicitud no válida", str(exc.detail))

    async def error_interno(request: Request, exc: Exception) -> Response:
        return HTMLResponse(
            '<!DOCTYPE html><html lang="es-MX"><meta charset="utf-8"><title>Error</title>'
            "<h1>Error interno</h1><p>Algo falló en el servidor. Vuelva a intentarlo; si se "
            "repite, reinicie «tfmt servir» con TFMT_DEPURAR=1 y reporte lo que muestre.</p>",
            status_code=500,
        )

    rutas = [
        Route("/", inicio),
        Route("/catalogo", catalogo),
        Route("/formato/{id}", formato),
        Route("/formato/{id}/historial", historial),
        Route("/formato/{id}/plantilla.xlsx", plantilla),
        Route("/descargar/{id}/{periodo}/{exportador}", descargar),
        Route("/subir", subir, methods=["POST"]),
        Route("/aceptar", aceptar, methods=["POST"]),
        Route("/publicar", publicar_get, methods=["GET"]),
        Route("/publicar", publicar_post, methods=["POST"]),
        Route("/publicado/{ruta:path}", publicado),
        Route("/estatico/estilo.css", estilo),
    ]

    def al_cerrar() -> None:
        if propio:
            shutil.rmtree(carpeta_cargas, ignore_errors=True)

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def vida(app: Starlette) -> Any:
        yield
        al_cerrar()

    app = Starlette(
        routes=rutas,
        middleware=[Middleware(Acceso, token=token, limite=limite, pagina=pagina_error)],
        exception_handlers={
            Rechazo: error_rechazo,
            TransparenciaError: error_tfmt,
            HTTPException: error_http,
            Exception: error_interno,
        },
        lifespan=vida,
    )
    app.state.csrf = csrf
    app.state.cargas = carpeta_cargas
    app.state.raiz = raiz
    return app


def _sujeto(raiz: Path, entorno: Entorno) -> str:
    try:
        return EspacioTrabajo.abrir(raiz, entorno).sujeto.get("nombre", "")
    except TransparenciaError:
        return ""


def _titulos(f: Any) -> dict[str, str]:
    return {c.clave: c.titulo for c in f.columnas}


def _exportadores(entorno: Entorno) -> list[dict[str, str]]:
    return [
        {"nombre": n, "extension": r.objeto.extension, "descripcion": r.objeto.descripcion}
        for n, r in sorted(entorno.exportadores.items())
    ]


def _sin_cache() -> dict[str, str]:
    return {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _adjunto(contenido: bytes, nombre: str) -> Response:
    tipo = mimetypes.guess_type(nombre)[0] or "application/octet-stream"
    return Response(
        contenido,
        media_type=tipo,
        headers={"Content-Disposition": f'attachment; filename="{nombre}"', **_sin_cache()},
    )
