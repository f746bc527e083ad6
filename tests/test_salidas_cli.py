"""Hallazgos 2, 4, 5 y 6 del recorrido de un capturista (sesión 6), desde su lado: una
plantilla llenada nunca se pisa, una tubería cerrada no vuelve 0 un código 1, «-o» no da a
un PDF el nombre de un .docx y «-o -» nunca crea un archivo llamado «-»."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import openpyxl
import pytest
from conftest import DATOS_INVALIDOS_A_PROPOSITO, EJEMPLOS, ejecutar_tfmt, escribir_fila_como_excel
from pypdf import PdfReader

F5 = "LGT_Art_70_Fr_V"
PLANTILLA = f"{F5}.plantilla.xlsx"


def _llenar(entorno, ruta) -> int:
    """Llena la plantilla XLSX como en Excel con los registros del ejemplo; cuántos."""
    tabla = entorno.cargar(EJEMPLOS / f"{F5}.json").tabla(iso=True)
    wb = openpyxl.load_workbook(ruta)
    hoja = wb["Reporte de Formatos"]
    for i, fila in enumerate(tabla.filas, start=8):
        escribir_fila_como_excel(hoja, i, fila, tabla.tipos)
    wb.save(ruta)
    return len(tabla.filas)


def _solo(tmp_path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir())


# -- 2: la plantilla llenada no se pierde ------------------------------------------------
def test_plantilla_xlsx_llenada_no_se_reemplaza(entorno, tmp_path):
    r = ejecutar_tfmt("plantilla", F5, "--a", "xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    n = _llenar(entorno, tmp_path / PLANTILLA)
    antes = (tmp_path / PLANTILLA).read_bytes()

    r = ejecutar_tfmt("plantilla", F5, "--a", "xlsx", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stdout == ""
    assert f"Ya existe {PLANTILLA}" in r.stderr
    assert "puede tener datos capturados" in r.stderr
    assert f"-o {F5}.plantilla-2.xlsx" in r.stderr  # un nombre libre que sí se puede usar
    assert (tmp_path / PLANTILLA).read_bytes() == antes
    assert _solo(tmp_path) == [PLANTILLA]  # ni temporales ni respaldos
    r = ejecutar_tfmt("validar", PLANTILLA, cwd=tmp_path)
    assert r.returncode == 0 and f"válido ({n} registros)" in r.stdout, r.stdout + r.stderr

    # Lo que sugiere el mensaje funciona y deja la llenada como estaba.
    r = ejecutar_tfmt("plantilla", F5, "--a", "xlsx", "-o", f"{F5}.plantilla-2.xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert openpyxl.load_workbook(tmp_path / f"{F5}.plantilla-2.xlsx")["Reporte de Formatos"]
    assert (tmp_path / PLANTILLA).read_bytes() == antes


def test_plantilla_json_y_csv_tampoco_se_reemplazan(tmp_path):
    """También con -o (archivo o carpeta) y con las tablas secundarias de la CSV."""
    (tmp_path / "p.json").write_text('{"mis": "datos"}', "utf-8")
    r = ejecutar_tfmt("plantilla", F5, "--a", "json", "-o", "p.json", cwd=tmp_path)
    assert r.returncode == 2 and "Ya existe p.json" in r.stderr
    assert (tmp_path / "p.json").read_text("utf-8") == '{"mis": "datos"}'

    r = ejecutar_tfmt("plantilla", "LGT_Art_70_Fr_IX", "--a", "csv", "-o", "c/", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    tablas = sorted(p.name for p in (tmp_path / "c").glob("*.Tabla_*.csv"))
    assert len(tablas) == 2
    secundaria = tmp_path / "c" / tablas[0]
    secundaria.write_text(secundaria.read_text("utf-8-sig") + "1,capturado\n", "utf-8")
    principal = tmp_path / "c" / "LGT_Art_70_Fr_IX.plantilla.csv"
    principal.unlink()  # aunque falte la principal, la tabla llenada se conserva
    (tmp_path / "c" / DATOS_INVALIDOS_A_PROPOSITO).touch()  # su datapackage ya no cuadra
    r = ejecutar_tfmt("plantilla", "LGT_Art_70_Fr_IX", "--a", "csv", "-o", "c/", cwd=tmp_path)
    assert r.returncode == 2
    assert tablas[0] in r.stderr and "No se escribió nada" in r.stderr
    assert secundaria.read_text("utf-8").endswith("1,capturado\n")
    assert not principal.exists()


# -- 4: una tubería cerrada no cambia el código de salida ---------------------------------
def _invalido(tmp_path):
    datos = json.loads((EJEMPLOS / f"{F5}.json").read_text("utf-8"))
    for registro in datos["registros"]:
        registro["sentido_indicador"] = "Lateral"
    ruta = tmp_path / "invalido.json"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    return ruta


def _con_stdout_cerrado(args, leer: int, cwd) -> tuple[int, str]:
    p = subprocess.Popen(
        [sys.executable, "-m", "transparencia_fmt", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env={**os.environ, "TFMT_LOAD_PLUGINS": ""},
    )
    assert p.stdout is not None and p.stderr is not None
    p.stdout.read(leer)
    p.stdout.close()  # `| true` (0 bytes leídos) o `| head -c N`
    err = p.stderr.read().decode("utf-8")
    return p.wait(timeout=120), err


@pytest.mark.parametrize("leer", [0, 10])
def test_tuberia_cerrada_conserva_el_codigo_del_comando(tmp_path, leer):
    invalido = _invalido(tmp_path)
    muchos = [invalido] * 40  # más de lo que cabe en la tubería: la escritura sí falla
    for args, esperado in [
        (("validar", invalido), 1),
        (("validar", *muchos), 1),
        (("validar", "--json", *muchos), 1),
        (("validar", EJEMPLOS / f"{F5}.json"), 0),
        (("exportar", invalido, "--a", "json", "-o", "-"), 1),
        (("exportar", EJEMPLOS / f"{F5}.json", "--a", "csv", "-o", "-"), 0),
    ]:
        codigo, err = _con_stdout_cerrado(args, leer, tmp_path)
        assert codigo == esperado, (args, err)
        assert "Traceback" not in err and "Exception ignored" not in err, err


# -- 5: la extensión de -o es la del tipo que se escribe ----------------------------------
@pytest.mark.parametrize(
    ("comando", "salida", "esperada"),
    [
        (("exportar", EJEMPLOS / f"{F5}.json", "--a", "pdf"), "out7/informe.docx", "informe.pdf"),
        (("exportar", EJEMPLOS / f"{F5}.json", "--a", "csv-excel"), "x.xlsx", "x.csv"),
        (("plantilla", F5, "--a", "xlsx"), "p.csv", "p.xlsx"),
        (("plantilla", F5, "--a", "json"), "p.xlsx", "p.json"),
    ],
)
def test_o_con_la_extension_de_otro_tipo_es_mal_uso(tmp_path, comando, salida, esperada):
    r = ejecutar_tfmt(*comando, "-o", salida, cwd=tmp_path)
    assert r.returncode == 2, r.stdout
    assert r.stdout == ""
    tipo = comando[-1]
    assert f"termina en .{salida.rsplit('.', 1)[1]}" in r.stderr
    assert f"pero {tipo} escribe archivos" in r.stderr
    assert esperada in r.stderr and "No se escribió nada" in r.stderr
    assert _solo(tmp_path) == []


def test_o_con_la_extension_de_otro_tipo_se_dice_antes_de_leer(tmp_path):
    """Mal uso de -o primero (2), sin esperar a validar: ni el informe de un archivo
    inválido ni sus advertencias tapan el error de la salida."""
    r = ejecutar_tfmt(
        "exportar", _invalido(tmp_path), "--a", "pdf", "-o", "informe.docx", cwd=tmp_path
    )
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("ERROR: La salida informe.docx termina en .docx")
    assert r.stderr.count("\n") == 1
    assert not (tmp_path / "informe.docx").exists()


def test_o_con_su_extension_en_mayusculas_o_sin_extension_sigue_valiendo(tmp_path):
    ejemplo = EJEMPLOS / f"{F5}.json"
    r = ejecutar_tfmt("exportar", ejemplo, "--a", "pdf", "-o", "INFORME.PDF", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert len(PdfReader(tmp_path / "INFORME.PDF").pages) >= 1
    r = ejecutar_tfmt("exportar", ejemplo, "--a", "pdf", "-o", "trimestre.2026", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "trimestre.2026.pdf").read_bytes().startswith(b"%PDF")


# -- 6: «-o -» es la pantalla, nunca un archivo «-» ---------------------------------------
def test_exportar_a_pantalla_en_texto(tmp_path):
    ejemplo = EJEMPLOS / f"{F5}.json"
    r = ejecutar_tfmt("exportar", ejemplo, "--a", "csv", "-o", "-", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    filas = list(csv.reader(io.StringIO(r.stdout)))
    r2 = ejecutar_tfmt("exportar", ejemplo, "--a", "csv", "-o", "archivo.csv", cwd=tmp_path)
    assert r2.returncode == 0, r2.stderr
    with open(tmp_path / "archivo.csv", encoding="utf-8", newline="") as f:
        assert filas == list(csv.reader(f))  # lo mismo que el archivo
    assert filas[0][0] == "Ejercicio" and len(filas) > 1

    r = ejecutar_tfmt("exportar", ejemplo, "--a", "json", "-o", "-", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["formato"] == F5
    assert _solo(tmp_path) == ["archivo.csv", "archivo.datapackage.json"]


def test_pantalla_con_tablas_secundarias_avisa(tmp_path):
    ejemplo = EJEMPLOS / "LGT_Art_70_Fr_IX.json"
    r = ejecutar_tfmt("exportar", ejemplo, "--a", "csv", "-o", "-", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert next(csv.reader(io.StringIO(r.stdout)))[0] == "Ejercicio"
    assert "AVISO: en pantalla va sólo la tabla principal; las 2 tablas secundarias" in r.stderr
    assert _solo(tmp_path) == []


@pytest.mark.parametrize("como", [("pdf",), ("docx",), ("xlsx",), ("csv", "json")])
def test_exportar_a_pantalla_binario_o_varios_es_mal_uso(tmp_path, como):
    r = ejecutar_tfmt(
        "exportar", EJEMPLOS / f"{F5}.json", "--a", ",".join(como), "-o", "-", cwd=tmp_path
    )
    assert r.returncode == 2
    assert r.stdout == ""
    assert "«-o -» imprime en pantalla un solo tipo de texto (csv, csv-excel, json)" in r.stderr
    assert _solo(tmp_path) == []


def test_plantilla_a_pantalla(tmp_path):
    r = ejecutar_tfmt("plantilla", F5, "--a", "csv", "-o", "-", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    encabezados = next(csv.reader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    assert encabezados[0] == "Ejercicio" and "Nota" in encabezados
    r = ejecutar_tfmt("plantilla", F5, "--a", "xlsx", "-o", "-", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert "(csv, json)" in r.stderr and "«xlsx» (.xlsx) no es texto" in r.stderr
    assert _solo(tmp_path) == []


def test_estado_con_o_guion_no_escribe_un_archivo_guion(tmp_path):
    """Los demás comandos que escriben con -o (aquí `estado`) tampoco crean «-.pdf»."""
    from conftest import iniciar_espacio

    espacio = iniciar_espacio(tmp_path / "espacio")
    r = ejecutar_tfmt("estado", "--a", "pdf", "-o", "-", cwd=espacio)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "«-o -» (la pantalla) no se puede usar aquí" in r.stderr
    assert not any(p.name.startswith("-") for p in espacio.rglob("*"))


def test_exportar_sobre_su_entrada_dice_que_hacer(tmp_path):
    """Con -o ya puesto, el mensaje no dice sólo «use -o»: dice otro nombre o una carpeta."""
    entrada = tmp_path / "fr5.json"
    entrada.write_bytes((EJEMPLOS / f"{F5}.json").read_bytes())
    r = ejecutar_tfmt("exportar", "fr5.json", "--a", "json", "-o", "fr5.json", cwd=tmp_path)
    assert r.returncode == 2
    assert "sobrescribiría el archivo de entrada; indique otro nombre o una carpeta" in r.stderr
    assert entrada.read_bytes() == (EJEMPLOS / f"{F5}.json").read_bytes()


def test_demo_con_o_guion_no_crea_una_carpeta_guion(tmp_path):
    r = ejecutar_tfmt("demo", "-o", "-", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert "«-o -» (la pantalla) no sirve para demo" in r.stderr and "-o demo/" in r.stderr
    assert _solo(tmp_path) == []
