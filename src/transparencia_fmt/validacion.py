"""Validación: esquema primero (un validador compilado por formato, reutilizado), luego reglas.

Camino rápido: jsonschema-rs comprueba en una pasada todos los registros y, a la vez, que
sus textos no traigan caracteres de control. Si algo falla, sus errores (con ruta y palabra
clave, `validacion_rs`) se traducen al español; jsonschema sólo se usa sin jsonschema-rs o
para una palabra clave cuyo mensaje no se traduce.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
from attrs import define, field

from . import validacion_rs
from .catalogo import Catalogo
from .documento import Celdas, Documento
from .errores import ErrorDeDatos
from .metodos_attrs import repr_attrs
from .modelos import (
    COLUMNA_DE_RUTA,
    Columna,
    ErrorValidacion,
    Formato,
    Informe,
)
from .opcionales import jsonschema_rs as _rs
from .plugins import Gestor
from .saneo import json_puro, sanear

if TYPE_CHECKING:
    import jsonschema

MAX_ERRORES = 10_000

_TIPOS_ES = {
    "string": "texto",
    "integer": "número entero",
    "number": "número",
    "array": "lista",
    "object": "objeto",
    "boolean": "verdadero/falso",
    "null": "vacío",
}


def _copia(nodo: Any, memo: dict[int, Any] | None = None) -> Any:
    """`copy.deepcopy` de un esquema JSON, unas tres veces más rápida (cada `tfmt validar`
    copia el de su formato): dicts, listas y escalares a mano; lo demás, con deepcopy. Como
    deepcopy, un subesquema que aparece en dos lugares sigue siendo uno solo en la copia."""
    if memo is None:
        memo = {}
    tipo = type(nodo)
    if tipo is str or tipo is int or tipo is bool or tipo is float or nodo is None:
        return nodo
    if tipo is dict:
        copia = memo.get(id(nodo))
        if copia is None:
            copia = memo[id(nodo)] = {}
            for clave, valor in nodo.items():
                copia[clave] = _copia(valor, memo)
        return copia
    if tipo is list:
        copia = memo.get(id(nodo))
        if copia is None:
            copia = memo[id(nodo)] = []
            for valor in nodo:
                copia.append(_copia(valor, memo))
        return copia
    return copy.deepcopy(nodo, memo)


@define(eq=False, repr=False)  # caché privada: nadie la compara ni la imprime
class _Compilado:
    registro: dict[str, Any]
    sobre: dict[str, Any]
    rapido_lista: Any = None
    rapido_sobre: Any = None
    #: Esquema del registro que además revisa controles y blancos (`validacion_rs`), y su
    #: validador de la lista de registros; None si el esquema no se presta.
    registro_rapido: dict[str, Any] | None = None
    rapido_registros: Any = None
    _js: dict[str, Any] = field(factory=dict)

    def js(self, cual: str) -> Any:
        """Validador de jsonschema (se importa y compila sólo si hace falta)."""
        if cual not in self._js:
            import jsonschema

            formatos = jsonschema.FormatChecker(formats=("date",))
            esquema = self.registro if cual == "registro" else self.sobre
            self._js[cual] = jsonschema.Draft202012Validator(esquema, format_checker=formatos)
        return self._js[cual]


@define(eq=False)
class Validador:
    """Valida documentos de un catálogo; compila cada esquema una sola vez."""

    __repr__ = repr_attrs

    catalogo: Catalogo
    gestor: Gestor
    _cache: dict[str, _Compilado] = field(factory=dict, init=False)

    def _compilar(self, formato: Formato) -> _Compilado:
        if formato.id in self._cache:
            return self._cache[formato.id]
        try:
            return self._compilar_nuevo(formato)
        except Exception as exc:
            if formato.origen == "transparencia-fmt":
                raise  # un esquema integrado roto es un defecto del programa
            raise EsquemaInvalido(self._esquema_roto(formato, exc)) from exc

    def _esquema_roto(self, formato: Formato, exc: Exception) -> str:
        """Qué esquema de qué plugin no compila y qué tiene, para quien valida."""
        from .esquema_valido import explicar

        paquete, version = self.gestor.origen(formato.origen)
        archivo = self.catalogo.archivo_de(formato) or formato.esquema.get("$id", "")
        return (
            f"El esquema del formato {formato.id} ({archivo}), del plugin «{formato.origen}» "
            f"({' '.join(p for p in (paquete, version) if p)}), no se puede usar: "
            f"{explicar(exc)}. El documento no se pudo validar; avise a quien mantiene el "
            "plugin."
        )

    def _compilar_nuevo(self, formato: Formato) -> _Compilado:
        plano = _copia(self.catalogo.esquema_plano(formato))
        registro_rapido = None
        if formato.tipo == "tabular":
            items = plano["properties"]["registros"]["items"]
            registro_rapido = validacion_rs.registro_rapido(_copia(items))
            registro = _exigir_no_vacios(items)
            sobre = dict(plano)
            sobre["properties"] = {**plano["properties"], "registros": {"type": "array"}}
        else:
            registro = {"type": "object"}
            sobre = plano
        _exigir_no_vacios(sobre)
        compilado = _Compilado(registro=registro, sobre=sobre)
        if _rs is not None:
            compilado.rapido_sobre = _rs.Draft202012Validator(sobre, validate_formats=True)
            if registro_rapido is not None:
                compilado.registro_rapido = registro_rapido
                compilado.rapido_registros = _rs.Draft202012Validator(
                    {"type": "array", "items": registro_rapido}, validate_formats=True
                )
            elif formato.tipo == "tabular":
                compilado.rapido_lista = _rs.Draft202012Validator(
                    validacion_rs.lista_limpia(registro), validate_formats=True
                )
        self._cache[formato.id] = compilado
        return compilado

    def validar(self, documento: Documento, max_errores: int = MAX_ERRORES) -> Informe:
        """Nunca levanta por los datos: lo que no es JSON se convierte o se vuelve hallazgo."""
        no_json: list[ErrorValidacion] = []
        try:
            comp = self._compilar(documento.formato)
        except EsquemaInvalido as exc:
            return _informe_sin_esquema(documento, str(exc))
        # Lo común: una pasada de jsonschema-rs sobre los registros tal cual (sin copiarlos
        # ni serializarlos) dice sus errores, sus controles y si todo es JSON.
        rapido = self._rapido(comp, documento.datos)
        if rapido is not None or json_puro(documento.datos):
            datos = documento.datos
        else:
            datos, no_json = sanear(documento.datos)
        if not isinstance(datos, dict):
            no_json.append(
                ErrorValidacion(
                    codigo="tipo",
                    mensaje="El documento debe ser un objeto (dict) con «formato», «ejercicio», "
                    f"«periodo»…; llegó {_describir(datos)}.",
                )
            )
            datos = {"formato": documento.formato.id}
        if datos is not documento.datos:
            documento = attrs.evolve(
                documento, datos=datos, hallazgos=[*documento.hallazgos, *no_json]
            )
        formato = documento.formato
        errores: list[ErrorValidacion] = list(documento.hallazgos)
        ya_dichos = {
            (h.registro, h.clave) for h in documento.hallazgos if h.codigo == "valor-no-convertible"
        }
        parcial = False
        registros = documento.datos.get("registros") if formato.tipo == "tabular" else None
        # El sobre se valida sin los registros: ésos los revisa el camino rápido.
        sobre = (
            {**documento.datos, "registros": []} if isinstance(registros, list) else documento.datos
        )
        errores.extend(
            _una_vez(
                _traducir(e, formato, sobre) for e in self._errores(comp, "sobre", sobre, formato)
            )
        )
        if registros == [] and formato.tipo == "tabular":
            errores.append(_sin_registros())
        con_control: Mapping[int, Collection[str] | None] | None = None
        traducidos: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        if isinstance(registros, list):
            grupos, con_control = rapido or self._errores_registros(comp, registros)
            for i in sorted(grupos):
                reg = registros[i]
                if not isinstance(reg, Mapping):  # null, texto, lista…: no hay columnas
                    errores.append(_registro_no_objeto(reg, i + 1))
                    continue
                nota = _nota(reg) or _nota(documento.datos)
                encontrados = (
                    _traducir_cacheado(traducidos, e, formato, reg, i + 1)
                    for e in self._traducibles(comp, grupos[i], reg, formato, i + 1)
                )
                for err in _una_vez(encontrados):
                    if (err.registro, err.clave) in ya_dichos:
                        continue  # el importador ya lo explicó con hoja, fila y celda
                    errores.append(_justificado(err) if nota else err)
                if len(errores) >= max_errores:
                    parcial = True
                    break
        if not parcial:
            pista = (id(registros), con_control) if con_control is not None else None
            errores.extend(self._reglas(formato, documento, pista))
        if len(errores) > max_errores:
            errores, parcial = errores[:max_errores], True
        archivo = str(documento.origen) if documento.origen else None
        if archivo:
            errores = [e if e.archivo else _con_archivo(e, archivo) for e in errores]
        if documento.celdas is not None:
            errores = [_con_celda(e, documento.celdas) for e in errores]
        return Informe(
            errores=tuple(errores),
            formato=formato.id,
            archivo=archivo,
            registros=len(documento.registros),
            parcial=parcial,
        )

    @staticmethod
    def _errores(comp: _Compilado, cual: str, instancia: Any, formato: Formato) -> list[Any]:
        """Errores del sobre (o de un documento): de jsonschema-rs si los sabe traducir."""
        if comp.rapido_sobre is not None:
            try:
                if comp.rapido_sobre.is_valid(instancia):
                    return []
                errores = validacion_rs.errores_de(comp.rapido_sobre, instancia, comp.sobre)
            except Exception:  # noqa: BLE001 - p. ej. un sustituto suelto que Rust no acepta
                errores = None
            if errores is not None and not any(_usa_mensaje(e, formato, None) for e in errores):
                return errores
        return list(comp.js(cual).iter_errors(instancia))

    @staticmethod
    def _rapido(
        comp: _Compilado, datos: Any
    ) -> tuple[dict[int, list[Any]], dict[int, set[str]]] | None:
        """Errores de los registros con el esquema rápido; None si no aplica o si algo no es
        JSON (entonces se sanea el documento)."""
        if comp.rapido_registros is None or not isinstance(datos, dict):
            return None
        registros = datos.get("registros")
        if not isinstance(registros, list) or not json_puro({**datos, "registros": []}):
            return None
        return validacion_rs.revisar_registros(
            comp.rapido_registros, comp.registro_rapido or {}, registros
        )

    @staticmethod
    def _errores_registros(
        comp: _Compilado, registros: list[Any]
    ) -> tuple[dict[int, list[Any]], Mapping[int, Collection[str] | None] | None]:
        """Errores por índice de registro y registros a revisar por caracteres de control
        (None: no se sabe, hay que revisarlos todos)."""
        if comp.rapido_lista is not None:
            try:
                if comp.rapido_lista.is_valid(registros):
                    return {}, {}
                grupos, control = validacion_rs.por_registro(
                    comp.rapido_lista.iter_errors(registros), comp.registro
                )
                return grupos, dict.fromkeys(control | grupos.keys())
            except Exception:  # noqa: BLE001 - p. ej. un sustituto suelto que Rust no acepta
                pass
        js = comp.js("registro")
        grupos = {}
        for i, reg in enumerate(registros):
            encontrados = list(js.iter_errors(reg))
            if encontrados:
                grupos[i] = encontrados
        return grupos, None

    @staticmethod
    def _traducibles(
        comp: _Compilado, errores: list[Any], reg: Any, formato: Formato, registro: int
    ) -> list[Any]:
        """Si un error necesita el mensaje de jsonschema, el registro se le pide a jsonschema."""
        if any(_usa_mensaje(e, formato, registro) for e in errores):
            return list(comp.js("registro").iter_errors(reg))
        return errores

    def _reglas(
        self,
        formato: Formato,
        documento: Documento,
        pista: tuple[int, Mapping[int, Collection[str] | None]] | None,
    ) -> list[ErrorValidacion]:
        marca = validacion_rs.PISTA_CONTROL.set(pista)  # la lee la regla integrada
        try:
            return self._reglas_con_pista(formato, documento)
        finally:
            validacion_rs.PISTA_CONTROL.reset(marca)

    def _reglas_con_pista(self, formato: Formato, documento: Documento) -> list[ErrorValidacion]:
        resultado: list[ErrorValidacion] = []
        llamadas = self.gestor.llamar("validar_documento", formato=formato, documento=documento)
        for nombre, extra in llamadas:
            for err in extra if isinstance(extra, list | tuple) else [extra]:
                if isinstance(err, ErrorValidacion):
                    resultado.append(err)
                else:
                    self.gestor.avisar(
                        f"El plugin «{nombre}» devolvió en validar_documento un "
                        f"{type(err).__name__} en lugar de ErrorValidacion; se omite."
                    )
        return resultado


class EsquemaInvalido(ErrorDeDatos):
    """El esquema de un formato de plugin no compila (lo explica el mensaje)."""


def _informe_sin_esquema(documento: Documento, mensaje: str) -> Informe:
    """Sin esquema que compile no hay validación: un informe inválido que lo dice (validar
    nunca levanta; `parcial` no: el CLI lo lee como «se alcanzó el tope de errores»)."""
    archivo = str(documento.origen) if documento.origen else None
    error = ErrorValidacion(codigo="esquema-invalido", mensaje=mensaje, archivo=archivo)
    return Informe(
        errores=(error,),
        formato=documento.formato.id,
        archivo=archivo,
        registros=len(documento.registros),
    )


def _usa_mensaje(e: Any, formato: Formato, registro: int | None) -> bool:
    """True si `_traducir` usaría el mensaje en inglés del error (jsonschema lo da exacto)."""
    palabra = e.validator
    if palabra != "const" and _en_blanco(e.instance):
        return False  # en blanco: «Falta…» o nada, sin el mensaje
    if validacion_rs.es_regla_de_texto(e):
        return False  # controles: los dice la regla integrada
    if palabra not in validacion_rs.TRADUCIBLES:
        return True
    if palabra in ("format", "pattern"):
        col = _ubicar(formato, list(e.absolute_path), registro)[0]
        if col is None:
            return True
        return not (col.tipo == "fecha" or (palabra == "pattern" and col.tipo == "hipervinculo"))
    if palabra == "oneOf":
        return list(e.absolute_path)[:1] != ["sujeto_obligado"]
    return False


#: Una celda en blanco (null, "" o sólo espacios) es una celda vacía, venga de JSON, CSV o XLSX.
_BLANCO: dict[str, Any] = {"anyOf": [{"type": "null"}, {"type": "string", "pattern": "^\\s*$"}]}


def _exigir_no_vacios(esquema: Any, vistos: set[int] | None = None) -> Any:
    """Cada propiedad obligatoria rechaza también el blanco, para que "" en JSON falle igual
    que la celda vacía de una hoja (que ni llega al registro). El camino rápido lo ve."""
    vistos = set() if vistos is None else vistos
    if isinstance(esquema, list):
        for x in esquema:
            _exigir_no_vacios(x, vistos)
        return esquema
    if not isinstance(esquema, dict) or id(esquema) in vistos:
        return esquema
    vistos.add(id(esquema))
    propiedades = esquema.get("properties")
    if isinstance(propiedades, dict):
        for clave in esquema.get("required") or ():
            original = propiedades.get(clave)
            if isinstance(original, dict) and (
                validacion_rs.regla_de_texto(original) != validacion_rs.PATRON_OBLIGATORIO
            ):  # el esquema publicado ya lo rechaza: no se agrega otra vez
                # Se agrega al mismo subesquema (no se envuelve): el esquema «limpio» de los
                # caracteres de control (`validacion_rs`) sigue viendo su tipo.
                propiedades[clave] = (
                    {**original, "not": _BLANCO}
                    if "not" not in original
                    else {"allOf": [original], "not": _BLANCO}
                )
    for palabra in ("properties", "items", "allOf", "anyOf", "oneOf", "prefixItems"):
        hijo = esquema.get(palabra)
        if isinstance(hijo, dict) and palabra == "properties":
            hijo = list(hijo.values())
        _exigir_no_vacios(hijo, vistos)
    return esquema


def _en_blanco(valor: Any) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip())


def _una_vez(errores: Iterable[Iterable[ErrorValidacion]]) -> list[ErrorValidacion]:
    """Un hallazgo por campo: varias palabras clave que fallan en el mismo valor (formato y
    patrón de una fecha) o el mismo faltante visto dos veces se dicen una sola vez."""
    vistos: set[tuple[Any, ...]] = set()
    unicos = []
    for grupo in errores:
        for err in grupo:
            lugar = (err.registro, err.fila, err.clave or err.columna)
            if lugar not in vistos:
                vistos.add(lugar)
                unicos.append(err)
    return unicos


def _sin_registros() -> ErrorValidacion:
    return ErrorValidacion(
        codigo="sin-registros",
        mensaje="El documento no tiene registros. Si en el periodo no se generó información, "
        "agregue un registro con la Nota que explique por qué, como piden los Lineamientos.",
        columna="Registros",
        clave="registros",
    )


def _declaradas(esquema: Any) -> set[str]:
    """Propiedades que el esquema declara, también en sus `allOf`/`anyOf`/`oneOf`."""
    if not isinstance(esquema, Mapping):
        return set()
    nombres = set((esquema.get("properties") or {}).keys())
    for palabra in ("allOf", "anyOf", "oneOf"):
        for sub in esquema.get(palabra) or ():
            nombres |= _declaradas(sub)
    return nombres


def _nota(datos: Any) -> str:
    nota = datos.get("nota") if isinstance(datos, dict) else None
    return nota.strip() if isinstance(nota, str) else ""


def _justificado(err: ErrorValidacion) -> ErrorValidacion:
    """Los LTG permiten dejar vacío un criterio que no aplica si la Nota lo explica; el
    ejercicio, el periodo, el área y las fechas (columnas del sobre) siempre aplican."""
    if err.codigo != "requerido" or err.fila is not None or err.clave in _COMUNES.values():
        return err
    return attrs.evolve(
        err,
        severidad="advertencia",
        codigo="vacio-justificado",
        mensaje=f"«{err.columna}» está vacío; se acepta porque la Nota del registro o del "
        "documento lo explica. Revise que la Nota diga por qué no aplica.",
    )


def _con_archivo(e: ErrorValidacion, archivo: str) -> ErrorValidacion:
    return attrs.evolve(e, archivo=archivo)


def _con_celda(e: ErrorValidacion, celdas: Celdas) -> ErrorValidacion:
    """Un hallazgo de un registro leído de una hoja dice su celda («celda O9»), como los del
    importador; los de tablas secundarias y los que ya la dicen quedan igual."""
    if e.hoja is not None or e.fila is not None:
        return e
    celda = celdas.de(e.registro, e.clave)
    if celda is None:
        return e
    return attrs.evolve(e, hoja=celdas.hoja, mensaje=f"{e.mensaje} (celda {celda})")


# -- traducción de errores de jsonschema a mensajes en español ---------------------------
#: Ruta en el JSON → clave de la columna común («periodo_inicio» vive en periodo.inicio), en
#: el sobre o en un registro que trae la suya.
_COMUNES = COLUMNA_DE_RUTA
_TITULOS_SOBRE = {
    "formato": "Formato",
    "sujeto_obligado": "Sujeto obligado",
    "periodo": "Periodo que se informa",
    "registros": "Registros",
}


def _ubicar(
    formato: Formato, ruta: list[Any], registro: int | None
) -> tuple[Columna | None, str | None, int | None, str | None]:
    """Ruta JSON → (columna, título a mostrar, fila de tabla secundaria, clave)."""
    comun = _COMUNES.get(tuple(ruta[:2])) or _COMUNES.get(tuple(ruta[:1]))
    if comun:
        col = formato.columna(comun)
        return col, col.titulo if col else None, None, comun
    if not ruta:
        return None, None, None, None
    clave = str(ruta[0])
    col = formato.columna(clave)
    if col is None:
        return None, _TITULOS_SOBRE.get(clave, clave), None, clave
    titulo, fila = col.titulo, None
    if col.subcolumnas and len(ruta) >= 2:
        if isinstance(ruta[1], int):
            fila = ruta[1] + 1
            sub_clave = ruta[2] if len(ruta) >= 3 else None
        else:
            sub_clave = ruta[1]
        sub = next((s for s in col.subcolumnas if s.clave == sub_clave), None)
        if sub is not None:
            titulo = f"{col.titulo} › {sub.titulo}"
            return sub, titulo, fila, f"{clave}.{sub.clave}"
    return col, titulo, fila, clave


def _traducir(
    e: jsonschema.ValidationError,
    formato: Formato,
    instancia: Any,
    registro: int | None = None,
) -> Iterable[ErrorValidacion]:
    ruta = list(e.absolute_path)
    palabra = e.validator
    if palabra == "required":
        presentes = e.instance if isinstance(e.instance, Mapping) else {}
        faltantes = [f for f in e.validator_value if f not in presentes]
        # jsonschema da un error por cada faltante: cada uno se dice una sola vez.
        propia = next((f for f in faltantes if e.message.startswith(repr(f))), None)
        for falta in [propia] if propia is not None else faltantes:
            col, titulo, fila, clave = _ubicar(formato, [*ruta, falta], registro)
            yield _falta(formato, titulo or falta, registro, clave, fila)
        return
    if palabra in ("additionalProperties", "unevaluatedProperties"):
        presentes = e.instance if isinstance(e.instance, Mapping) else {}
        # Si falla un `allOf`, jsonschema olvida lo que evaluó: sin esto, un campo vacío del
        # sobre volvía «desconocidas» todas las claves del sobre.
        conocidas = _declaradas(e.schema)
        desconocidas = [k for k in presentes if k not in conocidas]
        col, titulo, fila, _ = _ubicar(formato, ruta, registro)
        for k in desconocidas:
            yield ErrorValidacion(
                codigo="columna-desconocida",
                mensaje=f"«{k}» no es una columna de este formato; revise el nombre o quítela. "
                "Vea las columnas con «tfmt formato " + formato.id + "».",
                registro=registro,
                columna=(f"{titulo} › {k}" if titulo else k),
                clave=k,
                valor=presentes.get(k) if isinstance(presentes, Mapping) else None,
                fila=fila,
            )
        return
    if validacion_rs.es_control(e) or (palabra == "oneOf" and _sin_la_regla_vale(e)):
        return  # la regla de caracteres de control lo dice, con su código y dónde
    col, titulo, fila, clave = _ubicar(formato, ruta, registro)
    valor = e.instance
    nombre = titulo or (".".join(str(p) for p in ruta) or "documento")
    if _en_blanco(valor) and palabra != "const":
        # En blanco es vacío: obligatorio → «Falta …»; opcional → nada que decir.
        if col is not None and col.requerido:
            yield _falta(formato, nombre, registro, clave, fila)
        return
    codigo, mensaje = "invalido", f"El valor de «{nombre}» no es válido: {e.message}."
    if palabra == "enum":
        opciones = [str(v) for v in e.validator_value]
        lista = "; ".join(opciones[:12]) + ("; …" if len(opciones) > 12 else "")
        codigo = "catalogo"
        mensaje = f"«{valor}» no está en el catálogo de «{nombre}». Elija uno de: {lista}."
    elif palabra == "const":
        codigo = "formato-distinto"
        mensaje = f"El documento dice «{valor}» pero este esquema es de «{e.validator_value}»."
    elif palabra == "type":
        esperado = e.validator_value
        esperados = esperado if isinstance(esperado, list) else [esperado]
        codigo = "tipo"
        mensaje = (
            f"«{nombre}» debe ser {' o '.join(_TIPOS_ES.get(str(t), str(t)) for t in esperados)}; "
            f"llegó {_describir(valor)}."
        )
    elif palabra in ("format", "pattern") and col is not None and col.tipo == "fecha":
        codigo = "fecha-invalida"
        mensaje = (
            f"«{valor}» no es una fecha válida en «{nombre}». En el JSON escríbala como "
            "AAAA-MM-DD (p. ej. 2026-03-31); en CSV o Excel, dd/mm/aaaa."
        )
    elif palabra == "pattern" and col is not None and col.tipo == "hipervinculo":
        codigo = "hipervinculo-invalido"
        mensaje = (
            f"«{valor}» no es un hipervínculo válido en «{nombre}»: debe empezar con "
            "http://, https:// o ftp:// y no llevar espacios."
        )
    elif palabra == "maxLength":
        codigo = "longitud-excedida"
        mensaje = (
            f"«{nombre}» admite hasta {e.validator_value} caracteres y tiene "
            f"{len(valor) if isinstance(valor, str) else '?'}; resuma el texto."
        )
    elif palabra in ("minLength", "minItems"):
        codigo = "vacio"
        mensaje = f"«{nombre}» está vacío y es obligatorio; escriba el dato."
    elif palabra in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        codigo = "fuera-de-rango"
        limite = "al menos" if "inimum" in palabra else "como máximo"
        mensaje = (
            f"«{valor}» está fuera de rango en «{nombre}»: debe ser {limite} {e.validator_value}."
        )
    elif palabra == "uniqueItems":
        codigo = "duplicado"
        mensaje = f"«{nombre}» tiene valores repetidos; deje cada uno una sola vez."
    elif palabra == "oneOf" and ruta[:1] == ["sujeto_obligado"]:
        codigo = "tipo"
        mensaje = (
            "«Sujeto obligado» debe ser un texto con el nombre o un objeto con «nombre» "
            "(y opcionalmente lema, domicilio, teléfono, sitio web)."
        )
    yield ErrorValidacion(
        codigo=codigo,
        mensaje=mensaje,
        registro=registro,
        columna=nombre,
        clave=clave,
        valor=valor if not isinstance(valor, dict | list) else None,
        fila=fila,
    )


_ESCALARES = frozenset({str, int, float, bool, type(None)})
#: Palabras clave cuya traducción depende del registro entero (qué claves trae), no sólo del
#: valor señalado.
_DEL_REGISTRO = frozenset({"required", "additionalProperties", "unevaluatedProperties"})


def _traducir_cacheado(
    cache: dict[tuple[Any, ...], list[dict[str, Any]]],
    e: Any,
    formato: Formato,
    reg: Any,
    registro: int,
) -> list[ErrorValidacion]:
    """`_traducir` de un error de un registro; el mismo error (lugar en el esquema, ruta y
    valor) en otro registro sólo cambia el número de registro: se traduce una vez."""
    valor = e.instance
    if e.validator in _DEL_REGISTRO or type(valor) not in _ESCALARES:
        return list(_traducir(e, formato, reg, registro=registro))
    clave = (id(e.schema), e.validator, tuple(e.absolute_path), type(valor), valor)
    campos = cache.get(clave)
    if campos is None:
        hechos = list(_traducir(e, formato, reg, registro=registro))
        cache[clave] = [attrs.asdict(h, recurse=False) for h in hechos]
        return hechos
    # Con los campos guardados (más barato que attrs.evolve): sólo cambia el registro.
    return [ErrorValidacion(**{**c, "registro": registro}) for c in campos]


def _registro_no_objeto(valor: Any, registro: int) -> ErrorValidacion:
    """Un registro que no es objeto (null de una fila borrada a medias, un texto…)."""
    llego = "está vacío (null)" if valor is None else f"es {_describir(valor)}"
    return ErrorValidacion(
        codigo="tipo",
        mensaje=f"El registro {registro} {llego}: cada registro debe ser un objeto con las "
        'columnas del formato ({"clave": valor, …}). Quítelo de «registros» o escriba sus datos.',
        registro=registro,
        columna="Registros",
        clave="registros",
        valor=valor if isinstance(valor, str | int | float | bool) else None,
    )


def _sin_la_regla_vale(e: Any) -> bool:
    """Un `oneOf` (el sujeto obligado) que falla sólo por la regla de texto de una de sus
    ramas: lo dice la regla de caracteres de control, no «debe ser un texto o un objeto»."""
    import jsonschema

    esquema = validacion_rs.sin_reglas_de_texto(e.schema)
    return bool(jsonschema.Draft202012Validator(esquema).is_valid(e.instance))


def _falta(
    formato: Formato, titulo: str, registro: int | None, clave: str | None, fila: int | None
) -> ErrorValidacion:
    return ErrorValidacion(
        codigo="requerido",
        mensaje=f"Falta «{titulo}», que es obligatorio. Escriba el dato"
        + (
            " (use la Nota para explicar si no aplica)."
            if formato.tipo == "tabular" and clave not in _COMUNES.values()
            else "."
        ),
        registro=registro,
        columna=titulo,
        clave=clave,
        fila=fila,
    )


def _describir(valor: Any) -> str:
    if valor is None:
        return "vacío"
    if isinstance(valor, bool):
        return "verdadero/falso"
    if isinstance(valor, str):
        return f"el texto «{valor}»"
    if isinstance(valor, int | float):
        return f"el número {valor}"
    if isinstance(valor, list):
        return "una lista"
    if isinstance(valor, dict):
        return "un objeto"
    return type(valor).__name__
