"""Batería hostil: datos que no deben pasar en silencio (JSON, CSV, codificaciones, números,
fechas). Cada caso: código 1 (o 0 si el dato es legítimo), mensaje en español con archivo,
fila/registro, columna y valor; el archivo de entrada no cambia."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from conftest import DATOS_INVALIDOS_A_PROPOSITO
from hostil import correr, ejemplo, revisar

import transparencia_fmt as tf
from transparencia_fmt.filas import interpretar_fecha, interpretar_numero

MONEDA = "Remuneración mensual bruta o contraprestación"
FECHA = "Fecha de inicio del contrato"


@pytest.fixture(scope="module")
def csv_xi(tmp_path_factory):
    """El ejemplo de la fracción XI como CSV del portal, con su datapackage.json."""
    carpeta = tmp_path_factory.mktemp("xi")
    tf.exportar(tf.cargar(ejemplo("LGT_Art_70_Fr_XI")), "csv", carpeta / "xi.csv")
    return carpeta


def _con_celda(csv_xi, tmp_path, columna, valor, extra=()):
    filas = list(csv.reader((csv_xi / "xi.csv").open(encoding="utf-8", newline="")))
    filas[1][filas[0].index(columna)] = valor
    filas[1].extend(extra)
    destino = tmp_path / "xi.csv"
    with destino.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(filas)
    shutil.copy(csv_xi / "xi.datapackage.json", tmp_path / "xi.datapackage.json")
    (tmp_path / DATOS_INVALIDOS_A_PROPOSITO).touch()  # el CSV se rompe a propósito
    return destino


DINERO_MALO = [
    "1.234,56",
    "$1.234.567,00",
    "1.234",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "1e999",
    "12%",
    "uno",
    "0x10",
    "1_000",
    "1,23,4",
    "12.345,6",
    "$",
    "--5",
    "5-",
]


@pytest.mark.parametrize(
    "valor,esperado",
    [("1,234.56", 1234.56), ("$1,234.50", 1234.5), ("1234,5", 1234.5), ("-$1,234", -1234.0)]
    + [("16000", 16000.0), ("$ 16,000.00", 16000.0), ("1.5E+04", 15000.0)],
)
def test_dinero_legitimo_se_lee_exacto(capsys, csv_xi, tmp_path, valor, esperado):
    archivo = _con_celda(csv_xi, tmp_path, MONEDA, valor)
    doc = tf.cargar(archivo)
    clave = doc.formato.columnas_registro[
        [c.titulo for c in doc.formato.columnas_registro].index(MONEDA)
    ].clave
    assert doc.registros[0][clave] == esperado


FECHAS_MALAS = [
    "21/01/2026 aprox.",
    "21/01/2026?",
    "aprox. 21/01/2026",
    "31/02/2026",
    "2026-13-01",
    "ayer",
    "21-01-2026",
    "21/01/26",
    "21/01/2026 25:00",
    "21/01/2026 y 22/01/2026",
    "2026-01-21 al 2026-01-31",
    "N/D",
]


@pytest.mark.parametrize(
    "columna,valor", [(MONEDA, v) for v in DINERO_MALO] + [(FECHA, v) for v in FECHAS_MALAS]
)
def test_dinero_o_fecha_que_no_se_lee_completo(capsys, csv_xi, tmp_path, columna, valor):
    """Error que nombra archivo, fila, columna y valor; el archivo queda igual."""
    archivo = _con_celda(csv_xi, tmp_path, columna, valor)
    antes = archivo.read_bytes()
    codigo, out, err = correr(capsys, "validar", archivo)
    revisar(codigo, out + err, esperado=1, nombra=("xi.csv", "fila 2", columna, f"«{valor}»"))
    assert archivo.read_bytes() == antes


@pytest.mark.parametrize("valor", ["2026-01-21", "21/01/2026", "21/01/2026 00:00:00", "1/1/2026"])
def test_fecha_legitima(capsys, csv_xi, tmp_path, valor):
    archivo = _con_celda(csv_xi, tmp_path, FECHA, valor)
    codigo, out, err = correr(capsys, "validar", archivo)
    revisar(codigo, out + err, esperado=0)


@pytest.mark.parametrize(
    "extra", [["sobra"], ["", "sobra"], ["a", "b", "c"], ["=HYPERLINK(1)"]], ids=str
)
def test_celdas_de_mas_en_una_fila(capsys, csv_xi, tmp_path, extra):
    archivo = _con_celda(csv_xi, tmp_path, MONEDA, "16000", extra)
    codigo, out, err = correr(capsys, "validar", archivo)
    revisar(codigo, out + err, esperado=1, nombra=("xi.csv", "fila 2", "celda-sin-columna"))
    assert [x for x in extra if x][0] in out + err


def test_celdas_de_mas_vacias_no_son_error(capsys, csv_xi, tmp_path):
    archivo = _con_celda(csv_xi, tmp_path, MONEDA, "16000", ["", " "])
    codigo, out, err = correr(capsys, "validar", archivo)
    revisar(codigo, out + err, esperado=0)


# -- números y fechas: el intérprete único ----------------------------------------------
@pytest.mark.parametrize("valor", DINERO_MALO)
def test_interprete_de_numeros_rechaza(valor):
    with pytest.raises(ValueError, match="«"):
        interpretar_numero(valor, moneda=True)


@pytest.mark.parametrize("valor", FECHAS_MALAS)
def test_interprete_de_fechas_rechaza(valor):
    with pytest.raises(ValueError, match="«"):
        interpretar_fecha(valor)


# -- JSON ----------------------------------------------------------------------------------
def _json(tmp_path, texto, nombre="doc.json"):
    ruta = tmp_path / nombre
    ruta.write_bytes(texto if isinstance(texto, bytes) else texto.encode("utf-8"))
    return ruta


BASE = ejemplo().read_text("utf-8")


@pytest.mark.parametrize(
    "texto,nombra",
    [
        ('{"formato": "LGT_Art_70_Fr_V", "nota": "a", "nota": "b"}', ("«nota»", "líneas")),
        ('{"formato": "LGT_Art_70_Fr_V", "nota": "a", "nota": "a"}', ("«nota»",)),
        ('{"formato": "LGT_Art_70_Fr_V",\n"formato": "LGT_Art_70_Fr_I"}', ("«formato»", "1, 2")),
        ('{"formato": "LGT_Art_70_Fr_V", "registros": [{"a": 1, "a": 2}]}', ("«a»",)),
        ('{"formato": "LGT_Art_70_Fr_V", "ejercicio": NaN}', ("NaN",)),
        ('{"formato": "LGT_Art_70_Fr_V", "ejercicio": Infinity}', ("Infinity",)),
        ('{"formato": "LGT_Art_70_Fr_V", "ejercicio": -Infinity}', ("-Infinity",)),
        ('{"formato": "LGT_Art_70_Fr_V", "nota": "x\\ud800"}', ("\\ud800", "sustituto")),
        ('{"formato": "LGT_Art_70_Fr_V", "nota": "\\udc00x"}', ("\\udc00",)),
        ('{"formato": "LGT_Art_70_Fr_V", "nota": "x\\uD83D"}', ("\\uD83D",)),
        ('{"formato": "LGT_Art_70_Fr_V", "nota": "x",}', ("línea 1", "columna")),
        ('{"formato": "LGT_Art_70_Fr_V"', ("línea 1",)),
        ("", ("doc.json",)),
        ("[]", ("objeto JSON",)),
        ("null", ("objeto JSON",)),
        ('"texto"', ("objeto JSON",)),
        ("{}", ("formato",)),
        ('{"formato": 5}', ("formato",)),
        ('{"formato": "No_Existe"}', ("No_Existe",)),
        ("[" * 5000 + "]" * 5000, ("profundidad",)),
        ('{"formato": "LGT_Art_70_Fr_V", "nota": ' + "[" * 5000 + "]" * 5000 + "}", ("prof",)),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else None,
)
def test_json_hostil(capsys, tmp_path, texto, nombra):
    ruta = _json(tmp_path, texto)
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, out + err, esperado=1, nombra=("doc.json", *nombra))


def test_json_con_par_sustituto_valido_se_lee(capsys, tmp_path):
    datos = json.loads(BASE)
    datos["nota"] = "emoji \U0001f600"
    ruta = _json(tmp_path, json.dumps(datos, ensure_ascii=True))
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, out + err, esperado=0)
    assert tf.cargar(ruta).datos["nota"] == "emoji \U0001f600"


@pytest.mark.parametrize("anidado", [50, 400, 900])
def test_anidamiento_profundo_en_un_registro(capsys, tmp_path, anidado):
    datos = json.loads(BASE)
    datos["registros"][0]["metas_programadas"] = json.loads("[" * anidado + "]" * anidado)
    ruta = _json(tmp_path, json.dumps(datos))
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, out + err, esperado=1, nombra=("doc.json",))


# -- codificaciones ----------------------------------------------------------------------
def test_un_byte_invalido_en_json_utf8_no_vuelve_mojibake(capsys, tmp_path):
    crudo = BASE.encode("utf-8").replace("Planeación".encode(), "Planeación".encode() + b" \xff", 1)
    assert b"\xc3\xb3" in crudo and b"\xff" in crudo
    ruta = _json(tmp_path, crudo)
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, out + err, esperado=1, nombra=("doc.json", "línea", "0xFF", "mezcla"))
    assert "Ã" not in out + err


def test_json_en_windows_1252_puro_se_lee_bien(capsys, tmp_path):
    ruta = _json(tmp_path, BASE.encode("cp1252"))
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, out + err, esperado=0)
    assert "Planeación" in json.dumps(tf.cargar(ruta).datos, ensure_ascii=False)


@pytest.mark.parametrize(
    "crudo,nombra",
    [
        (b"\xef\xbb\xbf" + BASE.encode("utf-8")[:50] + b"\xff" + BASE.encode()[50:], ("BOM",)),
        (BASE.encode("utf-8")[:40] + b"\x00" + BASE.encode()[40:], ("0x00",)),
        (BASE.encode("cp1252").replace(b"\xf3", b"\x81", 1), ("0x81",)),
        (bytes(range(256)) * 4, ("línea",)),
        (b"\xff\xfe" + "{\ud800".encode("utf-16-le", "surrogatepass"), ("UTF-16",)),
        (BASE.encode("cp1252").replace(b"\xf3", b"\x9d", 1), ("0x9D",)),
    ],
    ids=["bom-y-byte-malo", "nulo", "byte-sin-caracter", "binario", "utf16-roto", "0x9d"],
)
def test_codificacion_sin_evidencia_es_error_ubicado(capsys, tmp_path, crudo, nombra):
    ruta = _json(tmp_path, crudo)
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, out + err, esperado=1, nombra=("doc.json", *nombra))


@pytest.mark.parametrize("codificacion", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_codificaciones_legitimas(capsys, tmp_path, codificacion):
    ruta = _json(tmp_path, BASE.encode(codificacion))
    codigo, out, err = correr(capsys, "validar", ruta)
    revisar(codigo, out + err, esperado=0)


def test_csv_cp1252_de_excel_con_mojibake_mezclado(capsys, csv_xi, tmp_path):
    archivo = _con_celda(csv_xi, tmp_path, "Nombre(s) de la persona contratada", "José")
    texto = archivo.read_text("utf-8")
    archivo.write_bytes(texto.encode("utf-8").replace("José".encode(), b"Jos\xe9"))
    codigo, out, err = correr(capsys, "validar", archivo)
    revisar(codigo, out + err, esperado=1, nombra=("xi.csv", "línea 2", "0xE9", "mezcla"))


def test_validar_json_es_json_estandar(capsys, tmp_path):
    """El informe --json nunca lleva NaN ni Infinity (jq y JavaScript los rechazan)."""
    ruta = _json(tmp_path, '{"formato": "LGT_Art_70_Fr_V", "ejercicio": NaN}')
    codigo, out, _ = correr(capsys, "validar", "--json", ruta)
    assert codigo == 1
    json.loads(out, parse_constant=lambda c: pytest.fail(f"JSON no estándar: {c}"))
