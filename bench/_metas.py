"""Tabla de metas común a los benchmarks: «cifra | medido | meta | ¿cumple?»."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any


def informar_metas(filas: Sequence[Sequence[Any]]) -> int:
    """Imprime las metas (cifra, medido, meta, cumple) y da el código de salida: 0 si todas
    se cumplen."""
    print("\nCifra | medido | meta | ¿cumple?")
    for cifra, valor, meta, ok in filas:
        print(f"{cifra} | {valor} | {meta} | {'sí' if ok else 'NO'}")
    ok = all(f[3] for f in filas)
    print("METAS CUMPLIDAS" if ok else "META NO CUMPLIDA", file=sys.stderr)
    return 0 if ok else 1
