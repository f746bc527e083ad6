"""La regla de texto vive en los esquemas publicados: cada texto rechaza los caracteres que
XML/DOCX/PDF no admiten y cada texto obligatorio el blanco, para cualquier validador (jsonschema
de Python y jsonschema-rs dan lo mismo); la validación no la agrega dos veces y sus hallazgos
siguen en español."""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest

from transparencia_fmt import validacion_rs
from transparencia_fmt.documento import documento_desde_dict
from transparencia_fmt.validacion_rs import (
    PATRON_DIBUJABLE,
    PATRON_DIBUJABLE_OBLIGATORIO,
    PATRON_LIMPIO,
    PATRON_OBLIGATORIO,
)

RAIZ = Path(__file__).resolve().parents[1]
ESQUEMAS = sorted((RAIZ / "esquemas").rglob("*.json"))

#: Textos de prueba: (texto, ¿limpio?, ¿con algo más que blancos?)
MUESTRAS = [
    ("Dirección de Obras Públicas", True, True),
    ("", True, False),
    ("   ", True, False),
    ("\u3000\xa0\t\n", True, False),
    (" a ", True, True),
    ("uno\x0bdos", False, True),
    ("\x00", False, True),
    (" \x0b", False, False),
    ("fdp\u202eexe", False, True),
    ("a\ufffeb", False, True),
    ("línea\r\nsiguiente", True, True),
    ("ñ" * 5000, True, True),
    ("x" * 3000 + "\x07", False, True),
]


def _nodos_de_texto(nodo, requerido=False, ruta=()):
    """(ruta, nodo, ¿obligatorio?) de cada texto libre de un esquema resuelto."""
    if isinstance(nodo, list):
        for i, x in enumerate(nodo):
            yield from _nodos_de_texto(x, False, (*ruta, i))
        return
    if not isinstance(nodo, dict):
        return
    tipo = nodo.get("type")
    tipos = {tipo} if isinstance(tipo, str) else set(tipo or ())
    if "string" in tipos and not {"enum", "const"} & nodo.keys():
        yield ruta, nodo, requerido
    obligatorias = set(nodo.get("required") or ())
    for k, v in nodo.items():
        if k in ("enum", "const") or k.startswith("x-"):
            continue
        if k == "properties":
            for kk, vv in v.items():
                yield from _nodos_de_texto(vv, kk in obligatorias, (*ruta, k, kk))
        else:
            yield from _nodos_de_texto(v, False, (*ruta, k))


def _patrones(nodo):
    if isinstance(nodo, dict):
        for k, v in nodo.items():
            if k == "pattern" and isinstance(v, str):
                yield v
            elif k not in ("enum", "const"):
                yield from _patrones(v)
    elif isinstance(nodo, list):
        for x in nodo:
            yield from _patrones(x)


def _valida(esquema, texto):
    return jsonschema.Draft202012Validator(esquema).is_valid(texto)


def test_cada_texto_de_cada_esquema_integrado_lleva_la_regla(catalogo):
    revisados = 0
    for fid in catalogo.ids:
        plano = catalogo.esquema_plano(catalogo.formato(fid))
        for ruta, nodo, requerido in _nodos_de_texto(plano):
            revisados += 1
            donde = f"{fid} {'/'.join(map(str, ruta))}"
            assert validacion_rs.regla_de_texto(nodo) is not None, donde
            for texto, limpio, _ in MUESTRAS:  # el nodo rechaza lo sucio, con su propio patrón
                if not limpio:
                    assert not _valida(nodo, texto), (donde, texto)
            if requerido:  # y el blanco, si es obligatorio
                for texto in ("", "   ", "\u3000"):
                    assert not _valida(nodo, texto), (donde, texto)
    assert revisados > 3000


@pytest.mark.parametrize("archivo", ESQUEMAS, ids=[p.stem for p in ESQUEMAS])
def test_esquemas_publicados_validos_y_ya_regenerados(archivo):
    esquema = json.loads(archivo.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(esquema)
    for patron in set(_patrones(esquema)):  # cada patrón compila también en Rust
        jsonschema_rs.Draft202012Validator({"pattern": patron})
    # La herramienta de autoría ya no cambia nada: todo esquema trae la regla.
    spec = importlib.util.spec_from_file_location(
        "generar_esquema", RAIZ / "herramientas/generar_esquema.py"
    )
    assert spec and spec.loader
    generar = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generar)
    copia = copy.deepcopy(esquema)
    generar.con_regla_de_texto(copia)
    assert copia == esquema


@pytest.mark.parametrize("texto,limpio,lleno", MUESTRAS, ids=[repr(m[0])[:20] for m in MUESTRAS])
def test_patrones_iguales_en_python_y_en_rust(texto, limpio, lleno):
    for patron, esperado in ((PATRON_LIMPIO, limpio), (PATRON_OBLIGATORIO, limpio and lleno)):
        esquema = {"type": "string", "pattern": patron}
        assert _valida(esquema, texto) is esperado
        assert jsonschema_rs.Draft202012Validator(esquema).is_valid(texto) is esperado
    # «lleno» es lo mismo que dice `str.strip()`, con lo que la validación decide «Falta…»
    assert lleno is bool(texto.strip()) or not limpio


def test_un_tercero_con_el_esquema_publicado_ve_controles_y_blancos(entorno, datos_ejemplo):
    """Con sólo el esquema publicado (jsonschema de Python, sin este paquete) se rechazan."""
    formato = entorno.catalogo.formato("LGT_Art_70_Fr_V")
    validador = jsonschema.Draft202012Validator(entorno.catalogo.esquema_plano(formato))
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    assert validador.is_valid(datos)
    for valor in ("Eficiencia\x0b", "  "):
        malo = copy.deepcopy(datos)
        malo["registros"][0]["nombre_indicador"] = valor
        errores = list(validador.iter_errors(malo))
        assert [e.validator for e in errores] == ["pattern"], valor


def test_hallazgos_en_espanol_y_sin_regla_duplicada(entorno, datos_ejemplo):
    formato = entorno.catalogo.formato("LGT_Art_70_Fr_V")
    comp = entorno.validador._compilar(formato)
    texto = comp.registro_rapido["properties"]["nombre_indicador"]
    assert texto["pattern"] == PATRON_DIBUJABLE_OBLIGATORIO
    assert "not" not in texto and "allOf" not in texto
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    datos["registros"][0]["nombre_indicador"] = "Eficiencia\x0b"
    datos["registros"][1]["nombre_indicador"] = "   "
    datos["sujeto_obligado"] = {"nombre": "Municipio", "lema": "Trabajo\x07"}
    informe = entorno.validar(documento_desde_dict(datos, entorno.catalogo))
    codigos = {(e.codigo, e.registro) for e in informe.hallazgos}
    assert ("caracter-de-control", 1) in codigos and ("requerido", 2) in codigos
    assert ("caracter-de-control", None) in codigos  # el lema del sobre
    for e in informe.hallazgos:
        assert "\\x00" not in e.mensaje and "does not match" not in e.mensaje, e.mensaje
    falta = next(e for e in informe.hallazgos if e.registro == 2)
    assert falta.mensaje.startswith("Falta «Nombre del(os) indicador(es)»")


def test_esquema_de_plugin_sin_la_regla_la_recibe_en_memoria():
    registro = {
        "type": "object",
        "additionalProperties": False,
        "required": ["a"],
        "properties": {"a": {"type": "string"}, "b": {"type": "string", "pattern": "^x"}},
    }
    rapido = validacion_rs.registro_rapido(registro)
    assert rapido is not None
    assert rapido["properties"]["a"]["pattern"] == PATRON_DIBUJABLE
    assert "not" in rapido["properties"]["a"]  # blanco
    assert rapido["properties"]["b"]["allOf"] == [{"pattern": PATRON_DIBUJABLE}]
    v = jsonschema_rs.Draft202012Validator(rapido)
    assert not v.is_valid({"a": "q\x01"}) and not v.is_valid({"a": " "})
    assert v.is_valid({"a": "q", "b": "xy"})
