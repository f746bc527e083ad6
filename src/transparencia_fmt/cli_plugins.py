"""`tfmt plugins`: cada plugin con su paquete, versión, ganchos y lo que aporta."""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False  # sin typing, pathlib, json ni datetime al armar la ayuda (`tfmt --help`)
if TYPE_CHECKING:
    from typing import Any

_APORTES = ("exportadores", "importadores", "esquemas")


def agregar(sub: Any) -> None:
    """Agrega el comando `plugins` al CLI."""
    s = sub.add_parser(
        "plugins", help="lista los plugins: integrados y de terceros, con sus ganchos"
    )
    s.add_argument("--json", action="store_true", help="como datos JSON")
    s.set_defaults(func=cmd_plugins)


def datos_plugins() -> list[dict[str, Any]]:
    """Un dict por plugin: nombre, paquete, versión, integrado, ganchos y aportaciones."""
    from .entorno import entorno

    ent = entorno()
    gestor = ent.gestor
    aportes: dict[str, dict[str, list[str]]] = {}
    for clave, lista in (
        ("exportadores", list(ent.exportadores.values())),
        ("importadores", ent.importadores),
        ("esquemas", gestor.rutas_esquemas()),
    ):
        for a in lista:
            texto = str(a.objeto) if clave == "esquemas" else a.objeto.nombre
            aportes.setdefault(a.plugin, {}).setdefault(clave, []).append(texto)
    datos = []
    for nombre, _ in gestor.pm.list_name_plugin():
        paquete, version = gestor.origen(nombre)
        datos.append(
            {
                "plugin": nombre,
                "paquete": paquete,
                "version": version,
                "integrado": paquete == "transparencia-fmt",
                "ganchos": gestor.ganchos_de(nombre),
                **{
                    k: aportes.get(nombre, {}).get(k, [])
                    for k in ("exportadores", "importadores", "esquemas")
                },
            }
        )
    return sorted(datos, key=lambda d: (not d["integrado"], d["plugin"]))


def cmd_plugins(args: argparse.Namespace) -> int:
    """Lista los plugins."""
    import json

    datos = datos_plugins()
    if args.json:
        sys.stdout.write(json.dumps(datos, ensure_ascii=False, indent=2) + "\n")
        return 0
    for d in datos:
        origen = "integrado" if d["integrado"] else f"{d['paquete']} {d['version']}".strip()
        sys.stdout.write(f"{d['plugin']} ({origen})\n")
        sys.stdout.write(f"  ganchos: {', '.join(d['ganchos']) or 'ninguno'}\n")
        for clave in _APORTES:
            if d[clave]:
                sys.stdout.write(f"  {clave}: {', '.join(d[clave])}\n")
    terceros = sum(not d["integrado"] for d in datos)
    sys.stdout.write(f"\n{len(datos)} plugins ({terceros} de terceros).\n")
    return 0
