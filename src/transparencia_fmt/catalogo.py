"""Catálogo de formatos: carga los esquemas integrados y los de plugins, resuelve `$ref` sin red.

De cada esquema con anotación ``x-formato`` sale un `Formato` con sus columnas en orden
oficial: las comunes iniciales, las del registro y las comunes finales.

Los integrados se construyen al pedirlos: con el índice vigente (`fichas`), cargar el
catálogo no lee ningún esquema; `formato(id)` lee el suyo y los que éste referencia.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import attrs

from . import fichas as f_
from .columnas_esquema import columna as _columna
from .columnas_esquema import con as _con
from .errores import ErrorDeDatos, FormatoDesconocido
from .fichas import Ficha, filtrar
from .fichas import normalizar as normalizar
from .metodos_attrs import repr_attrs
from .modelos import CLAVES_POR_REGISTRO, Columna, Formato, ruta_comun
from .plugins import Gestor

if TYPE_CHECKING:  # referencing se importa sólo si hay que resolver $ref (no con el índice)
    import referencing

URI_COMUNES = "https://esquemas.transparencia-fmt.mx/comunes/documento.json"


def _leer_json(ruta: Any) -> Any:
    try:
        return json.loads(ruta.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ErrorDeDatos(f"El esquema {ruta} no se pudo leer: {exc}", archivo=str(ruta)) from exc


def _esquemas_integrados() -> Iterator[tuple[str, dict[str, Any]]]:
    carpeta_real = f_.carpeta_integrados()
    if carpeta_real is not None:
        for ruta in f_.listar(carpeta_real):
            yield str(ruta), _leer_json(ruta)
        return
    from importlib import resources  # sólo si los esquemas no están en una carpeta (un .zip)

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


@attrs.define(eq=False)
class Catalogo:
    """Todos los formatos disponibles (integrados y de plugins), con sus esquemas resueltos.

    Se construye con `Catalogo.cargar(gestor)`, que lee los esquemas."""

    __repr__ = repr_attrs

    gestor: Gestor | None = None
    #: Los esquemas por $id para resolver `$ref`; se crea al necesitarse (`_registro`).
    registry: referencing.Registry[Any] | None = None
    _formatos: dict[str, Formato] = attrs.field(factory=dict, init=False)
    _alias: dict[str, str] = attrs.field(factory=dict, init=False)
    #: $ref ya resueltos por URI absoluto (los mismos se repiten en todos los formatos).
    _resueltos: dict[str, Any] = attrs.field(factory=dict, init=False)
    _comunes: Any = attrs.field(default=None, init=False)
    #: Integrados aún sin construir: id → ruta de su esquema (del índice).
    _perezosos: dict[str, str] = attrs.field(factory=dict, init=False)
    #: $id → ruta de cada esquema integrado (del índice), para `_traer`.
    _rutas: dict[str, str] = attrs.field(factory=dict, init=False)
    #: Esquemas integrados ya leídos por ruta (los piden `_traer` y `formato`).
    _leidos: dict[str, Any] = attrs.field(factory=dict, init=False)
    #: Esquema sin $ref de los integrados construidos desde la caché, por id de formato.
    _planos: dict[str, Any] = attrs.field(factory=dict, init=False)
    #: Archivo del esquema de cada formato de plugin, por id (para nombrarlo en mensajes).
    _archivos: dict[str, str] = attrs.field(factory=dict, init=False)
    #: Formatos de plugin cuyo esquema se omitió por inválido: id normalizado → por qué.
    _rechazados: dict[str, str] = attrs.field(factory=dict, init=False)
    #: (carpeta de los integrados, huella) cuando el índice está vigente: clave de los planos.
    _vigente: tuple[str, list[Any]] | None = attrs.field(default=None, init=False)

    @classmethod
    def cargar(cls, gestor: Gestor | None = None) -> Catalogo:
        """Lee los esquemas integrados y los que registran los plugins de `gestor`."""
        catalogo = cls(gestor)
        catalogo._leer()
        return catalogo

    def _leer(self) -> None:
        raiz = f_.carpeta_integrados()
        clave = f_.huella_integrados(raiz) if raiz is not None else None
        indice = f_.leer_indice(raiz, clave) if raiz is not None and clave is not None else None
        if indice is None or raiz is None or clave is None:
            integrados = self._leer_esquemas(self._fuentes())
            if raiz is not None and clave is not None:
                f_.guardar_indice(raiz, clave, *f_.indice_de(raiz, integrados, _orden))
            return
        # Con índice: los integrados quedan por construir; los de plugins, como siempre.
        self._vigente = (raiz, clave)
        # str(raiz / ruta) sin crear un Path por esquema (en cada arranque)
        base = os.fspath(raiz)
        self._rutas = {
            uri: os.path.join(base, ruta.replace("/", os.sep))
            for uri, ruta in indice["recursos"].items()
        }
        for ruta, fid, nombre_corto in indice["formatos"]:
            self._perezosos[fid] = os.path.join(base, ruta.replace("/", os.sep))
            self._alias[normalizar(fid)] = fid
            if nombre_corto:
                self._alias[normalizar(nombre_corto)] = fid
        self._leer_esquemas(self._fuentes(integrados=False))

    def _leer_esquemas(
        self, fuentes: Iterator[tuple[str, str, dict[str, Any]]]
    ) -> list[tuple[str, dict[str, Any], Formato | None]]:
        """Registra y construye los esquemas de `fuentes`; devuelve los integrados (ruta,
        esquema y el formato que salió de él) para el índice."""
        gestor = self.gestor
        crudos: list[tuple[str, str, dict[str, Any]]] = []
        for origen, ruta, esquema in fuentes:
            if not isinstance(esquema, dict) or "$id" not in esquema:
                if gestor is not None and origen != "transparencia-fmt":
                    gestor.avisar(
                        f"El esquema {ruta} del plugin {_quien(gestor, origen)} no tiene $id; "
                        "se omite."
                    )
                continue
            if origen != "transparencia-fmt":
                from .esquema_valido import problema  # sólo con esquemas de plugins

                mal = problema(esquema)
                if mal is not None:
                    meta = esquema.get("x-formato")
                    fid = meta.get("id") if isinstance(meta, dict) else None
                    if isinstance(fid, str):  # quien lo pida sabrá por qué no está
                        self._rechazados[normalizar(fid)] = (
                            f"El formato «{fid}» no está disponible: su esquema ({ruta}, del "
                            f"plugin {_quien(gestor, origen) if gestor else origen}) no es un "
                            "JSON Schema válido (vea el AVISO). Avise a quien mantiene el plugin."
                        )
                    if gestor is not None:
                        gestor.avisar(_aviso_invalido(gestor, origen, ruta, fid, mal))
                    continue
            crudos.append((origen, ruta, esquema))
        if crudos:
            from referencing.jsonschema import DRAFT202012

            recursos = [(e["$id"], DRAFT202012.create_resource(e)) for _, _, e in crudos]
            self.registry = self._registro().with_resources(recursos)
        integrados: list[tuple[str, dict[str, Any], Formato | None]] = []
        for origen, ruta, esquema in crudos:
            if "x-formato" not in esquema:
                if origen == "transparencia-fmt":
                    integrados.append((ruta, esquema, None))
                continue
            try:
                formato = self._construir(esquema, origen)
            except Exception as exc:  # noqa: BLE001 - un esquema roto de plugin no tumba el catálogo
                if origen == "transparencia-fmt":
                    raise
                if gestor is not None:
                    gestor.avisar(
                        f"El esquema {ruta} del plugin {_quien(gestor, origen)} no es válido: {exc}"
                    )
                continue
            if origen != "transparencia-fmt":
                self._archivos[formato.id] = ruta
            if origen == "transparencia-fmt":
                integrados.append((ruta, esquema, formato))
            previo = self._formatos.get(formato.id)
            if previo is None and formato.id in self._perezosos:
                previo = self._construir_perezoso(formato.id)
            if previo is not None and gestor is not None:
                gestor.avisar(_aviso_reemplazo(previo, formato))
            self._planos.pop(formato.id, None)
            self._formatos[formato.id] = formato
            self._alias[normalizar(formato.id)] = formato.id
            if formato.nombre_corto:
                self._alias[normalizar(formato.nombre_corto)] = formato.id
        return integrados

    def _registro(self) -> referencing.Registry[Any]:
        if self.registry is None:
            import referencing

            self.registry = referencing.Registry(retrieve=self._traer)  # type: ignore[call-arg]
        return self.registry

    def _traer(self, uri: str) -> referencing.Resource[Any]:
        """Un esquema integrado que nadie registró aún (con índice se leen al pedirlos)."""
        from referencing.exceptions import NoSuchResource
        from referencing.jsonschema import DRAFT202012

        ruta = self._rutas.get(uri)
        if ruta is None:
            raise NoSuchResource(ref=uri)  # type: ignore[call-arg]
        return DRAFT202012.create_resource(self._esquema(ruta))

    def _esquema(self, ruta: str) -> Any:
        if ruta not in self._leidos:
            self._leidos[ruta] = _leer_json(Path(ruta))
        return self._leidos[ruta]

    def _construir_perezoso(self, fid: str, cache: bool = True) -> Formato:
        ruta = self._perezosos.pop(fid)
        esquema = self._esquema(ruta)
        # Su esquema sin $ref, de la caché si el índice está vigente: sin referencing. Al
        # construirlos todos (`cache=False`) no: cien archivos no ahorran nada.
        vigente = self._vigente if cache else None
        guardado = f_.leer_plano(*vigente, fid) if vigente else None
        if guardado is not None:
            plano = guardado["plano"]
            if self._comunes is None:
                self._comunes = guardado["comunes"]
        else:
            plano = self.desreferenciar(esquema, self.resolver(esquema["$id"]))
        formato = self._construir(esquema, "transparencia-fmt", plano)
        if formato.id == fid:
            self._planos[fid] = plano
            if guardado is None and vigente:
                f_.guardar_plano(*vigente, fid, {"plano": plano, "comunes": self._comunes})
        self._formatos.setdefault(formato.id, formato)
        return formato

    def _construir_todos(self) -> None:
        for fid in list(self._perezosos):
            if fid in self._perezosos:
                self._construir_perezoso(fid, cache=False)

    def _fuentes(self, integrados: bool = True) -> Iterator[tuple[str, str, dict[str, Any]]]:
        if integrados:
            for ruta, esquema in _esquemas_integrados():
                yield "transparencia-fmt", ruta, esquema
        if self.gestor is None:
            return
        for reg in self.gestor.rutas_esquemas():
            carpeta = Path(reg.objeto)
            if not carpeta.exists():
                self.gestor.avisar(
                    f"El plugin {_quien(self.gestor, reg.plugin)} registró una carpeta "
                    f"inexistente: {carpeta}"
                )
                continue
            try:
                for nombre, esquema in _esquemas_de_ruta(carpeta):
                    yield reg.plugin, nombre, esquema
            except ErrorDeDatos as exc:
                self.gestor.avisar(f"Plugin {_quien(self.gestor, reg.plugin)}: {exc}")

    def archivo_de(self, formato: Formato) -> str | None:
        """El archivo del esquema de un formato de plugin (None si es integrado)."""
        return self._archivos.get(formato.id) if formato.origen != "transparencia-fmt" else None

    # -- consulta -----------------------------------------------------------------------
    def __iter__(self) -> Iterator[Formato]:
        self._construir_todos()
        return iter(sorted(self._formatos.values(), key=_orden))

    def __len__(self) -> int:
        return len(self._formatos) + len(self._perezosos)

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
            fid = self._alias[clave]
            if fid in self._formatos:
                return self._formatos[fid]
            return self._construir_perezoso(fid)
        if clave in self._rechazados:
            error = FormatoDesconocido(str(id_o_nombre))
            error.args = (self._rechazados[clave],)
            raise error
        todos = [*self._formatos, *self._perezosos]
        import difflib  # sólo para sugerir cuando no existe

        cercanos = difflib.get_close_matches(str(id_o_nombre), todos, n=3)
        raise FormatoDesconocido(str(id_o_nombre), cercanos)

    def buscar(
        self, texto: str | None = None, fraccion: str | None = None, ley: str | None = None
    ) -> list[Formato]:
        """Los formatos que coinciden con el texto (id, nombre, título), fracción y ley.

        La usan el catálogo de `tfmt servir` y la API; `tfmt formatos` usa `fichas` (la misma
        regla, `fichas.filtrar`)."""
        return filtrar(self, texto, fraccion, ley)

    def fichas(
        self, texto: str | None = None, fraccion: str | None = None, ley: str | None = None
    ) -> list[Ficha]:
        """Como `buscar`, pero fichas (lo que se lista): no construye los integrados."""
        guardadas = f_.leer_fichas(*self._vigente) if self._vigente and self._perezosos else []
        if guardadas is None:
            self._construir_todos()  # sin fichas vigentes: de los formatos mismos
        todas = {fid: Ficha(Ficha.datos_de(f, _orden(f))) for fid, f in self._formatos.items()}
        todas.update({f.id: f for f in guardadas or () if f.id in self._perezosos})
        return filtrar(sorted(todas.values(), key=lambda f: f.orden), texto, fraccion, ley)

    # -- resolución de esquemas ---------------------------------------------------------
    def resolver(self, base: str) -> Any:
        """Resolutor de $ref sin red, sobre los esquemas integrados y de plugins."""
        return self._registro().resolver(base_uri=base)

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
    def _construir(self, esquema: dict[str, Any], origen: str, plano: Any = None) -> Formato:
        meta = esquema["x-formato"]
        if plano is None:
            plano = self.desreferenciar(esquema, self.resolver(esquema["$id"]))
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

        # Obligatoria sólo si el sobre la exige (fecha de validación y Nota no): la
        # validación dice «Falta» de una fila en blanco con esto (hallazgo 1, revisión 7).
        exigidas = set(comunes_def["documento"].get("required", ()))

        def comun(clave: str, definicion: Mapping[str, Any]) -> Columna:
            extra = sipot_comunes.get(clave, {})
            requerido = ruta_comun(clave)[0] in exigidas
            base = _columna(clave, definicion, requerido=requerido, ambito="documento")
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
            columnas.append(comun("fecha_validacion", comunes_def["fecha_validacion"]))
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
                self._registro().resolver().lookup(URI_COMUNES).contents["$defs"],
                self.resolver(URI_COMUNES),
            )
        return self._comunes

    def esquema_plano(self, formato: Formato) -> dict[str, Any]:
        """El esquema del formato sin `$ref`: autocontenido, para compilar validadores.

        En un formato tabular cada registro admite además las claves del sobre que el SIPOT
        repite en cada fila (`CLAVES_POR_REGISTRO`), con la misma definición que en el sobre:
        así ningún esquema (integrado o de plugin) tiene que repetirlas.
        """
        guardado = self._planos.get(formato.id)
        if guardado is not None and self._formatos.get(formato.id) is formato:
            plano: dict[str, Any] = dict(guardado)  # de la caché: sin referencing
        else:
            plano = self.desreferenciar(
                dict(formato.esquema), self.resolver(formato.esquema["$id"])
            )
        registros = plano.get("properties", {}).get("registros") or {}
        items = registros.get("items")
        if formato.tipo == "tabular" and isinstance(items, dict):
            sobre = self._definiciones_comunes()["documento"]["properties"]
            propias = items.get("properties") or {}
            # Dicts nuevos en todo el camino: los resueltos (y los planos de la caché) se
            # comparten y no se modifican.
            items = {
                **items,
                "properties": {
                    **propias,
                    **{k: sobre[k] for k in CLAVES_POR_REGISTRO if k not in propias and k in sobre},
                },
            }
            plano["properties"] = {
                **plano["properties"],
                "registros": {**registros, "items": items},
            }
        return plano


@functools.lru_cache(maxsize=4096)
def _unir(base: str, ref: str) -> str:
    return urljoin(base, ref)


def _quien(gestor: Gestor, plugin: str) -> str:
    """«plugin» (paquete versión): a quién avisar de un esquema roto."""
    paquete, version = gestor.origen(plugin)
    return f"«{plugin}» ({' '.join(p for p in (paquete, version) if p)})"


def _aviso_invalido(gestor: Gestor, origen: str, ruta: str, fid: Any, mal: str) -> str:
    consecuencia = (
        f"el formato {fid} no estará disponible" if isinstance(fid, str) else "no se usará"
    )
    return (
        f"El esquema {ruta} del plugin {_quien(gestor, origen)} no es un JSON Schema válido: "
        f"{mal}. Se omite: {consecuencia} hasta que el plugin lo corrija."
    )


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
