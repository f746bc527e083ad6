"""`tfmt servir` en un navegador de verdad: Chromium sin pantalla (paquetes de Debian) manejado
por Playwright. El recorrido de una persona del ayuntamiento: abrir la URL impresa, subir un
XLSX del Fr. V con un error, verlo con su columna y valor, subir el corregido, aceptarlo, ver el
formato «al día», descargar el PDF y publicar. Guarda una captura de cada página.

En CI (CI=true) no se salta: si falta Chromium o Playwright, falla.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pytest
from conftest import EJEMPLOS, ejecutar_tfmt, iniciar_espacio, puerto_libre, tfmt_en_marcha

F5 = "LGT_Art_70_Fr_V"
EN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")
#: Las banderas con que Chromium funciona en esta clase de máquina sin red ni pantalla.
BANDERAS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Dónde quedan las capturas (se imprime al correr): TFMT_CAPTURAS o una carpeta temporal fija.
CAPTURAS = Path(
    os.environ.get("TFMT_CAPTURAS") or Path(tempfile.gettempdir()) / "tfmt-servir-capturas"
)


def _chromium() -> str | None:
    for candidato in (os.environ.get("TFMT_CHROMIUM"), "/usr/bin/chromium"):
        if candidato and Path(candidato).exists():
            return candidato
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _faltante(motivo: str) -> None:
    if EN_CI:
        pytest.fail(f"{motivo}; en CI la prueba del navegador no se salta (.ci/run lo instala).")
    pytest.skip(motivo)


@pytest.fixture(scope="module")
def navegador():
    ejecutable = _chromium()
    if ejecutable is None:
        _faltante("no está Chromium (apt-get install chromium chromium-driver)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _faltante("no está Playwright (pip install playwright)")
    # Playwright lanza cada vez con un perfil nuevo y vacío (el --user-data-dir de la guía).
    with sync_playwright() as p:
        nav = p.chromium.launch(executable_path=ejecutable, headless=True, args=BANDERAS)
        try:
            yield nav
        finally:
            nav.close()


def _periodo_exigible() -> str:
    from transparencia_fmt.periodos import ultimo_cerrado

    cerrado = ultimo_cerrado("trimestral", dt.date.today())
    assert cerrado is not None
    return cerrado.clave


def _xlsx(entorno, plantilla: Path, destino: Path, periodo: str, estropear: bool, cambio=None):
    """Llena la plantilla del SIPOT como una persona: con openpyxl, desde la fila 8."""
    from transparencia_fmt.periodos import interpretar_periodo

    p = interpretar_periodo(periodo)
    datos = json.loads((EJEMPLOS / f"{F5}.json").read_text("utf-8"))
    datos.update(
        ejercicio=p.ejercicio,
        periodo={"inicio": p.inicio.isoformat(), "termino": p.termino.isoformat()},
    )
    if estropear:
        datos["registros"][2]["sentido_indicador"] = "Lateral"
    if cambio:
        cambio(datos["registros"])
    origen = destino.with_suffix(".json")
    origen.write_text(json.dumps(datos, ensure_ascii=False), "utf-8")
    tabla = entorno.cargar(origen).tabla(iso=True)
    libro = openpyxl.load_workbook(plantilla)
    hoja = libro["Reporte de Formatos"]
    assert tuple(c.value.split("\n")[0].strip() for c in hoja[7]) == tabla.columnas
    for i, fila in enumerate(tabla.filas, start=8):
        for j, (tipo, valor) in enumerate(zip(tabla.tipos, fila, strict=True), start=1):
            if valor == "":
                continue
            if tipo == "fecha":
                hoja.cell(i, j).value = dt.date.fromisoformat(valor)
            elif tipo in ("anio", "entero"):
                hoja.cell(i, j).value = int(valor)
            else:
                hoja.cell(i, j).value = valor
    libro.save(destino)
    origen.unlink()


@pytest.fixture
def servidor(tmp_path):
    ws = iniciar_espacio(tmp_path / "transparencia", "--entidad", "Jalisco")
    puerto = puerto_libre()
    with tfmt_en_marcha("servir", ws, "--sin-navegador", "--puerto", puerto) as proc:
        url = proc.stdout.readline().strip()
        assert url.startswith(f"http://127.0.0.1:{puerto}/?token="), proc.stderr.read()
        yield ws, url


def test_recorrido_en_chromium(navegador, servidor, entorno, tmp_path):
    from pypdf import PdfReader

    ws, url = servidor
    base = url.split("/?")[0]
    periodo = _periodo_exigible()
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    print(f"\nCapturas de tfmt servir en: {CAPTURAS}")

    plantilla = tmp_path / "plantilla.xlsx"
    r = ejecutar_tfmt("plantilla", F5, "--a", "xlsx", "-o", plantilla)
    assert r.returncode == 0, r.stderr
    malo, bueno = tmp_path / "fr5_con_error.xlsx", tmp_path / "fr5.xlsx"
    _xlsx(entorno, plantilla, malo, periodo, estropear=True)
    _xlsx(entorno, plantilla, bueno, periodo, estropear=False)

    contexto = navegador.new_context(
        accept_downloads=True, locale="es-MX", viewport={"width": 1200, "height": 900}
    )
    pagina = contexto.new_page()

    def captura(nombre: str) -> None:
        pagina.screenshot(path=str(CAPTURAS / f"{nombre}.png"), full_page=True)

    # 1. La URL impresa (con su clave) abre el estado; la clave sale de la barra de direcciones.
    pagina.goto(url)
    assert pagina.url == f"{base}/"
    assert pagina.get_attribute("html", "lang") == "es-MX"
    assert "Estado de cumplimiento" in pagina.inner_text("h1")
    assert "sin datos" in pagina.inner_text(f"#fila-{F5}")
    # Teclado: el primer Tab llega al enlace «Saltar al contenido», con foco visible.
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.textContent") == "Saltar al contenido"
    contorno = pagina.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert contorno not in ("none", "")
    captura("01-estado")

    # 2. Catálogo con búsqueda.
    pagina.click("nav >> text=Catálogo")
    pagina.fill("#q", "indicadores")
    pagina.press("#q", "Enter")
    assert pagina.locator(f'a[href="/formato/{F5}"]').count() == 1
    captura("02-catalogo")

    # 3. La página del formato, con sus columnas oficiales.
    pagina.click(f'a[href="/formato/{F5}"]')
    assert "Sentido del indicador (catálogo)" in pagina.inner_text("#t-columnas + table")
    captura("03-formato")

    # 4. El XLSX con un error: el informe dice registro, columna y valor; no se guarda nada.
    antes = sorted(p.relative_to(ws) for p in ws.rglob("*") if p.is_file())
    pagina.fill("#periodo", periodo)
    pagina.set_input_files("#archivo", str(malo))
    pagina.click("text=Revisar el archivo")
    informe = pagina.locator("table.informe")
    assert "NO es válido" in pagina.inner_text("main")
    fila = informe.locator("tr.error").first.inner_text()
    assert "Sentido del indicador (catálogo)" in fila and "Lateral" in fila
    assert "Ascendente" in fila
    assert informe.locator("thead th[scope=col]").count() == 5
    assert pagina.locator("text=Aceptar como nueva versión").count() == 0
    assert sorted(p.relative_to(ws) for p in ws.rglob("*") if p.is_file()) == antes
    captura("04-informe-con-error")

    # 5. El archivo corregido: válido; se acepta como versión nueva.
    pagina.click(f"text=Volver a {F5}")
    pagina.fill("#periodo", periodo)
    pagina.set_input_files("#archivo", str(bueno))
    pagina.click("text=Revisar el archivo")
    assert "El archivo es válido: 5 registros" in pagina.inner_text("main")
    captura("05-informe-valido")
    pagina.fill("#autor", "Lizbeth Chávez")
    pagina.click("text=Aceptar como nueva versión")
    assert f"Se guardó la versión nueva del periodo {periodo}" in pagina.inner_text("main")
    assert (ws / "documentos" / F5 / f"{periodo}.json").exists()
    captura("06-formato-guardado")

    # 6. El semáforo: el formato está «al día».
    pagina.click("nav >> text=Estado")
    assert "al día" in pagina.inner_text(f"#fila-{F5}")
    captura("07-estado-al-dia")

    # 7. Dos pestañas actualizan el mismo formato: la segunda ve que los datos cambiaron.
    tab_a, tab_b = tmp_path / "tab_a.xlsx", tmp_path / "tab_b.xlsx"
    _xlsx(
        entorno, plantilla, tab_a, periodo, False, lambda r: r[0].update(metas_ajustadas_caso="A")
    )
    _xlsx(entorno, plantilla, tab_b, periodo, False, lambda r: r[1].update(linea_base="B"))
    otra = contexto.new_page()
    for p, archivo in ((pagina, tab_a), (otra, tab_b)):
        p.goto(f"{base}/formato/{F5}")
        p.fill("#periodo", periodo)
        p.set_input_files("#archivo", str(archivo))
        p.click("text=Revisar el archivo")
        assert "registro" in p.inner_text("#t-cambios + ul")
    pagina.click("text=Aceptar como nueva versión")
    assert "Se guardó la versión nueva" in pagina.inner_text("main")
    vigente = (ws / "documentos" / F5 / f"{periodo}.json").read_bytes()
    otra.click("text=Aceptar como nueva versión")
    assert "Los datos cambiaron mientras usted trabajaba" in otra.inner_text("h1")
    assert "registro 1 cambió: «Metas ajustadas" in otra.inner_text("main")
    assert "registro 2 cambió: «Línea base»" in otra.inner_text("main")
    assert (ws / "documentos" / F5 / f"{periodo}.json").read_bytes() == vigente
    otra.screenshot(path=str(CAPTURAS / "12-dos-pestanas.png"), full_page=True)
    otra.close()

    # 8. El PDF descargado es el documento correcto.
    pagina.goto(f"{base}/formato/{F5}")
    with pagina.expect_download() as descarga:
        pagina.click(f'a[href="/descargar/{F5}/{periodo}/pdf"]')
    assert descarga.value.suggested_filename == f"{F5}_{periodo}.pdf"
    pdf = tmp_path / "descargado.pdf"
    descarga.value.save_as(pdf)
    texto = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "Porcentaje de solicitudes de acceso a la información" in texto
    assert "Mazamitla" in texto
    formato = entorno.catalogo.formato(F5)
    assert " ".join(formato.titulo.split())[:40] in texto or F5 in texto

    # 9. Historial.
    pagina.click("text=Historial con las diferencias")
    assert "Lizbeth Chávez" in pagina.inner_text("table")
    captura("08-historial")

    # 10. Publicar.
    pagina.click("nav >> text=Publicar")
    captura("09-publicar")
    pagina.click("text=Publicar ahora")
    assert "Publicado:" in pagina.inner_text("main")
    assert (ws / "publicado" / "index.html").exists()
    assert (ws / "publicado" / F5 / f"{periodo}.pdf").exists()
    captura("10-publicado")
    pagina.click('a[href="/publicado/index.html"]')
    assert "Obligaciones de transparencia" in pagina.inner_text("h1")

    # 11. Otro navegador sin la clave no ve nada.
    ajeno = navegador.new_context(locale="es-MX").new_page()
    ajeno.goto(f"{base}/")
    assert "Falta la clave de acceso" in ajeno.inner_text("h1")
    assert "Mazamitla" not in ajeno.content()
    ajeno.screenshot(path=str(CAPTURAS / "11-sin-clave.png"))
    contexto.close()
    for n in ("01-estado", "04-informe-con-error", "07-estado-al-dia", "10-publicado"):
        assert (CAPTURAS / f"{n}.png").stat().st_size > 5_000
