"""Archivos subidos: se guardan fuera del espacio de trabajo hasta que se aceptan.

El nombre que trae el navegador nunca se usa como ruta: cada carga vive en
``<carpeta temporal>/<id aleatorio>/datos<.xlsx|.csv|.json>`` y el nombre original sólo se
muestra. Revisar y aceptar llaman a `EspacioTrabajo.revisar` y `.actualizar`, los mismos que
`tfmt actualizar`.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any

from attrs import frozen
from starlette.datastructures import UploadFile

from ..atomico import escribir_atomico
from ..documento import Documento
from ..entorno import Entorno
from ..errores import ErrorDeDatos, ErrorDeUso, VersionCambiada
from ..espacio import EspacioTrabajo, Version
from ..modelos import ErrorValidacion

EXTENSIONES = (".xlsx", ".csv", ".json")
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
    """La ruta guardada o el conflicto que lo impidió."""

    ruta: Path | None
    conflicto: Conflicto | None


async def guardar(carpeta: Path, archivo: UploadFile, formato: str, periodo: str) -> Carga:
    """Guarda la subida en su carpeta (por bloques) y la registra."""
    nombre = Path((archivo.filename or "").replace("\\", "/")).name[:200]
    extension = Path(nombre).suffix.lower()
    if extension not in EXTENSIONES:
        raise ErrorDeUso(
            f"«{nombre}» no es un archivo que se pueda revisar. Suba la plantilla XLSX del "
            "SIPOT, un CSV o un JSON del formato."
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
    except (ErrorDeDatos, ErrorDeUso) as exc:
        shutil.rmtree(carga.carpeta, ignore_errors=True)  # nunca se podrá aceptar
        errores = tuple(getattr(exc, "errores", []) or ())
        return Revision(carga, False, errores, len(errores), 0, 0, _sin_ruta(str(exc), carga), None)
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


def _sin_ruta(mensaje: str, carga: Carga) -> str:
    """Los mensajes hablan del archivo por el nombre que la persona le dio, no del temporal."""
    return mensaje.replace(str(carga.datos), f"«{carga.nombre}»")


def aceptar(e: EspacioTrabajo, carga: Carga, base: str, autor: str | None) -> Resultado:
    """Guarda la carga como versión nueva con `EspacioTrabajo.actualizar` (atómico, con
    bitácora e historial). Si otra versión se guardó después de `base`, no guarda nada y
    devuelve el conflicto con las diferencias."""
    try:
        ruta, _ = e.actualizar(carga.formato, carga.periodo, carga.datos, autor=autor, base=base)
    except VersionCambiada as exc:
        ajenos = propios = None
        actual = _vigente(e, carga.formato, carga.periodo, exc.actual) if exc.actual else None
        anterior = _vigente(e, carga.formato, carga.periodo, exc.base) if exc.base else None
        if actual is not None and anterior is not None:
            ajenos = e.diferencias(anterior, actual)
        elif actual is not None:
            ajenos = {
                "agregados": [{"registro": i} for i in range(1, actual.registros + 1)],
                "quitados": [],
                "cambiados": [],
            }
        try:
            documento, _ = e.revisar(carga.formato, carga.periodo, carga.datos)
            if actual is not None:
                propios = e.diferencias(actual, documento)
        except (ErrorDeDatos, ErrorDeUso):
            propios = None
        return Resultado(None, Conflicto(exc.base, exc.actual, str(exc), ajenos, propios))
    except ErrorDeDatos as exc:
        raise ErrorDeDatos(_sin_ruta(str(exc), carga), errores=list(exc.errores)) from exc
    shutil.rmtree(carga.carpeta, ignore_errors=True)
    return Resultado(ruta, None)


def exportar_a_bytes(entorno: Entorno, documento: Documento, exportador: str, nombre: str) -> bytes:
    """Exporta con el mismo `Entorno.exportar` que el CLI, a un temporal fuera del espacio."""
    with tempfile.TemporaryDirectory(prefix="tfmt-descarga-") as tmp:
        destino = Path(tmp) / nombre
        entorno.exportar(documento, exportador, destino)
        return destino.read_bytes()
