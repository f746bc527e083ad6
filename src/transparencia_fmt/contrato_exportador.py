"""Lo que un exportador debe cumplir para registrarse: nombre, extensión y descripción.

El nombre es lo que se escribe en ``--a`` y entra al nombre del archivo («fr5.texto.txt»); la
extensión va al final de ese nombre. Por eso los dos se revisan al registrar: uno que no es
texto tumbaría `tfmt exportadores` y uno con «/» o «..» escribiría fuera de la carpeta de
salida. Un exportador que no cumple se omite con un aviso (vea `plugins.Gestor`).
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # sin `typing` en el arranque; mypy entiende esta constante
if TYPE_CHECKING:
    from typing import Any

#: «.pdf», «.csv», «.tar.gz», «.geo-json»: punto, y trozos de letras y dígitos ASCII (con «_» o
#: «-» dentro) separados por un punto; sin separadores de carpeta, sin «..», sin punto final
#: (Windows lo quita), sin espacios ni caracteres de control. A lo más 20 caracteres.
_TROZO = r"[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?"
EXTENSION_VALIDA = re.compile(rf"(?:\.{_TROZO})+")
LARGO_EXTENSION = 20
LARGO_NOMBRE = 60

#: Lo que un nombre de exportador no puede traer: separadores de carpeta, lo que Windows no
#: acepta en un nombre de archivo (con «:» escribiría en un flujo alterno) y la coma, que
#: separa nombres en ``--a pdf,docx``.
_PROHIBIDOS_NOMBRE = frozenset('/\\<>:"|?*,')


def _muestra(valor: Any) -> str:
    """El valor como lo escribió el plugin, corto (para el aviso)."""
    texto = repr(valor)
    return texto if len(texto) <= 60 else texto[:57] + "…"


def problema_nombre(valor: Any) -> str | None:
    """Por qué `valor` no sirve como nombre de exportador (None si sirve)."""
    if not isinstance(valor, str):
        return f"su nombre debe ser texto (str) y es {type(valor).__name__} ({_muestra(valor)})"
    if not valor.strip():
        return "su nombre está vacío; es lo que se escribe en «tfmt exportar --a NOMBRE»"
    if valor != valor.strip():
        return f"su nombre {_muestra(valor)} empieza o termina con espacios"
    if len(valor) > LARGO_NOMBRE:
        return f"su nombre tiene {len(valor)} caracteres (a lo más {LARGO_NOMBRE})"
    malos = sorted({c for c in valor if c in _PROHIBIDOS_NOMBRE or not c.isprintable()})
    if malos or valor in (".", ".."):
        return (
            f"su nombre {_muestra(valor)} no sirve en un nombre de archivo ni en --a "
            f"(trae {', '.join(repr(c) for c in malos) or 'sólo puntos'}); use letras, dígitos "
            "y guiones, p. ej. «texto» o «csv-excel»"
        )
    return None


def problema_extension(valor: Any) -> str | None:
    """Por qué `valor` no sirve como extensión (None si sirve)."""
    if not isinstance(valor, str):
        return (
            f"su extension debe ser texto (str) con punto, como «.txt», y es "
            f"{type(valor).__name__} ({_muestra(valor)})"
        )
    if EXTENSION_VALIDA.fullmatch("." + valor) and len(valor) < LARGO_EXTENSION:
        return f"su extension {_muestra(valor)} no lleva el punto inicial; escriba «.{valor}»"
    if len(valor) > LARGO_EXTENSION or not EXTENSION_VALIDA.fullmatch(valor):
        return (
            f"su extension {_muestra(valor)} no es válida: debe empezar con punto y llevar sólo "
            f"letras, dígitos, «_» o «-» (y puntos entre ellos), a lo más {LARGO_EXTENSION} "
            "caracteres, como «.txt» o «.tar.gz»; nunca «/», «\\» ni «..»"
        )
    return None


def problema_exportador(obj: Any) -> str | None:
    """Por qué `obj` no cumple el contrato de exportador (None si lo cumple)."""
    faltan = [a for a in ("nombre", "extension", "descripcion") if not hasattr(obj, a)]
    if not callable(getattr(obj, "exportar", None)):
        faltan.append("exportar()")
    if faltan:
        return (
            f"le falta {', '.join(faltan)} (debe tener nombre, extension, descripcion y exportar)"
        )
    if not isinstance(obj.descripcion, str):
        return (
            f"su descripcion debe ser texto (str) y es {type(obj.descripcion).__name__} "
            f"({_muestra(obj.descripcion)})"
        )
    return problema_nombre(obj.nombre) or problema_extension(obj.extension)


#: Nombres de dispositivo de Windows: «con», «NUL.txt» o «com1.csv» no son archivos allí (el
#: superíndice ¹²³ también cuenta). Se revisan en cualquier sistema: lo exportado se publica y
#: se copia a equipos con Windows.
_DISPOSITIVOS = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"{p}{n}" for p in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)
#: Lo que Windows no acepta en un nombre de archivo («:» escribiría en un flujo alterno NTFS).
_PROHIBIDOS_ARCHIVO = frozenset('/\\<>:"|?*')


def problema_archivo_extra(nombre: Any, ocupados: set[str]) -> str | None:
    """Por qué `nombre` (de `archivos_extra`) no sirve como archivo junto al principal, con
    las reglas de Windows en cualquier sistema (None si sirve). `ocupados` son los nombres ya
    usados (el principal y los extra anteriores) en `casefold`: en Windows y macOS «FR5.TXT»
    es el mismo archivo que «fr5.txt»."""
    if not isinstance(nombre, str):
        return f"el nombre debe ser texto (str) y es {type(nombre).__name__} ({_muestra(nombre)})"
    malos = sorted({c for c in nombre if c in _PROHIBIDOS_ARCHIVO or ord(c) < 32})
    if malos:
        return (
            f"{_muestra(nombre)} trae {', '.join(repr(c) for c in malos)}: va junto al archivo "
            "principal, sin carpetas («/», «\\»), sin «:» (flujo alterno de Windows) ni "
            "caracteres que Windows no acepta"
        )
    if not nombre.strip(". "):
        return f"{_muestra(nombre)} no es un nombre de archivo"
    if nombre != nombre.rstrip(". "):
        return f"{_muestra(nombre)} termina en punto o espacio, que Windows quita del nombre"
    if nombre.split(".")[0].rstrip(" ").upper() in _DISPOSITIVOS:
        return f"{_muestra(nombre)} es un nombre de dispositivo de Windows (CON, NUL, COM1…)"
    if nombre.casefold() in ocupados:
        return (
            f"{_muestra(nombre)} es el nombre del archivo principal o de otro extra (en Windows "
            "las mayúsculas no distinguen archivos)"
        )
    return None
