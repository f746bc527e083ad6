"""Derivaciones: de un documento de un formato se arma otro (el POA → Fr. IV, VI, XXIII a).

Las derivaciones las registran plugins con el gancho ``registrar_derivaciones`` (las
integradas también). Aquí se eligen, se llaman aisladas y se sella el resultado con
``derivado_de``: de qué documento, de qué formato y de qué versión exacta (SHA-256) salió,
para que el espacio de trabajo sepa cuándo un derivado quedó desactualizado.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from attrs import define, field

from .catalogo import Catalogo, normalizar
from .contrato import Derivacion
from .documento import Documento
from .errores import ErrorDeDatos, ErrorDePlugin, ErrorDeUso
from .modelos import Columna, ErrorValidacion, Formato
from .periodos import periodo_de_fechas

ARCHIVO_CONFIG = "transparencia.toml"
#: Orden de preferencia del archivo publicado al que apunta un hipervínculo derivado.
PREFERENCIA_PUBLICADO = (".pdf", ".docx", ".csv", ".xlsx", ".json")


def huella(documento: Documento) -> str:
    """SHA-256 de la versión: los bytes del archivo si lo hay; si no, su JSON canónico."""
    if documento.origen is not None and documento.origen.is_file():
        return hashlib.sha256(documento.origen.read_bytes()).hexdigest()
    texto = json.dumps(documento.a_json(), ensure_ascii=False, indent=2) + "\n"
    return hashlib.sha256(texto.encode("utf-8")).hexdigest()


def raiz_espacio(ruta: Path | None) -> Path | None:
    """La carpeta del espacio de trabajo que contiene `ruta`, si la hay."""
    if ruta is None:
        return None
    for carpeta in Path(ruta).resolve().parents:
        if (carpeta / ARCHIVO_CONFIG).is_file():
            return carpeta
    return None


def clave_periodo(documento: Documento) -> str | None:
    """La clave del periodo del documento («2026-T1», «2026-anual»), si tiene nombre."""
    p = documento.periodo
    if p is None:
        return None
    nombrado = periodo_de_fechas(p.inicio, p.termino)
    return nombrado.clave if nombrado else None


@define
class Contexto:
    """Lo que una derivación necesita además del documento de origen."""

    catalogo: Catalogo
    #: El formato de destino.
    formato: Formato
    #: Documentos de apoyo por id de formato (p. ej. ``Seguimiento_POA``).
    fuentes: dict[str, Documento] = field(factory=dict)
    #: URL pública de la carpeta ``publicado/`` del espacio (``[publicacion] url_base``).
    url_base: str | None = None
    raiz: Path | None = None
    hallazgos: list[ErrorValidacion] = field(factory=list)

    def hallazgo(
        self,
        mensaje: str,
        columna: str | None = None,
        registro: int | None = None,
        codigo: str = "derivacion-incompleta",
    ) -> None:
        """Dice qué no se pudo llenar desde el origen (sale como advertencia al validar)."""
        self.hallazgos.append(
            ErrorValidacion(
                codigo=codigo,
                mensaje=mensaje,
                severidad="advertencia",
                registro=registro,
                columna=columna,
            )
        )

    def columna(self, titulo: str, dentro: Columna | None = None) -> Columna:
        """La columna del formato de destino por su título oficial (o su comienzo)."""
        columnas = dentro.subcolumnas if dentro is not None else self.formato.columnas
        buscado = normalizar(titulo)
        for c in columnas:
            if normalizar(c.titulo) == buscado:
                return c
        for c in columnas:
            if normalizar(c.titulo).startswith(buscado):
                return c
        raise ErrorDeDatos(
            f"El formato {self.formato.id} no tiene la columna «{titulo}»; la derivación no "
            "sabe dónde escribir. Revise que el esquema instalado sea el vigente."
        )

    def clave(self, titulo: str, dentro: Columna | None = None) -> str:
        """La clave (nombre en el JSON) de la columna con ese título oficial."""
        return self.columna(titulo, dentro).clave

    def url_publicada(self, documento: Documento) -> str | None:
        """El hipervínculo público del documento tal como lo dejó ``tfmt publicar``."""
        if not self.url_base or self.raiz is None or documento.origen is None:
            return None
        origen = documento.origen.resolve()
        if origen.parent.parent != self.raiz / "documentos":
            return None  # no es la versión vigente guardada en el espacio
        carpeta = self.raiz / "publicado" / documento.formato.id
        for extension in PREFERENCIA_PUBLICADO:
            candidatos = sorted(carpeta.glob(f"{origen.stem}*{extension}"))
            if candidatos:
                relativo = candidatos[0].relative_to(self.raiz / "publicado").as_posix()
                return f"{self.url_base.rstrip('/')}/{urllib.parse.quote(relativo)}"
        return None


def configuracion_espacio(raiz: Path | None) -> dict[str, Any]:
    """El transparencia.toml del espacio, o {} si no hay espacio o no se lee."""
    if raiz is None:
        return {}
    try:
        return tomllib.loads((raiz / ARCHIVO_CONFIG).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def disponibles(entorno: Any, formato_id: str | None = None) -> list[Any]:
    """Las derivaciones registradas (`Registro`), sólo las de ese formato de origen si se da."""
    registros = {r.objeto.nombre: r for r in entorno.gestor.derivaciones()}
    return [r for r in registros.values() if formato_id is None or r.objeto.origen == formato_id]


def motivo_no_aplica(derivacion: Derivacion, documento: Documento) -> str | None:
    """None si la derivación aplica a `documento`; si no, el porqué (de su `aplica`)."""
    aplica: Callable[[Documento], str | None] | None = getattr(derivacion, "aplica", None)
    if not callable(aplica):
        return None
    try:
        return aplica(documento)
    except Exception as exc:  # noqa: BLE001 - el plugin falla, no el programa
        return f"la derivación falló al revisar el documento ({type(exc).__name__}: {exc})"


def _fuente(documento: Documento, raiz: Path | None) -> dict[str, Any]:
    fuente: dict[str, Any] = {"formato": documento.formato.id}
    clave = clave_periodo(documento)
    if clave:
        fuente["periodo"] = clave
    if documento.origen is not None:
        ruta = documento.origen.resolve()
        if raiz is not None and raiz in ruta.parents:
            fuente["documento"] = ruta.relative_to(raiz).as_posix()
        else:
            fuente["documento"] = ruta.name
    fuente["sha256"] = huella(documento)
    return fuente


def _apoyos_del_espacio(
    derivacion: Any, documento: Documento, raiz: Path | None, entorno: Any
) -> dict[str, Documento]:
    """Los documentos de apoyo que pide la derivación, del mismo periodo, en el espacio."""
    apoyos: dict[str, Documento] = {}
    clave = clave_periodo(documento)
    if raiz is None or clave is None:
        return apoyos
    for formato_id in getattr(derivacion, "apoyos", ()) or ():
        ruta = raiz / "documentos" / str(formato_id) / f"{clave}.json"
        if ruta.is_file():
            apoyos[str(formato_id)] = entorno.cargar(ruta)
    return apoyos


def derivar(
    entorno: Any,
    documento: Documento,
    destino_id: str,
    fuentes: Mapping[str, Documento] | None = None,
    url_base: str | None = None,
    ahora: dt.datetime | None = None,
) -> Documento:
    """Arma el documento del formato `destino_id` a partir de `documento`.

    Sella ``derivado_de`` y deja en ``hallazgos`` lo que el origen no dice (advertencias
    al validar). Levanta ErrorDeUso si no hay derivación de ese origen a ese destino.
    """
    destino_id = (
        entorno.catalogo.formato(destino_id).id if destino_id in entorno.catalogo else destino_id
    )
    candidatas = [
        r for r in disponibles(entorno, documento.formato.id) if r.objeto.destino == destino_id
    ]
    if not candidatas:
        posibles = sorted(r.objeto.destino for r in disponibles(entorno, documento.formato.id))
        raise ErrorDeUso(
            f"No sé derivar {destino_id} de un documento {documento.formato.id}. "
            + (
                f"De este documento se puede derivar: {', '.join(posibles)}."
                if posibles
                else "Ningún plugin instalado deriva documentos de este formato."
            )
        )
    registro = candidatas[-1]
    derivacion = registro.objeto
    motivo = motivo_no_aplica(derivacion, documento)
    if motivo:
        raise ErrorDeUso(f"No se puede derivar {destino_id} de este documento: {motivo}.")
    destino = entorno.catalogo.formato(destino_id)
    raiz = raiz_espacio(documento.origen)
    config = configuracion_espacio(raiz)
    apoyos = dict(fuentes or {}) or _apoyos_del_espacio(derivacion, documento, raiz, entorno)
    contexto = Contexto(
        catalogo=entorno.catalogo,
        formato=destino,
        fuentes=apoyos,
        url_base=url_base or (config.get("publicacion") or {}).get("url_base") or None,
        raiz=raiz,
    )
    try:
        datos = derivacion.derivar(documento, contexto)
    except (ErrorDeDatos, ErrorDeUso) as exc:
        if not registro.integrada:  # el error de un plugin dice de qué paquete viene
            exc.args = (f"La derivación «{derivacion.nombre}» ({_paquete(registro)}): {exc}",)
        raise
    except Exception as exc:  # noqa: BLE001 - se dice qué plugin falló
        raise ErrorDePlugin(
            f"La derivación «{derivacion.nombre}» ({_paquete(registro)}) falló: "
            f"{type(exc).__name__}: {exc}",
            plugin=registro.plugin,
        ) from exc
    if not isinstance(datos, dict):
        raise ErrorDePlugin(
            f"La derivación «{derivacion.nombre}» ({_paquete(registro)}) devolvió "
            f"{type(datos).__name__}; debe devolver un dict con la forma del JSON canónico.",
            plugin=registro.plugin,
        )
    momento = (ahora or dt.datetime.now()).isoformat(timespec="seconds")
    datos = {**datos, "formato": destino.id}
    datos["derivado_de"] = {
        "derivacion": str(derivacion.nombre),
        "fecha": momento,
        "fuentes": [_fuente(documento, raiz), *(_fuente(d, raiz) for d in apoyos.values())],
    }
    from .documento import documento_desde_dict

    resultado = documento_desde_dict(datos, entorno.catalogo)
    resultado.hallazgos.extend(contexto.hallazgos)
    return resultado


def _paquete(registro: Any) -> str:
    return " ".join(x for x in (registro.paquete, registro.version) if x)


def como_json(documento: Documento) -> bytes:
    """El documento como JSON canónico (lo que se escribe o se guarda)."""
    return (json.dumps(documento.a_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
