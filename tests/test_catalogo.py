"""Catálogo: ids, alias, columnas exactas a las plantillas SIPOT reales, `$ref` sin red."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import NUCLEO

import transparencia_fmt as tf
from transparencia_fmt.catalogo import normalizar

REFERENCIA = Path(__file__).resolve().parents[2] / "shared/referencia/plantillas_sipot.json"


def test_catalogo_tiene_los_seis_formatos(catalogo):
    """Los seis formatos del núcleo están y se buscan por id o nombre corto."""
    assert set(NUCLEO) <= set(catalogo.ids)
    assert catalogo.formato("5 LGT_Art_70_Fr_V").id == "LGT_Art_70_Fr_V"
    assert catalogo.formato("lgt_art_70_fr_v").id == "LGT_Art_70_Fr_V"


def test_formato_desconocido_sugiere(catalogo):
    """Un id mal escrito da FormatoDesconocido (mal uso) con sugerencias."""
    with pytest.raises(tf.FormatoDesconocido) as exc:
        catalogo.formato("LGT_Art_70_Fr_VV")
    assert "LGT_Art_70_Fr_V" in str(exc.value)


def test_columnas_de_fr_v(catalogo):
    """Columnas con clave, título oficial, tipo, requerido y catálogo, en orden oficial."""
    f = catalogo.formato("LGT_Art_70_Fr_V")
    assert f.titulo == "Indicadores de interés público"
    titulos = [c.titulo for c in f.columnas]
    assert titulos[:3] == [
        "Ejercicio",
        "Fecha de inicio del periodo que se informa",
        "Fecha de término del periodo que se informa",
    ]
    assert titulos[-3:] == [
        "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información",
        "Fecha de actualización",
        "Nota",
    ]
    sentido = f.columna("sentido_indicador")
    assert sentido.titulo == "Sentido del indicador (catálogo)"
    assert sentido.tipo == "catalogo" and sentido.catalogo == ("Ascendente", "Descendente")
    assert sentido.requerido
    assert f.columna("metas_ajustadas_caso").requerido is False


def test_tablas_secundarias_de_xxiii_b(catalogo):
    """23b trae sus tres tablas secundarias con sus columnas y catálogos."""
    f = catalogo.formato("LGT_Art_70_Fr_XXIII_b")
    tablas = [c for c in f.columnas if c.tipo == "tabla"]
    assert [t.sipot_id for t in tablas] == ["393950", "393951", "393952"]
    proveedores = tablas[0]
    sexo = next(s for s in proveedores.subcolumnas if "Sexo" in s.titulo)
    assert sexo.catalogo == ("Hombre", "Mujer")


def _plantillas() -> list[dict]:
    return json.loads(REFERENCIA.read_text("utf-8")) if REFERENCIA.exists() else []


def _por_id_sipot(catalogo) -> dict[str, object]:
    return {
        str((f.esquema["x-formato"].get("sipot") or {}).get("id_formato")): f
        for f in catalogo
        if (f.esquema["x-formato"].get("sipot") or {}).get("id_formato")
    }


def _norm(texto: str) -> str:
    return " ".join(texto.split("\n")[0].split())


@pytest.mark.skipif(not REFERENCIA.exists(), reason="sin ../shared/referencia")
def test_cada_plantilla_real_tiene_su_formato(catalogo):
    """Las 32 plantillas SIPOT reales de la referencia tienen su formato en el catálogo."""
    por_id = _por_id_sipot(catalogo)
    faltan = [p["short"] for p in _plantillas() if p["format_id"] not in por_id]
    assert faltan == []


@pytest.mark.skipif(not REFERENCIA.exists(), reason="sin ../shared/referencia")
@pytest.mark.parametrize("plantilla", _plantillas(), ids=lambda p: p["short"])
def test_titulos_iguales_a_la_plantilla_sipot(catalogo, plantilla):
    """Cada título (y cada columna de tabla secundaria y catálogo) es el de la plantilla real,
    en orden, con espacios normalizados."""
    f = _por_id_sipot(catalogo)[plantilla["format_id"]]
    esperados = [_norm(c["header"]) for c in plantilla["fields"]]
    assert [_norm(c.titulo) for c in f.columnas] == esperados
    for col, campo in zip(f.columnas, plantilla["fields"], strict=True):
        if campo["catalog"] and campo["catalog"][1]:
            assert list(col.catalogo) == campo["catalog"][1], col.titulo
        if col.tipo == "tabla":
            campos = [c for c in plantilla["tables"][f"Tabla_{col.sipot_id}"] if c["type"] != "ID"]
            assert [_norm(s.titulo) for s in col.subcolumnas] == [
                _norm(c["header"]) for c in campos
            ]
            for sub, c in zip(col.subcolumnas, campos, strict=True):
                if c["catalog"] and c["catalog"][1]:
                    assert list(sub.catalogo) == c["catalog"][1], sub.titulo
                elif c["type"] == "9":
                    assert sub.catalogo, f"{sub.titulo}: catálogo vacío en la plantilla sin mapear"


def test_ref_se_resuelve_sin_red(catalogo, monkeypatch):
    """Los $ref a los esquemas comunes se resuelven del paquete, sin tocar la red."""
    import socket

    def sin_red(*a, **k):
        raise AssertionError("se intentó usar la red")

    monkeypatch.setattr(socket, "create_connection", sin_red)
    plano = catalogo.esquema_plano(catalogo.formato("LGT_Art_70_Fr_I"))
    texto = json.dumps(plano, ensure_ascii=False)
    assert "$ref" not in texto
    assert "Constitución Política de los Estados Unidos Mexicanos" in texto


def test_poa_columnas(catalogo):
    """El POA es un formato tipo documento con sus secciones como columnas."""
    f = catalogo.formato("Plan_Operativo_Anual")
    assert f.tipo == "documento"
    claves = [c.clave for c in f.columnas_registro]
    for clave in (
        "area",
        "introduccion",
        "mision",
        "vision",
        "valores",
        "metas",
        "calendario",
        "responsable",
        "domicilio",
        "telefono",
        "sitio_web",
    ):
        assert clave in claves
    meses = next(s for s in f.columna("calendario").subcolumnas if s.clave == "meses")
    assert len(meses.catalogo) == 12


def test_normalizar():
    """La comparación de títulos ignora mayúsculas, acentos y signos."""
    assert normalizar("ÁREA(S) RESPONSABLE(S)  QUE") == normalizar("Área(s) responsable(s), que")


def test_esquemas_son_draft_2020_12_validos():
    """Todo esquema integrado es un Draft 2020-12 válido y lleva $id."""
    from importlib import resources

    import jsonschema

    raiz = resources.files("transparencia_fmt.esquemas")
    vistos = 0
    pendientes = [raiz]
    while pendientes:
        carpeta = pendientes.pop()
        for h in carpeta.iterdir():
            if h.is_dir():
                pendientes.append(h)
            elif h.name.endswith(".json"):
                esquema = json.loads(h.read_text("utf-8"))
                jsonschema.Draft202012Validator.check_schema(esquema)
                assert esquema["$id"].startswith("https://esquemas.transparencia-fmt.mx/")
                vistos += 1
    assert vistos >= 8
