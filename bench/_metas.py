"""Lo común a los benchmarks: medir en un proceso aparte y la tabla «cifra | medido | meta |
¿cumple?»."""

from __future__ import annotations

import json
import subprocess
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


def medir_en_hijo(codigo: str, *argumentos: str, que: str) -> Any:
    """Corre `codigo` en su propio proceso de Python (así la memoria pico es sólo suya), sin
    plugins de terceros ni avisos, y da su última línea impresa leída como JSON."""
    r = subprocess.run(
        [sys.executable, "-c", codigo, *argumentos],
        capture_output=True,
        text=True,
        env={"TFMT_CARGAR_PLUGINS": "", "PATH": "", "PYTHONWARNINGS": "ignore"},
    )
    if r.returncode != 0:
        raise SystemExit(f"{que}: {r.stderr}")
    return json.loads(r.stdout.strip().splitlines()[-1])
