"""Gestor de plugins: integrados por lista de módulos, terceros por entry points, aislados.

Como en datasette (``DEFAULT_PLUGINS``), los integrados se registran desde `INTEGRADOS`, esté
el paquete instalado o no; los de terceros llegan por el grupo de entry points
``transparencia_fmt``. Un plugin que no importa, que sale con ``sys.exit``, que levanta una
excepción, que implementa un gancho que no existe o que registra algo que no cumple el
contrato se nombra en un aviso y los demás siguen funcionando. Lo que un plugin imprime al
cargarse o en sus ganchos va a la salida de errores: nunca ensucia ``--json``.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import sys
import types
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pluggy
from attrs import define, field, frozen

from . import hookspecs
from .contrato import Configuracion
from .contrato_exportador import problema_exportador
from .entradas import DISTRIBUCION as DISTRIBUCION
from .entradas import GRUPO as GRUPO
from .entradas import VARIABLE_CARGA as VARIABLE_CARGA
from .entradas import VARIABLE_CARGA_ANTERIOR as VARIABLE_CARGA_ANTERIOR
from .entradas import cargar_objeto, indice_entradas, terceros_a_cargar
from .errores import AvisoPlugin as AvisoPlugin  # vive en errores: el CLI no carga pluggy
from .metodos_attrs import eq_attrs, hash_attrs, repr_attrs

#: Plugins integrados: nombre → módulo (la lista de DEFAULT_PLUGINS de datasette).
INTEGRADOS = (
    ("json", "transparencia_fmt.exportadores.json_canonico"),
    ("csv", "transparencia_fmt.exportadores.csv_portal"),
    ("docx", "transparencia_fmt.exportadores.docx_documento"),
    ("pdf", "transparencia_fmt.exportadores.pdf_documento"),
    ("xlsx-sipot", "transparencia_fmt.exportadores.xlsx_sipot"),
    ("importador-json", "transparencia_fmt.importadores.json_canonico"),
    ("importador-csv", "transparencia_fmt.importadores.csv_portal"),
    ("importador-xlsx", "transparencia_fmt.importadores.xlsx_sipot"),
    ("reglas", "transparencia_fmt.reglas"),
    ("derivaciones-poa", "transparencia_fmt.derivaciones.poa"),
)

hookimpl = pluggy.HookimplMarker(GRUPO)

#: Integrados cuyo único gancho no hace falta en cada comando (`validar` no exporta ni
#: deriva): se registran con un sustituto que importa el módulo al llamarse el gancho.
DIFERIDOS = {
    "json": "registrar_exportadores",
    "csv": "registrar_exportadores",
    "docx": "registrar_exportadores",
    "pdf": "registrar_exportadores",
    "xlsx-sipot": "registrar_exportadores",
    "derivaciones-poa": "registrar_derivaciones",
}

#: Importadores integrados que sólo se importan al leer un archivo suyo (`validar` de un
#: JSON no necesita ni csv ni zipfile): plugin → (clase, nombre, extensiones), lo que
#: `Entorno.cargar` consulta antes de leer. Las pruebas revisan que sea lo del módulo.
IMPORTADORES_DIFERIDOS = {
    "importador-csv": ("ImportadorCSV", "csv", (".csv", ".txt")),
    "importador-xlsx": ("ImportadorXLSX", "xlsx", (".xlsx", ".xlsm", ".ods")),
}


@frozen
class Aportacion:
    """Algo que un plugin aportó (exportador, importador o ruta de esquemas) y de quién vino."""

    __repr__ = repr_attrs
    __eq__ = eq_attrs
    __hash__ = hash_attrs

    objeto: Any
    plugin: str
    paquete: str
    version: str

    @property
    def integrada(self) -> bool:
        """Viene de transparencia_fmt mismo (no de un plugin de terceros)."""
        return self.paquete == DISTRIBUCION


@define(eq=False)
class Gestor:
    """El `pluggy.PluginManager` con la procedencia de cada plugin y los avisos de carga."""

    __repr__ = repr_attrs

    pm: pluggy.PluginManager
    configuracion: Configuracion = field(factory=Configuracion)
    #: nombre del plugin → (paquete, versión)
    procedencia: dict[str, tuple[str, str]] = field(factory=dict)
    fallos: list[str] = field(factory=list)

    def avisar(self, texto: str) -> None:
        """Guarda y emite un aviso (`AvisoPlugin`) sobre un plugin."""
        self.fallos.append(texto)
        warnings.warn(texto, AvisoPlugin, stacklevel=2)

    def origen(self, plugin: str) -> tuple[str, str]:
        """(paquete, versión) del plugin."""
        return self.procedencia.get(plugin, (plugin, ""))

    def llamar(self, gancho: str, **argumentos: Any) -> Iterator[tuple[str, Any]]:
        """(plugin, resultado) de cada implementación, llamada por separado: una que falla
        se nombra en un aviso y no tumba a las demás. Cada una recibe sólo los argumentos
        que declara (``impl.argnames`` de pluggy)."""
        argumentos.setdefault("configuracion", self.configuracion)
        for impl in getattr(self.pm.hook, gancho).get_hookimpls():
            nombre = impl.plugin_name
            paquete, _ = self.origen(nombre)
            try:
                with _salida_a_errores():
                    valor = impl.function(*(argumentos[a] for a in impl.argnames))
            except (Exception, SystemExit) as exc:  # noqa: BLE001 - aislar plugins es el propósito
                self.avisar(
                    f"El plugin «{nombre}» ({paquete}) falló en {gancho}: "
                    f"{type(exc).__name__}: {exc}. Se omite; los demás siguen funcionando."
                )
                continue
            if valor is not None:
                yield nombre, valor

    def _aportaciones(self, gancho: str, validar: Callable[[Any], str | None]) -> list[Aportacion]:
        resultados: list[Aportacion] = []
        for nombre, valor in self.llamar(gancho):
            paquete, version = self.origen(nombre)
            elementos = valor if isinstance(valor, list | tuple) else [valor]
            for el in elementos:
                try:
                    problema = validar(el)
                except Exception as exc:  # noqa: BLE001 - p. ej. una propiedad que levanta
                    problema = f"leer sus atributos levantó {type(exc).__name__}: {exc}"
                if problema:
                    self.avisar(
                        f"El plugin «{nombre}» ({f'{paquete} {version}'.strip()}) registró en "
                        f"{gancho} un objeto inválido: {problema}. Se omite; los demás siguen "
                        "funcionando."
                    )
                    continue
                resultados.append(Aportacion(el, nombre, paquete, version))
        return resultados

    def exportadores(self) -> list[Aportacion]:
        """Exportadores válidos; un plugin no reemplaza a uno integrado con su mismo nombre."""
        todos = self._aportaciones("registrar_exportadores", problema_exportador)
        integrados = {a.objeto.nombre for a in todos if a.integrada}
        elegidos = []
        for a in todos:
            if not a.integrada and a.objeto.nombre in integrados:
                self.avisar(
                    f"El plugin «{a.plugin}» ({a.paquete}) registra un exportador "
                    f"«{a.objeto.nombre}», nombre de uno integrado; se omite para no reemplazarlo. "
                    "El plugin debe usar otro nombre."
                )
                continue
            elegidos.append(a)
        return elegidos

    def importadores(self) -> list[Aportacion]:
        """Importadores válidos, en orden de registro."""
        return self._aportaciones("registrar_importadores", _problema_importador)

    def rutas_esquemas(self) -> list[Aportacion]:
        """Rutas de esquemas registradas por los plugins."""
        return self._aportaciones("registrar_esquemas", _problema_ruta)

    def derivaciones(self) -> list[Aportacion]:
        """Derivaciones válidas («de un documento del formato A armo uno del B»)."""
        return self._aportaciones("registrar_derivaciones", _problema_derivacion)

    def ganchos_de(self, plugin: str) -> list[str]:
        """Los ganchos que implementa `plugin`."""
        objeto = self.pm.get_plugin(plugin)
        return sorted(c.name for c in self.pm.get_hookcallers(objeto) or []) if objeto else []

    def revisar_ganchos(self) -> None:
        """Avisa de ganchos mal escritos (``check_pending`` de pluggy) y de funciones con el
        nombre de un gancho pero sin ``@hookimpl`` (pluggy las ignoraría en silencio)."""
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError:
            for gancho in sorted(vars(self.pm.hook)):
                caller = getattr(self.pm.hook, gancho)
                if not isinstance(caller, pluggy.HookCaller) or caller.has_spec():
                    continue
                for impl in caller.get_hookimpls():
                    if not impl.optionalhook:
                        self.avisar(_mal_escrito(impl.plugin_name, self.origen, gancho))
        for nombre, plugin in self.pm.list_name_plugin():
            if self.origen(nombre)[0] == DISTRIBUCION:
                continue  # los integrados los revisan las pruebas, no cada arranque
            import difflib  # aquí: sólo con plugins de terceros

            for atributo in dir(plugin):
                if atributo.startswith("_") or not callable(getattr(plugin, atributo, None)):
                    continue
                if self.pm.parse_hookimpl_opts(plugin, atributo) is not None:
                    continue
                if atributo in hookspecs.GANCHOS or difflib.get_close_matches(
                    atributo, hookspecs.GANCHOS, n=1, cutoff=0.85
                ):
                    self.avisar(
                        f"El plugin «{nombre}» ({self.origen(nombre)[0]}) define «{atributo}» "
                        "sin @hookimpl: no se llamará. Márquela con @transparencia_fmt.hookimpl"
                        + (
                            "."
                            if atributo in hookspecs.GANCHOS
                            else f" y revise el nombre (¿«{_parecido(atributo)}»?)."
                        )
                    )


def _parecido(nombre: str) -> str:
    import difflib

    return (difflib.get_close_matches(nombre, hookspecs.GANCHOS, n=1, cutoff=0) or [""])[0]


def _mal_escrito(plugin: str, origen: Callable[[str], tuple[str, str]], gancho: str) -> str:
    return (
        f"El plugin «{plugin}» ({origen(plugin)[0]}) implementa «{gancho}», que no es un gancho "
        f"de transparencia_fmt (¿quiso decir «{_parecido(gancho)}»?); no se llamará."
    )


@contextlib.contextmanager
def _salida_a_errores() -> Iterator[None]:
    """Lo que un plugin imprime va a stderr: la salida (p. ej. ``--json``) es del programa."""
    with contextlib.redirect_stdout(sys.stderr):
        yield


def _problema_importador(obj: Any) -> str | None:
    faltan = [a for a in ("nombre", "extensiones") if not hasattr(obj, a)]
    if not callable(getattr(obj, "importar", None)):
        faltan.append("importar()")
    if faltan:
        return f"le falta {', '.join(faltan)}"
    return None


def _problema_derivacion(obj: Any) -> str | None:
    faltan = [a for a in ("nombre", "origen", "destino", "descripcion") if not hasattr(obj, a)]
    if not callable(getattr(obj, "derivar", None)):
        faltan.append("derivar()")
    if faltan:
        return (
            f"le falta {', '.join(faltan)} (debe tener nombre, origen, destino, descripcion "
            "y derivar)"
        )
    return None


def _problema_ruta(obj: Any) -> str | None:
    if not isinstance(obj, str | os.PathLike):
        return f"se esperaba una ruta (str o Path), llegó {type(obj).__name__}"
    return None


def crear_gestor(
    cargar_terceros: bool = True,
    extra: Iterable[tuple[str, Any]] = (),
    configuracion: Configuracion | None = None,
) -> Gestor:
    """Construye el gestor: ganchos, integrados, plugins de terceros (aislados) y `extra`
    (pares nombre, módulo u objeto: para probar un plugin sin instalarlo)."""
    pm = pluggy.PluginManager(GRUPO)
    pm.add_hookspecs(hookspecs)
    gestor = Gestor(pm, configuracion or Configuracion.del_entorno())
    indice = indice_entradas()
    propia = (DISTRIBUCION, indice["propia"])
    for nombre, modulo in INTEGRADOS:
        if nombre in DIFERIDOS:
            cargar = functools.partial(_diferido, modulo, DIFERIDOS[nombre])
        elif nombre in IMPORTADORES_DIFERIDOS:
            cargar = functools.partial(_importador_diferido, modulo, nombre)
        else:
            cargar = functools.partial(_solo_ganchos, modulo)
        _registrar(gestor, nombre, cargar, propia)
    if cargar_terceros:
        for e in terceros_a_cargar(indice):
            cargar = functools.partial(cargar_objeto, e["valor"])
            _registrar(gestor, e["nombre"], cargar, (e["paquete"], e["version"]))
    for nombre, plugin in extra:
        _registrar(gestor, nombre, functools.partial(lambda p: p, plugin), (nombre, ""))
    gestor.revisar_ganchos()
    return gestor


class _Ganchos(types.SimpleNamespace):
    """Un integrado registrado por sus ganchos: pluggy revisa cada nombre de `dir(plugin)`
    (con los de Python, __class__, __eq__…, unos 25 por plugin en cada arranque); aquí
    `dir` da sólo los ganchos."""

    def __dir__(self) -> list[str]:
        return list(vars(self))


def _solo_ganchos(modulo: str) -> Any:
    """Los ganchos de un módulo integrado, sin lo demás que define o importa: pluggy revisa
    cada atributo del plugin al registrarlo (cientos en un módulo; en cada arranque)."""
    real = importlib.import_module(modulo)
    return _Ganchos(**{g: getattr(real, g) for g in hookspecs.GANCHOS if hasattr(real, g)})


def _diferido(modulo: str, gancho: str) -> Any:
    """Un plugin con el gancho `gancho` de `modulo` que importa el módulo la primera vez que
    se llama: el mismo nombre, el mismo gancho y el mismo lugar en el orden de registro."""

    def llamar(configuracion: Configuracion) -> Any:
        real = getattr(importlib.import_module(modulo), gancho)
        codigo = real.__code__
        quiere = codigo.co_varnames[: codigo.co_argcount]
        return real(*(configuracion for n in quiere if n == "configuracion"))

    llamar.__name__ = llamar.__qualname__ = gancho
    return _Ganchos(**{gancho: hookimpl(llamar)})


class ImportadorDiferido:
    """Un importador integrado cuyo módulo se importa al usarlo: nombre y extensiones se
    saben de antemano; lo demás (importar, reconoce, descripcion…) es del importador real."""

    def __init__(self, modulo: str, clase: str, nombre: str, extensiones: tuple[str, ...]):
        self.nombre = nombre
        self.extensiones = extensiones
        self._modulo = modulo
        self._clase = clase
        self._real: Any = None

    def real(self) -> Any:
        """El importador del módulo (lo importa la primera vez)."""
        if self._real is None:
            self._real = getattr(importlib.import_module(self._modulo), self._clase)()
        return self._real

    def importar(self, ruta: Any, catalogo: Any) -> Any:
        """Lo lee el importador real."""
        return self.real().importar(ruta, catalogo)

    def __getattr__(self, atributo: str) -> Any:
        if atributo.startswith("_"):
            raise AttributeError(atributo)
        return getattr(self.real(), atributo)

    def __repr__(self) -> str:
        return f"ImportadorDiferido({self._modulo}.{self._clase})"


def _importador_diferido(modulo: str, plugin: str) -> Any:
    """Un plugin con `registrar_importadores` que da un `ImportadorDiferido` de `modulo`."""
    clase, nombre, extensiones = IMPORTADORES_DIFERIDOS[plugin]

    def registrar_importadores() -> list[Any]:
        return [ImportadorDiferido(modulo, clase, nombre, extensiones)]

    return _Ganchos(registrar_importadores=hookimpl(registrar_importadores))


def _registrar(
    gestor: Gestor, nombre: str, cargar: Callable[[], Any], origen: tuple[str, str]
) -> None:
    paquete, version = origen
    if gestor.pm.has_plugin(nombre) or gestor.pm.is_blocked(nombre):
        gestor.avisar(
            f"El plugin «{nombre}» del paquete {paquete} usa un nombre ya registrado; "
            "se omite. Cambie el nombre de su entry point."
        )
        return
    try:
        with _salida_a_errores():
            plugin = cargar()
        gestor.pm.register(plugin, name=nombre)
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - un plugin roto no tumba el programa
        gestor.avisar(
            f"No se pudo cargar el plugin «{nombre}» del paquete {paquete} {version}: "
            f"{type(exc).__name__}: {exc}. Se omite; los demás siguen funcionando."
        )
        return
    gestor.procedencia[nombre] = origen
