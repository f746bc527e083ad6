"""Composición neutral: `Documento` → bloques que cualquier exportador dibuja.

Guiada por el esquema (títulos, orden de propiedades, tipos y anotaciones
``x-presentacion`` / ``x-encabezado``), sin Python por formato. Los exportadores DOCX y
PDF, y los de terceros (HTML, Markdown…), reciben estos bloques y nunca leen esquemas.
Todo texto de usuario sale ya limpio de caracteres que XML no admite (`texto.limpiar`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
from attrs import field, frozen

from . import anchos
from .documento import Documento
from .filas import aplanar_columnas, celda, fecha_iso_a_mx, valor_plano
from .modelos import Columna
from .texto import limpiar

#: Más columnas que esto no caben legibles en una hoja horizontal: se usan fichas.
MAX_COLUMNAS_TABLA = 12
MESES = ("ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC")


# -- bloques ----------------------------------------------------------------------------
@frozen
class Encabezado:
    """Datos de la institución para encabezado y pie de cada página."""

    nombre: str
    lema: str = ""
    logo: str | None = None
    domicilio: str = ""
    telefono: str = ""
    sitio_web: str = ""


@frozen
class Titulo:
    """Título principal del documento."""

    texto: str


@frozen
class Seccion:
    """Un encabezado de sección (nivel 1 = Título 1)."""

    texto: str
    nivel: int = 1


@frozen
class Parrafo:
    """Párrafo de texto, con un resalte opcional en negritas al inicio."""

    texto: str
    #: Texto en negritas al inicio (p. ej. el nombre de un valor).
    resalte: str = ""
    estilo: Literal["normal", "datos", "pequeno"] = "normal"


@frozen
class Lista:
    """Lista con viñetas; cada elemento es (término en negritas o "", texto)."""

    elementos: tuple[tuple[str, str], ...]


@frozen
class TablaBloque:
    """Tabla con fila(s) de encabezado que se repiten en cada página."""

    columnas: tuple[str, ...]
    filas: Iterable[Sequence[str]] = field(repr=False)
    tipos: tuple[str, ...] = ()
    #: Pesos relativos de ancho por columna (suman lo que sea; el exportador reparte).
    pesos: tuple[float, ...] = ()
    titulo: str = ""
    total_filas: int | None = None
    #: Por columna, color de fondo (hex RRGGBB) según el valor de la celda, o None.
    colores: tuple[Mapping[str, str] | None, ...] = ()
    #: Por columna, el trozo más largo que no se debe partir (ver `anchos`): el
    #: renderizador lo mide en su fuente y no da a la columna menos que eso.
    minimos: tuple[str, ...] = ()


@frozen
class Meses:
    """Cuadrícula de meses: columnas fijas, un grupo (p. ej. «Cronograma») y ENE…DIC con X."""

    columnas: tuple[str, ...]
    grupo: str
    meses: tuple[str, ...]
    #: Cada fila: valores de las columnas fijas y el conjunto de meses marcados.
    filas: tuple[tuple[tuple[str, ...], frozenset[str]], ...]
    marca: str = "X"
    #: Pistas de ancho de las columnas fijas y de cada mes, en ese orden (ver `anchos`).
    pesos: tuple[float, ...] = ()
    minimos: tuple[str, ...] = ()


@frozen
class Fichas:
    """Una ficha (etiqueta: valor) por registro, para formatos demasiado anchos."""

    titulo_ficha: str
    etiquetas: tuple[str, ...]
    filas: Iterable[Sequence[str]] = field(repr=False)
    total_filas: int | None = None


@frozen
class Imagen:
    """Imagen con texto alternativo (accesibilidad) y pie."""

    ruta: str
    texto_alternativo: str
    pie: str = ""
    ancho_cm: float = 12.0


@frozen
class Grafica:
    """Gráfica de barras pequeña: un valor por etiqueta (p. ej. el avance de una meta por mes).

    El PDF la dibuja con las gráficas de reportlab; el DOCX, como imagen con texto alternativo.
    Un valor None es «sin dato» (se deja el hueco, no se dibuja cero).
    """

    titulo: str
    etiquetas: tuple[str, ...]
    valores: tuple[float | None, ...]
    maximo: float = 100.0
    unidad: str = "%"
    #: Línea de referencia (p. ej. la meta, 100 %), o None.
    referencia: float | None = None
    texto_alternativo: str = ""
    #: Texto breve debajo de la gráfica, que no se separa de ella.
    pie: str = ""


@frozen
class Firma:
    """Bloque de firma: nombre y cargo."""

    nombre: str
    cargo: str


@frozen
class Pie:
    """Líneas de pie del documento (domicilio, teléfono, sitio web)."""

    lineas: tuple[str, ...]


Bloque = (
    Titulo
    | Seccion
    | Parrafo
    | Lista
    | TablaBloque
    | Meses
    | Fichas
    | Imagen
    | Grafica
    | Firma
    | Pie
)


@frozen
class Metadatos:
    """Propiedades del archivo: título, autor, asunto, palabras clave, idioma."""

    titulo: str
    autor: str
    asunto: str
    palabras_clave: tuple[str, ...]
    idioma: str = "es-MX"


@frozen
class Composicion:
    """Un documento listo para dibujar: metadatos, encabezado y bloques."""

    metadatos: Metadatos
    encabezado: Encabezado
    bloques: tuple[Bloque, ...]
    orientacion: Literal["vertical", "horizontal"] = "vertical"
    #: Texto breve para el pie de página junto a «Página X de Y».
    pie_pagina: str = ""


# -- composición ------------------------------------------------------------------------
def componer(documento: Documento) -> Composicion:
    """Documento → `Composicion` (bloques neutrales que dibujan DOCX, PDF y plugins)."""
    formato = documento.formato
    so = documento.sujeto_obligado
    encabezado = Encabezado(
        nombre=limpiar(str(so.get("nombre", ""))),
        lema=limpiar(str(so.get("lema", ""))),
        logo=_ruta_relativa(so.get("logo"), documento.origen),
        domicilio=limpiar(str(so.get("domicilio", ""))),
        telefono=limpiar(str(so.get("telefono", ""))),
        sitio_web=limpiar(str(so.get("sitio_web", ""))),
    )
    titulo = _titulo_documento(documento)
    variantes = documento.variantes_del_sobre()  # una pasada por los registros
    periodo = _texto_periodos(documento, variantes[1])
    bloques: list[Bloque] = [Titulo(titulo)]
    if formato.tipo == "tabular":
        bloques.extend(_tabular(documento, variantes))
        orientacion: Literal["vertical", "horizontal"] = "horizontal"
    else:
        bloques.extend(_documento(documento, encabezado))
        orientacion = "vertical"
        if any(isinstance(b, Pie) for b in bloques):
            # El documento cierra con su propio bloque de domicilio (como el POA original):
            # el pie de cada página no lo repite, o la última hoja lo mostraría dos veces.
            encabezado = attrs.evolve(encabezado, domicilio="", telefono="", sitio_web="")
    metadatos = Metadatos(
        titulo=titulo,
        autor=encabezado.nombre,
        asunto=f"{formato.titulo_visible}. {periodo}".strip(),
        palabras_clave=tuple(
            x
            for x in (
                formato.id,
                formato.nombre_corto or "",
                "transparencia",
                *(str(e) for e in variantes[0]["ejercicio"] if e is not None),
            )
            if x
        ),
    )
    return Composicion(
        metadatos=metadatos,
        encabezado=encabezado,
        bloques=tuple(bloques),
        orientacion=orientacion,
        pie_pagina=limpiar(f"{formato.nombre_corto or formato.id} · {periodo}"),
    )


def _titulo_documento(documento: Documento) -> str:
    formato = documento.formato
    plantilla = (formato.esquema.get("x-formato") or {}).get("titulo_documento")
    if not plantilla:
        return limpiar(formato.titulo_visible)
    campos: dict[str, str] = {"titulo": formato.titulo_visible}
    for k, v in documento.datos.items():
        if isinstance(v, str | int) and not isinstance(v, bool):
            campos[k] = str(v)
    campos.update({f"{k}_mayusculas": v.upper() for k, v in list(campos.items())})
    try:
        return limpiar(plantilla.format_map(_Faltantes(campos)))
    except (ValueError, IndexError):
        return limpiar(formato.titulo_visible)


class _Faltantes(dict[str, str]):
    def __missing__(self, clave: str) -> str:
        return ""


def _texto_periodo(datos: Mapping[str, Any]) -> str:
    p = datos.get("periodo")
    if not isinstance(p, Mapping):
        return ""
    inicio, termino = p.get("inicio"), p.get("termino")
    if isinstance(inicio, str) and isinstance(termino, str):
        return f"Periodo que se informa: del {fecha_iso_a_mx(inicio)} al {fecha_iso_a_mx(termino)}"
    return ""


#: De `Documento.variantes_del_sobre`: valores distintos por columna común y periodos.
_Variantes = tuple[dict[str, list[Any]], list[tuple[Any, Any, Any]]]


def _texto_periodos(documento: Documento, periodos: list[tuple[Any, Any, Any]]) -> str:
    """«Periodo que se informa: del … al …»; si los registros informan varios periodos (cada
    uno trae el suyo), el rango completo y cuántos son: nunca uno solo que no es de todos."""
    periodos = periodos if documento.formato.tipo == "tabular" else []
    if not periodos:
        return _texto_periodo(documento.datos)
    if len(periodos) == 1:  # el de los registros (puede no ser el del sobre si todos traen otro)
        _, inicio, termino = periodos[0]
        return _texto_periodo({"periodo": {"inicio": inicio, "termino": termino}})
    fechas = [f for _, ini, fin in periodos for f in (ini, fin) if isinstance(f, str)]
    if not fechas:
        return ""
    return (
        f"Periodos que se informan: del {fecha_iso_a_mx(min(fechas))} al "
        f"{fecha_iso_a_mx(max(fechas))} ({len(periodos)} periodos)"
    )


#: Cuántos valores distintos se listan en los datos generales antes de sólo contarlos.
_MAX_LISTADOS = 5


def _comun(
    variantes: _Variantes, clave: str, singular: str, plural: str, fecha: bool = False
) -> tuple[str, Any]:
    """(etiqueta, texto) de una columna común: el valor si es el mismo en todos los registros;
    si varía, los valores (o el rango de fechas o años) y que cada registro dice el suyo."""
    valores = [v for v in variantes[0][clave] if v not in (None, "")]
    if len(valores) <= 1:
        valor = valores[0] if valores else ""
        return singular, fecha_iso_a_mx(str(valor)) if fecha and valor else valor
    if fecha or all(isinstance(v, int) for v in valores):
        ordenados = sorted(valores, key=str)
        primero, ultimo = ordenados[0], ordenados[-1]
        if fecha:
            primero, ultimo = fecha_iso_a_mx(str(primero)), fecha_iso_a_mx(str(ultimo))
            return plural, f"del {primero} al {ultimo} (cada registro dice la suya)"
        return plural, f"{primero}–{ultimo}"
    if len(valores) > _MAX_LISTADOS:
        return plural, f"{len(valores)} distintas (cada registro dice la suya)"
    return plural, "; ".join(str(v) for v in valores)


def _datos_generales(documento: Documento, variantes: _Variantes) -> list[Bloque]:
    formato = documento.formato
    periodo = _texto_periodos(documento, variantes[1])
    lineas = [
        ("Sujeto obligado", documento.sujeto_obligado.get("nombre", "")),
        ("Formato", f"{formato.nombre_corto or formato.id}"),
        ("Fundamento", formato.fundamento_texto),
        _comun(variantes, "ejercicio", "Ejercicio", "Ejercicios"),
        (
            "Periodos" if periodo.startswith("Periodos") else "Periodo",
            periodo.split(": ", 1)[-1],
        ),
        ("Periodicidad de actualización", formato.periodicidad_texto),
        _comun(variantes, "area_responsable", "Área responsable", "Áreas responsables"),
        _comun(
            variantes,
            "fecha_actualizacion",
            "Fecha de actualización",
            "Fechas de actualización",
            fecha=True,
        ),
    ]
    validacion = _comun(
        variantes, "fecha_validacion", "Fecha de validación", "Fechas de validación", fecha=True
    )
    if validacion[1]:
        lineas.append(validacion)
    notas = variantes[0]["nota"]
    if len(notas) == 1 and notas[0]:  # si varía, cada registro dice la suya en su columna
        lineas.append(("Nota", notas[0]))
    return [
        Parrafo(limpiar(str(v)), resalte=f"{k}: ", estilo="datos")
        for k, v in lineas
        if v not in ("", None)
    ]


def _tabular(documento: Documento, variantes: _Variantes) -> Iterator[Bloque]:
    yield from _datos_generales(documento, variantes)
    yield Seccion("Registros", 1)
    yield _bloque_de_tabla(documento.tabla(), "Registro")
    for sec in documento.tablas_secundarias():
        yield Seccion(limpiar(sec.nombre), 2)
        yield _bloque_de_tabla(sec, "Fila")


def _bloque_de_tabla(tabla: Any, etiqueta: str) -> Bloque:
    """Tabla si cabe en una hoja horizontal; si no, una ficha por fila."""
    columnas = tuple(limpiar(c) for c in tabla.columnas)
    filas = _Limpias(tabla.filas)
    if len(columnas) > MAX_COLUMNAS_TABLA:
        return Fichas(etiqueta, columnas, filas, total_filas=len(tabla.filas))
    minimos, pesos = anchos.pistas(columnas, filas, tabla.tipos)
    return TablaBloque(
        columnas,
        filas,
        tipos=tabla.tipos,
        pesos=pesos,
        total_filas=len(tabla.filas),
        minimos=minimos,
    )


class _Limpias:
    """Filas re-iterables con cada celda limpia, sin copiar la tabla en memoria."""

    def __init__(self, filas: Iterable[Sequence[str]]) -> None:
        self._filas = filas

    def __iter__(self) -> Iterator[list[str]]:
        for fila in self._filas:
            yield [limpiar(c) for c in fila]


def _documento(documento: Documento, encabezado: Encabezado) -> Iterator[Bloque]:
    formato, datos = documento.formato, documento.datos
    propiedades: Mapping[str, Any] = formato.esquema.get("properties", {})
    pie: list[str] = []
    for col in formato.columnas_registro:
        valor = datos.get(col.clave)
        if valor in (None, "", []):
            continue
        definicion = propiedades.get(col.clave, {})
        pres = col.presentacion
        titulo = _encabezado_seccion(definicion, col, datos)
        if pres == "oculto":
            continue  # ya se muestra en el título o en un encabezado
        if pres == "pie":
            pie.append(limpiar(str(valor)))
            continue
        if pres == "firma" and isinstance(valor, Mapping):
            yield Firma(limpiar(str(valor.get("nombre", ""))), limpiar(str(valor.get("cargo", ""))))
            continue
        if pres == "titular":
            yield Seccion(limpiar(str(valor)), 1)
            continue
        if col.tipo in ("tabla", "objeto") or pres == "parrafos":
            if titulo:
                yield Seccion(titulo, 1)
        if col.tipo == "tabla":
            yield from _tabla_de_seccion(col, valor, pres, documento)
        elif col.tipo == "objeto" and isinstance(valor, Mapping):
            for sub in col.subcolumnas:
                if valor.get(sub.clave) not in (None, ""):
                    yield Parrafo(limpiar(str(valor[sub.clave])), resalte=f"{sub.titulo}: ")
        elif pres == "parrafos":
            for parrafo in str(valor).split("\n\n"):
                if parrafo.strip():
                    yield Parrafo(limpiar(parrafo.strip()))
        else:
            texto = celda(aplanar_columnas([col])[0], valor, False)
            yield Parrafo(limpiar(texto), resalte=f"{limpiar(col.titulo)}: ", estilo="datos")
    lineas = pie or [
        x for x in (encabezado.domicilio, encabezado.telefono, encabezado.sitio_web) if x
    ]
    if lineas:
        yield Pie(tuple(lineas))


def _encabezado_seccion(
    definicion: Mapping[str, Any], col: Columna, datos: Mapping[str, Any]
) -> str:
    plantilla = definicion.get("x-encabezado")
    if plantilla is None:
        return limpiar(col.titulo)
    campos = {k: str(v) for k, v in datos.items() if isinstance(v, str | int)}
    return limpiar(str(plantilla).format_map(_Faltantes(campos)))


def _tabla_de_seccion(
    col: Columna, valor: Any, pres: str | None, documento: Documento
) -> Iterator[Bloque]:
    if not isinstance(valor, list):
        return
    filas = [v for v in valor if isinstance(v, Mapping)]
    subs = col.subcolumnas
    if pres == "lista":
        elementos = []
        for f in filas:
            textos = [limpiar(str(f.get(s.clave, ""))) for s in subs]
            termino, resto = (textos[0], textos[1:]) if len(textos) > 1 else ("", textos)
            elementos.append((termino, " ".join(resto)))
        yield Lista(tuple(elementos))
        return
    if pres == "imagenes":
        for f in filas:
            ruta = _ruta_relativa(f.get("archivo"), documento.origen)
            if ruta:
                yield Imagen(
                    ruta,
                    limpiar(str(f.get("texto_alternativo", ""))),
                    limpiar(str(f.get("pie", ""))),
                )
        return
    meses = next((s for s in subs if s.tipo == "lista" and s.presentacion == "meses"), None)
    if meses is not None:
        fijas = [s for s in subs if s is not meses]
        nombres = tuple(meses.catalogo or MESES)
        filas_meses = tuple(
            (
                tuple(
                    limpiar(celda(aplanar_columnas([s])[0], f.get(s.clave), False)) for s in fijas
                ),
                frozenset(v for v in (f.get(meses.clave) or []) if isinstance(v, str)),
            )
            for f in filas
        )
        titulos = tuple(limpiar(s.titulo) for s in fijas)
        minimos, pesos = anchos.pistas(titulos, [v for v, _ in filas_meses])
        yield Meses(
            columnas=titulos,
            grupo=limpiar(meses.titulo),
            meses=nombres,
            filas=filas_meses,
            pesos=pesos + tuple(float(len(m)) for m in nombres),
            minimos=minimos + nombres,
        )
        return
    planas = aplanar_columnas(subs)
    titulos = tuple(limpiar(p.titulo) for p in planas)
    valores = [[limpiar(celda(p, valor_plano(p, f), False)) for p in planas] for f in filas]
    tipos = tuple((p.subcolumna or p.columna).tipo for p in planas)
    minimos, pesos = anchos.pistas(titulos, valores, tipos)
    yield TablaBloque(
        titulos,
        valores,
        tipos=tipos,
        pesos=pesos,
        total_filas=len(filas),
        colores=tuple((p.subcolumna or p.columna).colores for p in planas),
        minimos=minimos,
    )


def _ruta_relativa(valor: Any, origen: Path | None) -> str | None:
    """Rutas de imágenes relativas al archivo del documento; nunca fuera de su carpeta."""
    if not isinstance(valor, str) or not valor:
        return None
    ruta = Path(valor)
    if ruta.is_absolute() or ".." in ruta.parts:
        return None
    base = origen.parent if origen else Path.cwd()
    completa = base / ruta
    return str(completa) if completa.is_file() else None
