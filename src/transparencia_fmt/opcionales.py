"""Dependencias opcionales, importadas en un solo lugar.

jsonschema-rs acelera la validación; sin él (alguna plataforma sin rueda) todo funciona
igual, más despacio.

Al iniciarse, la extensión de jsonschema-rs importa `email.utils` sólo para convertir la
fecha de su compilación (`jsonschema_rs.__build__["info-time"]`) con `parsedate_to_datetime`;
ese import arrastra socket, random, calendar, locale, base64… y es un tercio de lo que
cuesta `import jsonschema_rs` (issue 13, arranque de `tfmt validar`). `_importar_rs` le
presta un `email.utils` mínimo con esa sola función mientras se importa y luego lo quita,
así un `import email.utils` posterior carga el de verdad. Si algo falla (una versión que
pide más de `email.utils`), se deshace todo y se importa como siempre.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

_MESES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _fecha_rfc2822(texto: str) -> Any:
    """`email.utils.parsedate_to_datetime` para la forma exacta que escribe la extensión
    («Thu, 12 Nov 2026 07:50:16 +0000», chrono `to_rfc2822`); el mismo resultado que la
    función de verdad. Otra forma es ValueError (y se usa la de verdad)."""
    from datetime import datetime, timedelta, timezone

    partes = texto.split()
    if len(partes) != 6 or not partes[0].endswith(","):
        raise ValueError(texto)
    _, dia, mes, anio, hora, zona = partes
    hms = hora.split(":")
    if (
        mes not in _MESES
        or len(hms) != 3
        or len(zona) != 5
        or zona[0] not in "+-"
        or zona == "-0000"  # «zona desconocida»: la función de verdad da una fecha sin zona
        or not all(p.isdigit() and p.isascii() for p in (dia, anio, *hms, zona[1:]))
    ):
        raise ValueError(texto)
    minutos = int(zona[1:3]) * 60 + int(zona[3:])
    desfase = timedelta(minutes=-minutos if zona[0] == "-" else minutos)
    h, m, s = map(int, hms)
    return datetime(int(anio), _MESES.index(mes) + 1, int(dia), h, m, s, tzinfo=timezone(desfase))


def _importar_rs() -> Any:
    """`import jsonschema_rs` sin cargar `email.utils` si nadie lo ha cargado aún."""
    prestado: ModuleType | None = None
    if "email.utils" not in sys.modules and len(sys._current_frames()) == 1:
        # Sólo con un hilo: otro hilo no puede ver el módulo prestado mientras tanto.
        prestado = ModuleType("email.utils", "Prestado al importar jsonschema_rs.")
        prestado.parsedate_to_datetime = _fecha_rfc2822  # type: ignore[attr-defined]
        sys.modules["email.utils"] = prestado
    try:
        import jsonschema_rs

        return jsonschema_rs
    except Exception:  # noqa: BLE001 - con el prestado (ImportError incluido), se reintenta
        if prestado is None:
            raise
    finally:
        if prestado is not None:
            _devolver(prestado)
    # Falló con el prestado: se quita lo que quedó a medias y se importa como siempre.
    for nombre in [m for m in sys.modules if m.split(".")[0] == "jsonschema_rs"]:
        del sys.modules[nombre]
    import jsonschema_rs

    return jsonschema_rs


def _devolver(prestado: ModuleType) -> None:
    """Quita el `email.utils` prestado (si sigue siendo él) de sys.modules y del paquete."""
    if sys.modules.get("email.utils") is prestado:
        del sys.modules["email.utils"]
    paquete = sys.modules.get("email")
    if paquete is not None and getattr(paquete, "utils", None) is prestado:
        del paquete.utils


jsonschema_rs: Any
try:
    jsonschema_rs = _importar_rs()
except ImportError:  # pragma: no cover - depende de la plataforma
    jsonschema_rs = None

__all__ = ["jsonschema_rs"]
