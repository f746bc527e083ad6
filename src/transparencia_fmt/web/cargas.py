"""Archivos subidos: se guardan fuera del espacio de trabajo hasta que se aceptan.

El nombre que trae el navegador nunca se usa como ruta: cada carga vive en
``<carpeta temporal>/<id aleatorio>/datos<.xlsx|.ods|.csv|.json>`` y el nombre original sólo se
muestra. Revisar y aceptar llaman a `EspacioTrabajo.revisar` y `.actualizar`, los mismos que
`tfmt actualizar`; un archivo cuyos registros informan varios periodos se guarda como
`tfmt actualizar` sin --periodo (`revisar_por_periodo`, `actualizar_por_periodo`).
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen
from starlette.datastructures import UploadFile

from ..atomico import escribir_atomico
from ..documento import Documento
from ..entorno import Entorno
from ..errores import ErrorDeDatos, ErrorDeUso, VersionCambiada
from ..espacio import EspacioTrabajo, VariosPeriodos, Version
from ..modelos import ErrorValidacion

EXTENSIONES = (".xlsx", ".ods", ".csv", ".json")
_ID = re.compile(r"^[0-9a-f]{32}$")


@frozen
class Carga:
    """Un archivo subido, guardado aparte hasta que se acepta."""

    id: str
    carpeta: Path
    formato: str
    periodo: str
    nombre: str  # el nombre original, sólo para mostrarlo
    extension: str
    base: str  # sha256 de la versión vigente al subir («» si no había)
    #: Si los registros informan varios periodos (entonces `periodo` es «»): de cada uno, el
    #: sha256 de su versión vigente al revisar («» si no había).
    bases: tuple[tuple[str, str], ...] = ()

    @property
    def datos(self) -> Path:
        """Ruta del archivo subido."""
        return self.carpeta / f"datos{self.extension}"


@frozen
class Revision:
    """Lo que dijo la validación de una carga y qué cambiaría."""

    carga: Carga
    valido: bool
    hallazgos: tuple[ErrorValidacion, ...]
    errores: int
    advertencias: int
    registros: int
    error_lectura: str | None
    cambios: dict[str, Any] | None  # diferencias con la versión vigente, si la hay
    #: Un archivo con registros de varios periodos: lo que se guardaría en cada uno.
    periodos: tuple[PeriodoRevisado, ...] = ()


@frozen
class PeriodoRevisado:
    """Un periodo de un archivo con varios: sus registros y qué cambia en su documento."""

    clave: str
    registros: int
    base: str
    cambios: dict[str, Any] | None


@frozen
class Conflicto:
    """Alguien guardó otra versión después de que se subió la carga."""

    base: str
    actual: str
    mensaje: str
    #: Lo que cambió la otra persona (de la versión base a la actual) y lo que cambiaría el
    #: archivo subido sobre la actual.
    ajenos: dict[str, Any] | None
    propios: dict[str, Any] | None


@frozen
class Resultado:
    """Las rutas guardadas (una por periodo si los registros informan varios), o el
    conflicto que lo impidió."""

    rutas: tuple[Path, ...]
    conflicto: Conflicto | None


async def guardar(carpeta: Path, archivo: UploadFile, formato: str, periodo: str) -> Carga:
    """Guarda la subida en su carpeta (por bloques) y la registra."""
    nombre = Path((archivo.filename or "").replace("\\", "/")).name[:200]
    extension = Path(nombre).suffix.lower()
    if extension not in EXTENSIONES:
        raise ErrorDeUso(
            f"«{nombre}» no es un archivo que se pueda revisar. Suba la plantilla XLSX del "
            "SIPOT (o la misma guardada como .ods), un CSV o un JSON del formato."
        )
    ident = secrets.token_hex(16)
    destino = carpeta / ident
    destino.mkdir(parents=True)
    with (destino / f"datos{extension}").open("wb") as salida:
        while bloque := await archivo.read(1 << 20):
            salida.write(bloque)
    carga = Carga(ident, destino, formato, periodo, nombre, extension, "")
    _escribir_meta(carga)
    return carga


def _escribir_meta(carga: Carga) -> None:
    meta = {
        "formato": carga.formato,
        "periodo": carga.periodo,
        "nombre": carga.nombre,
        "extension": carga.extension,
        "base": carga.base,
        "bases": dict(carga.bases),
    }
    escribir_atomico(carga.carpeta / "carga.json", json.dumps(meta).encode("utf-8"))


def abrir(carpeta: Path, ident: str) -> Carga:
    """La carga `ident`; ErrorDeUso si no es válida o ya no existe."""
    if not _ID.match(ident or ""):
        raise ErrorDeUso("La carga indicada no es válida. Vuelva a subir el archivo.")
    destino = carpeta / ident
    try:
        meta = json.loads((destino / "carga.json").read_text("utf-8"))
    except (OSError, ValueError):
        raise ErrorDeUso(
            "Esa carga ya no existe (ya se aceptó o se reinició «tfmt servir»). Vuelva a subir "
            "el archivo."
        ) from None
    if meta.get("extension") not in EXTENSIONES:
        raise ErrorDeUso("La carga indicada no es válida. Vuelva a subir el archivo.")
    return Carga(
        ident,
        destino,
        str(meta["formato"]),
        str(meta["periodo"]),
        str(meta["nombre"]),
        str(meta["extension"]),
        str(meta.get("base", "")),
        tuple((str(k), str(v)) for k, v in dict(meta.get("bases") or {}).items()),
    )


def _vigente(e: EspacioTrabajo, formato: str, periodo: str, huella: str) -> Version | None:
    for v in e.versiones(formato, periodo):
        if v.sha256 == huella:
            return v
    return None


def revisar(e: EspacioTrabajo, carga: Carga) -> Revision:
    """Valida como lo haría `tfmt actualizar`, sin guardar nada en el espacio."""
    base = e.sha256_vigente(carga.formato, carga.periodo)
    carga = Carga(
        carga.id, carga.carpeta, carga.formato, carga.periodo, carga.nombre, carga.extension, base
    )
    _escribir_meta(carga)
    try:
        documento, informe = e.revisar(carga.formato, carga.periodo, carga.datos)
    except VariosPeriodos as varios:
        return _revisar_por_periodo(e, carga, varios.documento)
    except (ErrorDeDatos, ErrorDeUso) as exc:
        return _revision_fallida(carga, exc)
    if not informe.valido:
        shutil.rmtree(carga.carpeta, ignore_errors=True)
    cambios = None
    actual = _vigente(e, carga.formato, carga.periodo, base) if base else None
    if actual is not None and informe.valido:
        cambios = e.diferencias(actual, documento)
    return Revision(
        carga,
        informe.valido,
        tuple(informe.errores),
        len(informe.solo_errores),
        len(informe.advertencias),
        len(documento.registros),
        None,
        cambios,
    )


def _revision_fallida(carga: Carga, exc: ErrorDeDatos | ErrorDeUso) -> Revision:
    """La carga no se puede leer o no es válida: se borra (nunca se podrá aceptar) y la
    revisión dice por qué."""
    shutil.rmtree(carga.carpeta, ignore_errors=True)
    errores = tuple(getattr(exc, "errores", []) or ())
    return Revision(carga, False, errores, len(errores), 0, 0, _sin_ruta(str(exc), carga), None)


def _revisar_por_periodo(e: EspacioTrabajo, carga: Carga, cargado: Documento) -> Revision:
    """Los registros informan varios periodos: un documento por periodo, como `tfmt
    actualizar` sin --periodo; de cada uno, la versión vigente de base y qué cambiaría.
    `cargado`: el archivo tal como ya se leyó (no se lee dos veces)."""
    try:
        partes = e.revisar_por_periodo(carga.formato, carga.datos, cargado=cargado)
    except (ErrorDeDatos, ErrorDeUso) as exc:
        return _revision_fallida(carga, exc)
    periodos = []
    for periodo, documento, _ in partes:
        base = e.sha256_vigente(carga.formato, periodo.clave)
        actual = _vigente(e, carga.formato, periodo.clave, base) if base else None
        cambios = e.diferencias(actual, documento) if actual is not None else None
        periodos.append(PeriodoRevisado(periodo.clave, len(documento.registros), base, cambios))
    carga = Carga(
        carga.id,
        carga.carpeta,
        carga.formato,
        "",
        carga.nombre,
        carga.extension,
        "",
        tuple((p.clave, p.base) for p in periodos),
    )
    _escribir_meta(carga)
    hallazgos = tuple(h for _, _, informe in partes for h in informe.errores)
    return Revision(
        carga,
        True,
        hallazgos,
        0,
        sum(len(informe.advertencias) for _, _, informe in partes),
        sum(p.registros for p in periodos),
        None,
        None,
        tuple(periodos),
    )


def _sin_ruta(mensaje: str, carga: Carga) -> str:
    """Los mensajes hablan del archivo por el nombre que la persona le dio, no del temporal."""
    return mensaje.replace(str(carga.datos), f"«{carga.nombre}»")


def aceptar(e: EspacioTrabajo, carga: Carga, base: str, autor: str | None) -> Resultado:
    """Guarda la carga como versión nueva con `EspacioTrabajo.actualizar` (atómico, con
    bitácora e historial). Si otra versión se guardó después de `base`, no guarda nada y
    devuelve el conflicto con las diferencias."""
    try:
        if carga.periodo:
            ruta, _ = e.actualizar(
                carga.formato, carga.periodo, carga.datos, autor=autor, base=base
            )
            rutas = [ruta]
        else:  # registros de varios periodos: uno por periodo, cada uno con su base
            guardados = e.actualizar_por_periodo(
                carga.formato, carga.datos, autor=autor, bases=dict(carga.bases)
            )
            rutas = [ruta for _, ruta, _ in guardados]
    except VersionCambiada as exc:
        if not carga.periodo:  # volver a aceptar, ya vistas las diferencias, guarda sobre ella
            bases = dict(carga.bases) | {exc.periodo: exc.actual}
            _escribir_meta(attrs.evolve(carga, bases=tuple(bases.items())))
        ajenos = propios = None
        actual = _vigente(e, carga.formato, exc.periodo, exc.actual) if exc.actual else None
        anterior = _vigente(e, carga.formato, exc.periodo, exc.base) if exc.base else None
        if actual is not None and anterior is not None:
            ajenos = e.diferencias(anterior, actual)
        elif actual is not None:
            ajenos = {
                "agregados": [{"registro": i} for i in range(1, actual.registros + 1)],
                "quitados": [],
                "cambiados": [],
            }
        try:
            documento = _documento_del_periodo(e, carga, exc.periodo)
            if actual is not None:
                propios = e.diferencias(actual, documento)
        except (ErrorDeDatos, ErrorDeUso):
            propios = None
        return Resultado((), Conflicto(exc.base, exc.actual, str(exc), ajenos, propios))
    except ErrorDeDatos as exc:
        raise ErrorDeDatos(_sin_ruta(str(exc), carga), errores=list(exc.errores)) from exc
    shutil.rmtree(carga.carpeta, ignore_errors=True)
    return Resultado(tuple(rutas), None)


def _documento_del_periodo(e: EspacioTrabajo, carga: Carga, clave: str) -> Documento:
    """Lo que la carga guardaría en el periodo `clave`."""
    if carga.periodo:
        return e.revisar(carga.formato, carga.periodo, carga.datos)[0]
    return next(
        d for p, d, _ in e.revisar_por_periodo(carga.formato, carga.datos) if p.clave == clave
    )


def exportar_a_bytes(entorno: Entorno, documento: Documento, exportador: str, nombre: str) -> bytes:
    """Exporta con `Entorno.exportar_archivo`, como el CLI, a un temporal fuera del espacio."""
    with tempfile.TemporaryDirectory(prefix="tfmt-descarga-") as tmp:
        destino = Path(tmp) / nombre
        entorno.exportar_archivo(documento, exportador, destino)
        return destino.read_bytes()
