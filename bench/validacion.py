"""Benchmark de validación de LGT_Art_70_Fr_V contra jsonschema-rs sobre el mismo documento.

Para 2,000, 20,000 y 100,000 registros, válidos y con 5 % de registros inválidos (dos errores
cada uno), mide en un mismo proceso, alternando: nuestra validación completa (informe con cada
error localizado y traducido, reglas y caracteres de control) y jsonschema-rs sobre el mismo
documento (`is_valid`, y con errores `iter_errors`, que da cada error en inglés). Tiempo de CPU
del proceso (lo mejor de 3; de 10 con 2,000 registros o menos, que tardan milisegundos),
memoria pico del proceso y la razón, junto a la meta del issue 13: a lo más 2 veces
jsonschema-rs en los dos casos, con todos los errores localizados.

La referencia de la meta es jsonschema-rs con el esquema publicado del formato
(`esquema_plano`), que ya trae la regla de texto: cada texto rechaza los caracteres de control
y cada texto obligatorio el blanco (`pattern`), así que lee cada texto como nosotros. Dos
columnas informativas (no son la meta): jsonschema-rs con ese esquema sin la regla de texto
(sólo mide longitudes, no lee los textos: es lo que costaba la referencia antes de publicar
la regla) y la pasada de jsonschema-rs que hace nuestra validación (el piso de este camino).

Uso: python bench/validacion.py [--tamanos 2000,20000,100000] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from _metas import medir_en_hijo  # bench/ está en sys.path al correr el script

RAIZ = Path(__file__).resolve().parents[1]
META = 2.0

_HIJO = r"""
import copy, json, resource, sys, time
from pathlib import Path
n, proporcion, ejemplo = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
import jsonschema_rs
from transparencia_fmt.entorno import Entorno
from transparencia_fmt.documento import documento_desde_dict

def datos(n):
    base = json.loads(Path(ejemplo).read_text("utf-8"))
    modelos = base["registros"]
    registros = [copy.deepcopy(modelos[i % len(modelos)]) for i in range(n)]
    paso = int(1 / proporcion) if proporcion else 0
    if paso:
        for i in range(0, n, paso):
            registros[i]["sentido_indicador"] = "Lateral"  # fuera de catálogo
            registros[i]["linea_base"] = 10  # tipo equivocado
    base["registros"] = registros
    return base

ent = Entorno.crear(cargar_terceros=False)
d = datos(n)
doc = documento_desde_dict(d, ent.catalogo)
ent.validar(documento_desde_dict(datos(50), ent.catalogo))  # compila el esquema
formato = ent.catalogo.formato("LGT_Art_70_Fr_V")
rs = jsonschema_rs.Draft202012Validator(ent.catalogo.esquema_plano(formato), validate_formats=True)
d_rs = doc.datos  # el mismo documento

def referencia():
    return [] if rs.is_valid(d_rs) else list(rs.iter_errors(d_rs))

def cpu(f):
    mejor, r = None, None
    for _ in range(10 if n <= 2000 else 3):  # 2,000 tarda ms: más corridas contra el ruido
        inicio = time.process_time()
        r = f()
        t = time.process_time() - inicio
        mejor = t if mejor is None else min(mejor, t)
    return mejor, r

# Informativo: sólo la pasada de jsonschema-rs de nuestra validación (el esquema que además
# rechaza caracteres de control y blancos en cada texto): el piso de este camino.
comp = ent.validador._compilar(formato)
regs = d_rs["registros"]
from transparencia_fmt.validacion_rs import sin_reglas_de_texto
rs_sin = jsonschema_rs.Draft202012Validator(
    sin_reglas_de_texto(ent.catalogo.esquema_plano(formato)), validate_formats=True
)

def sin_regla():
    return [] if rs_sin.is_valid(d_rs) else list(rs_sin.iter_errors(d_rs))

def piso():
    v = comp.rapido_registros
    return [] if v.is_valid(regs) else list(v.iter_errors(regs))

t_rs, errores_rs = cpu(referencia)
t_piso, _ = cpu(piso)
t_sin, _ = cpu(sin_regla)
t_nuestro, informe = cpu(lambda: ent.validar(doc))
localizados = [e for e in informe.errores if e.registro is not None and e.columna and e.mensaje]
print(json.dumps({
    "nuestro_s": t_nuestro, "rs_s": t_rs, "piso_s": t_piso, "sin_regla_s": t_sin,
    "errores": len(informe.errores), "errores_rs": len(errores_rs),
    "localizados": len(localizados),
    "esperados": 2 * len(range(0, n, int(1 / proporcion))) if proporcion else 0,
    "pico_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def medir(n: int, proporcion: float) -> dict[str, float]:
    resultado: dict[str, float] = medir_en_hijo(
        _HIJO,
        str(n),
        str(proporcion),
        str(RAIZ / "ejemplos/LGT_Art_70_Fr_V.json"),
        que=f"validación {n} {proporcion}",
    )
    return resultado


def main() -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--tamanos", default="2000,20000,100000")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    resultados = []
    ok = True
    print(
        "caso | registros | nuestro (CPU) | jsonschema-rs (CPU) | razón (meta ≤ 2×) | "
        "errores localizados | pico | (rs, esquema sin la regla de texto) | "
        "(piso: nuestra pasada rs)"
    )
    for n in (int(x) for x in args.tamanos.split(",")):
        for nombre, proporcion in (("válidos", 0.0), ("5 % inválidos", 0.05)):
            m = medir(n, proporcion)
            razon = m["nuestro_s"] / m["rs_s"]
            completos = m["localizados"] == m["errores"] == m["esperados"] == m["errores_rs"]
            cumple = razon <= META and completos
            ok &= cumple
            resultados.append({"caso": nombre, "registros": n, "razon": razon, **m})
            localizados = f"{m['localizados']:,.0f}/{m['esperados']:,.0f}"
            print(
                f"{nombre} | {n:,} | {m['nuestro_s']:.3f} s ({n / m['nuestro_s']:,.0f} reg/s) | "
                f"{m['rs_s']:.3f} s ({n / m['rs_s']:,.0f} reg/s) | {razon:.2f}× "
                f"{'sí' if razon <= META else 'NO'} | {localizados} "
                f"(rs: {m['errores_rs']:,.0f}) {'sí' if completos else 'NO'} | "
                f"{m['pico_mb']:,.0f} MB | ({m['sin_regla_s']:.3f} s; nuestro "
                f"{m['nuestro_s'] / m['sin_regla_s']:.2f}×) | "
                f"({m['piso_s']:.3f} s, {m['piso_s'] / m['rs_s']:.2f}×)",
                flush=True,
            )
    if args.json:
        print(json.dumps(resultados, indent=2))
    print("METAS CUMPLIDAS" if ok else "META NO CUMPLIDA", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
