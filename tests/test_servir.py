"""`tfmt servir` a nivel de solicitud (TestClient de Starlette): clave, CSRF, límite de subida,
rutas que escapan, revisar → aceptar, dos pestañas y descargas. Cada rechazo en español y
sin guardar nada."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from conftest import EJEMPLOS, puerto_libre, tfmt_en_marcha

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from transparencia_fmt.entorno import Entorno  # noqa: E402
from transparencia_fmt.espacio import EspacioTrabajo  # noqa: E402
from transparencia_fmt.web import crear_app  # noqa: E402

F5 = "LGT_Art_70_Fr_V"
TOKEN = "clave-de-prueba-0123456789abcdefghij"


def _arbol(raiz: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(raiz)): p.read_bytes()
        for p in sorted(raiz.rglob("*"))
        if p.is_file() and p.name != ".candado"
    }


@pytest.fixture
def ws(tmp_path, entorno):
    raiz = tmp_path / "ws"
    EspacioTrabajo.iniciar(raiz, entorno, nombre="Ayuntamiento de Mazamitla, Jalisco")
    return raiz


@pytest.fixture
def app(ws, entorno, tmp_path):
    return crear_app(ws, entorno, token=TOKEN, limite=200_000, cargas_dir=tmp_path / "cargas")


@pytest.fixture
def cliente(app):
    with TestClient(app) as c:
        r = c.get(f"/?token={TOKEN}")
        assert r.status_code == 200
        yield c


def _json(tmp_path: Path, nombre: str, cambio=None) -> bytes:
    datos = json.loads((EJEMPLOS / f"{F5}.json").read_text("utf-8"))
    if cambio:
        cambio(datos)
    contenido = json.dumps(datos, ensure_ascii=False).encode("utf-8")
    (tmp_path / nombre).write_bytes(contenido)
    return contenido


def _subir(c, app, contenido: bytes, nombre="fr5.json", periodo="2026-T1", formato=F5, csrf=None):
    return c.post(
        "/subir",
        data={
            "csrf": app.state.csrf if csrf is None else csrf,
            "formato": formato,
            "periodo": periodo,
        },
        files={"archivo": (nombre, contenido, "application/octet-stream")},
    )


def _campo(html: str, nombre: str) -> str:
    m = re.search(rf'name="{nombre}" value="([^"]*)"', html)
    assert m, f"falta el campo {nombre}"
    return m.group(1)


def _sin_cargas(app) -> bool:
    carpeta = Path(app.state.cargas)
    return not carpeta.exists() or not any(carpeta.iterdir())


# -- clave de acceso ------------------------------------------------------------------------
def test_sin_clave_no_se_sirve_nada(app, ws, tmp_path):
    antes = _arbol(ws)
    with TestClient(app) as c:
        for url in (
            "/",
            "/catalogo",
            f"/formato/{F5}",
            f"/descargar/{F5}/2026-T1/pdf",
            "/?token=otra",
        ):
            r = c.get(url)
            assert r.status_code == 403, url
            assert "Falta la clave de acceso" in r.text
            assert "?token=" in r.text and "Mazamitla" not in r.text
        r = _subir(c, app, _json(tmp_path, "a.json"))
        assert r.status_code == 403 and "Falta la clave de acceso" in r.text
        assert c.post("/publicar", data={"csrf": app.state.csrf}).status_code == 403
    assert _arbol(ws) == antes and _sin_cargas(app)


def test_clave_en_la_url_se_cambia_por_cookie(app):
    with TestClient(app) as c:
        r = c.get(f"/catalogo?q=sueldos&token={TOKEN}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/catalogo?q=sueldos"
        galleta = r.headers["set-cookie"].lower()
        assert "httponly" in galleta and "samesite=strict" in galleta
        r = c.get(r.headers["location"])
        assert r.status_code == 200 and 'lang="es-MX"' in r.text
        assert c.get("/").status_code == 200  # ya con la cookie
    with TestClient(app) as otro:  # otro navegador, sin la clave
        otro.cookies.set("tfmt_x", TOKEN)
        assert otro.get("/").status_code == 403


# -- CSRF -----------------------------------------------------------------------------------
def test_cada_post_exige_csrf(cliente, app, ws, tmp_path):
    rutas_post = sorted(
        r.path for r in app.routes if "POST" in (getattr(r, "methods", None) or set())
    )
    assert rutas_post == ["/aceptar", "/publicar", "/subir"]
    antes = _arbol(ws)
    for ruta in rutas_post:
        for csrf in (None, "falsa"):
            datos = {"formato": F5, "periodo": "2026-T1", "carga": "0" * 32}
            if csrf:
                datos["csrf"] = csrf
            r = cliente.post(
                ruta, data=datos, files={"archivo": ("a.json", _json(tmp_path, "a.json"), "x")}
            )
            assert r.status_code == 403, ruta
            assert "clave de seguridad de esta sesión (CSRF)" in r.text
    assert _arbol(ws) == antes and _sin_cargas(app)


# -- límite de tamaño --------------------------------------------------------------------------
def test_subida_demasiado_grande(cliente, app, ws):
    antes = _arbol(ws)
    grande = b'{"formato": "' + b"x" * 300_000 + b'"}'
    r = _subir(cliente, app, grande)
    assert r.status_code == 413
    assert "más grande que el límite" in r.text and "No se guardó nada" in r.text

    def trozos():  # sin Content-Length (transferencia por trozos): se cuenta al leer
        frontera = b"--lim"
        yield frontera + b'\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'
        yield app.state.csrf.encode() + b"\r\n" + frontera
        yield b'\r\nContent-Disposition: form-data; name="archivo"; filename="a.json"\r\n\r\n'
        for _ in range(30):
            yield b"y" * 20_000
        yield b"\r\n--lim--\r\n"

    r = cliente.post(
        "/subir",
        content=trozos(),
        headers={"content-type": "multipart/form-data; boundary=lim"},
    )
    assert r.status_code == 413 and "más grande que el límite" in r.text
    dos = [("archivo", ("a.json", b"{}", "x")), ("archivo", ("b.json", b"{}", "x"))]
    r = cliente.post("/subir", data={"csrf": app.state.csrf}, files=dos)
    assert r.status_code == 400 and "con un solo archivo" in r.text
    assert _arbol(ws) == antes and _sin_cargas(app)


# -- rutas que escapan ----------------------------------------------------------------------
def test_nombres_y_rutas_del_usuario_no_son_rutas(cliente, app, ws, tmp_path):
    antes = _arbol(ws)
    r = _subir(cliente, app, _json(tmp_path, "a.json"), formato="../../transparencia")
    assert r.status_code == 400 and "no es un id de formato válido" in r.text
    r = cliente.get("/descargar/..%2F..%2Ftransparencia/2026-T1/pdf")
    assert r.status_code in (400, 404) and "sujeto_obligado" not in r.text
    r = cliente.get("/publicado/..%2Ftransparencia.toml")
    assert r.status_code == 400 and "no está en publicado/" in r.text
    assert "[sujeto_obligado]" not in r.text
    r = cliente.get(f"/descargar/{F5}/..%5C..%5Cx/pdf")
    assert r.status_code == 400 and "Periodo" in r.text
    r = cliente.post("/aceptar", data={"csrf": app.state.csrf, "carga": "../../ws", "base": ""})
    assert r.status_code == 400 and "La carga indicada no es válida" in r.text
    r = _subir(cliente, app, _json(tmp_path, "a.json"), nombre="../../../fuera.sh")
    assert r.status_code == 400 and "no es un archivo que se pueda revisar" in r.text
    assert _arbol(ws) == antes and _sin_cargas(app)
    # Un nombre hostil válido se revisa, pero sólo se muestra (escapado): nunca es la ruta.
    hostil = "..\\..\\<img src=x onerror=alert(1)>.json"
    r = _subir(cliente, app, _json(tmp_path, "a.json"), nombre=hostil)
    assert r.status_code == 200 and "<img src=x" not in r.text
    assert "«&lt;img src=x onerror=alert(1)&gt;.json»" in r.text
    cargas = list(Path(app.state.cargas).rglob("*"))
    assert {p.name for p in cargas if p.is_file()} <= {"datos.json", "carga.json"}
    assert not list(tmp_path.rglob("*onerror*"))
    assert _arbol(ws) == antes


# -- revisar, aceptar, historial -----------------------------------------------------------
def test_revisar_muestra_el_informe_sin_guardar_y_aceptar_guarda(cliente, app, ws, tmp_path):
    def estropear(d):
        d["registros"][2]["sentido_indicador"] = "Lateral"

    antes = _arbol(ws)
    r = _subir(cliente, app, _json(tmp_path, "m.json", estropear), nombre="indicadores.json")
    assert r.status_code == 200
    assert "NO es válido" in r.text and 'action="/aceptar"' not in r.text
    fila = re.search(r"<tr class=\"error\">(.*?)</tr>", r.text, re.S).group(1)
    assert '<th scope="row">3</th>' in fila
    assert "Sentido del indicador" in fila and "<code>Lateral</code>" in fila
    assert "Ascendente" in fila  # qué hacer: los valores del catálogo
    assert '<th scope="col">Qué hacer</th>' in r.text
    assert _arbol(ws) == antes

    r = _subir(cliente, app, _json(tmp_path, "b.json"), nombre="indicadores.json")
    assert "El archivo es válido: 5 registros" in r.text and "primera versión" in r.text
    r = cliente.post(
        "/aceptar",
        data={
            "csrf": app.state.csrf,
            "carga": _campo(r.text, "carga"),
            "base": _campo(r.text, "base"),
            "autor": "Ana López",
        },
    )
    assert r.status_code == 200 and "Se guardó la versión nueva del periodo 2026-T1" in r.text
    vigente = ws / "documentos" / F5 / "2026-T1.json"
    bitacora = [json.loads(x) for x in (ws / "bitacora.jsonl").read_text("utf-8").splitlines()]
    assert bitacora[-1]["autor"] == "Ana López" and bitacora[-1]["formato"] == F5
    from transparencia_fmt.espacio import sha256

    assert bitacora[-1]["sha256"] == sha256(vigente.read_bytes())
    assert (ws / "publicado" / F5 / "2026-T1.pdf").exists()  # igual que `tfmt actualizar`
    assert _sin_cargas(app)
    r = cliente.get(f"/formato/{F5}/historial")
    assert r.status_code == 200 and "Ana López" in r.text


def test_dos_pestanas_la_segunda_ve_el_cambio(cliente, app, ws, tmp_path, entorno):
    e = EspacioTrabajo.abrir(ws, entorno)
    _json(tmp_path, "v1.json")
    e.actualizar(F5, "2026-T1", tmp_path / "v1.json")

    def cambio_a(d):
        d["registros"][0]["avance_metas_periodo_informa"] = "Avance de la pestaña A"

    def cambio_b(d):
        d["registros"][1]["metas_programadas"] = "Meta de la pestaña B"

    pestana_a = _subir(cliente, app, _json(tmp_path, "a.json", cambio_a), nombre="a.json")
    pestana_b = _subir(cliente, app, _json(tmp_path, "b.json", cambio_b), nombre="b.json")
    base = _campo(pestana_a.text, "base")
    assert base == _campo(pestana_b.text, "base") == e.sha256_vigente(F5, "2026-T1")

    def aceptar(html, base=None):
        return cliente.post(
            "/aceptar",
            data={
                "csrf": app.state.csrf,
                "carga": _campo(html, "carga"),
                "base": base if base is not None else _campo(html, "base"),
                "autor": "x",
            },
        )

    assert aceptar(pestana_a.text).status_code == 200
    tras_a = _arbol(ws)
    r = aceptar(pestana_b.text)
    assert r.status_code == 409
    assert "cambiaron mientras usted trabajaba" in r.text
    ajenos = r.text.split('id="t-ajenos"')[1].split('id="t-propios"')[0]
    propios = r.text.split('id="t-propios"')[1]
    assert "registro 1 cambió" in ajenos and "Avance de las metas" in ajenos
    assert "registro 2 cambió" in propios and "Metas programadas" in propios
    assert _arbol(ws) == tras_a  # la segunda no guardó nada
    # Decide guardar sobre la nueva versión: ahora sí, con la base actual.
    r = aceptar(r.text)
    assert r.status_code == 200
    versiones = e.versiones(F5, "2026-T1")
    assert len(versiones) == 3
    vigente = json.loads(versiones[-1].ruta.read_text("utf-8"))
    assert vigente["registros"][1]["metas_programadas"] == "Meta de la pestaña B"


def test_descargas_de_cada_exportador_plantilla_y_publicar(cliente, app, ws, tmp_path, entorno):
    e = EspacioTrabajo.abrir(ws, entorno)
    _json(tmp_path, "v1.json")
    e.actualizar(F5, "2026-T1", tmp_path / "v1.json")
    pagina = cliente.get(f"/formato/{F5}").text
    for nombre in entorno.exportadores:
        assert f'href="/descargar/{F5}/2026-T1/{nombre}"' in pagina
        r = cliente.get(f"/descargar/{F5}/2026-T1/{nombre}")
        assert r.status_code == 200 and r.content, nombre
        assert "attachment" in r.headers["content-disposition"]
    pdf = cliente.get(f"/descargar/{F5}/2026-T1/pdf")
    from pypdf import PdfReader

    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Porcentaje de solicitudes de acceso" in " ".join(texto.split())
    import docx

    d = docx.Document(io.BytesIO(cliente.get(f"/descargar/{F5}/2026-T1/docx").content))
    textos = [p.text for p in d.paragraphs]
    textos += [c.text for t in d.tables for f in t.rows for c in f.cells]
    assert any("Porcentaje de solicitudes" in t for t in textos)
    import csv

    filas = list(csv.reader(io.StringIO(cliente.get(f"/descargar/{F5}/2026-T1/csv").text)))
    titulo = entorno.catalogo.formato(F5).columna("nombre_indicador").titulo
    assert filas[1][filas[0].index(titulo)].startswith("Porcentaje de solicitudes")
    assert len(filas) == 6
    r = cliente.get(f"/descargar/{F5}/2026-T1/no-existe")
    assert r.status_code == 400 and "No hay un exportador llamado" in r.text
    r = cliente.get(f"/descargar/{F5}/2025-T1/pdf")
    assert r.status_code == 400 and "No hay datos guardados" in r.text

    plantilla = cliente.get(f"/formato/{F5}/plantilla.xlsx")
    ruta = tmp_path / "plantilla.xlsx"
    ruta.write_bytes(plantilla.content)
    vacia = entorno.cargar(ruta)
    assert vacia.formato.id == F5 and vacia.registros == []

    (ws / "publicado" / "index.html").unlink(missing_ok=True)
    r = cliente.post("/publicar", data={"csrf": app.state.csrf})
    assert r.status_code == 200 and "Publicado:" in r.text
    assert (ws / "publicado" / "index.html").exists()
    r = cliente.get("/publicado/index.html")
    assert r.status_code == 200 and "Obligaciones de transparencia" in r.text


def test_estado_y_catalogo(cliente, ws, entorno):
    from transparencia_fmt.cumplimiento import ESTADOS, estado

    r = cliente.get("/")
    assert "Estado de cumplimiento" in r.text and '<th scope="col">Estado</th>' in r.text
    # lo mismo que `tfmt estado`
    informe = estado(EspacioTrabajo.abrir(ws, entorno), dt.date.today())
    for f in informe["formatos"]:
        fila = f'id="fila-{f["formato"]}"'
        if f["estado"] == "no_aplica":
            assert fila not in r.text
        else:
            trozo = r.text.split(fila)[1].split("</tr>")[0]
            assert f">{ESTADOS[f['estado']]}</span>" in trozo, f["formato"]
    assert f"{informe['porcentaje_al_dia']} % de los {informe['aplicables']}" in r.text
    r = cliente.get("/catalogo?q=indicadores")
    ids = set(re.findall(r'href="/formato/([A-Za-z0-9_]+)"', r.text))
    assert F5 in ids and ids == {f.id for f in entorno.catalogo.buscar("indicadores")}
    r = cliente.get(f"/formato/{F5}")
    formato = entorno.catalogo.formato(F5)
    import html

    for c in formato.columnas:
        assert html.escape(c.titulo, quote=False) in r.text


def test_cada_control_tiene_etiqueta_y_las_tablas_encabezados(cliente, app, ws, tmp_path, entorno):
    """Accesibilidad: lang es-MX, una etiqueta por control, encabezados en cada tabla."""
    _json(tmp_path, "v1.json")
    EspacioTrabajo.abrir(ws, entorno).actualizar(F5, "2026-T1", tmp_path / "v1.json")
    paginas = [cliente.get(u).text for u in ("/", "/catalogo", f"/formato/{F5}", "/publicar")]
    paginas.append(cliente.get(f"/formato/{F5}/historial").text)
    paginas.append(_subir(cliente, app, _json(tmp_path, "a.json")).text)
    for html_ in paginas:
        assert '<html lang="es-MX">' in html_ and 'href="#contenido"' in html_
        assert "<script" not in html_ and "http" not in html_.split("<body>")[1].split("<footer")[0]
        etiquetas = set(re.findall(r'<label for="([^"]+)"', html_))
        for control in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html_):
            if 'type="hidden"' in control:
                continue
            ident = re.search(r'id="([^"]+)"', control)
            assert ident and ident.group(1) in etiquetas, control
        for tabla in re.findall(r"<table.*?</table>", html_, re.S):
            assert "<caption>" in tabla and '<th scope="col">' in tabla


def _luminancia(hexa: str) -> float:
    hexa = hexa.lstrip("#")
    if len(hexa) == 3:
        hexa = "".join(c * 2 for c in hexa)
    canales = [int(hexa[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lineal = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in canales]
    return 0.2126 * lineal[0] + 0.7152 * lineal[1] + 0.0722 * lineal[2]


def _contraste(a: str, b: str) -> float:
    la, lb = sorted((_luminancia(a), _luminancia(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contraste_aa_de_la_hoja_de_estilo():
    """Cada regla con fondo y color de texto cumple AA (4.5:1) en la hoja que se sirve."""
    from importlib import resources

    css = resources.files("transparencia_fmt.web").joinpath("estatico/estilo.css").read_text()
    variables = dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-fA-F]{3,6})", css))
    pares = 0
    for selector, cuerpo in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        fondo = re.search(r"background:\s*(#[0-9a-fA-F]{3,6}|var\((--[a-z-]+)\))", cuerpo)
        color = re.search(r"(?<![-a-z])color:\s*(#[0-9a-fA-F]{3,6}|var\((--[a-z-]+)\))", cuerpo)
        if not (fondo and color):
            continue
        f = variables.get(fondo.group(2), fondo.group(1)) if fondo.group(2) else fondo.group(1)
        c = variables.get(color.group(2), color.group(1)) if color.group(2) else color.group(1)
        assert _contraste(f, c) >= 4.5, (selector.strip(), f, c, round(_contraste(f, c), 2))
        pares += 1
    assert pares >= 8
    assert _contraste("#ffffff", variables["--texto"]) >= 7
    assert _contraste("#ffffff", variables["--enlace"]) >= 4.5


def test_archivo_que_no_se_puede_leer(cliente, app, ws, tmp_path):
    antes = _arbol(ws)
    r = _subir(cliente, app, b"esto no es un libro de Excel", nombre="roto.xlsx")
    assert r.status_code == 200 and 'role="alert"' in r.text
    assert "roto.xlsx" in r.text and str(app.state.cargas) not in r.text
    assert 'action="/aceptar"' not in r.text
    assert _arbol(ws) == antes and _sin_cargas(app)
    r = _subir(cliente, app, (EJEMPLOS / "LGT_Art_70_Fr_I.json").read_bytes(), nombre="otro.json")
    assert "«otro.json» es del formato LGT_Art_70_Fr_I, no de LGT_Art_70_Fr_V" in r.text
    r = _subir(cliente, app, _json(tmp_path, "p.json"), periodo="2026-T2")
    assert "se pidió el periodo 2026-T2" in r.text and "Corrija uno de los dos" in r.text
    assert _arbol(ws) == antes and _sin_cargas(app)


# -- el comando ----------------------------------------------------------------------------
def test_tfmt_servir_imprime_la_url_con_clave(ws):
    puerto = puerto_libre()
    with tfmt_en_marcha("servir", ws, "--sin-navegador", "--puerto", puerto) as proc:
        primera = proc.stdout.readline().strip()
        assert re.fullmatch(rf"http://127\.0\.0\.1:{puerto}/\?token=[A-Za-z0-9_-]{{30,}}", primera)
        abridor = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        for _ in range(50):
            try:
                with abridor.open(primera, timeout=5) as r:
                    assert r.status == 200 and r.url.endswith(f":{puerto}/")
                    assert "Estado de cumplimiento" in r.read().decode("utf-8")
                break
            except ConnectionError:
                time.sleep(0.1)
        sin_clave = primera.split("?")[0]
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(sin_clave, timeout=5)
        assert exc.value.code == 403


def test_tfmt_servir_en_la_red_avisa_y_sigue_pidiendo_la_clave(ws):
    """Con --direccion explícita escucha en la red: lo avisa, y sin la clave no se ve nada."""
    orden = ("servir", ws, "--direccion", "0.0.0.0", "--puerto", "0", "--sin-navegador")
    with tfmt_en_marcha(*orden) as proc:
        primera = proc.stdout.readline().strip()
        puerto = int(re.match(r"http://127\.0\.0\.1:(\d+)/\?token=", primera).group(1))
        lineas = [proc.stdout.readline() for _ in range(3)]
        assert any("AVISO: escucha en 0.0.0.0" in x and "sin la clave" in x for x in lineas)
        with socket.create_connection(("127.0.0.1", puerto), timeout=10) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 192.168.1.20\r\nConnection: close\r\n\r\n")
            respuesta = b""
            while bloque := s.recv(65536):
                respuesta += bloque
        assert respuesta.startswith(b"HTTP/1.1 403") and b"Falta la clave" in respuesta


def test_tfmt_servir_abre_el_navegador_con_la_url(ws, tmp_path):
    """Sin --sin-navegador abre la URL con su clave (módulo webbrowser, que respeta $BROWSER)."""
    abierta = tmp_path / "abierta.txt"
    guion = tmp_path / "navegador.py"
    guion.write_text(
        f"import sys, pathlib\npathlib.Path({str(abierta)!r}).write_text(sys.argv[1])\n"
    )
    navegador = {"BROWSER": f"{sys.executable} {guion} %s"}
    with tfmt_en_marcha("servir", ws, "--puerto", "0", env=navegador) as proc:
        primera = proc.stdout.readline().strip()
        for _ in range(100):
            if abierta.exists() and abierta.read_text():
                break
            time.sleep(0.1)
        assert abierta.read_text() == primera and "?token=" in primera


def test_tfmt_servir_sin_extra_web_dice_como_instalarlo(ws):
    codigo = (
        "import sys\n"
        "sys.modules['starlette'] = None\n"
        "from transparencia_fmt.cli import main\n"
        f"sys.exit(main(['servir', {str(ws)!r}, '--sin-navegador']))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", codigo], capture_output=True, text=True, encoding="utf-8"
    )
    assert r.returncode == 2, r.stderr
    assert 'pip install "transparencia-fmt[web]"' in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == ""


def test_ayuda_no_importa_el_servidor():
    codigo = (
        "import sys\n"
        "from transparencia_fmt import cli\n"
        "cli._parser()\n"
        "print(sorted(m for m in ('starlette', 'uvicorn', 'jinja2') if m in sys.modules))\n"
    )
    r = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True)
    assert r.stdout.strip() == "[]", r.stderr


def test_servir_fuera_de_un_espacio_es_mal_uso(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "transparencia_fmt", "servir", str(tmp_path), "--sin-navegador"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert r.returncode == 2 and "no es un espacio de trabajo" in r.stderr


# -- un archivo con registros de varios periodos ---------------------------------------------
def test_archivo_con_varios_periodos_se_guarda_uno_por_periodo(
    cliente, app, ws, tmp_path, entorno, monkeypatch
):
    """Como `tfmt actualizar` sin --periodo: la página lo dice antes de guardar nada, cada
    periodo muestra qué cambia en su documento y al aceptar queda un documento por periodo,
    cada uno con su historial; si otra persona guardó uno de ellos entretanto, se avisa.
    La revisión lee el archivo una sola vez (un XLSX grande tarda en leerse)."""
    e = EspacioTrabajo.abrir(ws, entorno)
    _json(tmp_path, "v1.json")
    e.actualizar(F5, "2026-T1", tmp_path / "v1.json")

    def dos_trimestres(d):
        d["registros"][0]["avance_metas_periodo_informa"] = "Avance corregido"
        for registro in d["registros"][3:]:
            registro["periodo"] = {"inicio": "2026-04-01", "termino": "2026-06-30"}
            registro["fecha_actualizacion"] = "2026-07-10"

    contenido = _json(tmp_path, "pnt.json", dos_trimestres)
    antes = _arbol(ws)
    lecturas = []
    cargar = Entorno.cargar
    monkeypatch.setattr(
        Entorno, "cargar", lambda self, ruta: lecturas.append(ruta) or cargar(self, ruta)
    )
    r = _subir(cliente, app, contenido, nombre="descarga_pnt.json", periodo="2026-T1")
    assert r.status_code == 200, r.text
    assert len(lecturas) == 1
    assert "trae registros de 2 periodos" in r.text
    assert "se guardará un documento por periodo (2026-T1, 2026-T2)" in r.text
    t1 = r.text.split("Periodo 2026-T1 (3 registros)")[1].split("Periodo 2026-T2")[0]
    assert "registro 4 quitado" in t1 and "registro 1 cambió" in t1  # sobre la versión vigente
    assert "Avance de las metas" in t1
    assert "primera versión" in r.text.split("Periodo 2026-T2 (2 registros)")[1]
    assert _arbol(ws) == antes  # nada guardado aún

    # Otra persona guarda el primer trimestre entretanto: se avisa y no se guarda nada.
    _json(tmp_path, "otra.json", lambda d: d["registros"][4].update(unidad_medida="Tasa"))
    e.actualizar(F5, "2026-T1", tmp_path / "otra.json")
    tras_otra = _arbol(ws)
    datos = {"csrf": app.state.csrf, "carga": _campo(r.text, "carga"), "base": "", "autor": "Ana"}
    r = cliente.post("/aceptar", data=datos)
    assert r.status_code == 409 and "cambiaron mientras usted trabajaba" in r.text
    assert "(2026-T1)" in r.text and "registro 5 cambió" in r.text
    assert _arbol(ws) == tras_otra
    r = cliente.post("/aceptar", data=datos)  # vistas las diferencias, guarda sobre ella
    assert r.status_code == 200, r.text
    assert (
        "El archivo traía registros de 2 periodos: se guardó un documento por periodo "
        "(2026-T1, 2026-T2), cada uno con su historial"
    ) in r.text

    carpeta = ws / "documentos" / F5
    t1 = json.loads((carpeta / "2026-T1.json").read_text("utf-8"))
    t2 = json.loads((carpeta / "2026-T2.json").read_text("utf-8"))
    assert t1["periodo"] == {"inicio": "2026-01-01", "termino": "2026-03-31"}
    assert t2["periodo"] == {"inicio": "2026-04-01", "termino": "2026-06-30"}
    assert t2["fecha_actualizacion"] == "2026-07-10"
    original = json.loads(contenido)["registros"]
    assert [x["nombre_indicador"] for x in t1["registros"]] == [
        x["nombre_indicador"] for x in original[:3]
    ]
    assert t1["registros"][0]["avance_metas_periodo_informa"] == "Avance corregido"
    assert [x["nombre_indicador"] for x in t2["registros"]] == [
        x["nombre_indicador"] for x in original[3:]
    ]
    assert all("periodo" not in x for x in t2["registros"])
    assert [(v.periodo, v.vigente) for v in e.versiones(F5)] == [
        ("2026-T1", False),
        ("2026-T1", False),
        ("2026-T1", True),
        ("2026-T2", True),
    ]
    bitacora = [json.loads(x) for x in (ws / "bitacora.jsonl").read_text("utf-8").splitlines()]
    assert [(b["periodo"], b["autor"]) for b in bitacora[-2:]] == [
        ("2026-T1", "Ana"),
        ("2026-T2", "Ana"),
    ]
    assert (ws / "publicado" / F5 / "2026-T2.pdf").exists()
    assert _sin_cargas(app)
