"""Consultas del catálogo para personas: por qué un formato coincide con una fracción y con
qué clave se escribe cada columna en el JSON. Sin E/S: el CLI sólo imprime."""

from __future__ import annotations

from .redaccion import texto_fundamentos

# Sin typing ni modelos (attrs) al importar: `tfmt formatos --fraccion` usa las dos primeras
# con las fichas del índice. mypy entiende esta constante.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from .modelos import Columna, Formato


def coincidencia_fraccion(formato: Formato, fraccion: str) -> Mapping[str, Any] | None:
    """El fundamento por el que `formato` es de la fracción pedida (el verificado primero)."""
    fraccion = fraccion.strip().upper()
    candidatos = [f for f in formato.fundamento if str(f.get("fraccion", "")).upper() == fraccion]
    candidatos.sort(key=lambda f: f.get("verificado") is False)
    return candidatos[0] if candidatos else None


def explicar_coincidencia(formato: Formato, fundamento: Mapping[str, Any]) -> str | None:
    """Texto para quien busca una fracción y recibe un formato que en la ley de 2015 es otra:
    coincide por la correspondencia con la LGTAIP 2025 (que puede estar por verificar)."""
    principal = formato.fundamento[0] if formato.fundamento else None
    if principal is None or fundamento is principal:
        return None
    estado = " (correspondencia por verificar)" if fundamento.get("verificado") is False else ""
    return (
        f"{formato.id} aparece por {texto_fundamentos([fundamento])}{estado}; "
        f"su fundamento vigente es {texto_fundamentos([principal])}."
    )


def clave_json(formato: Formato, columna: Columna) -> str:
    """«registros[].nombre_indicador», «periodo.inicio», «ejercicio»…"""
    if columna.ambito == "documento":
        from .modelos import ruta_comun

        return ".".join(ruta_comun(columna.clave))
    if formato.tipo == "tabular":
        return f"registros[].{columna.clave}"
    return columna.clave


def lineas_columnas(formato: Formato) -> list[str]:
    """Una línea por columna, con el título oficial completo al final (nunca recortado)."""
    filas: list[tuple[str, str, str, str, str]] = []
    extras: dict[int, str] = {}
    for n, c in enumerate(formato.columnas, start=1):
        filas.append(
            (str(n), c.tipo, "sí" if c.requerido else "no", clave_json(formato, c), c.titulo)
        )
        if c.catalogo:
            extras[len(filas) - 1] = "catálogo: " + "; ".join(c.catalogo)
        for s in c.subcolumnas:
            filas.append(("", s.tipo, "sí" if s.requerido else "no", f"  › {s.clave}", s.titulo))
            if s.catalogo:
                extras[len(filas) - 1] = "catálogo: " + "; ".join(s.catalogo)
    encabezado = ("#", "TIPO", "OBLIG.", "CLAVE JSON", "COLUMNA (título oficial)")
    anchos = [max(len(f[i]) for f in [encabezado, *filas]) for i in range(4)]

    def linea(f: tuple[str, ...]) -> str:
        return "  ".join([*(x.ljust(a) for x, a in zip(f[:4], anchos, strict=True)), f[4]])

    salida = [linea(encabezado), linea(tuple("-" * a for a in anchos) + ("-" * 24,))]
    sangria = " " * (sum(anchos) + 8)
    for i, f in enumerate(filas):
        salida.append(linea(f))
        if i in extras:
            salida.append(sangria + extras[i])
    return salida
