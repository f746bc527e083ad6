"""Página de cobertura del catálogo (``docs/cobertura.md``): cada formato del Art. 70 y del
Art. 71-I con su generación, fuente de las columnas y periodicidad; los que no tienen
plantilla en ninguna fuente (47a–47c) se listan como tales. Se genera con
``tfmt cobertura -o docs/cobertura.md`` y una prueba comprueba que esté al día."""

from __future__ import annotations

from typing import Any

from .catalogo import Catalogo
from .modelos import Formato

#: Formatos nacionales sin plantilla en ninguna fuente consultada (issue 9).
SIN_PLANTILLA = tuple(
    (
        f"47{letra} LGT_Art_70_Fr_XLVII",
        "Fr. XLVII: solicitudes de intervención de comunicaciones / localización geográfica "
        "(título del formato no conocido; formatos_ltg.md §2)",
    )
    for letra in "abc"
)


def _celda(texto: Any) -> str:
    return " ".join(str(texto or "").split()).replace("|", "\\|")


def _fuente(f: Formato) -> str:
    fuente = f.fuente if isinstance(f.fuente, dict) else {}
    estatal = fuente.get("plantilla_estatal") or {}
    if fuente.get("repositorio"):
        nombre = estatal.get("nombre_corto") or f.nombre_corto or ""
        return f"Plantilla «{nombre.strip()}» ({fuente['repositorio']}, {fuente.get('ruta', '')})"
    texto = str(fuente.get("columnas") or "sin dato")
    return texto.split(";")[0].split(" (")[0] if len(texto) > 120 else texto


def _dato(meta: Any) -> str:
    if not meta or not meta.get("valor"):
        nota = (meta or {}).get("nota") or "sin fuente"
        return f"sin dato ({nota})"
    return f"{meta['valor']} — {meta.get('fuente') or 'sin fuente'}"


def markdown(catalogo: Catalogo) -> str:
    """El texto de docs/cobertura.md para el catálogo dado."""
    formatos = [f for f in catalogo if f.id.startswith(("LGT_Art_70_", "LGT_Art_71_Fr_I_"))]
    art70 = [f for f in formatos if f.id.startswith("LGT_Art_70_")]
    art71 = [f for f in formatos if f.id.startswith("LGT_Art_71_")]
    lineas = [
        "# Cobertura del catálogo",
        "",
        "<!-- Generado con «tfmt cobertura -o docs/cobertura.md»; no lo edite a mano. -->",
        "",
        f"{len(art70)} formatos del Art. 70 y {len(art71)} del Art. 71, fracción I, de la "
        "LGTAIP. «Generación» dice qué generación de los Lineamientos Técnicos Generales "
        "siguen sus columnas: **vigente** (plantillas de las cargas 2024–2025) o **2018** (la "
        "única plantilla encontrada es de esa generación: el SIPOT vigente puede pedir otras "
        "columnas; descargue la plantilla del SIPOT y compárela con "
        "`tfmt comparar PLANTILLA.xlsx`).",
        "",
        "Los incisos del Art. 71-I con varios formatos conservan el id nacional en el primero "
        "(`LGT_Art_71_Fr_I_f`) y numeran los demás en el orden de la plantilla "
        "(`LGT_Art_71_Fr_I_f_2` … `_7`); sólo el primero lleva el nombre corto nacional.",
        "",
    ]
    for titulo, grupo in (("Artículo 70", art70), ("Artículo 71, fracción I", art71)):
        lineas += [
            f"## {titulo}",
            "",
            "| Id | Nombre corto | Título | Generación | Fuente de las columnas | Periodicidad |",
            "|---|---|---|---|---|---|",
        ]
        for f in grupo:
            lineas.append(
                f"| `{f.id}` | {_celda(f.nombre_corto or '—')} | {_celda(f.titulo)} | "
                f"{_celda(f.generacion)} | {_celda(_fuente(f))} | {_celda(_dato(f.periodicidad))} |"
            )
        if grupo is art70:
            for nombre, titulo_47 in SIN_PLANTILLA:
                lineas.append(
                    f"| — | {nombre} | {titulo_47} | sin plantilla | Ninguna fuente consultada "
                    "trae su plantilla; no está en el catálogo | — |"
                )
        lineas.append("")
    return "\n".join(lineas)
