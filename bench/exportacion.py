"""Benchmark: registros/s exportando LGT_Art_70_Fr_V a CSV, DOCX y PDF con 2,000 y 20,000
registros, la razón tiempo(20k)/tiempo(2k) y la memoria pico.

Meta: razón de a lo más 12 en cada exportador (crecimiento lineal).
Uso: python bench/exportacion.py [--formato LGT_Art_70_Fr_V] [--chico 2000] [--grande 20000]
Cada medición corre en un proceso aparte para que la memoria pico sea la suya.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]

_HIJO = r"""
import json, sys, time, tracemalloc, resource
from pathlib import Path
from transparencia_fmt.entorno import Entorno
from transparencia_fmt.documento import documento_desde_dict
formato, n, exportador, destino = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
datos = json.loads(Path(sys.argv[5]).read_text("utf-8"))
datos["registros"] = (datos["registros"] * (n // len(datos["registros"]) + 1))[:n]
ent = Entorno.crear(cargar_terceros=False)
doc = documento_desde_dict(datos, ent.catalogo)
ent.exportador(exportador)
inicio = time.perf_counter()
ent.exportar(doc, exportador, destino)
t = time.perf_counter() - inicio
pico_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"segundos": t, "pico_mb": pico_mb}))
"""


def medir(formato: str, n: int, exportador: str, carpeta: Path) -> dict:
    ejemplo = RAIZ / "ejemplos" / f"{formato}.json"
    destino = carpeta / f"{formato}_{n}.{exportador}"
    r = subprocess.run(
        [sys.executable, "-c", _HIJO, formato, str(n), exportador, str(destino), str(ejemplo)],
        capture_output=True,
        text=True,
        env={"TFMT_LOAD_PLUGINS": "", "PATH": "", "PYTHONWARNINGS": "ignore"},
    )
    if r.returncode != 0:
        raise SystemExit(f"{exportador} {n}: {r.stderr}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--formato", default="LGT_Art_70_Fr_V")
    p.add_argument("--chico", type=int, default=2_000)
    p.add_argument("--grande", type=int, default=20_000)
    p.add_argument("--exportadores", default="csv,docx,pdf")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    resultados = {}
    with tempfile.TemporaryDirectory() as d:
        for exp in args.exportadores.split(","):
            chico = medir(args.formato, args.chico, exp, Path(d))
            grande = medir(args.formato, args.grande, exp, Path(d))
            resultados[exp] = {
                f"s_{args.chico}": round(chico["segundos"], 3),
                f"s_{args.grande}": round(grande["segundos"], 3),
                f"reg_por_s_{args.grande}": round(args.grande / grande["segundos"]),
                "razon": round(grande["segundos"] / chico["segundos"], 2),
                f"pico_mb_{args.grande}": round(grande["pico_mb"]),
            }
    if args.json:
        print(json.dumps(resultados, indent=2))
    else:
        for exp, r in resultados.items():
            print(
                f"{exp:>5}: {args.chico}: {r[f's_{args.chico}']} s | {args.grande}: "
                f"{r[f's_{args.grande}']} s ({r[f'reg_por_s_{args.grande}']:,} reg/s) | "
                f"razón {r['razon']} | pico {r[f'pico_mb_{args.grande}']} MB"
            )
    ok = all(r["razon"] <= 12 for r in resultados.values())
    print("META CUMPLIDA" if ok else "META NO CUMPLIDA", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
