"""Reglas que un esquema no puede decir, como plugin integrado del gancho `validar_documento`."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from .documento import Documento, fecha
from .glifos import describir, sin_glifo
from .modelos import ErrorValidacion, Formato
from .opcionales import jsonschema_rs
from .plugins import hookimpl
from .texto import describir_control, tiene_control
from .validacion_rs import PATRON_DIBUJABLE, PISTA_CONTROL

#: Escapes de json.dumps que delatan un carácter de control o un sustituto suelto.
_SOSPECHA = re.compile(r"\\u00[01][0-9a-f]|\\u007f|\\[bf]|\\ud[89a-f]|\\u202[a-e]|\\u206[6-9]")
#: Marcas de dirección: «\u202e» hace que «fdp.exe» se vea «exe.pdf».
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _titulo(formato: Formato, clave: str, defecto: str) -> str:
    col = formato.columna(clave)
    return col.titulo if col else defecto


@hookimpl
def validar_documento(formato: Formato, documento: Documento) -> list[ErrorValidacion]:
    """Reglas integradas que un esquema no puede decir."""
    datos = documento.datos
    errores = _reglas_del_sobre(formato, datos, None, None)
    ejercicio = datos.get("ejercicio")
    if isinstance(ejercicio, int) and not isinstance(ejercicio, bool):
        errores.extend(_anios_del_ejercicio(formato, documento, ejercicio))
    # Un registro con su propio ejercicio, periodo o fechas (columnas de cada fila en el
    # SIPOT) se revisa con sus valores; sólo se dice lo que depende de lo que trae.
    for numero, reg in documento.con_sobre_propio():
        efectivo = {k: reg[k] if k in reg else datos.get(k) for k in _CLAVES_REGLAS}
        errores.extend(_reglas_del_sobre(formato, efectivo, numero, reg.keys()))
    errores.extend(_caracteres_de_control(formato, documento))
    errores.extend(_logo(documento))
    return errores


#: Las claves del sobre que usan las reglas de fechas.
_CLAVES_REGLAS = ("ejercicio", "periodo", "fecha_actualizacion", "fecha_validacion")


def _reglas_del_sobre(
    formato: Formato,
    datos: Mapping[str, Any],
    registro: int | None,
    propias: Collection[str] | None,
) -> list[ErrorValidacion]:
    """Periodo en orden, dentro del ejercicio y validación ≥ actualización, para el sobre del
    documento (`registro` None) o el de un registro (sólo las reglas en que entra una de sus
    `propias`: las demás ya se dijeron una vez para el documento)."""

    def aplica(*claves: str) -> bool:
        return propias is None or any(c in propias for c in claves)

    errores: list[ErrorValidacion] = []
    crudo = datos.get("periodo")
    periodo: Mapping[str, Any] = crudo if isinstance(crudo, Mapping) else {}
    inicio, termino = fecha(periodo.get("inicio")), fecha(periodo.get("termino"))
    t_inicio = _titulo(formato, "periodo_inicio", "Fecha de inicio del periodo que se informa")
    t_termino = _titulo(formato, "periodo_termino", "Fecha de término del periodo que se informa")
    if inicio and termino and termino < inicio and aplica("periodo"):
        errores.append(
            ErrorValidacion(
                codigo="periodo-invertido",
                mensaje=f"La «{t_termino}» ({termino:%d/%m/%Y}) es anterior a la «{t_inicio}» "
                f"({inicio:%d/%m/%Y}); corrija el orden de las fechas del periodo.",
                registro=registro,
                columna=t_termino,
                clave="periodo_termino",
                valor=periodo.get("termino"),
            )
        )
    ejercicio = datos.get("ejercicio")
    if (
        isinstance(ejercicio, int)
        and not isinstance(ejercicio, bool)
        and aplica("ejercicio", "periodo")
    ):
        for clave, titulo, f in (
            ("periodo_inicio", t_inicio, inicio),
            ("periodo_termino", t_termino, termino),
        ):
            if f and f.year != ejercicio:
                errores.append(
                    ErrorValidacion(
                        codigo="fecha-fuera-del-ejercicio",
                        mensaje=f"La «{titulo}» ({f:%d/%m/%Y}) no cae dentro del ejercicio "
                        f"{ejercicio}; "
                        "el periodo que se informa debe pertenecer al ejercicio.",
                        registro=registro,
                        columna=titulo,
                        clave=clave,
                        valor=f.isoformat(),
                    )
                )
    actualizacion = fecha(datos.get("fecha_actualizacion"))
    validacion = fecha(datos.get("fecha_validacion"))
    if (
        actualizacion
        and validacion
        and validacion < actualizacion
        and aplica("fecha_actualizacion", "fecha_validacion")
    ):
        t_val = _titulo(formato, "fecha_validacion", "Fecha de validación")
        errores.append(
            ErrorValidacion(
                codigo="validacion-anterior",
                mensaje=f"La «{t_val}» ({validacion:%d/%m/%Y}) es anterior a la fecha de "
                "actualización "
                f"({actualizacion:%d/%m/%Y}); la validación confirma lo ya actualizado, "
                "así que debe ser igual o posterior.",
                registro=registro,
                columna=t_val,
                clave="fecha_validacion",
                valor=datos.get("fecha_validacion"),
            )
        )
    return errores


#: Primeros bytes de las imágenes que ponen los exportadores (PNG, JPEG, GIF).
_FIRMAS_IMAGEN = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def _logo(documento: Documento) -> list[ErrorValidacion]:
    """Un logo que no se puede usar se dice (antes se omitía del DOCX y del PDF sin aviso)."""
    so = documento.datos.get("sujeto_obligado")
    logo = so.get("logo") if isinstance(so, Mapping) else None
    if logo in (None, ""):
        return []
    problema = None
    if not isinstance(logo, str):
        problema = "debe ser el nombre de un archivo de imagen"
    else:
        ruta = Path(logo)
        if ruta.is_absolute() or ".." in ruta.parts:
            problema = (
                "debe ser una ruta relativa a la carpeta del documento, sin «..» (p. ej. "
                "«logo.png» junto al archivo)"
            )
        else:
            completa = (documento.origen.parent if documento.origen else Path.cwd()) / ruta
            try:
                with completa.open("rb") as f:
                    cabeza = f.read(8)
            except IsADirectoryError:
                problema = "es una carpeta, no una imagen"
            except FileNotFoundError:
                problema = f"no existe ({completa})"
            except OSError as exc:
                problema = f"no se puede leer ({exc.strerror or 'error del sistema'})"
            else:
                if not cabeza.startswith(_FIRMAS_IMAGEN):
                    problema = "no es una imagen PNG, JPEG ni GIF"
    if problema is None:
        return []
    return [
        ErrorValidacion(
            codigo="logo-inutilizable",
            mensaje=f"El logo «{logo}» {problema}; los documentos saldrán sin logo. Corrija "
            "la ruta en «sujeto_obligado.logo» (o en transparencia.toml).",
            severidad="advertencia",
            columna="Sujeto obligado › logo",
            clave="sujeto_obligado.logo",
            valor=logo if isinstance(logo, str) else repr(logo)[:80],
        )
    ]


def _caracteres_de_control(formato: Formato, documento: Documento) -> list[ErrorValidacion]:
    """Avisa de caracteres que XML no admite: al exportar \\x0b es salto de línea y el resto
    se quita; el aviso dice dónde, para corregirlo en el origen."""
    registros = documento.registros if formato.tipo == "tabular" else []
    pista = PISTA_CONTROL.get()
    revisar: Mapping[int, Collection[str] | None] | None = None
    if pista is not None and formato.tipo == "tabular" and pista[0] == id(registros):
        # Sólo esos registros (y de ellos esas claves; None: todas) pueden traer controles;
        # el sobre, aparte.
        revisar = pista[1]
        sobre = {k: v for k, v in documento.datos.items() if k != "registros"}
        if not revisar and _sin_control(sobre):
            return []
    elif _sin_control(documento.datos):
        return []
    avisos = []
    lugares: list[tuple[int | None, str, Any]] = [
        (None, k, v) for k, v in documento.datos.items() if k != "registros"
    ]
    indices = sorted(revisar) if revisar is not None else range(len(registros))
    for i in indices:
        reg = registros[i]
        claves = revisar.get(i) if revisar is not None else None
        if isinstance(reg, Mapping):
            lugares.extend((i + 1, k, v) for k, v in reg.items() if claves is None or k in claves)
    for registro, clave, valor in lugares:
        for ruta, texto in _textos(valor, []):
            if _BIDI.search(texto):
                avisos.append(_aviso_bidi(formato, registro, clave, ruta, texto))
            faltan = sin_glifo(texto)
            if faltan:
                avisos.append(_aviso_sin_glifo(formato, registro, clave, ruta, texto, faltan))
            if not tiene_control(texto):
                continue
            titulo, fila = _titulo_y_fila(formato, clave, ruta)
            avisos.append(
                ErrorValidacion(
                    codigo="caracter-de-control",
                    mensaje=f"«{titulo}» contiene caracteres de control "
                    f"({describir_control(texto)}) que "
                    "Word y PDF no admiten: al exportar, U+000B y U+000C se vuelven salto de "
                    "línea y los demás se quitan. Corríjalo en el archivo de origen.",
                    severidad="advertencia",
                    registro=registro,
                    columna=titulo,
                    clave=clave,
                    valor=texto.encode("utf-8", "backslashreplace").decode("utf-8")[:200],
                    fila=fila,
                )
            )
    return avisos


def _titulo_y_fila(formato: Formato, clave: str, ruta: list[Any]) -> tuple[str, int | None]:
    """El título de la columna (en una tabla secundaria, «Tabla › Subcolumna») y la fila de
    la tabla secundaria (desde 1), para ubicar un aviso sobre el texto de `ruta`."""
    col = formato.columna(clave)
    if not (ruta and col is not None and col.subcolumnas):
        return (col.titulo if col else clave), None
    sub = next((s for s in col.subcolumnas if s.clave in ruta), None)
    fila = next((p + 1 for p in ruta if isinstance(p, int)), None)
    return (f"{col.titulo} › {sub.titulo}" if sub is not None else col.titulo), fila


def _aviso_sin_glifo(
    formato: Formato,
    registro: int | None,
    clave: str,
    ruta: list[Any],
    texto: str,
    faltan: list[str],
) -> ErrorValidacion:
    """Emoji y letras que la fuente del PDF no trae: el PDF los escribe «?» (Word, CSV y XLSX
    los conservan); se avisa dónde, para que nada cambie en silencio."""
    titulo, fila = _titulo_y_fila(formato, clave, ruta)
    return ErrorValidacion(
        codigo="sin-glifo-pdf",
        mensaje=f"«{titulo}» trae caracteres que la letra del PDF no tiene ({describir(faltan)}): "
        "en el PDF saldrán como «?»; Word, CSV y XLSX los conservan. Si no hacen falta, "
        "quítelos o escríbalos con letras.",
        severidad="advertencia",
        registro=registro,
        columna=titulo,
        clave=clave,
        valor=texto[:200],
        fila=fila,
    )


def _aviso_bidi(
    formato: Formato, registro: int | None, clave: str, ruta: list[Any], texto: str
) -> ErrorValidacion:
    col = formato.columna(clave)
    titulo = col.titulo if col else clave
    fila = (
        next((p + 1 for p in ruta if isinstance(p, int)), None) if col and col.subcolumnas else None
    )
    marcas = ", ".join(sorted({f"U+{ord(c):04X}" for c in _BIDI.findall(texto)}))
    return ErrorValidacion(
        codigo="control-bidi",
        mensaje=f"«{titulo}» trae marcas de dirección del texto ({marcas}) que cambian el orden "
        "en que se ve: «fdp.exe» puede verse «exe.pdf». Se publican tal cual; quítelas si no "
        "escribe en árabe o hebreo.",
        severidad="advertencia",
        registro=registro,
        columna=titulo,
        clave=clave,
        valor=texto.encode("unicode_escape").decode("ascii")[:200],
        fila=fila,
    )


_LIMPIO = {
    "$defs": {
        "v": {
            "anyOf": [
                {"type": "string", "pattern": PATRON_DIBUJABLE},
                {"type": ["number", "boolean", "null"]},
                {"type": "array", "items": {"$ref": "#/$defs/v"}},
                {"type": "object", "additionalProperties": {"$ref": "#/$defs/v"}},
            ]
        }
    },
    "$ref": "#/$defs/v",
}


@functools.cache
def _validador_limpio() -> Any:
    if jsonschema_rs is None:  # pragma: no cover - depende de la plataforma
        return None
    return jsonschema_rs.Draft202012Validator(_LIMPIO)


def _sin_control(datos: Any) -> bool:
    """Comprobación rápida (jsonschema-rs); ante la duda, False y se revisa texto por texto."""
    validador = _validador_limpio()
    if validador is not None:
        try:
            return bool(validador.is_valid(datos))
        except Exception:  # noqa: BLE001 - p. ej. un sustituto suelto que Rust no acepta
            return False
    if _SOSPECHA.search(json.dumps(datos, ensure_ascii=True)):
        return False
    return not sin_glifo(json.dumps(datos, ensure_ascii=False))


def _textos(valor: Any, ruta: list[Any]) -> list[tuple[list[Any], str]]:
    if isinstance(valor, str):
        return [(ruta, valor)]
    if isinstance(valor, Mapping):
        return [t for k, v in valor.items() for t in _textos(v, [*ruta, k])]
    if isinstance(valor, list):
        return [t for i, v in enumerate(valor) for t in _textos(v, [*ruta, i])]
    return []


def _anios_del_ejercicio(
    formato: Formato, documento: Documento, ejercicio: int
) -> list[ErrorValidacion]:
    """Un año marcado en el esquema con ``x-anio-del-ejercicio`` que contradice el ejercicio."""
    avisos = []
    propiedades: Mapping[str, Any] = formato.esquema.get("properties", {})
    for clave, definicion in propiedades.items():
        if not isinstance(definicion, Mapping) or not definicion.get("x-anio-del-ejercicio"):
            continue
        valor = documento.datos.get(clave)
        if isinstance(valor, int) and valor != ejercicio:
            titulo = definicion.get("title", clave)
            avisos.append(
                ErrorValidacion(
                    codigo="anio-distinto-del-ejercicio",
                    mensaje=f"«{titulo}» dice {valor} pero el documento es del ejercicio "
                    f"{ejercicio}; "
                    f"si es un error de captura, cámbielo a {ejercicio}.",
                    severidad="advertencia",
                    columna=titulo,
                    clave=clave,
                    valor=valor,
                )
            )
    return avisos
