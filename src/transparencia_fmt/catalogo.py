"""Catálogo de formatos: carga los esquemas integrados y los de plugins, resuelve `$ref` sin red.

De cada esquema con anotación ``x-formato`` sale un `Formato` con sus columnas en orden
oficial: las comunes iniciales, las del registro y las comunes finales.
"""

from __future__ import annotations

import difflib
import functools
import json
import unicodedata
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import attrs
import referencing
from referencing.jsonschema import DRAFT202012

from .errores import ErrorDeDatos, FormatoDesconocido
from .modelos import CLAVES_POR_REGISTRO, Columna, Formato
from .plugins import Gestor

URI_COMUNES = "https://esquemas.transparencia-fmt.mx/comunes/documento.json"

_TIPO_SIPOT = {
    3: "numero",
    4: "fecha",
    6: "moneda",
    7: "hipervinculo",
    9: "catalogo",
    10: "tabla",
    12: "anio",
    13: "fecha",
}


def _leer_json(ruta: Any) -> Any:
    try:
        return json.loads(ruta.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ErrorDeDatos(f"El esquema {ruta} no se pudo leer: {exc}", archivo=str(ruta)) from exc


def _esquemas_integrados() -> Iterator[tuple[str, dict[str, Any]]]:
    raiz = resources.files("transparencia_fmt.esquemas")
    pendientes = [raiz]
    while pendientes:
        carpeta = pendientes.pop()
        for hijo in sorted(carpeta.iterdir(), key=lambda h: h.name):
            if hijo.is_dir():
                if not hijo.name.startswith(("_", ".")):
                    pendientes.append(hijo)
            elif hijo.name.endswith(".json"):
                yield str(hijo), _leer_json(hijo)


def _esquemas_de_ruta(ruta: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    archivos = sorted(ruta.rglob("*.json")) if ruta.is_dir() else [ruta]
    for archivo in archivos:
        yield str(archivo), _leer_json(archivo)


def normalizar(texto: str) -> str:
    """Minúsculas sin acentos ni signos, espacios simples: para comparar nombres y títulos."""
    t = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode().lower()
    t = "".join(c if c.isalnum() else " " for c in t)
    return " ".join(t.split())


@attrs.define(eq=False)
class Catalogo:
    """Todos los formatos disponibles (integrados y de plugins), con sus esquemas resueltos.

    Se construye con `Catalogo.cargar(gestor)`, que lee los esquemas."""

    gestor: Gestor | None = None
    registry: referencing.Registry[Any] = attrs.field(factory=referencing.Registry)
    _formatos: dict[str, Formato] = attrs.field(factory=dict, init=False)
    _alias: dict[str, str] = attrs.field(factory=dict, init=False)
    #: $ref ya resueltos por URI absoluto (los mismos se repiten en todos los formatos).
    _resueltos: dict[str, Any] = attrs.field(factory=dict, init=False)
    _comunes: Any = attrs.field(default=None, init=False)

    @classmethod
    def cargar(cls, gestor: Gestor | None = None) -> Catalogo:
        """Lee los esquemas integrados y los que registran los plugins de `gestor`."""
        catalogo = cls(gestor)
        catalogo._leer()
        return catalogo

    def _leer(self) -> None:
        gestor = self.gestor
        recursos: list[tuple[str, referencing.Resource[Any]]] = []
        crudos: list[tuple[str, str, dict[str, Any]]] = []
        for origen, ruta, esquema in self._fuentes():
            if not isinstance(esquema, dict) or "$id" not in esquema:
                if gestor is not None and origen != "transparencia-fmt":
                    gestor.avisar(
                        f"El esquema {ruta} del plugin «{origen}» no tiene $id; se omite."
                    )
                continue
            recursos.append((esquema["$id"], DRAFT202012.create_resource(esquema)))
            crudos.append((origen, ruta, esquema))
        self.registry = referencing.Registry().with_resources(recursos)
        for origen, ruta, esquema in crudos:
            if "x-formato" not in esquema:
                continue
            try:
                formato = self._construir(esquema, origen)
            except Exception as exc:  # noqa: BLE001 - un esquema roto de plugin no tumba el catálogo
                if origen == "transparencia-fmt":
                    raise
                if gestor is not None:
                    gestor.avisar(f"El esquema {ruta} del plugin «{origen}» no es válido: {exc}")
                continue
            previo = self._formatos.get(formato.id)
            if previo is not None and gestor is not None:
                gestor.avisar(_aviso_reemplazo(previo, formato))
            self._formatos[formato.id] = formato
            self._alias[normalizar(formato.id)] = formato.id
            if formato.nombre_corto:
                self._alias[normalizar(formato.nombre_corto)] = formato.id

    def _fuentes(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for ruta, esquema in _esquemas_integrados():
            yield "transparencia-fmt", ruta, esquema
        if self.gestor is None:
            return
        for reg in self.gestor.rutas_esquemas():
            carpeta = Path(reg.objeto)
            if not carpeta.exists():
                self.gestor.avisar(
                    f"El plugin «{reg.plugin}» registró una carpeta inexistente: {carpeta}"
                )
                continue
            try:
                for nombre, esquema in _esquemas_de_ruta(carpeta):
                    yield reg.plugin, nombre, esquema
            except ErrorDeDatos as exc:
                self.gestor.avisar(f"Plugin «{reg.plugin}»: {exc}")

    # -- consulta -----------------------------------------------------------------------
    def __iter__(self) -> Iterator[Formato]:
        return iter(sorted(self._formatos.values(), key=_orden))

    def __len__(self) -> int:
        return len(self._formatos)

    def __contains__(self, clave: object) -> bool:
        return isinstance(clave, str) and normalizar(clave) in self._alias

    @property
    def ids(self) -> list[str]:
        """Los ids de los formatos, en orden."""
        return [f.id for f in self]

    def formato(self, id_o_nombre: str) -> Formato:
        """Busca por id (``LGT_Art_70_Fr_V``) o por nombre corto (``5 LGT_Art_70_Fr_V``)."""
        clave = normalizar(str(id_o_nombre))
        if clave in self._alias:
            return self._formatos[self._alias[clave]]
        cercanos = difflib.get_close_matches(str(id_o_nombre), list(self._formatos), n=3)
        raise FormatoDesconocido(str(id_o_nombre), cercanos)

    def buscar(
        self, texto: str | None = None, fraccion: str | None = None, ley: str | None = None
    ) -> list[Formato]:
        """Los formatos que coinciden con el texto (id, nombre, título), fracción y ley.

        La usan `tfmt formatos` y el catálogo de `tfmt servir`: una sola regla de búsqueda.
        """
        formatos = list(self)
        if texto:
            q = normalizar(texto)
            formatos = [
                f
                for f in formatos
                if q in normalizar(f"{f.id} {f.nombre_corto or ''} {f.titulo} {f.descripcion}")
            ]
        if fraccion:
            fr = fraccion.strip().upper()
            formatos = [
                f
                for f in formatos
                if any(str(x.get("fraccion", "")).upper() == fr for x in f.fundamento)
            ]
        if ley:
            n = normalizar(ley)
            formatos = [
                f
                for f in formatos
                if any(n in normalizar(str(x.get("ley", ""))) for x in f.fundamento)
            ]
        return formatos

    # -- resolución de esquemas ---------------------------------------------------------
    def resolver(self, base: str) -> Any:
        """Resolutor de $ref sin red, sobre los esquemas integrados y de plugins."""
        return self.registry.resolver(base_uri=base)

    def desreferenciar(self, nodo: Any, resolver: Any) -> Any:
        """Copia del nodo con cada `$ref` sustituido por su destino (los hermanos mandan)."""
        if isinstance(nodo, list):
            return [self.desreferenciar(n, resolver) for n in nodo]
        if not isinstance(nodo, dict):
            return nodo
        if "$ref" in nodo:
            # Los mismos $ref (texto_corto, fecha, catálogos…) se repiten en todos los formatos:
            # se resuelven una vez por URI absoluto (el resultado no se modifica después).
            uri = _unir(getattr(resolver, "_base_uri", ""), nodo["$ref"])
            destino = self._resueltos.get(uri) if uri else None
            if destino is None:
                resuelto = resolver.lookup(nodo["$ref"])
                destino = self.desreferenciar(resuelto.contents, resuelto.resolver)
                if uri:
                    self._resueltos[uri] = destino
            hermanos = {k: v for k, v in nodo.items() if k != "$ref"}
            return {**destino, **self.desreferenciar(hermanos, resolver)}
        return {
            k: (
                v
                if k in ("enum", "const", "x-formato", "x-fuente")
                else self.desreferenciar(v, resolver)
            )
            for k, v in nodo.items()
            if k not in ("$defs", "$schema", "$id")
        }

    # -- construcción de Formato --------------------------------------------------------
    def _construir(self, esquema: dict[str, Any], origen: str) -> Formato:
        meta = esquema["x-formato"]
        resolver = self.resolver(esquema["$id"])
        plano = self.desreferenciar(esquema, resolver)
        comunes_def = self._definiciones_comunes()
        tipo = meta.get("tipo", "tabular")
        sipot_comunes: Mapping[str, Any] = (meta.get("sipot") or {}).get("comunes", {})
        if tipo == "tabular":
            registro = plano["properties"]["registros"]["items"]
        else:
            registro = {
                "properties": {
                    k: v
                    for k, v in plano.get("properties", {}).items()
                    if k not in ("formato", *comunes_def["documento"]["properties"])
                },
                "required": plano.get("required", []),
            }
        requeridos = set(registro.get("required", []))
        columnas: list[Columna] = []

        def comun(clave: str, definicion: Mapping[str, Any]) -> Columna:
            extra = sipot_comunes.get(clave, {})
            base = _columna(clave, definicion, requerido=clave != "nota", ambito="documento")
            return _con(
                base,
                titulo=extra.get("titulo", base.titulo),
                sipot_tipo=extra.get("tipo", base.sipot_tipo),
                sipot_id=extra.get("id", base.sipot_id),
                encabezado=extra.get("encabezado"),
            )

        periodo = comunes_def["periodo"]["properties"]
        columnas.append(comun("ejercicio", comunes_def["ejercicio"]))
        columnas.append(comun("periodo_inicio", periodo["inicio"]))
        columnas.append(comun("periodo_termino", periodo["termino"]))
        for clave, definicion in registro["properties"].items():
            if clave == "nota":
                continue
            columnas.append(_columna(clave, definicion, clave in requeridos, "registro"))
        columnas.append(comun("area_responsable", comunes_def["area_responsable"]))
        generacion = str(meta.get("generacion") or "")
        if generacion == "2018" or "fecha_validacion" in sipot_comunes:
            columnas.append(
                _con(comun("fecha_validacion", comunes_def["fecha_validacion"]), requerido=True)
            )
        columnas.append(comun("fecha_actualizacion", comunes_def["fecha_actualizacion"]))
        columnas.append(comun("nota", comunes_def["nota"]))
        return Formato(
            id=meta["id"],
            titulo=meta.get("titulo") or esquema.get("title") or meta["id"],
            tipo=tipo,
            columnas=tuple(columnas),
            esquema=esquema,
            nombre_corto=meta.get("nombre_corto"),
            descripcion=esquema.get("description", ""),
            generacion=generacion or None,
            fundamento=tuple(meta.get("fundamento", ())),
            periodicidad=meta.get("periodicidad"),
            conservacion=meta.get("conservacion"),
            fuente=esquema.get("x-fuente"),
            origen=origen,
        )

    def _definiciones_comunes(self) -> Any:
        if self._comunes is None:
            self._comunes = self.desreferenciar(
                self.registry.resolver().lookup(URI_COMUNES).contents["$defs"],
                self.resolver(URI_COMUNES),
            )
        return self._comunes

    def esquema_plano(self, formato: Formato) -> dict[str, Any]:
        """El esquema del formato sin `$ref`: autocontenido, para compilar validadores.

        En un formato tabular cada registro admite además las claves del sobre que el SIPOT
        repite en cada fila (`CLAVES_POR_REGISTRO`), con la misma definición que en el sobre:
        así ningún esquema (integrado o de plugin) tiene que repetirlas.
        """
        plano: dict[str, Any] = self.desreferenciar(
            dict(formato.esquema), self.resolver(formato.esquema["$id"])
        )
        items = (plano.get("properties", {}).get("registros") or {}).get("items")
        if formato.tipo == "tabular" and isinstance(items, dict):
            sobre = self._definiciones_comunes()["documento"]["properties"]
            propias = items.get("properties") or {}
            # Un dict nuevo: los resueltos se comparten entre formatos y no se modifican.
            items["properties"] = {
                **propias,
                **{k: sobre[k] for k in CLAVES_POR_REGISTRO if k not in propias and k in sobre},
            }
        return plano


@functools.lru_cache(maxsize=4096)
def _unir(base: str, ref: str) -> str:
    return urljoin(base, ref)


def _aviso_reemplazo(previo: Formato, nuevo: Formato) -> str:
    """Un esquema de plugin con el id de uno integrado lo sustituye: se dice, no se calla."""
    return (
        f"El plugin «{nuevo.origen}» registra el formato {nuevo.id} "
        f"(generación {nuevo.generacion or 'sin dato'}) y reemplaza al de "
        f"«{previo.origen}» (generación {previo.generacion or 'sin dato'}): se usarán sus columnas."
    )


def _orden(formato: Formato) -> tuple[int, int, str]:
    if formato.tipo == "documento":
        return (1, 0, formato.id)
    fund = formato.fundamento[0] if formato.fundamento else {}
    return (
        0,
        int(fund.get("articulo") or 0) * 1000 + _romano(str(fund.get("fraccion") or "")),
        formato.id,
    )


def _romano(texto: str) -> int:
    valores = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total, previo = 0, 0
    for c in reversed(texto.upper()):
        v = valores.get(c, 0)
        total = total - v if v < previo else total + v
        previo = max(previo, v)
    return total


def _tipo(definicion: Mapping[str, Any]) -> str:
    if "x-tipo" in definicion:
        return str(definicion["x-tipo"])
    sipot = definicion.get("x-sipot") or {}
    if sipot.get("tipo") in _TIPO_SIPOT:
        return _TIPO_SIPOT[sipot["tipo"]]
    if "enum" in definicion:
        return "catalogo"
    tipo = definicion.get("type")
    if tipo == "array":
        items = definicion.get("items") or {}
        return "tabla" if items.get("type") == "object" else "lista"
    if tipo == "integer":
        return "entero"
    if tipo == "number":
        return "numero"
    if tipo == "object":
        return "objeto"
    if definicion.get("format") == "date":
        return "fecha"
    return "texto"


def _columna(clave: str, definicion: Mapping[str, Any], requerido: bool, ambito: str) -> Columna:
    tipo = _tipo(definicion)
    catalogo = None
    subcolumnas: tuple[Columna, ...] = ()
    if "enum" in definicion:
        catalogo = tuple(str(v) for v in definicion["enum"])
    elif tipo == "lista":
        catalogo = tuple(str(v) for v in (definicion.get("items") or {}).get("enum", ())) or None
    if tipo in ("tabla", "objeto"):
        interno = definicion.get("items", definicion) if tipo == "tabla" else definicion
        req = set(interno.get("required", []))
        subcolumnas = tuple(
            _columna(k, v, k in req, "registro") for k, v in interno.get("properties", {}).items()
        )
    sipot = definicion.get("x-sipot") or {}
    return Columna(
        clave=clave,
        titulo=str(definicion.get("title") or clave),
        tipo=tipo,
        requerido=requerido,
        catalogo=catalogo,
        ambito=ambito,  # type: ignore[arg-type]
        subcolumnas=subcolumnas,
        sipot_tipo=sipot.get("tipo"),
        sipot_id=sipot.get("id"),
        presentacion=definicion.get("x-presentacion"),
        descripcion=definicion.get("description"),
        colores=definicion.get("x-colores"),
        encabezado=sipot.get("encabezado"),
    )


def _con(columna: Columna, **cambios: Any) -> Columna:
    return attrs.evolve(columna, **cambios)
