"""Benchmark de arranque del CLI y de diferencias entre versiones del espacio de trabajo.

Arranque: `tfmt --help`, `tfmt formatos` y `tfmt validar` de un archivo pequeño (el script
`tfmt` instalado junto a este Python, como lo corre quien lo usa) contra `python -c pass` en
la misma corrida, alternados; de cada uno, el mejor de N (el ruido de una máquina compartida
sólo suma). Antes, una corrida de cada uno con la caché de índices vacía (informativa).
Metas del issue 13: `--help` ≤ 2.5 veces Python pelón; `formatos` y un `validar` pequeño
≤ 4 veces. Informativo: el Python pelón de un venv nuevo, sin la instalación editable de este
entorno (su buscador importa pathlib, re, urllib… en cada `python -c pass`; quien instala la
rueda no lo paga), alternado con los demás.

Diferencias: `diferencias_registros` con 8,000 y 100,000 registros, todos cambiados y en
orden inverso (lo peor para emparejar), tiempo de CPU y memoria pico en un proceso aparte.
Meta: lineal, 100,000 registros cambiados en ≤ 2 s.

Uso: python bench/arranque.py [--repeticiones 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _metas import informar_metas  # bench/ está en sys.path al correr el script

RAIZ = Path(__file__).resolve().parents[1]

_DIFERENCIAS = r"""
import json, resource, sys, time
from transparencia_fmt.espacio import diferencias_registros
n = int(sys.argv[1])
viejos = [{"id": i, "nombre": f"Registro {i}", "monto": i * 1.5, "estado": "vigente"}
          for i in range(n)]
nuevos = [{**r, "estado": "cancelado"} for r in reversed(viejos)]
inicio = time.process_time()
d = diferencias_registros(viejos, nuevos)
t = time.process_time() - inicio
assert len(d["cambiados"]) == n and not d["agregados"] and not d["quitados"]
print(json.dumps({"segundos": t,
                  "pico_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _tfmt() -> str:
    """El `tfmt` instalado junto a este Python (el script de consola que corre quien lo usa)."""
    carpeta = Path(sys.executable).parent
    ruta = shutil.which("tfmt", path=str(carpeta))
    if ruta is None:
        raise SystemExit(f"No está instalado el comando tfmt en {carpeta}.")
    return ruta


#: El Python pelón de un venv nuevo (informativo; las metas se miden contra el de este entorno).
PELON_NUEVO = "python -c pass de un venv nuevo"

#: Del entorno real sólo lo que ubica la carpeta de usuario (ahí vive la caché de índices).
#: Sin TFMT_CARGAR_PLUGINS: como lo corre quien lo usa (mira los plugins instalados).
_ENTORNO_USUARIO = ("HOME", "USERPROFILE", "LOCALAPPDATA", "XDG_CACHE_HOME", "SYSTEMROOT")


def _cpu_hijos() -> float:
    try:
        import resource
    except ImportError:  # Windows: sólo el reloj
        return 0.0
    uso = resource.getrusage(resource.RUSAGE_CHILDREN)
    return uso.ru_utime + uso.ru_stime


def _correr(comando: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU del proceso, reloj): con la máquina compartida, el reloj mide también la espera
    por un núcleo; la CPU (usuario + sistema) es lo que el arranque cuesta. Sin `resource`
    (Windows), los dos son el reloj."""
    cpu, inicio = _cpu_hijos(), time.perf_counter()
    subprocess.run(
        comando, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
    )
    reloj = time.perf_counter() - inicio
    return (_cpu_hijos() - cpu) or reloj, reloj


def _mejor(orden: list[str], repeticiones: int) -> dict[str, tuple[float, float]]:
    """Cada comando, alternados; de cada uno, la menor CPU y el menor reloj. Antes, una vez
    cada uno con la caché de índices vacía (lo que tarda la primera vez; informativo)."""
    tfmt = _tfmt()
    comandos = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "tfmt --help": [tfmt, "--help"],
        "tfmt formatos": [tfmt, "formatos"],
        "tfmt validar (pequeño)": [
            tfmt,
            "validar",
            str(RAIZ / "ejemplos" / "LGT_Art_70_Fr_V.json"),
        ],
    }
    env = {"PATH": ""}
    env.update({k: os.environ[k] for k in _ENTORNO_USUARIO if k in os.environ})
    with tempfile.TemporaryDirectory() as vacia, tempfile.TemporaryDirectory() as otro:
        frio = {
            n: _correr(comandos[n], {**env, "TFMT_CACHE": vacia})
            for n in orden[1:]
            if n in comandos
        }
        print("Primera vez, sin caché de índices (CPU): " + ", ".join(
            f"{n} {t[0] * 1000:.0f} ms" for n, t in frio.items()))  # fmt: skip
        if PELON_NUEVO in orden:
            comandos[PELON_NUEVO] = [_python_de_venv_nuevo(Path(otro)), "-c", "pass"]
        cpu = dict.fromkeys(orden, float("inf"))
        reloj = dict.fromkeys(orden, float("inf"))
        for _ in range(repeticiones):
            for nombre in orden:
                c, r = _correr(comandos[nombre], env)
                cpu[nombre], reloj[nombre] = min(cpu[nombre], c), min(reloj[nombre], r)
    return {n: (cpu[n], reloj[n]) for n in orden}


def _python_de_venv_nuevo(carpeta: Path) -> str:
    """El Python de un venv nuevo sin pip ni paquetes: el pelón de quien instala la rueda."""
    import venv

    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(carpeta)
    if os.name == "nt":
        return str(carpeta / "Scripts" / "python.exe")
    return str(carpeta / "bin" / "python")


def main() -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--repeticiones", type=int, default=15)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    metas = {"tfmt --help": 2.5, "tfmt formatos": 4.0, "tfmt validar (pequeño)": 4.0}
    mejores = _mejor(["python -c pass", *metas, PELON_NUEVO], args.repeticiones)
    tiempos = {n: c for n, (c, _) in mejores.items()}
    base, base_reloj = mejores["python -c pass"]
    filas: list[tuple[str, str, str, bool]] = []
    print(f"python -c pass: {base * 1000:.0f} ms CPU, {base_reloj * 1000:.0f} ms de reloj "
          f"(mejor de {args.repeticiones})")  # fmt: skip
    for nombre, meta in metas.items():
        c, r = mejores[nombre]
        razon = c / base
        filas.append(
            (f"{nombre} vs python pelón",
             f"{c * 1000:.0f} ms CPU = {razon:.1f}× (reloj {r * 1000:.0f} ms = "
             f"{r / base_reloj:.1f}×)", f"≤ {meta}×", razon <= meta)
        )  # fmt: skip
    nuevo = mejores[PELON_NUEVO][0]
    print(f"Informativo: {PELON_NUEVO} {nuevo * 1000:.0f} ms CPU; contra él, " + ", ".join(
        f"{n} {mejores[n][0] / nuevo:.1f}×" for n in metas))  # fmt: skip
    for n in (8_000, 100_000):
        r = subprocess.run(
            [sys.executable, "-c", _DIFERENCIAS, str(n)], capture_output=True, text=True
        )
        if r.returncode != 0:
            raise SystemExit(r.stderr)
        m = json.loads(r.stdout)
        meta_ok = m["segundos"] <= 2 if n == 100_000 else True
        filas.append(
            (f"diferencias, {n:,} registros cambiados",
             f"{m['segundos']:.2f} s CPU, pico {m['pico_mb']:.0f} MB",
             "≤ 2 s" if n == 100_000 else "(lineal)", meta_ok)
        )  # fmt: skip
    if args.json:
        print(json.dumps({"tiempos": tiempos, "metas": filas}, indent=2, ensure_ascii=False))
    return informar_metas(filas)


if __name__ == "__main__":
    raise SystemExit(main())
