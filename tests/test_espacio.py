"""Espacio de trabajo: actualizar por periodo sin perder nada, historial, estado y publicar."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ejecutar_tfmt

RAIZ = Path(__file__).resolve().parents[1]
EJEMPLOS = RAIZ / "ejemplos"


def tfmt(*args, cwd=None):
    return ejecutar_tfmt(*args, cwd=cwd)


def _actualizar(ws: Path, datos: Path, *opciones: str, periodo: str = "2026-T1"):
    """`tfmt actualizar` de la Fr. V dentro del espacio `ws`."""
    orden = ("actualizar", "LGT_Art_70_Fr_V", "--periodo", periodo, "--datos", datos)
    return tfmt(*orden, *opciones, cwd=ws)


def _arbol(raiz: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(raiz)): p.read_bytes()
        for p in sorted(raiz.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture
def datos(tmp_path):
    """Dos versiones del Fr. V (la segunda cambia un registro y agrega otro) y una inválida."""
    base = json.loads((EJEMPLOS / "LGT_Art_70_Fr_V.json").read_text("utf-8"))
    v1 = tmp_path / "v1.json"
    v1.write_text(json.dumps(base, ensure_ascii=False), "utf-8")
    base["registros"][0]["avance_metas_periodo_informa"] = "Avance corregido: 80 %"
    base["registros"].append(dict(base["registros"][1], nombre_indicador="Indicador nuevo"))
    v2 = tmp_path / "v2.json"
    v2.write_text(json.dumps(base, ensure_ascii=False), "utf-8")
    base["registros"][2]["sentido_indicador"] = "Lateral"
    malo = tmp_path / "malo.json"
    malo.write_text(json.dumps(base, ensure_ascii=False), "utf-8")
    return v1, v2, malo


def test_recorrido_completo(tmp_path, datos):
    """iniciar, actualizar dos veces, rechazar un inválido sin cambiar nada, historial con
    diferencias, estado a una fecha y publicar con índice."""
    v1, v2, malo = datos
    ws = tmp_path / "ws"
    r = tfmt(
        "iniciar",
        ws,
        "--nombre",
        "Ayuntamiento de Mazamitla, Jalisco",
        "--entidad",
        "Jalisco",
        "--municipio",
        "Mazamitla",
        "--lema",
        "MAZAMITLA PUEBLO MÁGICO",
    )
    assert r.returncode == 0, r.stderr
    assert {p.name for p in ws.iterdir()} >= {
        "transparencia.toml",
        "documentos",
        "historial",
        "publicado",
    }
    r = _actualizar(ws, v1, "--autor", "Ana")
    assert r.returncode == 0, r.stderr
    vigente = ws / "documentos/LGT_Art_70_Fr_V/2026-T1.json"
    primera = vigente.read_bytes()
    doc = json.loads(primera)
    assert doc["sujeto_obligado"]["lema"] == "MAZAMITLA PUEBLO MÁGICO"
    assert (ws / "publicado/LGT_Art_70_Fr_V/2026-T1.csv").exists()
    r = _actualizar(ws, v2, "--autor", "Luis")
    assert r.returncode == 0, r.stderr
    historial = list((ws / "historial/LGT_Art_70_Fr_V/2026-T1").glob("*.json"))
    assert [h.read_bytes() for h in historial] == [primera]  # la anterior, intacta

    antes = _arbol(ws)
    r = _actualizar(ws, malo)
    assert r.returncode == 1
    assert "Lateral" in r.stderr and "no se cambió nada" in r.stderr
    assert _arbol(ws) == antes

    bitacora = [json.loads(x) for x in (ws / "bitacora.jsonl").read_text("utf-8").splitlines()]
    assert [(b["autor"], b["registros"]) for b in bitacora] == [("Ana", 5), ("Luis", 6)]

    r = tfmt("historial", "LGT_Art_70_Fr_V", "--diferencias", "--json", cwd=ws)
    h = json.loads(r.stdout)
    assert [(v["autor"], v["registros"], v["vigente"]) for v in h["versiones"]] == [
        ("Ana", 5, False),
        ("Luis", 6, True),
    ]
    dif = h["diferencias"][0]
    assert [a["registro"] for a in dif["agregados"]] == [6]
    assert [(c["registro"], c["antes"], c["campos"]) for c in dif["cambiados"]] == [
        (1, 1, ["avance_metas_periodo_informa"])
    ]
    assert dif["quitados"] == []
    r = tfmt("historial", "LGT_Art_70_Fr_V", "--diferencias", cwd=ws)
    assert "registro 6 agregado" in r.stdout
    assert "«Avance de las metas al periodo que se informa»" in r.stdout

    # Fr. I sin datos; Fr. V al día al 10/04 (T1 cerró el 31/03 y está publicado).
    r = tfmt("estado", "--fecha", "2026-04-10", "--json", cwd=ws)
    e = {f["formato"]: f for f in json.loads(r.stdout)["formatos"]}
    assert e["LGT_Art_70_Fr_V"]["estado"] == "al_dia"
    assert e["LGT_Art_70_Fr_I"]["estado"] == "sin_datos"
    assert e["Plan_Operativo_Anual"]["estado"] == "no_aplica"
    # Al 15/07 ya cerró T2: por vencer hasta el 30/07, vencido después.
    r = tfmt("estado", "--fecha", "2026-07-15", "--json", cwd=ws)
    e = {f["formato"]: f for f in json.loads(r.stdout)["formatos"]}
    assert e["LGT_Art_70_Fr_V"]["estado"] == "por_vencer"
    assert e["LGT_Art_70_Fr_V"]["plazo"] == "2026-07-30"
    informe = json.loads(tfmt("estado", "--fecha", "2026-08-15", "--json", cwd=ws).stdout)
    e = {f["formato"]: f for f in informe["formatos"]}
    assert e["LGT_Art_70_Fr_V"]["estado"] == "vencido"
    assert informe["totales"]["vencido"] == 1 and informe["porcentaje_al_dia"] == 0.0
    # claves de datos sin acentos ni espacios (un programa las usa tal cual)
    assert all(k.isascii() and k.isidentifier() for k in informe["totales"])

    r = tfmt(
        "estado", "--fecha", "2026-04-10", "--a", "docx", "-o", tmp_path / "estado.docx", cwd=ws
    )
    assert r.returncode == 0, r.stderr
    from docx import Document

    texto = "\n".join(
        c.text for t in Document(tmp_path / "estado.docx").tables for f in t.rows for c in f.cells
    )
    assert "al día" in texto and "sin datos" in texto
    xml = Document(tmp_path / "estado.docx").tables[0]._tbl.xml
    assert 'w:fill="C6EFCE"' in xml  # semáforo verde en «al día»

    r = tfmt("estado", "--fecha", "2026-04-10", "--a", "pdf", "-o", tmp_path / "estado.pdf", cwd=ws)
    assert r.returncode == 0, r.stderr
    from pypdf import PdfReader

    pagina = PdfReader(tmp_path / "estado.pdf").pages[0]
    assert "sin datos" in pagina.extract_text()
    contenido = pagina.get_contents().get_data()
    assert b".776471 .937255 .807843 rg" in contenido.replace(b"0.", b".")  # verde C6EFCE

    r = tfmt("publicar", "--a", "csv,json", cwd=ws)  # con comas, como --a csv --a json
    assert r.returncode == 0, r.stderr
    indice = (ws / "publicado/index.html").read_text("utf-8")
    assert '<html lang="es-MX">' in indice and "LGT_Art_70_Fr_V/2026-T1.csv" in indice
    assert "Indicadores de interés público" in indice


@pytest.mark.parametrize(
    "args",
    [
        ("actualizar", "../../etc", "--periodo", "2026-T1"),
        ("actualizar", "/etc/passwd", "--periodo", "2026-T1"),
        ("actualizar", "C:\\Windows", "--periodo", "2026-T1"),
        ("actualizar", "LGT_Art_70_Fr_V", "--periodo", "../../2026"),
        ("actualizar", "LGT_Art_70_Fr_V", "--periodo", "2026-T5"),
        ("historial", "..\\..\\x"),
    ],
)
def test_rutas_que_escapan_salen_con_2(tmp_path, datos, args):
    """Ids y periodos que intentan salir del espacio: mal uso (2) y nada escrito."""
    ws = tmp_path / "ws"
    assert tfmt("iniciar", ws, "--nombre", "X").returncode == 0
    antes = _arbol(tmp_path)
    extra = ("--datos", datos[0]) if args[0] == "actualizar" else ()
    r = tfmt(*args, *extra, cwd=ws)
    assert r.returncode == 2, r.stderr
    assert _arbol(tmp_path) == antes


def test_fuera_de_un_espacio_es_mal_uso(tmp_path):
    r = tfmt("estado", cwd=tmp_path)
    assert r.returncode == 2 and "tfmt iniciar" in r.stderr


def test_periodo_que_contradice_los_datos(tmp_path, datos):
    """Los datos dicen T1 y se pide T2: error de datos (1) sin cambios."""
    ws = tmp_path / "ws"
    tfmt("iniciar", ws, "--nombre", "X")
    r = _actualizar(ws, datos[0], periodo="2026-T2")
    assert r.returncode == 1 and "2026-T2" in r.stderr
    assert list((ws / "documentos").iterdir()) == []


def test_actualizar_soporta_sigkill(tmp_path, datos):
    """50 SIGKILL a media actualización: todo archivo de documentos/ e historial/ es JSON
    completo y la bitácora no tiene líneas rotas."""
    v1, v2, _ = datos
    ws = tmp_path / "ws"
    tfmt("iniciar", ws, "--nombre", "Ayuntamiento de Mazamitla, Jalisco")
    env = {**os.environ, "TFMT_LOAD_PLUGINS": ""}
    azar = random.Random(2026)
    muertes = 0
    for i in range(50):
        p = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "transparencia_fmt",
                "actualizar",
                "LGT_Art_70_Fr_V",
                "--periodo",
                "2026-T1",
                "--datos",
                str(v1 if i % 2 else v2),
                "--autor",
                f"p{i}",
            ],
            cwd=ws,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(azar.uniform(0.05, 1.2))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            muertes += 1
        p.wait()
        for carpeta in ("documentos", "historial"):
            for archivo in (ws / carpeta).rglob("*.json"):
                if not archivo.name.startswith("."):
                    json.loads(archivo.read_text("utf-8"))  # completo y válido
        for linea in (ws / "bitacora.jsonl").read_text("utf-8").splitlines():
            json.loads(linea)
    assert muertes >= 10, f"sólo {muertes} procesos murieron a la mitad: ajuste los tiempos"
    r = tfmt("historial", "LGT_Art_70_Fr_V", "--json", cwd=ws)
    assert r.returncode == 0 and json.loads(r.stdout)["versiones"]


def test_diferencias_entre_versiones_por_registro():
    """Iguales se emparejan aunque cambien de lugar; los sobrantes son cambiados, agregados o
    quitados; con registros repetidos cada copia cuenta una vez."""
    from transparencia_fmt.espacio import diferencias_registros

    viejos = [{"a": 1}, {"a": 2}, {"a": 2}, {"a": 3, "b": "x"}]
    nuevos = [{"a": 2}, {"a": 3, "b": "y"}, {"a": 1}, {"a": 9}]
    d = diferencias_registros(viejos, nuevos)

    # sobran el segundo {"a": 2} (3) y {"a": 3, "b": "x"} (4); se emparejan en orden
    def sin_valores(cambiados):
        return [{k: v for k, v in c.items() if k != "cambios"} for c in cambiados]

    assert sin_valores(d["cambiados"]) == [
        {"registro": 2, "antes": 3, "campos": ["a", "b"]},
        {"registro": 4, "antes": 4, "campos": ["a", "b"]},
    ]
    # cada cambio con el valor antes y después (issue 10: historial --diferencias)
    assert d["cambiados"][0]["cambios"] == [
        {"clave": "a", "antes": 2, "despues": 3},
        {"clave": "b", "antes": None, "despues": "y"},
    ]
    assert d["agregados"] == [] and d["quitados"] == []
    e = diferencias_registros(viejos, nuevos[:2])
    assert sin_valores(e["cambiados"]) == [{"registro": 2, "antes": 1, "campos": ["a", "b"]}]
    assert e["quitados"] == [
        {"registro": 3, "datos": {"a": 2}},
        {"registro": 4, "datos": {"a": 3, "b": "x"}},
    ]
    assert diferencias_registros([], [{"a": 1}])["agregados"] == [
        {"registro": 1, "datos": {"a": 1}}
    ]
    grandes_v = [{"id": i, "v": "x"} for i in range(20_000)]
    grandes_n = [{"id": i, "v": "y" if i % 2 else "x"} for i in reversed(range(20_000))]
    g = diferencias_registros(grandes_v, grandes_n)
    assert len(g["cambiados"]) == 10_000 and not g["agregados"] and not g["quitados"]
    assert all(c["campos"] == ["id", "v"] or c["campos"] == ["v"] for c in g["cambiados"])


def test_diferencias_con_un_documento_sin_guardar_son_las_de_guardarlo(tmp_path, datos):
    """Lo que `revisar` prepara se compara con la vigente sin escribir nada, y da lo mismo que
    comparar las dos versiones ya guardadas (la revisión del servidor web lo usa)."""
    from transparencia_fmt.entorno import Entorno
    from transparencia_fmt.espacio import EspacioTrabajo

    v1, v2, _ = datos
    e = EspacioTrabajo.iniciar(tmp_path / "ws", Entorno.crear(cargar_terceros=False), nombre="X")
    e.actualizar("LGT_Art_70_Fr_V", "2026-T1", v1, autor="Ana")
    [primera] = e.versiones("LGT_Art_70_Fr_V")
    antes = _arbol(e.raiz)
    documento, _ = e.revisar("LGT_Art_70_Fr_V", "2026-T1", v2)
    sin_guardar = e.diferencias(primera, documento)
    assert _arbol(e.raiz) == antes
    assert [a["registro"] for a in sin_guardar["agregados"]] == [6]
    assert [c["campos"] for c in sin_guardar["cambiados"]] == [["avance_metas_periodo_informa"]]
    e.actualizar("LGT_Art_70_Fr_V", "2026-T1", v2, autor="Luis")
    guardadas = e.versiones("LGT_Art_70_Fr_V")
    assert [(v.autor, v.vigente) for v in guardadas] == [("Ana", False), ("Luis", True)]
    assert e.diferencias(*guardadas) == sin_guardar


def _diferencias_ingenuas(viejos, nuevos):
    """La regla dicha en palabras, cuadrática: cada nuevo toma el primer viejo igual libre."""
    canon = [json.dumps(v, sort_keys=True) for v in viejos]
    libres = list(range(len(viejos)))
    sin_par = []
    for i, r in enumerate(nuevos, start=1):
        igual = next((j for j in libres if canon[j] == json.dumps(r, sort_keys=True)), None)
        if igual is None:
            sin_par.append(i)
        else:
            libres.remove(igual)
    pares = list(zip(sin_par, [j + 1 for j in libres], strict=False))
    return pares, sin_par[len(pares) :], [j + 1 for j in libres[len(pares) :]]


def test_diferencias_como_la_regla_ingenua_con_repetidos_y_tipos():
    """Copias repetidas de cada lado, columnas que faltan, 1 contra 1.0 contra True."""
    from transparencia_fmt.espacio import diferencias_registros

    azar = random.Random(13)
    valores = [1, 1.0, True, None, "1", "", [1], {"x": 1}, "ñ"]
    for _ in range(3000):
        base = [
            {k: azar.choice(valores) for k in azar.sample("abc", azar.randint(0, 3))}
            for _ in range(azar.randint(0, 7))
        ]
        nuevos = [azar.choice(base) if base and azar.random() < 0.6 else {"a": 2}]
        nuevos += [dict(azar.choice(base)) for _ in range(azar.randint(0, 5)) if base]
        azar.shuffle(nuevos)
        d = diferencias_registros(base, nuevos)
        pares, agregados, quitados = _diferencias_ingenuas(base, nuevos)
        assert [(c["registro"], c["antes"]) for c in d["cambiados"]] == pares
        assert [a["registro"] for a in d["agregados"]] == agregados
        assert [q["registro"] for q in d["quitados"]] == quitados
        for c in d["cambiados"]:
            r, v = nuevos[c["registro"] - 1], base[c["antes"] - 1]
            assert c["campos"] == sorted(k for k in {*r, *v} if r.get(k) != v.get(k))


def test_diferencias_dejan_el_recolector_como_estaba():
    """La pausa del recolector de ciclos no se queda puesta, ni cuando algo falla."""
    import gc

    from transparencia_fmt.espacio import diferencias_registros

    assert gc.isenabled()
    diferencias_registros([{"a": 1}], [{"a": 2}])
    assert gc.isenabled()
    with pytest.raises(TypeError):
        diferencias_registros([{"a": object()}], [])
    assert gc.isenabled()
    gc.disable()
    try:
        diferencias_registros([{"a": 1}], [{"a": 2}])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_iniciar_con_la_direccion_publica(tmp_path):
    """`--url-base` queda en [publicacion] url_base (la que usan las derivaciones para los
    hipervínculos); una dirección incompleta es mal uso y no crea nada."""
    import tomllib

    url = "https://transparencia.mazamitla.gob.mx/publicado"
    r = tfmt("iniciar", tmp_path / "ws", "--nombre", "Ayuntamiento de Mazamitla", "--url-base", url)
    assert r.returncode == 0, r.stderr
    config = tomllib.loads((tmp_path / "ws/transparencia.toml").read_text("utf-8"))
    assert config["publicacion"] == {"exportadores": ["csv", "docx", "pdf"], "url_base": url}

    for mala in ("transparencia.mazamitla.gob.mx/publicado", "ftp://mazamitla.gob.mx", "https://"):
        r = tfmt("iniciar", tmp_path / "otro", "--nombre", "Ayuntamiento", "--url-base", mala)
        assert r.returncode == 2, r.stderr
        assert f"--url-base «{mala}» no es una dirección web completa" in r.stderr
        assert not (tmp_path / "otro").exists()
