"""CSV del portal: se lee de vuelta con el módulo csv; fórmulas neutralizadas; ida y vuelta."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from conftest import TABULARES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transparencia_fmt.documento import documento_desde_dict


def _leer(ruta: Path, encoding: str = "utf-8") -> list[list[str]]:
    with ruta.open(encoding=encoding, newline="") as f:
        return list(csv.reader(f))


def test_csv_principal_con_titulos_oficiales(entorno, ejemplo, tmp_path):
    """Encabezado = títulos oficiales en orden; una fila por registro; fechas ISO."""
    doc = ejemplo("LGT_Art_70_Fr_V")
    escritos = entorno.exportar(doc, "csv", tmp_path / "fr5.csv")
    assert [p.name for p in escritos] == ["fr5.csv", "fr5.datapackage.json"]
    filas = _leer(tmp_path / "fr5.csv")
    assert tuple(filas[0]) == doc.tabla().columnas
    assert filas[0][0] == "Ejercicio" and filas[0][-1] == "Nota"
    assert len(filas) == 1 + len(doc.registros)
    assert filas[1][0] == "2026" and filas[1][1] == "2026-01-01"
    assert (tmp_path / "fr5.csv").read_bytes()[:3] != b"\xef\xbb\xbf"


def test_tablas_secundarias_en_su_csv(entorno, ejemplo, tmp_path):
    """Cada tabla secundaria va en su CSV, enlazada por el número de registro."""
    doc = ejemplo("LGT_Art_70_Fr_XXIII_b")
    entorno.exportar(doc, "csv", tmp_path / "23b.csv")
    principal = _leer(tmp_path / "23b.csv")
    col = principal[0].index("Respecto al contrato y los montos")
    assert [f[col] for f in principal[1:]] == [str(i) for i in range(1, len(doc.registros) + 1)]
    contratos = _leer(tmp_path / "23b.Tabla_393952.csv")
    assert contratos[0][:2] == ["ID", "Fecha de firma del contrato"]
    esperado = sum(len(r["contrato_montos"]) for r in doc.registros)
    assert len(contratos) - 1 == esperado
    paquete = json.loads((tmp_path / "23b.datapackage.json").read_text("utf-8"))
    rutas = [r["path"] for r in paquete["resources"]]
    assert rutas == [
        "23b.csv",
        "23b.Tabla_393950.csv",
        "23b.Tabla_393951.csv",
        "23b.Tabla_393952.csv",
    ]
    campos = paquete["resources"][0]["schema"]["fields"]
    assert [c["name"] for c in campos] == principal[0]
    assert paquete["x-documento"]["sujeto_obligado"] == "Ayuntamiento de Mazamitla, Jalisco"


@pytest.mark.parametrize("formato_id", ["LGT_Art_70_Fr_XIII", "LGT_Art_70_Fr_XLIV"])
def test_titulos_repetidos_de_la_plantilla(entorno, ejemplo, tmp_path, formato_id):
    """La plantilla oficial repite títulos (Fr. XIII: dos «Extensión telefónica»): el CSV los
    numera para que sus encabezados sean únicos, frictionless lo acepta y se lee de vuelta igual."""
    import frictionless

    doc = ejemplo(formato_id)
    oficiales = list(doc.tabla().columnas)
    assert len(set(oficiales)) < len(oficiales)  # la prueba tiene sentido sólo así
    entorno.exportar(doc, "csv", tmp_path / "f.csv")
    encabezado = _leer(tmp_path / "f.csv")[0]
    assert len(set(encabezado)) == len(encabezado)
    repetido = next(t for t in oficiales if oficiales.count(t) > 1)
    assert f"{repetido} (2)" in encabezado
    assert frictionless.validate(str(tmp_path / "f.datapackage.json")).valid
    leido = entorno.cargar(tmp_path / "f.csv")

    def llenos(registros):  # una celda vacía del CSV se lee como ausente
        return [{k: v for k, v in r.items() if v not in ("", None)} for r in registros]

    assert llenos(leido.registros) == llenos(doc.registros)


def test_perfil_excel(entorno, ejemplo, tmp_path):
    """Perfil excel: UTF-8 con BOM y fechas dd/mm/aaaa."""
    doc = ejemplo("LGT_Art_70_Fr_I")
    entorno.exportar(doc, "csv-excel", tmp_path / "fr1.csv")
    assert (tmp_path / "fr1.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    filas = _leer(tmp_path / "fr1.csv", encoding="utf-8-sig")
    assert filas[1][1] == "01/01/2026"


@pytest.mark.parametrize(
    "peligroso",
    [
        "=1+1",
        "+52 382",
        "-cmd|' /C calc'!A0",
        "@SUMA(A1)",
        "\t=1",
        "\r=1",
        '=HYPERLINK("http://x")',
    ],
)
def test_formulas_neutralizadas(entorno, datos_ejemplo, tmp_path, peligroso):
    """Ninguna celda llega a la hoja de cálculo empezando con = + - @ tab o CR."""
    datos = datos_ejemplo("LGT_Art_70_Fr_XXIII_b")
    datos["registros"][0]["tipo_servicio"] = peligroso
    datos["registros"][0]["proveedores"][0]["razon_social"] = peligroso
    doc = documento_desde_dict(datos, entorno.catalogo)
    entorno.exportar(doc, "csv", tmp_path / "x.csv")
    for archivo in tmp_path.glob("*.csv"):
        for fila in _leer(archivo):
            for c in fila:
                assert not c.startswith(("=", "+", "@", "\t", "\r")), (archivo.name, c)
                assert not (
                    c.startswith("-") and not c.replace("-", "", 1).replace(".", "").isdigit()
                )
    principal = _leer(tmp_path / "x.csv")
    assert "'" + peligroso in principal[1]
    assert "-5.00" not in principal[1]  # control: los números negativos no se tocan
    vuelta = entorno.cargar(tmp_path / "x.csv")
    assert vuelta.registros[0]["tipo_servicio"] == peligroso


@pytest.mark.parametrize("perfil", ["csv", "csv-excel"])
def test_miles_de_filas_por_lotes_con_formulas_en_cualquier_lugar(
    entorno, datos_ejemplo, tmp_path, perfil
):
    """El CSV se escribe por lotes de filas (issue 13): una fórmula en la primera, la última o
    justo en el borde de un lote se neutraliza igual; el BOM va una vez; el texto con saltos
    de línea, comillas y acentos se lee de vuelta tal cual."""
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    base = datos["registros"]
    datos["registros"] = [dict(base[i % len(base)]) for i in range(1_500)]
    peligrosas = {0: "=1+1", 511: "@SUMA(A1)", 512: "+52 382", 1_499: "-cmd|' /C calc'!A0"}
    for i, valor in peligrosas.items():
        datos["registros"][i]["sentido_indicador"] = valor
    datos["registros"][700]["nota"] = 'Línea 1\r\n"Línea 2", con coma'
    doc = documento_desde_dict(datos, entorno.catalogo)
    entorno.exportar(doc, perfil, tmp_path / "grande.csv")
    crudo = (tmp_path / "grande.csv").read_bytes()
    assert crudo.count(b"\xef\xbb\xbf") == (perfil == "csv-excel")
    filas = _leer(tmp_path / "grande.csv", encoding="utf-8-sig")
    assert len(filas) == 1 + 1_500
    columna = filas[0].index(doc.tabla().columnas[doc.tabla().claves.index("sentido_indicador")])
    for i, valor in peligrosas.items():
        assert filas[1 + i][columna] == "'" + valor
    assert sum(f[columna].startswith("'") for f in filas[1:]) == len(peligrosas)
    assert 'Línea 1\r\n"Línea 2", con coma' in filas[701]
    esperadas = [list(f) for f in doc.tabla(iso=perfil == "csv").filas]
    for i in peligrosas:
        esperadas[i][columna] = "'" + esperadas[i][columna]
    assert filas[1:] == esperadas


_CELDA = st.text(alphabet=st.sampled_from(list(",\"\r\n\t\x00 =+-@'ñ€𝄞x5.")), max_size=6)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(_CELDA, max_size=4), max_size=12)
    | st.integers(0, 4).flatmap(
        lambda k: st.lists(st.lists(_CELDA, min_size=k, max_size=k), max_size=12)
    ),
    st.booleans(),
    st.integers(min_value=1, max_value=4),
)
def test_lotes_escritos_de_una_vez_igual_que_csv_writer(filas, bom, lote):
    """Un lote de filas parejas se une de una vez (citando las celdas con coma, comillas o
    salto de línea) y uno de filas disparejas pasa por `csv.writer`: los bytes son siempre
    los de `csv.writer` con las fórmulas neutralizadas, en cualquier mezcla de filas (vacías,
    de una celda vacía, de distinto largo, con comas, comillas o saltos de línea)."""
    from unittest import mock

    from transparencia_fmt.exportadores import csv_portal

    from transparencia_fmt.texto import neutralizar_formula

    esperado = io.StringIO()
    escritor = csv.writer(esperado, lineterminator="\r\n")
    escritor.writerow(["A", "B"])
    escritor.writerows([[neutralizar_formula(c) for c in fila] for fila in filas])
    salida = io.BytesIO()
    with mock.patch.object(csv_portal, "_LOTE", lote):
        csv_portal._escribir(salida, ["A", "B"], [list(f) for f in filas], bom)
    assert salida.getvalue() == (b"\xef\xbb\xbf" if bom else b"") + esperado.getvalue().encode()


def test_csv_de_excel_cp1252_con_punto_y_coma(entorno, ejemplo, tmp_path):
    """Un CSV guardado por Excel (cp1252, «;», fechas dd/mm/aaaa) se reconoce y se lee sin
    acentos rotos."""
    doc = ejemplo("LGT_Art_70_Fr_I")
    tabla = doc.tabla()
    flujo = io.StringIO()
    w = csv.writer(flujo, delimiter=";")
    w.writerow(tabla.columnas)
    w.writerows(tabla.filas)
    ruta = tmp_path / "de_excel.csv"
    ruta.write_bytes(flujo.getvalue().encode("cp1252"))
    leido = entorno.cargar(ruta)
    assert leido.formato.id == "LGT_Art_70_Fr_I"
    assert leido.registros == doc.registros
    assert leido.datos["periodo"] == doc.datos["periodo"]
    assert "Constitución" in json.dumps(leido.registros, ensure_ascii=False)


def test_csv_irreconocible_es_error_de_datos(entorno, tmp_path):
    """Un CSV sin encabezados del catálogo da un error en español (exit 1)."""
    from transparencia_fmt import ErrorDeDatos

    ruta = tmp_path / "otro.csv"
    ruta.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ErrorDeDatos, match="no se reconoce el formato"):
        entorno.cargar(ruta)


def test_exportacion_fallida_no_deja_archivo(ejemplo, tmp_path):
    """Un exportador que falla a la mitad no deja archivo ni temporales."""
    from transparencia_fmt import ErrorDePlugin, hookimpl
    from transparencia_fmt.entorno import Entorno

    class Falla:
        nombre, extension, descripcion = "falla", ".txt", "falla"

        def exportar(self, documento, destino):
            destino.write(b"medio")
            raise RuntimeError("a la mitad")

    class Plugin:
        @hookimpl
        def registrar_exportadores(self):
            return Falla()

    ent = Entorno.crear(cargar_terceros=False, extra=(("falla", Plugin()),))
    doc = ent.cargar(Path(__file__).resolve().parents[1] / "ejemplos/LGT_Art_70_Fr_I.json")
    with pytest.raises(ErrorDePlugin, match="falla"):
        ent.exportar(doc, "falla", tmp_path / "x.txt")
    assert list(tmp_path.iterdir()) == []


# -- ida y vuelta con documentos generados ---------------------------------------------
_texto = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"))
    | st.sampled_from(list("\n\t=+-@'\",;áéíóúñÑ")),
    min_size=1,
    max_size=25,
).filter(lambda s: s.strip() != "")


def _valor(col):
    if col.tipo == "catalogo":
        return st.sampled_from(col.catalogo)
    if col.tipo == "fecha":
        return st.dates(min_value=__import__("datetime").date(2000, 1, 1)).map(
            lambda d: d.isoformat()
        )
    if col.tipo == "moneda":
        return st.integers(0, 10**11).map(lambda c: round(c / 100, 2))
    if col.tipo == "numero":
        return st.integers(-(10**6), 10**6) | st.integers(0, 10**6).map(lambda c: c / 4)
    if col.tipo == "hipervinculo":
        return st.from_regex(r"https://[a-z]{1,10}\.gob\.mx/[a-z0-9_]{0,12}", fullmatch=True)
    return _texto


def _registro(columnas):
    campos = {}
    for col in columnas:
        if col.tipo == "tabla":
            estrategia = st.lists(_registro(col.subcolumnas), min_size=1, max_size=3)
        else:
            estrategia = _valor(col)
        campos[col.clave] = estrategia if col.requerido else st.none() | estrategia

    def armar(valores):
        return {k: v for k, v in valores.items() if v is not None}

    return st.fixed_dictionaries(campos).map(armar)


@st.composite
def _documentos(draw, formato):
    nota = draw(st.just("") | _texto)
    registros = draw(st.lists(_registro(formato.columnas_registro), min_size=1, max_size=4))
    for r in registros:
        propia = draw(st.none() | _texto)
        if propia is not None and propia != nota:
            r["nota"] = propia
    return {
        "formato": formato.id,
        "sujeto_obligado": "Ayuntamiento de Mazamitla, Jalisco",
        "ejercicio": 2026,
        "periodo": {"inicio": "2026-01-01", "termino": "2026-03-31"},
        "area_responsable": draw(_texto),
        "fecha_actualizacion": "2026-04-15",
        "nota": nota,
        "registros": registros,
    }


@pytest.mark.parametrize("perfil", ["csv", "csv-excel"])
@pytest.mark.parametrize("formato_id", TABULARES)
def test_ida_y_vuelta_csv(entorno, formato_id, perfil):
    """exportar a CSV → importar da el mismo documento (documentos generados)."""
    formato = entorno.catalogo.formato(formato_id)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_documentos(formato))
    def propiedad(datos):
        doc = documento_desde_dict(json.loads(json.dumps(datos)), entorno.catalogo)
        with tempfile.TemporaryDirectory() as d:
            ruta = Path(d) / "doc.csv"
            entorno.exportar(doc, perfil, ruta)
            vuelta = entorno.cargar(ruta)
        assert vuelta.hallazgos == []
        assert vuelta.datos == doc.datos

    propiedad()
