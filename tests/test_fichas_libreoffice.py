"""Issue 13: una ficha DOCX más alta que una página repite su título en la página siguiente,
como lo ve una persona: LibreOffice (sin interfaz) convierte el DOCX a PDF y se lee el texto
de cada página con pypdf. Sin `soffice` la prueba se omite fuera de CI y falla en CI."""

from __future__ import annotations

import re

from pypdf import PdfReader
from test_flujo_libreoffice import _soffice, a_pdf

from transparencia_fmt.documento import documento_desde_dict

LARGO = "Texto largo de la definición número {}. "
#: Un trozo del texto largo tal como lo extrae pypdf (un renglón puede partirlo).
TROZO = re.compile(r"definición\s+número\s+(\d+)\.")


def test_ficha_larga_repite_su_titulo_en_cada_pagina(entorno, datos_ejemplo, tmp_path):
    soffice = _soffice()
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    datos["registros"][1]["definicion_indicador"] = "".join(LARGO.format(i) for i in range(400))
    ruta = tmp_path / "larga.docx"
    entorno.exportar(documento_desde_dict(datos, entorno.catalogo), "docx", ruta)
    a_pdf(soffice, tmp_path, tmp_path, ruta)
    paginas = [p.extract_text() for p in PdfReader(tmp_path / "larga.pdf").pages]
    # Las páginas donde está el texto largo de la ficha 2: son varias, y cada una empieza
    # (tras el encabezado de la página) con el título de esa ficha.
    con_la_larga = [i for i, t in enumerate(paginas) if TROZO.search(t)]
    assert len(con_la_larga) >= 2, [len(t) for t in paginas]
    for i in con_la_larga:
        texto = paginas[i]
        assert "Registro 2 de 5" in texto, (i, texto[:300])
        if i != con_la_larga[0]:  # en la continuación, el título va antes que los datos
            assert texto.index("Registro 2 de 5") < TROZO.search(texto).start()
    numeros = [int(n) for n in TROZO.findall("\n".join(paginas))]
    assert numeros == list(range(400))  # nada se perdió ni se repitió al partirla
    # Las demás fichas también están, cada título una vez por página en que aparece.
    todo = "\n".join(paginas)
    for n in (1, 3, 4, 5):
        assert f"Registro {n} de 5" in todo
