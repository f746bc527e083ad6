"""Benchmark: registros/s validando LGT_Art_70_Fr_V con informe completo.

Compara en la misma corrida con la línea base ingenua: un `Draft202012Validator`
reutilizado e `iter_errors` por registro. Meta: al menos 10x la línea base con datos
válidos, y todos los errores reportados (registro y columna) con 5 % de registros inválidos.

Uso: python bench/validacion.py [--registros 100000] [--json]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import jsonschema

RAIZ = Path(__file__).resolve().parents[1]


def _datos(n: int, invalidos: float) -> dict:
    base = json.loads((RAIZ / "ejemplos/LGT_Art_70_Fr_V.json").read_text("utf-8"))
    modelos = base["registros"]
    registros = [copy.deepcopy(modelos[i % len(modelos)]) for i in range(n)]
    paso = int(1 / invalidos) if invalidos else 0
    if paso:
        for i in range(0, n, paso):
            registros[i]["sentido_indicador"] = "Lateral"  # fuera de catálogo
            registros[i]["linea_base"] = 10  # tipo equivocado
    base["registros"] = registros
    return base


def _medir(funcion) -> tuple[float, object]:
    inicio = time.perf_counter()
    resultado = funcion()
    return time.perf_counter() - inicio, resultado


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--registros", type=int, default=100_000)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()

    from transparencia_fmt.documento import documento_desde_dict
    from transparencia_fmt.entorno import Entorno

    ent = Entorno.crear(cargar_terceros=False)
    formato = ent.catalogo.formato("LGT_Art_70_Fr_V")
    plano = ent.catalogo.esquema_plano(formato)
    ingenuo = jsonschema.Draft202012Validator(
        plano["properties"]["registros"]["items"], format_checker=jsonschema.FormatChecker()
    )
    n = args.registros
    resultados = {}
    for nombre, proporcion in (("validos", 0.0), ("5pct_invalidos", 0.05)):
        datos = _datos(n, proporcion)
        doc = documento_desde_dict(datos, ent.catalogo)
        ent.validar(documento_desde_dict(_datos(50, proporcion), ent.catalogo))  # compila
        t_nuestro, informe = _medir(lambda doc=doc: ent.validar(doc))
        t_base, errores_base = _medir(
            lambda datos=datos: [e for r in datos["registros"] for e in ingenuo.iter_errors(r)]
        )
        invalidos = len(range(0, n, 20)) if proporcion else 0
        localizados = [e for e in informe.errores if e.registro is not None and e.columna]
        resultados[nombre] = {
            "registros": n,
            "nuestro_s": round(t_nuestro, 3),
            "nuestro_registros_por_s": round(n / t_nuestro),
            "linea_base_s": round(t_base, 3),
            "linea_base_registros_por_s": round(n / t_base),
            "aceleracion": round(t_base / t_nuestro, 1),
            "errores_nuestros": len(informe.errores),
            "errores_linea_base": len(errores_base),
            "errores_esperados": invalidos * 2,
            "todos_localizados": len(localizados) == len(informe.errores) == invalidos * 2,
        }
    if args.json:
        print(json.dumps(resultados, indent=2))
    else:
        for nombre, r in resultados.items():
            print(
                f"{nombre:>15}: nuestro {r['nuestro_registros_por_s']:>9,} reg/s "
                f"({r['nuestro_s']} s) | línea base {r['linea_base_registros_por_s']:>7,} reg/s "
                f"({r['linea_base_s']} s) | {r['aceleracion']}x | errores {r['errores_nuestros']}"
                f"/{r['errores_esperados']} localizados={r['todos_localizados']}"
            )
    ok = resultados["validos"]["aceleracion"] >= 10 and all(
        r["todos_localizados"] for r in resultados.values()
    )
    print("META CUMPLIDA" if ok else "META NO CUMPLIDA", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
