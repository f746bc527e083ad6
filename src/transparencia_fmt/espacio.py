"""Espacio de trabajo: los formatos de un sujeto obligado, por periodo, sin perder nada.

Una carpeta con ``transparencia.toml`` (el sujeto obligado y sus formatos aplicables),
``documentos/<ID>/<ejercicio>-<periodo>.json`` (versión vigente), ``historial/`` (cada versión
anterior, nunca sobrescrita), ``bitacora.jsonl`` (quién cambió qué y cuándo) y ``publicado/``.
Toda escritura es atómica y un candado serializa las actualizaciones concurrentes.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import compress
from operator import not_
from pathlib import Path
from typing import Any

from attrs import define, evolve, frozen

from .atomico import escribir_atomico, limpiar_temporales
from .cambios_sobre import cambios_del_documento, nombrar_cambios_del_sobre
from .candado import Candado
from .catalogo import normalizar
from .documento import Documento, documento_desde_dict
from .documento import fecha as fecha_iso
from .entorno import Entorno
from .errores import ErrorDeDatos, ErrorDePlugin, ErrorDeUso, VersionCambiada
from .fallos import error_de_sistema, limpiar_terminal
from .filas import fecha_iso_a_mx
from .modelos import ErrorValidacion, Informe
from .periodos import PeriodoInforme, interpretar_periodo, periodo_de_fechas
from .plugins import Aportacion
from .redaccion import cantidad
from .salidas import nombre_archivo
from .texto import describir_control

ARCHIVO_CONFIG = "transparencia.toml"
_ID_SEGURO = re.compile(r"^[A-Za-z0-9_]{1,80}$")
#: Un nombre corto («5 LGT_Art_70_Fr_V», «71-I-a LGT_Art_71_Fr_I», «Boletín»): sin
#: separadores de ruta ni «..»; de todos modos sólo vale si el catálogo lo conoce.
_NOMBRE_CORTO = re.compile(r"^(?!.*\.\.)[^/\\\x00-\x1f]{1,120}$")
CAMPOS_SUJETO = (
    "nombre",
    "entidad",
    "municipio",
    "lema",
    "logo",
    "domicilio",
    "telefono",
    "sitio_web",
)


@frozen
class Version:
    """Una versión guardada en el historial de un formato y periodo (la arma `versiones`)."""

    formato: str
    periodo: str
    ruta: Path
    sha256: str
    registros: int
    vigente: bool
    #: Cuándo y quién, según la bitácora; None si la bitácora no registra esta versión.
    fecha: str | None
    autor: str | None


def _toml(valor: Any) -> str:
    if isinstance(valor, bool):
        return "true" if valor else "false"
    if isinstance(valor, int | float):
        return str(valor)
    if isinstance(valor, list):
        return "[\n" + "".join(f"  {_toml(v)},\n" for v in valor) + "]"
    return json.dumps(str(valor), ensure_ascii=False)  # una cadena JSON es una cadena TOML básica


def _escribir_config(ruta: Path, config: dict[str, dict[str, Any]]) -> None:
    lineas = ["# Espacio de trabajo de transparencia_fmt. Edítelo con cuidado: es TOML.", ""]
    for seccion, valores in config.items():
        lineas.append(f"[{seccion}]")
        lineas += [f"{k} = {_toml(v)}" for k, v in valores.items()]
        lineas.append("")
    escribir_atomico(ruta, "\n".join(lineas).encode("utf-8"))


def sha256(datos: bytes) -> str:
    """Huella SHA-256 de unos bytes, en hexadecimal."""
    return hashlib.sha256(datos).hexdigest()


@define(eq=False)
class EspacioTrabajo:
    """Una carpeta de trabajo: configuración, documentos, historial, bitácora y publicado.

    Se abre con `abrir`, `buscar` o `iniciar` (la lectura del archivo no va en __init__)."""

    raiz: Path
    entorno: Entorno
    config: dict[str, Any]

    @classmethod
    def abrir(cls, raiz: Path, entorno: Entorno) -> EspacioTrabajo:
        """El espacio de la carpeta `raiz`; ErrorDeUso si no lo es, ErrorDeDatos (con el
        archivo y la clave) si su transparencia.toml no se puede leer o tiene tipos equivocados."""
        if raiz.exists() and not raiz.is_dir():
            raise ErrorDeUso(
                f"{limpiar_terminal(str(raiz))} es un archivo, no la carpeta de un espacio de "
                "trabajo. Indique la carpeta con --espacio."
            )
        raiz = raiz.resolve()
        ruta = raiz / ARCHIVO_CONFIG
        try:
            texto = ruta.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise ErrorDeUso(
                f"{raiz} no es un espacio de trabajo (falta {ARCHIVO_CONFIG}). "
                "Créelo con «tfmt iniciar CARPETA --nombre …»."
            ) from None
        except UnicodeDecodeError as exc:
            raise ErrorDeDatos(
                f"{ruta}: no está en UTF-8 (byte 0x{exc.object[exc.start]:02X}); guárdelo "
                "como UTF-8.",
                archivo=str(ruta),
            ) from None
        except OSError as exc:
            raise error_de_sistema(exc, ruta, "leer") from exc
        try:
            config = tomllib.loads(texto)
        except tomllib.TOMLDecodeError as exc:
            raise ErrorDeDatos(
                f"{ruta} no es TOML válido: {exc}. Corríjalo con un editor de texto.",
                archivo=str(ruta),
            ) from exc
        _revisar_config(config, ruta)
        return cls(raiz, entorno, config)

    # -- creación y apertura ------------------------------------------------------------
    @classmethod
    def iniciar(
        cls, raiz: Path, entorno: Entorno, url_base: str | None = None, **sujeto: str | None
    ) -> EspacioTrabajo:
        """Crea el espacio en `raiz` (carpetas, configuración, bitácora). `url_base`: la
        dirección pública de `publicado/` (``[publicacion] url_base``), si ya se sabe."""
        if (raiz / ARCHIVO_CONFIG).exists():
            raise ErrorDeUso(f"{raiz} ya es un espacio de trabajo; no se sobrescribe.")
        if not sujeto.get("nombre"):
            raise ErrorDeUso("Falta --nombre: el nombre del sujeto obligado.")
        for campo, valor in sujeto.items():
            if valor and _CONTROL_TOML.search(valor):
                raise ErrorDeUso(
                    f"--{campo.replace('_', '-')} trae caracteres de control o inválidos "
                    f"({describir_control(valor) or 'sustitutos sueltos'}); escríbalo sin ellos."
                )
        publicacion: dict[str, Any] = {"exportadores": ["csv", "docx", "pdf"]}
        if url_base:
            publicacion["url_base"] = _url_publica(url_base)
        if raiz.exists() and not raiz.is_dir():
            raise ErrorDeUso(f"{limpiar_terminal(str(raiz))} es un archivo, no una carpeta.")
        for carpeta in ("documentos", "historial", "publicado"):
            try:
                (raiz / carpeta).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise error_de_sistema(exc, raiz / carpeta, "crear la carpeta") from exc
        aplicables = [
            f.id
            for f in entorno.catalogo
            if any(
                x.get("articulo") in (70, 71) and "2015" in str(x.get("ley")) for x in f.fundamento
            )
            and f.tipo == "tabular"
        ]
        _escribir_config(
            raiz / ARCHIVO_CONFIG,
            {
                "sujeto_obligado": {k: sujeto.get(k) or "" for k in CAMPOS_SUJETO},
                "formatos": {"aplicables": aplicables},
                "publicacion": publicacion,
            },
        )
        try:
            (raiz / "bitacora.jsonl").touch()
        except OSError as exc:
            raise error_de_sistema(exc, raiz / "bitacora.jsonl") from exc
        return cls.abrir(raiz, entorno)

    @classmethod
    def buscar(cls, desde: Path, entorno: Entorno) -> EspacioTrabajo:
        """El espacio que contiene `desde` (la carpeta o una de sus madres)."""
        for carpeta in [desde.resolve(), *desde.resolve().parents]:
            if (carpeta / ARCHIVO_CONFIG).exists():
                return cls.abrir(carpeta, entorno)
        return cls.abrir(desde, entorno)  # da el error «no es un espacio de trabajo»

    # -- datos del espacio ----------------------------------------------------------------
    @property
    def sujeto(self) -> dict[str, str]:
        """Datos del sujeto obligado (sólo los que tienen valor)."""
        so = self.config.get("sujeto_obligado", {})
        return {k: str(v) for k, v in so.items() if v}

    @property
    def aplicables(self) -> list[str]:
        """Ids de los formatos que aplican al sujeto obligado."""
        return list(self.config.get("formatos", {}).get("aplicables", []))

    @property
    def exportadores_publicacion(self) -> list[str]:
        """Exportadores con que `publicar` escribe cada documento."""
        return list(self.config.get("publicacion", {}).get("exportadores", ["csv", "docx", "pdf"]))

    def formato_seguro(self, formato_id: str) -> str:
        """El id de un formato que existe, dado por su id o su nombre corto (como en los
        demás comandos), y que no puede salir del espacio: letras, dígitos y «_»."""
        texto = formato_id or ""
        if not _ID_SEGURO.match(texto) and not _NOMBRE_CORTO.match(texto):
            raise ErrorDeUso(
                f"«{formato_id}» no es un id de formato válido (sólo letras, números y «_», "
                "o el nombre corto, p. ej. «5 LGT_Art_70_Fr_V»)."
            )
        encontrado = self.entorno.catalogo.formato(texto).id
        if not _ID_SEGURO.match(encontrado):  # un plugin con un id que no sirve de carpeta
            raise ErrorDeUso(
                f"El formato «{encontrado}» tiene un id que no puede ser nombre de carpeta "
                "(sólo letras, números y «_»); pida al autor de su plugin que lo cambie."
            )
        return encontrado

    def _dentro(self, ruta: Path) -> Path:
        ruta = ruta.resolve()
        if self.raiz not in ruta.parents and ruta != self.raiz:
            raise ErrorDeUso(f"La ruta {ruta} queda fuera del espacio de trabajo.")
        return ruta

    def ruta_vigente(self, formato_id: str, periodo: PeriodoInforme) -> Path:
        """Ruta del documento vigente de un formato y periodo."""
        return self._dentro(self.raiz / "documentos" / formato_id / f"{periodo.clave}.json")

    # -- actualizar -----------------------------------------------------------------------
    def actualizar(
        self,
        formato_id: str,
        periodo_texto: str,
        datos: Path,
        autor: str | None = None,
        hoy: dt.date | None = None,
        publicar: bool = True,
        base: str | None = None,
    ) -> tuple[Path, Informe]:
        """Valida y guarda la nueva versión; la anterior pasa intacta a historial/.

        Si el documento no es válido levanta ErrorDeDatos (con el informe) y no cambia nada.
        `base` (concurrencia optimista): el sha256 de la versión vigente sobre la que se
        trabajó («» si no había); si otra persona guardó otra antes, levanta VersionCambiada.
        """
        formato_id = self.formato_seguro(formato_id)
        periodo = interpretar_periodo(periodo_texto)
        documento, informe = self.revisar(formato_id, periodo.clave, datos, hoy)
        _exigir_valido(datos, informe)
        return self._guardar(formato_id, periodo, documento, autor, publicar, base), informe

    def actualizar_por_periodo(
        self,
        formato_id: str,
        datos: Path,
        autor: str | None = None,
        hoy: dt.date | None = None,
        publicar: bool = True,
        bases: dict[str, str] | None = None,
    ) -> list[tuple[PeriodoInforme, Path, Informe]]:
        """Sin --periodo: el periodo lo dicen los registros. Un archivo cuyos registros informan
        varios (una descarga de la PNT con tres ejercicios) se guarda como un documento por
        periodo, cada uno con su historial; si alguno no es válido no se guarda ninguno.
        `bases` (concurrencia optimista, como `base` en `actualizar`): periodo → sha256 de la
        versión vigente sobre la que se trabajó; si una cambió, VersionCambiada y nada se guarda."""
        formato_id = self.formato_seguro(formato_id)
        partes = self.revisar_por_periodo(formato_id, datos, hoy)
        if bases is not None:
            for periodo, _, _ in partes:
                base = bases.get(periodo.clave, "")
                if (actual := self.sha256_vigente(formato_id, periodo.clave)) != base:
                    raise VersionCambiada(formato_id, periodo.clave, base, actual)
        guardados: list[tuple[PeriodoInforme, Path, Informe]] = []
        fallos: list[ErrorDePlugin] = []
        for periodo, documento, inf in partes:
            previa = None if bases is None else bases.get(periodo.clave, "")
            try:
                vigente = self._guardar(formato_id, periodo, documento, autor, publicar, previa)
            except ErrorDePlugin as exc:  # guardado; sólo no se publicó con un plugin
                fallos.append(exc)
                vigente = self.ruta_vigente(formato_id, periodo)
            guardados.append((periodo, vigente, inf))
        if fallos:  # los demás periodos también se guardaron y publicaron
            raise ErrorDePlugin(" ".join(map(str, fallos)), plugin=fallos[0].plugin)
        return guardados

    def revisar_por_periodo(
        self,
        formato_id: str,
        datos: Path,
        hoy: dt.date | None = None,
        cargado: Documento | None = None,
    ) -> list[tuple[PeriodoInforme, Documento, Informe]]:
        """Lo que `actualizar_por_periodo` guardaría: un documento por periodo que informan los
        registros, con su informe. Sin guardar nada; ErrorDeDatos si alguno no es válido.
        `cargado`: `datos` ya leído (el de `VariosPeriodos.documento`), para no leerlo otra vez."""
        formato_id = self.formato_seguro(formato_id)
        if cargado is None:
            cargado = self._cargar(formato_id, datos)
        _exigir_valido(datos, _sin_lo_que_dan_los_registros(self.entorno.validar(cargado), cargado))
        hoy = hoy or dt.date.today()
        partes: list[tuple[PeriodoInforme, Documento, Informe]] = []
        for (_, inicio, termino), crudo in cargado.partir_por_periodo():
            periodo = _periodo_con_nombre(inicio, termino, datos)
            avisos = self._completar(crudo, formato_id, periodo, hoy, str(datos))
            documento = documento_desde_dict(crudo, self.entorno.catalogo, origen=datos)
            documento.hallazgos.extend(avisos)
            informe = self.entorno.validar(documento)
            _exigir_valido(datos, informe)
            partes.append((periodo, documento, informe))
        if not partes:
            raise ErrorDeDatos(f"{datos} no trae registros; no se guardó nada.", archivo=str(datos))
        return partes

    def _guardar(
        self,
        formato_id: str,
        periodo: PeriodoInforme,
        documento: Documento,
        autor: str | None,
        publicar: bool,
        base: str | None,
    ) -> Path:
        """Guarda la versión vigente; la anterior pasa intacta a historial/."""
        contenido = (json.dumps(documento.a_json(), ensure_ascii=False, indent=2) + "\n").encode()
        huella = sha256(contenido)
        with self.candado():
            self._bitacora(None)  # si la bitácora no se puede escribir, antes de tocar nada
            vigente = self.ruta_vigente(formato_id, periodo)
            if base is not None:
                actual = sha256(vigente.read_bytes()) if vigente.exists() else ""
                if actual != base:
                    raise VersionCambiada(formato_id, periodo.clave, base, actual)
            if vigente.exists():
                try:
                    anterior = vigente.read_bytes()
                except OSError as exc:
                    raise error_de_sistema(exc, vigente, "leer") from exc
                if sha256(anterior) == huella:
                    return vigente  # nada cambió: no se duplica la versión
                sello = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
                destino = self._dentro(
                    self.raiz
                    / "historial"
                    / formato_id
                    / periodo.clave
                    / f"{sello}-{sha256(anterior)[:12]}.json"
                )
                escribir_atomico(destino, anterior)
            escribir_atomico(vigente, contenido)
            self._bitacora(
                {
                    "fecha": dt.datetime.now().isoformat(timespec="seconds"),
                    "autor": autor or os.environ.get("USERNAME") or os.environ.get("USER") or "",
                    "accion": "actualizar",
                    "formato": formato_id,
                    "periodo": periodo.clave,
                    "registros": len(documento.registros),
                    "sha256": huella,
                }
            )
            if publicar:  # dentro del candado: otro `publicar` no escribe a la vez
                fallidos: list[tuple[Aportacion, ErrorDePlugin]] = []
                self.publicar_documento(vigente, fallidos=fallidos)
                if fallidos:  # la versión ya quedó guardada: se dice, no se deshace
                    raise ErrorDePlugin(
                        " ".join(str(exc) for _, exc in fallidos)
                        + f" La versión sí se guardó ({self._relativa(vigente)}) y los demás "
                        "exportadores de [publicacion] sí la publicaron.",
                        plugin=fallidos[0][1].plugin,
                    )
        return vigente

    def _relativa(self, ruta: Path) -> str:
        """`documentos/ID/2026-T1.json`: la ruta como la ve quien usa el espacio."""
        return ruta.relative_to(self.raiz).as_posix()

    def revisar(
        self, formato_id: str, periodo_texto: str, datos: Path, hoy: dt.date | None = None
    ) -> tuple[Documento, Informe]:
        """Lo que `actualizar` guardaría y su informe de validación, sin guardar nada."""
        formato_id = self.formato_seguro(formato_id)
        periodo = interpretar_periodo(periodo_texto)
        documento = self._preparar(formato_id, periodo, datos, hoy or dt.date.today())
        return documento, self.entorno.validar(documento)

    def sha256_vigente(self, formato_id: str, periodo_texto: str) -> str:
        """El sha256 de la versión vigente (el que registra la bitácora), «» si no hay."""
        periodo = interpretar_periodo(periodo_texto)
        ruta = self.ruta_vigente(self.formato_seguro(formato_id), periodo)
        return sha256(ruta.read_bytes()) if ruta.exists() else ""

    def _preparar(
        self, formato_id: str, periodo: PeriodoInforme, datos: Path, hoy: dt.date
    ) -> Documento:
        cargado = self._cargar(formato_id, datos)
        periodos = cargado.periodos()  # recorre todos los registros: una sola vez
        if len(periodos) > 1:
            # Antes de proponer un documento por periodo, lo que haya que corregir: una fecha
            # «N/D» o un periodo al revés también «son» otro periodo.
            informe = self.entorno.validar(cargado)
            _exigir_valido(datos, _sin_lo_que_dan_los_registros(informe, cargado))
        _un_solo_periodo(periodos, cargado, datos)
        crudo = cargado.a_json()
        propio = _periodo_informado(periodos, cargado)
        if propio is not None and propio != (periodo.inicio, periodo.termino):
            raise ErrorDeDatos(
                f"{datos} informa el periodo {propio[0]:%d/%m/%Y}–{propio[1]:%d/%m/%Y}, "
                f"pero se pidió el periodo {periodo.clave} ({periodo.inicio:%d/%m/%Y}–"
                f"{periodo.termino:%d/%m/%Y}). Corrija uno de los dos.",
                archivo=str(datos),
            )
        avisos = self._completar(crudo, formato_id, periodo, hoy, str(datos))
        documento = documento_desde_dict(crudo, self.entorno.catalogo, origen=datos)
        documento.hallazgos.extend(cargado.hallazgos)
        documento.hallazgos.extend(avisos)
        return documento

    def _cargar(self, formato_id: str, datos: Path) -> Documento:
        cargado = self.entorno.cargar(datos)
        if cargado.formato.id != formato_id:
            raise ErrorDeDatos(
                f"{datos} es del formato {cargado.formato.id}, no de {formato_id}; "
                "revise el archivo.",
                archivo=str(datos),
            )
        return cargado

    def _completar(
        self,
        crudo: dict[str, Any],
        formato_id: str,
        periodo: PeriodoInforme,
        hoy: dt.date,
        archivo: str,
    ) -> list[ErrorValidacion]:
        """Llena sólo lo que falta (nunca cambia lo que la persona dio) y dice qué llenó."""
        avisos: list[ErrorValidacion] = []

        def advertir(codigo: str, columna: str, mensaje: str, valor: Any = None) -> None:
            """Toda nota de esta etapa es advertencia (casi siempre, «se llenó lo que faltaba»)."""
            avisos.append(
                ErrorValidacion(
                    codigo=codigo,
                    mensaje=mensaje,
                    severidad="advertencia",
                    columna=columna,
                    valor=valor,
                    archivo=archivo,
                )
            )

        if formato_id not in self.aplicables:
            advertir(
                "no-aplica",
                columna="Formato",
                mensaje=f"Este espacio de trabajo marca {formato_id} como no aplicable "
                f"({ARCHIVO_CONFIG}, [formatos] aplicables); se guardó de todos modos. Si sí "
                "aplica, agréguelo a la lista para que «tfmt estado» lo cuente.",
                valor=formato_id,
            )
        crudo["formato"] = formato_id
        if crudo.get("ejercicio") in (None, ""):
            crudo["ejercicio"] = periodo.ejercicio
            advertir("completado", "Ejercicio", f"Se llenó con {periodo.ejercicio}, de --periodo.")
        elif isinstance(crudo["ejercicio"], int) and crudo["ejercicio"] != periodo.ejercicio:
            raise ErrorDeDatos(
                f"{archivo} dice ejercicio {crudo['ejercicio']}, pero pidió --periodo "
                f"{periodo.clave} (ejercicio {periodo.ejercicio}). Corrija uno de los dos.",
                archivo=archivo,
            )
        if not _con_fechas(crudo.get("periodo")):
            crudo["periodo"] = {
                "inicio": periodo.inicio.isoformat(),
                "termino": periodo.termino.isoformat(),
            }
            advertir(
                "completado",
                columna="Periodo que se informa",
                mensaje=f"Se llenó con {periodo.inicio:%d/%m/%Y}–{periodo.termino:%d/%m/%Y}, "
                "de --periodo.",
            )
        if _en_blanco(crudo.get("fecha_actualizacion")):
            crudo["fecha_actualizacion"] = hoy.isoformat()
            advertir(
                "completado",
                columna="Fecha de actualización",
                mensaje=f"No venía; se llenó con la fecha de hoy ({hoy:%d/%m/%Y}). Si el área la "
                "actualizó otro día, escriba esa fecha en el archivo y vuelva a guardarlo.",
                valor=hoy.isoformat(),
            )
        suyo = crudo.get("sujeto_obligado")
        nombre = suyo.get("nombre") if isinstance(suyo, dict) else suyo
        propio = self.sujeto.get("nombre", "")
        if not self.sujeto:
            pass
        elif _en_blanco(nombre):
            crudo["sujeto_obligado"] = self.sujeto
            advertir("completado", "Sujeto obligado", f"Se llenó con el del espacio ({propio}).")
        elif isinstance(suyo, str) and normalizar(suyo) == normalizar(propio):
            # El mismo sujeto: se le agregan lema, domicilio, logo… sin cambiar el nombre.
            crudo["sujeto_obligado"] = self.sujeto
        elif normalizar(str(nombre)) != normalizar(propio):
            advertir(
                "sujeto-distinto",
                columna="Sujeto obligado",
                mensaje=f"El archivo dice «{nombre}» y el espacio de trabajo «{propio}»; se "
                "conserva el del archivo. Si es un error, corríjalo en el archivo.",
                valor=nombre,
            )
        return avisos

    def _bitacora(self, entrada: dict[str, Any] | None) -> None:
        """Agrega una línea a la bitácora (con None sólo comprueba que se pueda escribir)."""
        ruta = self.raiz / "bitacora.jsonl"
        linea = (json.dumps(entrada, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            fd = os.open(ruta, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
        except OSError as exc:
            raise error_de_sistema(exc, ruta) from exc
        if entrada is None:
            os.close(fd)
            return
        try:
            # Una última línea cortada (se fue la luz a media escritura) no se pega a la nueva.
            fin = os.lseek(fd, 0, os.SEEK_END)
            if fin and os.pread(fd, 1, fin - 1) != b"\n":
                linea = b"\n" + linea
            os.write(fd, linea)  # una sola escritura: no quedan líneas a medias
            os.fsync(fd)
        except OSError as exc:
            raise error_de_sistema(exc, ruta) from exc
        finally:
            os.close(fd)

    # -- historial ------------------------------------------------------------------------
    def bitacora(self) -> Iterator[dict[str, Any]]:
        """Las entradas de la bitácora, de la más antigua a la más reciente."""
        ruta = self.raiz / "bitacora.jsonl"
        if not ruta.exists():
            return
        try:
            texto = ruta.read_bytes().decode("utf-8", "replace")
        except OSError as exc:
            raise error_de_sistema(exc, ruta, "leer") from exc
        for linea in texto.splitlines():
            try:
                entrada = json.loads(linea)
            except (ValueError, RecursionError):
                continue  # una línea cortada por un corte de luz: las demás siguen valiendo
            if isinstance(entrada, dict):
                yield entrada

    def versiones(self, formato_id: str, periodo_texto: str | None = None) -> list[Version]:
        """Versiones de un formato (más antigua primero), con fecha, autor, registros y hash."""
        formato_id = self.formato_seguro(formato_id)
        claves = [interpretar_periodo(periodo_texto).clave] if periodo_texto else None
        por_hash = {e.get("sha256"): e for e in self.bitacora() if e.get("formato") == formato_id}
        versiones: list[Version] = []
        carpeta_hist = self.raiz / "historial" / formato_id
        carpeta_doc = self.raiz / "documentos" / formato_id
        periodos: set[str] = set()
        if carpeta_hist.exists():
            periodos |= {p.name for p in carpeta_hist.iterdir() if p.is_dir()}
        if carpeta_doc.exists():
            periodos |= {p.stem for p in carpeta_doc.glob("*.json")}
        for clave in sorted(periodos):
            if claves and clave not in claves:
                continue
            rutas = (
                sorted((carpeta_hist / clave).glob("*.json"))
                if (carpeta_hist / clave).exists()
                else []
            )
            vigente = carpeta_doc / f"{clave}.json"
            vistos: set[str] = set()
            for ruta in [*rutas, *([vigente] if vigente.exists() else [])]:
                contenido = ruta.read_bytes()
                huella = sha256(contenido)
                if huella in vistos:
                    continue  # copia repetida por una interrupción: misma versión
                vistos.add(huella)
                entrada = por_hash.get(huella, {})
                try:
                    registros = len(json.loads(contenido).get("registros", [None]))
                except (ValueError, AttributeError):
                    registros = 0
                versiones.append(
                    Version(
                        formato_id,
                        clave,
                        ruta,
                        huella,
                        registros,
                        ruta == vigente,
                        entrada.get("fecha"),
                        entrada.get("autor"),
                    )
                )
        return versiones

    def cambios(self, versiones: list[Version]) -> list[dict[str, Any]]:
        """Diferencias entre cada versión y la siguiente del mismo periodo (para el historial)."""
        por_periodo: dict[str, list[Version]] = {}
        for v in versiones:
            por_periodo.setdefault(v.periodo, []).append(v)
        difs: list[dict[str, Any]] = []
        for lista in por_periodo.values():
            for a, b in zip(lista, lista[1:], strict=False):
                difs.append(
                    {"periodo": a.periodo, "de": a.sha256[:12], "a": b.sha256[:12]}
                    | self.diferencias(a, b)
                )
        return difs

    def diferencias(self, anterior: Version, nueva: Version | Documento) -> dict[str, list[Any]]:
        """Registros agregados, quitados y cambiados de `anterior` a `nueva` (otra versión, o
        un documento aún sin guardar, como el que prepara `revisar`); de cada cambio, el
        título oficial de la columna y los valores antes y después; el ejercicio, periodo,
        área… propios de un registro, por columna común (`nombrar_cambios_del_sobre`), y en
        `sobre` los que cambiaron en el del documento."""
        viejo = _leer(anterior.ruta)
        nuevo = _leer(nueva.ruta) if isinstance(nueva, Version) else nueva.datos
        viejos, nuevos = _registros_de(viejo), _registros_de(nuevo)
        difs = diferencias_registros(viejos, nuevos)
        for cambiado in difs["cambiados"]:
            for cambio in cambiado["cambios"]:
                cambio["columna"] = self._titulo(anterior.formato, cambio["clave"])

        def titulo(clave: str) -> str:
            return self._titulo(anterior.formato, clave)

        difs["cambiados"] = nombrar_cambios_del_sobre(
            difs["cambiados"], (viejo, viejos), (nuevo, nuevos), titulo
        )
        difs["sobre"] = cambios_del_documento(viejo, nuevo, titulo)
        return difs

    def _titulo(self, formato_id: str, clave: str) -> str:
        try:
            columna = self.entorno.catalogo.formato(formato_id).columna(clave)
        except Exception:  # noqa: BLE001 - un formato que ya no está: queda la clave
            columna = None
        return columna.titulo if columna is not None else clave

    # -- publicar -------------------------------------------------------------------------
    def candado(self) -> Candado:
        """Serializa lo que escribe en el espacio (actualizar, publicar)."""
        return Candado(self.raiz / ".candado")

    def limpiar_publicado(self) -> list[Path]:
        """Borra todo temporal nuestro bajo publicado/ (huérfanos de un proceso que murió).

        Sólo se llama con el candado tomado: ninguna otra escritura puede estar en curso."""
        borrados: list[Path] = []
        publicado = self.raiz / "publicado"
        if not publicado.is_dir():
            return borrados
        for carpeta in [publicado, *(p for p in publicado.rglob("*") if p.is_dir())]:
            borrados += limpiar_temporales(carpeta, edad=0)
        return borrados

    def documentos_vigentes(self) -> list[Path]:
        """Rutas de los documentos vigentes, por formato."""
        return sorted((self.raiz / "documentos").glob("*/*.json"))

    def publicar_documento(
        self,
        ruta: Path,
        exportadores: list[str] | None = None,
        fallidos: list[tuple[Aportacion, ErrorDePlugin]] | None = None,
    ) -> list[Path]:
        """Exporta un documento vigente a publicado/, cada archivo todo o nada.

        Un exportador que falla (un defecto de su plugin) no detiene a los demás: con
        `fallidos` se anota ahí y se sigue; sin él, su error se levanta al terminar."""
        documento = self.entorno.cargar(ruta)
        carpeta = self._dentro(self.raiz / "publicado" / documento.formato.id)
        escritos: list[Path] = []
        propios: list[tuple[Aportacion, ErrorDePlugin]] = []
        for nombre in exportadores or self.exportadores_publicacion:
            if nombre not in self.entorno.exportadores:
                continue  # p. ej. un exportador de plugin que ya no está instalado
            registro = self.entorno.exportadores[nombre]
            destino = carpeta / nombre_archivo(ruta.stem, registro.objeto)
            try:
                escritos += self.entorno.exportar_archivo(documento, nombre, destino)
            except ErrorDePlugin as exc:
                propios.append((registro, exc))
        if fallidos is not None:
            fallidos += propios
        elif propios:
            raise propios[0][1]
        return escritos


#: Un solo codificador: `json.dumps` con opciones arma uno nuevo en cada llamada. Sin
#: revisar ciclos: los registros vienen de JSON o de un importador y no los tienen.
_canonico = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), check_circular=False
).encode


def diferencias_registros(
    viejos: list[dict[str, Any]], nuevos: list[dict[str, Any]]
) -> dict[str, list[Any]]:
    """Registros agregados, quitados y cambiados; lineal: los viejos se indexan por su JSON
    canónico. Un registro nuevo igual a uno viejo sin par lo consume (el primero en orden);
    los nuevos sin par se emparejan en orden con los viejos sobrantes (cambiados)."""
    with _sin_recolector():
        return _diferencias(viejos, nuevos)


@contextmanager
def _sin_recolector() -> Iterator[None]:
    """Pausa el recolector de ciclos mientras se arman muchos contenedores que no forman
    ciclos (como `nogc` de Mercurial): con 100,000 cambios, sus pasadas completas sobre lo
    ya armado eran un tercio del tiempo. Lo deja como estaba, aun si algo falla."""
    activo = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if activo:
            gc.enable()


def _diferencias(
    viejos: list[dict[str, Any]], nuevos: list[dict[str, Any]]
) -> dict[str, list[Any]]:
    textos = list(map(_canonico, viejos))
    n = len(textos)
    # Texto → el primer viejo libre con ese texto (al revés, gana el de menor índice). Sólo
    # índices y cadenas: ni una cola ni una tupla por registro que el recolector recorra.
    libre = dict(zip(reversed(textos), range(n - 1, -1, -1), strict=True))
    siguiente: list[int] | None = None
    if len(libre) < n:  # viejos repetidos: cada copia apunta a la siguiente igual
        siguiente = [-1] * n
        ultima: dict[str, int] = {}
        for j, texto in enumerate(textos):
            if texto in ultima:
                siguiente[ultima[texto]] = j
            ultima[texto] = j
    usados = bytearray(n)
    sin_par: list[int] = []
    for i, texto in enumerate(map(_canonico, nuevos)):
        j = libre.pop(texto, -1)
        if j < 0:
            sin_par.append(i)
            continue
        usados[j] = 1
        if siguiente is not None and siguiente[j] >= 0:
            libre[texto] = siguiente[j]
    quitados = list(compress(range(n), map(not_, usados)))
    cambiados = []
    for i, j in zip(sin_par, quitados, strict=False):  # los sobrantes, abajo
        r, viejo = nuevos[i], viejos[j]
        if r.keys() == viejo.keys():  # lo común: las mismas columnas
            campos = [k for k in r if r[k] != viejo[k]]
        else:
            campos = [k for k in r.keys() | viejo.keys() if r.get(k) != viejo.get(k)]
        campos.sort()
        cambios = [{"clave": k, "antes": viejo.get(k), "despues": r.get(k)} for k in campos]
        cambiados.append({"registro": i + 1, "antes": j + 1, "campos": campos, "cambios": cambios})
    pares = len(cambiados)
    return {
        "agregados": [{"registro": i + 1, "datos": nuevos[i]} for i in sin_par[pares:]],
        "quitados": [{"registro": j + 1, "datos": viejos[j]} for j in quitados[pares:]],
        "cambiados": cambiados,
    }


def _leer(ruta: Path) -> dict[str, Any]:
    """Una versión guardada; {} (sin registros) si no se puede leer."""
    try:
        datos = json.loads(ruta.read_text("utf-8"))
    except (OSError, ValueError):
        return {"registros": []}
    return datos if isinstance(datos, dict) else {"registros": []}


def _registros_de(datos: dict[str, Any]) -> list[dict[str, Any]]:
    """Los registros de un documento; uno no tabular se compara entero, como un registro."""
    regs = datos.get("registros")
    return regs if isinstance(regs, list) else [{k: v for k, v in datos.items()}]


def sujeto_del_espacio(desde: Path, entorno: Entorno) -> dict[str, str]:
    """El sujeto obligado del espacio de trabajo que contiene `desde` ({} si no hay uno)."""
    try:
        return EspacioTrabajo.buscar(desde, entorno).sujeto
    except (ErrorDeUso, ErrorDeDatos):
        return {}


def _en_blanco(valor: Any) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip())


def _con_fechas(periodo: Any) -> bool:
    return isinstance(periodo, dict) and not any(
        _en_blanco(periodo.get(k)) for k in ("inicio", "termino")
    )


def periodo_de_documento(ruta: Path) -> PeriodoInforme | None:
    """El periodo de un documento guardado, por su nombre; None si no lo es."""
    try:
        datos = json.loads(ruta.read_text("utf-8"))
        p = datos["periodo"]
        inicio, termino = fecha_iso(p["inicio"]), fecha_iso(p["termino"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return periodo_de_fechas(inicio, termino) if inicio and termino else None


#: Lo que no cabe en una cadena TOML legible: controles (salvo tab), DEL y sustitutos sueltos.
_CONTROL_TOML = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
_TIPOS_CONFIG: dict[tuple[str, ...], tuple[type, str]] = {
    ("sujeto_obligado",): (dict, "una tabla [sujeto_obligado]"),
    ("formatos",): (dict, "una tabla [formatos]"),
    ("formatos", "aplicables"): (list, "una lista de ids de formato entre corchetes"),
    ("publicacion",): (dict, "una tabla [publicacion]"),
    ("publicacion", "exportadores"): (list, 'una lista de nombres, p. ej. ["csv", "pdf"]'),
}


def _revisar_config(config: dict[str, Any], ruta: Path) -> None:
    """Cada clave conocida del TOML con su tipo: un error dice cuál y cómo se escribe."""
    for claves, (tipo, como) in _TIPOS_CONFIG.items():
        valor: Any = config
        for clave in claves:
            valor = valor.get(clave) if isinstance(valor, dict) else None
        if valor is None:
            continue
        if not isinstance(valor, tipo) or (
            isinstance(valor, list) and not all(isinstance(v, str) for v in valor)
        ):
            raise ErrorDeDatos(
                f"{ruta}: «{'.'.join(claves)}» debe ser {como}; tiene "
                f"{limpiar_terminal(repr(valor))[:60]}. Corríjalo con un editor de texto.",
                archivo=str(ruta),
            )
    for clave, valor in (config.get("sujeto_obligado") or {}).items():
        if not isinstance(valor, str | int | float):
            raise ErrorDeDatos(
                f"{ruta}: «sujeto_obligado.{clave}» debe ser un texto entre comillas.",
                archivo=str(ruta),
            )


class VariosPeriodos(ErrorDeDatos):
    """Con un periodo pedido, un archivo cuyos registros informan varios (`tfmt servir` los
    guarda entonces como `actualizar` sin --periodo: uno por periodo). `documento`: el archivo
    ya leído, para `revisar_por_periodo(..., cargado=...)`."""

    def __init__(self, mensaje: str, documento: Documento, archivo: str) -> None:
        super().__init__(mensaje, archivo=archivo)
        self.documento = documento


def _un_solo_periodo(periodos: list[tuple[Any, Any, Any]], cargado: Documento, datos: Path) -> None:
    """Un documento del espacio es de un periodo: si sus registros informan varios (cada fila
    del SIPOT trae su ejercicio y periodo; `Documento.periodos`), no se guarda como uno solo."""
    if len(periodos) <= 1:
        return
    lista = "; ".join(
        f"ejercicio {ej}, del {fecha_iso_a_mx(str(ini))} al {fecha_iso_a_mx(str(fin))}"
        for ej, ini, fin in periodos[:6]
    )
    raise VariosPeriodos(
        f"{datos} trae registros de {len(periodos)} periodos ({lista}) y un documento del "
        "espacio de trabajo es de un solo periodo; no se guardó nada. Para guardar un documento "
        "por periodo, quite --periodo: «tfmt actualizar ID --datos ARCHIVO».",
        cargado,
        archivo=str(datos),
    )


def _periodo_informado(
    periodos: list[tuple[Any, Any, Any]], documento: Documento
) -> tuple[dt.date, dt.date] | None:
    """Las fechas del periodo que informan los registros (ya se sabe que es uno): las suyas si
    todos traen el propio, aunque el sobre no diga periodo; sin registros, las del sobre."""
    for _, inicio, termino in periodos[:1]:
        desde, hasta = fecha_iso(inicio), fecha_iso(termino)
        return (desde, hasta) if desde and hasta else None
    p = documento.periodo
    return (p.inicio, p.termino) if p is not None else None


def _sin_lo_que_dan_los_registros(informe: Informe, documento: Documento) -> Informe:
    """Al partir por periodo, el sobre de cada parte lleva el ejercicio y periodo de sus
    registros: que el archivo no los diga en su sobre no es un error si cada registro trae
    los suyos (las partes se validan de nuevo, ya con su sobre)."""
    regs = documento.registros
    dados = {
        clave
        for clave in ("ejercicio", "periodo")
        if regs and all(isinstance(r, dict) and clave in r for r in regs)
    }
    if not dados:
        return informe
    return evolve(
        informe,
        errores=tuple(
            h
            for h in informe.hallazgos
            if not (h.codigo == "requerido" and h.registro is None and h.clave in dados)
        ),
    )


def _url_publica(url: str) -> str:
    """Una dirección web completa (http o https, con dominio), tal cual se escribió."""
    import urllib.parse

    partes = urllib.parse.urlsplit(url) if not _CONTROL_TOML.search(url) else None
    if partes is None or partes.scheme not in ("http", "https") or not partes.netloc:
        raise ErrorDeUso(
            f"--url-base «{limpiar_terminal(url)}» no es una dirección web completa; escríbala "
            "como https://transparencia.municipio.gob.mx/publicado"
        )
    return url


def _exigir_valido(datos: Path, informe: Informe) -> None:
    if not informe.valido:
        raise ErrorDeDatos(
            f"{datos} no es válido ({cantidad(len(informe.solo_errores), 'error')}); no se "
            "cambió nada.",
            archivo=str(datos),
            errores=list(informe.hallazgos),
        )


def _periodo_con_nombre(inicio: Any, termino: Any, datos: Path) -> PeriodoInforme:
    """El periodo (año, semestre, trimestre o mes) de esas fechas; si no es uno, se dice."""
    desde, hasta = fecha_iso(inicio), fecha_iso(termino)
    if desde is None or hasta is None:
        raise ErrorDeDatos(
            f"{datos} no dice las fechas del periodo que informa; indíquelo con --periodo "
            "(p. ej. 2026-T1). No se guardó nada.",
            archivo=str(datos),
        )
    periodo = periodo_de_fechas(desde, hasta)
    if periodo is None:
        raise ErrorDeDatos(
            f"{datos}: hay registros con el periodo del {fecha_iso_a_mx(str(inicio))} al "
            f"{fecha_iso_a_mx(str(termino))}, que no es un año, semestre, trimestre ni mes, así "
            "que no se sabe en qué documento del espacio va; corrija sus fechas. No se guardó "
            "nada.",
            archivo=str(datos),
        )
    return periodo
