"""Modelos del dominio: Formato, Columna, Periodo, ErrorValidacion, Informe.

Son datos inmutables (attrs); la lógica que los llena vive en `catalogo` y `validacion`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

from attrs import field, frozen
from attrs.validators import in_, instance_of, optional

from .metodos_attrs import eq_attrs, hash_attrs, repr_attrs
from .redaccion import texto_fundamentos as texto_fundamentos  # aquí vivía; sin attrs allá

Severidad = Literal["error", "advertencia"]

#: Claves de las columnas que todo formato repite y que viven una vez en el documento.
CLAVES_INICIALES = ("ejercicio", "periodo_inicio", "periodo_termino")
CLAVES_FINALES = ("area_responsable", "fecha_validacion", "fecha_actualizacion", "nota")


def ruta_comun(clave: str) -> tuple[str, ...]:
    """Dónde vive en el JSON una columna común: «periodo_inicio» → ("periodo", "inicio")."""
    return tuple(clave.split("_", 1)) if clave.startswith("periodo_") else (clave,)


#: La inversa de `ruta_comun`: ruta en el JSON (del sobre o de un registro que trae la suya)
#: → clave de la columna común; ("periodo", "inicio") → «periodo_inicio».
COLUMNA_DE_RUTA = {ruta_comun(c): c for c in (*CLAVES_INICIALES, *CLAVES_FINALES)}


#: Claves del sobre que un registro puede traer con su propio valor cuando difiere del
#: documento: en el SIPOT son columnas de cada fila (una carga mezcla ejercicios, áreas…).
#: Se escriben igual que en el sobre: ``"ejercicio"``, ``"periodo": {"inicio", "termino"}``…
CLAVES_POR_REGISTRO = tuple(
    dict.fromkeys(ruta_comun(c)[0] for c in (*CLAVES_INICIALES, *CLAVES_FINALES))
)

TIPOS_COLUMNA = (
    "texto",
    "numero",
    "moneda",
    "fecha",
    "hipervinculo",
    "catalogo",
    "tabla",
    "anio",
    "entero",
    "lista",
    "objeto",
)


@frozen
class Columna:
    """Una columna (criterio) de un formato, con su encabezado oficial."""

    __repr__ = repr_attrs
    __eq__ = eq_attrs
    __hash__ = hash_attrs

    clave: str = field(validator=instance_of(str))
    titulo: str = field(validator=instance_of(str))
    tipo: str = field(validator=in_(TIPOS_COLUMNA))
    requerido: bool = False
    #: Valores oficiales del catálogo, en orden oficial; None si no es de catálogo.
    catalogo: tuple[str, ...] | None = None
    #: "documento" para las columnas comunes (viven en el sobre), "registro" para las demás.
    ambito: Literal["documento", "registro"] = "registro"
    #: Columnas de la tabla secundaria (tipo "tabla").
    subcolumnas: tuple[Columna, ...] = ()
    #: Código de tipo SIPOT y id de campo, cuando se conocen.
    sipot_tipo: int | None = None
    sipot_id: str | None = None
    #: Anotación de presentación del esquema (parrafos, lista, tabla, meses, firma, pie).
    presentacion: str | None = None
    descripcion: str | None = None
    #: Color de fondo (hex RRGGBB) por valor, de la anotación ``x-colores`` (p. ej. semáforos).
    colores: Mapping[str, str] | None = field(default=None, eq=False, hash=False)
    #: Encabezado oficial letra por letra (espacios finales incluidos) cuando difiere del
    #: título; es el que se escribe en la plantilla XLSX que se sube al SIPOT.
    encabezado: str | None = None

    @property
    def encabezado_oficial(self) -> str:
        """El encabezado tal como lo escribe el SIPOT."""
        return self.encabezado if self.encabezado is not None else self.titulo

    def a_dict(self) -> dict[str, Any]:
        """La columna como datos (para --json)."""
        d: dict[str, Any] = {
            "clave": self.clave,
            "titulo": self.titulo,
            "tipo": self.tipo,
            "requerido": self.requerido,
            "catalogo": list(self.catalogo) if self.catalogo is not None else None,
        }
        if self.sipot_tipo is not None:
            d["sipot"] = {"tipo": self.sipot_tipo, "id": self.sipot_id}
        if self.subcolumnas:
            d["columnas"] = [c.a_dict() for c in self.subcolumnas]
        return d


@frozen
class Formato:
    """Un formato de transparencia: metadatos legales, columnas y su esquema."""

    __repr__ = repr_attrs
    __eq__ = eq_attrs
    __hash__ = hash_attrs

    id: str
    titulo: str
    tipo: Literal["tabular", "documento"]
    columnas: tuple[Columna, ...]
    # Los dicts no son hashables: no cuentan para == ni hash (el esquema ya define el id).
    esquema: Mapping[str, Any] = field(repr=False, eq=False)
    nombre_corto: str | None = None
    descripcion: str = ""
    generacion: str | None = None
    fundamento: tuple[Mapping[str, Any], ...] = field(default=(), eq=False)
    periodicidad: Mapping[str, Any] | None = field(default=None, eq=False)
    conservacion: Mapping[str, Any] | None = field(default=None, eq=False)
    fuente: Any = field(default=None, eq=False)
    #: Paquete o carpeta de donde vino el esquema ("transparencia-fmt" para los integrados).
    origen: str = "transparencia-fmt"

    @property
    def columnas_registro(self) -> tuple[Columna, ...]:
        """Las columnas de cada registro (sin las comunes del documento)."""
        return tuple(c for c in self.columnas if c.ambito == "registro")

    def columna(self, clave: str) -> Columna | None:
        """La columna `clave`; None si no existe."""
        for c in self.columnas:
            if c.clave == clave:
                return c
        return None

    @property
    def fundamento_texto(self) -> str:
        """El fundamento verificado: lo único que se imprime en un documento para firmar."""
        return texto_fundamentos([f for f in self.fundamento if f.get("verificado") is not False])

    @property
    def fundamento_por_verificar_texto(self) -> str:
        """Correspondencias aún no verificadas (p. ej. la LGTAIP 2025): sólo informativas."""
        return texto_fundamentos([f for f in self.fundamento if f.get("verificado") is False])

    @property
    def titulo_visible(self) -> str:
        """El título para leer: el «_» interno del SIPOT («Estructura Orgánica_Organigrama»)
        como raya («Estructura Orgánica — Organigrama»); `titulo` guarda el texto oficial."""
        return " — ".join(p.strip() for p in self.titulo.split("_") if p.strip()) or self.titulo

    @property
    def periodicidad_texto(self) -> str:
        """La periodicidad de actualización en palabras."""
        if not self.periodicidad or not self.periodicidad.get("valor"):
            return "sin dato"
        return str(self.periodicidad["valor"])

    @property
    def aviso_generacion(self) -> str | None:
        """Advertencia para los formatos cuya única plantilla conocida es la de 2018."""
        if self.generacion != "2018":
            return None
        return (
            f"{self.id} sigue la plantilla SIPOT de la generación 2018 de los Lineamientos "
            "Técnicos Generales, la única que se encontró; el formato vigente en el SIPOT puede "
            "tener otras columnas. Para comprobarlo, descargue la plantilla de este formato del "
            "SIPOT y compárela con: tfmt comparar PLANTILLA.xlsx"
        )

    def resumen(self) -> dict[str, Any]:
        """Id, título, tipo y origen como datos."""
        return {
            "id": self.id,
            "nombre_corto": self.nombre_corto,
            "titulo": self.titulo,
            "tipo": self.tipo,
            "generacion": self.generacion,
            "fundamento": [dict(f) for f in self.fundamento],
            "periodicidad": dict(self.periodicidad) if self.periodicidad else None,
            "conservacion": dict(self.conservacion) if self.conservacion else None,
            "origen": self.origen,
        }


@frozen
class Periodo:
    """Fechas de inicio y término del periodo que se informa."""

    __repr__ = repr_attrs
    __eq__ = eq_attrs
    __hash__ = hash_attrs

    inicio: dt.date = field(validator=instance_of(dt.date))
    termino: dt.date = field(validator=instance_of(dt.date))


@frozen(kw_only=True)
class ErrorValidacion:
    """Un hallazgo de la validación: dato, no excepción (al estilo frictionless)."""

    __repr__ = repr_attrs
    __eq__ = eq_attrs
    __hash__ = hash_attrs

    codigo: str
    mensaje: str
    severidad: Severidad = field(default="error", validator=in_(("error", "advertencia")))
    #: Número de registro contando desde 1, como cuenta una persona; None si es del documento.
    registro: int | None = field(default=None, validator=optional(instance_of(int)))
    columna: str | None = None
    clave: str | None = None
    valor: Any = None
    archivo: str | None = None
    #: Fila de la tabla secundaria (desde 1), cuando el error está dentro de una.
    fila: int | None = None
    hoja: str | None = None

    def a_dict(self) -> dict[str, Any]:
        """El hallazgo como datos JSON estándar."""
        d = {
            "codigo": self.codigo,
            "severidad": self.severidad,
            "registro": self.registro,
            "columna": self.columna,
            "clave": self.clave,
            "valor": self.valor
            if not isinstance(self.valor, float) or math.isfinite(self.valor)
            else str(self.valor),
            "mensaje": self.mensaje,
        }
        for extra in ("archivo", "fila", "hoja"):
            if getattr(self, extra) is not None:
                d[extra] = getattr(self, extra)
        return d

    def texto(self) -> str:
        """El hallazgo en una línea para personas, con su ubicación."""
        lugar = []
        if self.archivo:
            lugar.append(self.archivo)
        if self.hoja:
            lugar.append(f"hoja {self.hoja}")
        if self.registro is not None:
            lugar.append(f"registro {self.registro}")
        if self.fila is not None:
            lugar.append(f"fila {self.fila}")
        if self.columna:
            lugar.append(f"columna «{self.columna}»")
        donde = ", ".join(lugar)
        etiqueta = "ERROR" if self.severidad == "error" else "ADVERTENCIA"
        return f"{etiqueta} [{self.codigo}] {donde}: {self.mensaje}"


@frozen
class Informe:
    """Resultado de validar un documento: todos los hallazgos, no sólo el primero.

    Errores y advertencias van aparte (como en frictionless): `errores` son los que hacen
    inválido el documento, `advertencias` los que sólo avisan; `hallazgos` son todos, en orden.
    """

    __repr__ = repr_attrs
    __eq__ = eq_attrs
    __hash__ = hash_attrs

    hallazgos: tuple[ErrorValidacion, ...] = field(default=(), alias="errores")
    formato: str | None = None
    archivo: str | None = None
    registros: int = 0
    #: True cuando se alcanzó el tope de errores y el informe no está completo.
    parcial: bool = False

    @property
    def valido(self) -> bool:
        """No hay errores (las advertencias no cuentan)."""
        return not any(e.severidad == "error" for e in self.hallazgos)

    @property
    def errores(self) -> tuple[ErrorValidacion, ...]:
        """Sólo los hallazgos de severidad «error»."""
        return tuple(e for e in self.hallazgos if e.severidad == "error")

    @property
    def solo_errores(self) -> tuple[ErrorValidacion, ...]:
        """Igual que `errores` (nombre anterior, se conserva por compatibilidad)."""
        return self.errores

    @property
    def advertencias(self) -> tuple[ErrorValidacion, ...]:
        """Sólo las advertencias."""
        return tuple(e for e in self.hallazgos if e.severidad == "advertencia")

    def __iter__(self) -> Iterator[ErrorValidacion]:
        return iter(self.hallazgos)

    def __len__(self) -> int:
        return len(self.hallazgos)

    def aplanar(self, campos: Iterable[str]) -> list[list[Any]]:
        """Lista de listas con los atributos pedidos, cómoda para pruebas y hojas de cálculo."""
        nombres = list(campos)
        return [[getattr(e, n) for n in nombres] for e in self.hallazgos]

    def a_dict(self) -> dict[str, Any]:
        """El informe como datos JSON estándar: errores y advertencias en listas aparte."""
        errores, advertencias = self.errores, self.advertencias
        return {
            "archivo": self.archivo,
            "formato": self.formato,
            "valido": self.valido,
            "registros": self.registros,
            "parcial": self.parcial,
            "estadisticas": {"errores": len(errores), "advertencias": len(advertencias)},
            "errores": [e.a_dict() for e in errores],
            "advertencias": [e.a_dict() for e in advertencias],
        }
