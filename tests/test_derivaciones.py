"""Derivaciones: el gancho, la función de biblioteca y `tfmt derivar` (POA → Fr. VI…)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import EJEMPLOS, ejecutar_tfmt

from transparencia_fmt import hookimpl
from transparencia_fmt.derivacion import derivar, disponibles
from transparencia_fmt.entorno import Entorno
from transparencia_fmt.errores import ErrorDePlugin, ErrorDeUso

POA = EJEMPLOS / "Plan_Operativo_Anual.json"
METAS = json.loads(POA.read_text("utf-8"))["metas"]
URL_BASE = "https://transparencia.mazamitla.gob.mx/publicado"


def test_derivaciones_integradas_por_el_mismo_gancho(entorno):
    """Las derivaciones del POA vienen de un plugin integrado, como las de un tercero."""
    registros = {r.objeto.destino: r for r in disponibles(entorno, "Plan_Operativo_Anual")}
    assert {"LGT_Art_70_Fr_VI", "LGT_Art_70_Fr_XXIII_a", "LGT_Art_70_Fr_IV"} <= set(registros)
    assert registros["LGT_Art_70_Fr_VI"].plugin == "derivaciones-poa"
    assert registros["LGT_Art_70_Fr_VI"].paquete == "transparencia-fmt"


def test_fr_vi_sin_seguimiento_metas_verbatim_y_avance_vacio(entorno):
    poa = entorno.cargar(POA)
    vi = derivar(entorno, poa, "LGT_Art_70_Fr_VI")
    informe = entorno.validar(vi)
    assert informe.valido, [e.texto() for e in informe.solo_errores]
    regs = vi.registros
    assert [r["metas_programadas"] for r in regs] == [m["meta"] for m in METAS]
    assert [r["nombre_indicador"] for r in regs] == [m["indicador"] for m in METAS]
    assert [r["unidad_medida"] for r in regs] == [m["unidad_medida"] for m in METAS]
    assert all("avance_metas" not in r for r in regs)
    assert all("«Avance de metas»" in r["nota"] for r in regs)
    # La misión no cabe en 150 caracteres: no se recorta en silencio, se avisa.
    codigos = [h.codigo for h in vi.hallazgos]
    assert "derivacion-incompleta" in codigos
    assert any("150" in h.mensaje for h in vi.hallazgos)
    sello = vi.datos["derivado_de"]
    assert sello["derivacion"] == "poa-a-fr-vi"
    assert sello["fuentes"][0]["formato"] == "Plan_Operativo_Anual"
    assert len(sello["fuentes"][0]["sha256"]) == 64


def test_xxiii_a_no_aplica_sin_la_bandera(entorno, tmp_path):
    datos = json.loads(POA.read_text("utf-8"))
    datos["programa_comunicacion_social"] = False
    ruta = tmp_path / "poa.json"
    ruta.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    with pytest.raises(ErrorDeUso, match="Programa Anual de Comunicación Social"):
        derivar(entorno, entorno.cargar(ruta), "LGT_Art_70_Fr_XXIII_a")
    r = ejecutar_tfmt("derivar", ruta)
    assert r.returncode == 0
    assert "no aplica" in r.stdout
    r = ejecutar_tfmt("derivar", ruta, "--a", "LGT_Art_70_Fr_XXIII_a", "-o", tmp_path / "x.json")
    assert r.returncode == 2 and "no está marcado" in r.stderr
    assert not (tmp_path / "x.json").exists()


def test_destino_sin_derivacion_es_mal_uso(entorno):
    with pytest.raises(ErrorDeUso, match="De este documento se puede derivar"):
        derivar(entorno, entorno.cargar(POA), "LGT_Art_70_Fr_V")


class _Rota:
    nombre = "rota"
    origen = "Plan_Operativo_Anual"
    destino = "LGT_Art_70_Fr_V"
    descripcion = "Siempre falla"

    def derivar(self, documento, contexto):
        raise RuntimeError("sin datos")


class _PluginTercero:
    @hookimpl
    def registrar_derivaciones(self):
        return [_Rota(), object()]


def test_derivacion_de_tercero_se_lista_y_su_fallo_se_nombra():
    with pytest.warns(UserWarning, match="«tercero».*registrar_derivaciones.*inválido"):
        ent = Entorno.crear(cargar_terceros=False, extra=(("tercero", _PluginTercero()),))
        nombres = {r.objeto.nombre for r in disponibles(ent, "Plan_Operativo_Anual")}
    assert "rota" in nombres and "poa-a-fr-vi" in nombres
    with (
        pytest.raises(ErrorDePlugin, match="«rota» \\(tercero\\) falló: RuntimeError: sin datos"),
        pytest.warns(UserWarning),
    ):
        derivar(ent, ent.cargar(POA), "LGT_Art_70_Fr_V")


def test_cli_lista_lo_que_se_deriva(tmp_path):
    r = ejecutar_tfmt("derivar", POA, "--json")
    assert r.returncode == 0, r.stderr
    filas = json.loads(r.stdout)
    assert {f["destino"] for f in filas} >= {"LGT_Art_70_Fr_VI", "LGT_Art_70_Fr_XXIII_a"}
    assert all(f["aplica"] for f in filas), filas
    r = ejecutar_tfmt("derivar", POA, "--a", "LGT_Art_70_Fr_VI", "-o", tmp_path / "vi.json")
    assert r.returncode == 0, r.stderr
    assert "ADVERTENCIA [derivacion-incompleta]" in r.stderr
    r = ejecutar_tfmt("validar", tmp_path / "vi.json")
    assert r.returncode == 0 and "válido" in r.stdout


# -- en el espacio de trabajo: seguimiento, Fr. VI con avance, historial y desactualizados --
@pytest.fixture(scope="module")
def espacio(tmp_path_factory):
    """Un espacio con el POA semilla y tres meses de seguimiento registrados por el CLI."""
    raiz = tmp_path_factory.mktemp("espacio") / "mazamitla"
    pasos = [
        ("iniciar", raiz, "--nombre", "Ayuntamiento de Mazamitla, Jalisco"),
        ("actualizar", "Plan_Operativo_Anual", "--periodo", "2020", "--datos", POA),
        ("seguimiento", "registrar", "--mes", "ENE,FEB,MAR", "--actividad", "todas")
        + ("--estado", "realizada", "--evidencia", "https://mazamitla.gob.mx/evidencia/1"),
        ("seguimiento", "registrar", "--mes", "MAR", "--actividad", "3", "--estado", "parcial")
        + ("--nota", "Sólo dos de cuatro reuniones"),
        ("seguimiento", "registrar", "--mes", "FEB", "--actividad", "4")
        + ("--estado", "no-realizada", "--nota", "Sin presupuesto para espectaculares"),
        ("seguimiento", "registrar", "--mes", "ENE", "--meta", "1,2,3,4", "--avance", "80"),
        ("seguimiento", "registrar", "--mes", "FEB", "--meta", "1,2,3,4", "--avance", "90"),
        ("seguimiento", "registrar", "--mes", "MAR", "--meta", "1,2,3", "--avance", "100"),
        ("seguimiento", "registrar", "--mes", "MAR", "--meta", "4", "--avance", "55.5"),
    ]
    for paso in pasos:
        if paso[0] == "iniciar":
            assert ejecutar_tfmt(*paso).returncode == 0
            # Como lo haría la persona: la dirección pública de publicado/ en el TOML.
            toml = raiz / "transparencia.toml"
            texto = toml.read_text("utf-8").replace(
                "[publicacion]\n", f'[publicacion]\nurl_base = "{URL_BASE}"\n'
            )
            toml.write_text(texto, "utf-8")
            continue
        r = ejecutar_tfmt(*paso, "--espacio", raiz)
        assert r.returncode == 0, (paso, r.stderr)
    return raiz


def test_parcial_sin_nota_no_se_guarda(espacio, tmp_path):
    copia = tmp_path / "copia"
    shutil.copytree(espacio, copia)
    antes = (copia / "documentos/Seguimiento_POA/2020-anual.json").read_bytes()
    r = ejecutar_tfmt(
        "seguimiento", "registrar", "--mes", "ABR", "--actividad", "1", "--estado", "parcial",
        "--espacio", copia,
    )  # fmt: skip
    assert r.returncode == 1
    assert "Nota" in r.stderr and "Actividades del calendario" in r.stderr
    assert (copia / "documentos/Seguimiento_POA/2020-anual.json").read_bytes() == antes
    r = ejecutar_tfmt(
        "seguimiento", "registrar", "--mes", "ABR", "--actividad", "9", "--estado", "realizada",
        "--espacio", copia,
    )  # fmt: skip
    assert r.returncode == 2 and "La actividad 9 no está en el calendario" in r.stderr


def test_seguimiento_con_historial_y_bitacora(espacio):
    r = ejecutar_tfmt("historial", "Seguimiento_POA", "--json", "--espacio", espacio)
    assert r.returncode == 0, r.stderr
    versiones = json.loads(r.stdout)["versiones"]
    assert len(versiones) == 7  # cada registro es una versión; ninguna se pierde
    bitacora = (espacio / "bitacora.jsonl").read_text("utf-8").splitlines()
    assert sum('"Seguimiento_POA"' in linea for linea in bitacora) == 7
    r = ejecutar_tfmt("seguimiento", "ver", "--json", "--espacio", espacio)
    avance = json.loads(r.stdout)
    assert avance["marcas_planeadas"] == 72
    assert avance["registradas"] == 18
    assert (avance["realizadas"], avance["parciales"], avance["no_realizadas"]) == (16, 1, 1)
    assert avance["ultimo_mes"] == "MAR"
    assert avance["avance_al_corte"] == round(100 * 16.5 / 18, 1)


def test_fr_vi_lleva_el_avance_y_su_procedencia(espacio):
    poa = espacio / "documentos/Plan_Operativo_Anual/2020-anual.json"
    r = ejecutar_tfmt("derivar", poa, "--a", "LGT_Art_70_Fr_VI", "--guardar")
    assert r.returncode == 0, r.stderr
    assert "Guardado: documentos/LGT_Art_70_Fr_VI/2020-T1.json" in r.stdout
    vi = json.loads((espacio / "documentos/LGT_Art_70_Fr_VI/2020-T1.json").read_text("utf-8"))
    assert vi["periodo"] == {"inicio": "2020-01-01", "termino": "2020-03-31"}
    avances = [reg["avance_metas"] for reg in vi["registros"]]
    assert avances[0] == "ENE 80 %; FEB 90 %; MAR 100 %. Promedio al 31/03/2020: 90 %."
    assert avances[3] == "ENE 80 %; FEB 90 %; MAR 55.5 %. Promedio al 31/03/2020: 75.2 %."
    assert [reg["metas_programadas"] for reg in vi["registros"]] == [m["meta"] for m in METAS]
    fuentes = {f["formato"]: f for f in vi["derivado_de"]["fuentes"]}
    assert fuentes["Plan_Operativo_Anual"]["documento"] == (
        "documentos/Plan_Operativo_Anual/2020-anual.json"
    )
    assert set(fuentes) == {"Plan_Operativo_Anual", "Seguimiento_POA"}
    r = ejecutar_tfmt("historial", "LGT_Art_70_Fr_VI", "--espacio", espacio)
    assert "derivado con «poa-a-fr-vi»" in r.stdout
    assert fuentes["Plan_Operativo_Anual"]["sha256"][:12] in r.stdout
    r = ejecutar_tfmt("historial", "LGT_Art_70_Fr_VI", "--json", "--espacio", espacio)
    assert json.loads(r.stdout)["versiones"][0]["derivado_de"]["derivacion"] == "poa-a-fr-vi"


def test_estado_avance_del_poa_y_derivados_desactualizados(espacio, tmp_path):
    copia = tmp_path / "copia"
    shutil.copytree(espacio, copia)
    poa = copia / "documentos/Plan_Operativo_Anual/2020-anual.json"
    r = ejecutar_tfmt("derivar", poa, "--a", "LGT_Art_70_Fr_VI", "--guardar")
    assert r.returncode == 0, r.stderr
    r = ejecutar_tfmt("estado", "--json", "--fecha", "2020-04-10", "--espacio", copia)
    informe = json.loads(r.stdout)
    assert informe["derivados_desactualizados"] == []
    assert informe["poa"][0]["registradas"] == 18
    assert informe["poa"][0]["marcas_planeadas"] == 72
    # Cambia el POA: el derivado queda desactualizado, sin tocarlo.
    datos = json.loads(POA.read_text("utf-8"))
    datos["metas"][0]["meta"] = "Cobertura de Eventos 95%"
    nuevo = tmp_path / "poa2.json"
    nuevo.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    r = ejecutar_tfmt(
        "actualizar", "Plan_Operativo_Anual", "--periodo", "2020", "--datos", nuevo,
        "--espacio", copia,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    r = ejecutar_tfmt("estado", "--json", "--fecha", "2020-04-10", "--espacio", copia)
    informe = json.loads(r.stdout)
    assert informe["derivados_desactualizados"] == ["LGT_Art_70_Fr_VI/2020-T1"]
    fr_vi = next(f for f in informe["formatos"] if f["formato"] == "LGT_Art_70_Fr_VI")
    assert fr_vi["derivado_desactualizado"] is True
    situacion = {f["formato"]: f["situacion"] for f in informe["derivados"][0]["fuentes"]}
    assert situacion == {"Plan_Operativo_Anual": "cambió", "Seguimiento_POA": "igual"}
    r = ejecutar_tfmt("estado", "--fecha", "2020-04-10", "--espacio", copia)
    assert "DESACTUALIZADO LGT_Art_70_Fr_VI 2020-T1" in r.stdout
    avance = next(x for x in r.stdout.splitlines() if x.startswith("POA 2020"))
    metas = [x.strip() for x in r.stdout.splitlines() if x.startswith("  meta ")]
    assert metas  # el seguimiento de la semilla da avance a sus metas
    # El informe exportado dice lo mismo que la terminal: avance del POA y el desactualizado.
    r = ejecutar_tfmt(
        "estado", "--fecha", "2020-04-10", "--a", "pdf,docx", "-o", tmp_path / "estado",
        "--espacio", copia,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    rutas = sorted(Path(x) for x in r.stdout.splitlines())
    assert [x.name for x in rutas] == ["estado-2020-04-10.docx", "estado-2020-04-10.pdf"]
    for leer, ruta in zip((_leer_docx, _leer_pdf), rutas, strict=True):
        texto = " ".join(leer(ruta).split())
        assert "Plan operativo y documentos derivados" in texto
        assert " ".join(avance.split()) in texto
        assert all(f"— {' '.join(m.split())}" in texto for m in metas)
        assert "DESACTUALIZADO LGT_Art_70_Fr_VI 2020-T1" in texto
    # Derivar de nuevo lo pone al día.
    r = ejecutar_tfmt("derivar", poa, "--a", "LGT_Art_70_Fr_VI", "--guardar")
    r = ejecutar_tfmt("estado", "--json", "--fecha", "2020-04-10", "--espacio", copia)
    assert json.loads(r.stdout)["derivados_desactualizados"] == []


def _leer_docx(ruta):
    import docx

    d = docx.Document(str(ruta))
    textos = [p.text for p in d.paragraphs]
    for t in d.tables:
        for fila in t.rows:
            textos.extend(c.text for c in fila.cells)
    return "\n".join(textos)


def _leer_pdf(ruta):
    from pypdf import PdfReader

    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(ruta).pages)


def test_fr_iv_y_xxiii_a_desde_el_poa_validos_y_exportados(espacio, tmp_path):
    """La semilla → Fr. IV (4 metas verbatim) y Fr. XXIII a, válidos, en DOCX/PDF/CSV/XLSX."""
    import csv

    import openpyxl

    poa = espacio / "documentos/Plan_Operativo_Anual/2020-anual.json"
    url = f"{URL_BASE}/Plan_Operativo_Anual/2020-anual.pdf"
    assert (espacio / "publicado/Plan_Operativo_Anual/2020-anual.pdf").is_file()
    for formato in ("LGT_Art_70_Fr_IV", "LGT_Art_70_Fr_XXIII_a"):
        destino = tmp_path / f"{formato}.json"
        r = ejecutar_tfmt("derivar", poa, "--a", formato, "-o", destino)
        assert r.returncode == 0, r.stderr
        r = ejecutar_tfmt("validar", destino, "--json")
        assert r.returncode == 0 and json.loads(r.stdout)["valido"], r.stdout
        r = ejecutar_tfmt(
            "exportar", destino, "--a", "docx", "--a", "pdf", "--a", "csv", "--a", "xlsx",
            "-o", tmp_path / formato,
        )  # fmt: skip
        assert r.returncode == 0, r.stderr
    iv = json.loads((tmp_path / "LGT_Art_70_Fr_IV.json").read_text("utf-8"))
    assert len(iv["registros"]) == 1  # el POA no nombra objetivos: su misión es el objetivo
    reg = iv["registros"][0]
    assert reg["denominacion_area"] == "Comunicación Social"
    assert reg["descripcion_breve_clara_objetivo_institucional"].startswith("Gestionar la comun")
    assert reg["indicadores_metas_asociados_objetivo"] == [
        {"indicadores_asociados": m["indicador"], "meta_indicador": m["meta"]}
        | {"unidad_medida": m["unidad_medida"]}
        for m in METAS
    ]
    assert reg["hipervinculo_documento_programas_operativos_presupuestarios"] == url
    assert iv["derivado_de"]["fuentes"][0]["documento"] == (
        "documentos/Plan_Operativo_Anual/2020-anual.json"
    )
    xxiii = json.loads((tmp_path / "LGT_Art_70_Fr_XXIII_a.json").read_text("utf-8"))
    reg23 = xxiii["registros"][0]
    assert reg23["denominacion_documento"] == "PLAN OPERATIVO ANUAL 2020 COMUNICACIÓN SOCIAL"
    assert reg23["hipervinculo_programa_anual_comunicacion_social"] == url
    assert "Fecha en la que se aprobó" in reg23["nota"]  # el POA no la dice: vacía y explicada

    # Lo exportado, leído de vuelta.
    carpeta = tmp_path / "LGT_Art_70_Fr_IV"
    textos = {
        "docx": _leer_docx(carpeta / "LGT_Art_70_Fr_IV.docx"),
        "pdf": _leer_pdf(carpeta / "LGT_Art_70_Fr_IV.pdf"),
    }
    secundaria = next(p for p in carpeta.glob("*.csv") if p.name != "LGT_Art_70_Fr_IV.csv")
    with secundaria.open(encoding="utf-8-sig", newline="") as f:
        filas = list(csv.reader(f))
    textos["csv"] = "\n".join(" ".join(fila) for fila in filas)
    libro = openpyxl.load_workbook(next(carpeta.glob("*.xlsx")), read_only=True)
    textos["xlsx"] = "\n".join(
        " ".join(str(c) for c in fila if c is not None)
        for hoja in libro.worksheets
        for fila in hoja.iter_rows(values_only=True)
    )
    for como, texto in textos.items():
        plano = " ".join(texto.split())
        for m in METAS:
            for valor in (m["indicador"], m["unidad_medida"]):
                assert " ".join(valor.split()) in plano, (como, valor)
        if como != "pdf":  # el PDF parte el texto largo en renglones: basta el comienzo
            assert all(" ".join(m["meta"].split()) in plano for m in METAS), como
    assert len([f for f in filas[1:] if f]) == 4
    carpeta23 = tmp_path / "LGT_Art_70_Fr_XXIII_a"
    assert "PLAN OPERATIVO ANUAL 2020 COMUNICACIÓN SOCIAL" in _leer_docx(
        carpeta23 / "LGT_Art_70_Fr_XXIII_a.docx"
    )
    assert "PLAN OPERATIVO ANUAL 2020" in _leer_pdf(carpeta23 / "LGT_Art_70_Fr_XXIII_a.pdf")
    with (carpeta23 / "LGT_Art_70_Fr_XXIII_a.csv").open(encoding="utf-8-sig") as f:
        assert url in f.read()


def test_hipervinculo_sin_espacio_queda_vacio_con_aviso(entorno):
    poa = entorno.cargar(POA)
    iv = derivar(entorno, poa, "LGT_Art_70_Fr_IV")
    assert entorno.validar(iv).valido
    reg = iv.registros[0]
    assert "hipervinculo_documento_programas_operativos_presupuestarios" not in reg
    assert "Hipervínculo al documento" in reg["nota"]
    assert any("espacio de trabajo" in h.mensaje for h in iv.hallazgos)


def test_informe_de_seguimiento_cuadricula_y_graficas(espacio, tmp_path):
    """El informe DOCX/PDF: 72 marcas planeadas contra lo registrado y una gráfica por meta."""
    import docx
    from pypdf import PdfReader

    r = ejecutar_tfmt(
        "seguimiento", "informe", "--a", "pdf", "--a", "docx", "-o", tmp_path, "--espacio", espacio
    )
    assert r.returncode == 0, r.stderr
    pdf = tmp_path / "informe-seguimiento-2020-anual.pdf"
    texto = _leer_pdf(pdf)
    assert "INFORME DE SEGUIMIENTO DEL PLAN OPERATIVO ANUAL 2020" in texto
    assert "Marcas planeadas en el calendario: 72. Registradas: 18" in texto
    assert "(realizadas 16, parciales 1, no realizadas 1)" in texto
    assert "Corte: 31/03/2020 (marzo)" in texto
    for total in ("6/6", "5/6", "5.5/6"):  # realizado / planeado de enero, febrero y marzo
        assert total in texto
    for n in range(1, 5):
        assert f"Meta {n}:" in texto
    # Las gráficas son dibujos de reportlab: sus etiquetas y valores son texto del PDF.
    assert texto.count("0% 50% 100%") == 4  # el eje de cada una
    assert texto.count("ENE 80 FEB 90 MAR 100 ABR MAY") == 3  # metas 1 a 3
    assert texto.count("ENE 80 FEB 90 MAR 55.5 ABR MAY") == 1  # meta 4
    assert "Avance promedio registrado: 75.2 %" in texto
    paginas = PdfReader(pdf).pages
    assert all(len(p.images) == 0 for p in paginas)  # gráficas vectoriales, no imágenes

    d = docx.Document(str(tmp_path / "informe-seguimiento-2020-anual.docx"))
    tabla = d.tables[0]
    assert [c.text for c in tabla.rows[0].cells][2:] == list(
        ("ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC")
    )
    casillas = [[c.text for c in fila.cells[2:]] for fila in tabla.rows[1:7]]
    assert sum(v != "" for fila in casillas for v in fila) == 72  # todas las marcas del POA
    assert casillas[2][:3] == ["H", "H", "P"] and casillas[3][:3] == ["H", "N", "H"]
    assert sum(fila[3:].count("X") for fila in casillas) == 54  # abril–diciembre, sin registro
    # Notas y evidencias: salen de los registros del seguimiento, no de la cuadrícula.
    notas = [[c.text for c in fila.cells] for fila in d.tables[-1].rows]
    assert notas[0] == ["Mes", "N°", "Estado", "Nota", "Evidencia (hipervínculo)"]
    assert ["MAR", "3", "Parcial", "Sólo dos de cuatro reuniones", ""] in notas
    assert ["FEB", "4", "No realizada", "Sin presupuesto para espectaculares", ""] in notas
    assert ["ENE", "1", "Realizada", "", "https://mazamitla.gob.mx/evidencia/1"] in notas
    imagenes = d.inline_shapes
    assert len(imagenes) == 4
    descripciones = [i._inline.docPr.get("descr") for i in imagenes]
    assert "meta 4: ENE 80 %, FEB 90 %, MAR 55.5 %" in descripciones[3]


def test_la_clave_de_un_periodo_anual_se_interpreta():
    """«2020-anual» (el nombre del archivo guardado) es el mismo periodo que «2020»."""
    from transparencia_fmt.periodos import interpretar_periodo

    assert interpretar_periodo("2020-anual") == interpretar_periodo("2020")
    assert interpretar_periodo("2020").clave == "2020-anual"
