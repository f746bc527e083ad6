"""Issue 10, punto 5: el DOCX como lo ve una persona en un procesador de textos real.

LibreOffice (sin interfaz) convierte el DOCX a PDF y se lee el texto con pypdf: ninguna
fecha, año, abreviatura de mes ni palabra corta de un encabezado queda partida en dos
renglones. En CI `.ci/run` instala `libreoffice-writer-nogui`; sin `soffice` la prueba se
omite fuera de CI y falla en CI (ver ci_sin_omitir)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EJEMPLOS, ejecutar_tfmt
from docx import Document as LeerDocx
from pypdf import PdfReader

DOCUMENTOS = [
    "Plan_Operativo_Anual",  # calendario ENE…DIC, METAS con ID
    "LGT_Art_70_Fr_I",  # tabla con Ejercicio y fechas
    "LGT_Art_70_Fr_XLVIII_b",
    "LGT_Art_70_Fr_IV",  # tabla secundaria
    "LGT_Art_70_Fr_XXIII_b",  # tablas secundarias de 12 columnas con importes
    "LGT_Art_70_Fr_XXXVII_b",  # 12 columnas
]
_CORTO = re.compile(r"^(\d{2}/\d{2}/\d{4}|\d{4}|[A-ZÁÉÍÓÚÑ]{3}|[\wÁÉÍÓÚÑáéíóúñ°]{2,12})$")


def convertir(
    soffice: str, carpeta: Path, salida: Path, a: str, *archivos: Path
) -> subprocess.CompletedProcess[str]:
    """Convierte `archivos` al formato `a` (pdf, ods…) con LibreOffice sin interfaz, como los
    abriría y guardaría una persona."""
    perfil = carpeta / "perfil"  # un perfil por corrida: no choca con otras en paralelo
    r = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={perfil.as_uri()}",
            "--headless",
            "--convert-to",
            a,
            "--outdir",
            str(salida),
            *map(str, archivos),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    return r


def a_pdf(soffice: str, carpeta: Path, salida: Path, *docx: Path) -> None:
    """Convierte los DOCX a PDF, como los abriría una persona."""
    convertir(soffice, carpeta, salida, "pdf", *docx)


def _soffice() -> str:
    ruta = shutil.which("soffice") or shutil.which("libreoffice")
    if ruta is None:
        pytest.skip("falta LibreOffice (soffice): apt-get install libreoffice-writer-nogui")
    return ruta


def _cortos_de_tablas(docx) -> set[str]:
    """Fechas, años, meses y palabras cortas de las celdas (encabezados y datos)."""
    cortos = set()
    for tabla in LeerDocx(docx).tables:
        for fila in tabla.rows:
            for celda in fila.cells:
                cortos.update(t for t in celda.text.split() if _CORTO.match(t))
    return cortos


@pytest.fixture(scope="module")
def convertidos(tmp_path_factory):
    soffice = _soffice()
    carpeta = tmp_path_factory.mktemp("libreoffice")
    for nombre in DOCUMENTOS:
        r = ejecutar_tfmt("exportar", EJEMPLOS / f"{nombre}.json", "--a", "docx", "-o", carpeta)
        assert r.returncode == 0, r.stderr
    a_pdf(soffice, carpeta, carpeta / "pdf", *(carpeta / f"{n}.docx" for n in DOCUMENTOS))
    return carpeta


@pytest.mark.parametrize("nombre", DOCUMENTOS)
def test_nada_corto_se_parte_en_libreoffice(convertidos, nombre):
    texto = "\n".join(
        p.extract_text() for p in PdfReader(convertidos / "pdf" / f"{nombre}.pdf").pages
    )
    cortos = _cortos_de_tablas(convertidos / f"{nombre}.docx")
    assert len(cortos) > 10
    partidos = sorted(
        f"{t[:k]}|{t[k:]}"
        for t in cortos
        for k in range(1, len(t))
        if re.search(
            rf"(?<![\w/]){re.escape(t[:k])}[ \t]*\n[ \t]*{re.escape(t[k:])}(?![\w/])", texto
        )
    )
    assert partidos == [], partidos
    for t in cortos:
        assert t in texto, t


def test_poa_metas_id_angosta(convertidos):
    """La columna ID de un dígito de METAS no se come el ancho del texto."""
    doc = LeerDocx(convertidos / "Plan_Operativo_Anual.docx")
    metas = next(t for t in doc.tables if t.rows[0].cells[0].text.strip() == "ID")
    anchos = [c.width for c in metas.columns]
    assert anchos[0] / sum(anchos) < 0.07, anchos
