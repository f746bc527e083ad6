"""El camino rápido (jsonschema-rs) y el general dicen lo mismo de un texto raro en una
columna de fecha (revisión 7, hallazgo 3): el patrón de fecha sólo admite ASCII, así que una
fecha que lo falla puede traer emoji, controles o marcas de dirección, y la regla de texto
tiene que verla en los dos caminos (sin-glifo-pdf, caracter-de-control, control-bidi)."""

from __future__ import annotations

import pytest

from transparencia_fmt import reglas, validacion
from transparencia_fmt.documento import documento_desde_dict
from transparencia_fmt.validacion import Validador

#: Las cadenas de la revisión (más controles y bidi) → lo que la regla de texto debe decir.
TEXTOS = {
    "😀": {"sin-glifo-pdf"},
    "东京": {"sin-glifo-pdf"},
    "Nin\u0303as": set(),  # NFC: «Niñas», se dibuja
    "a\u2028b": set(),  # salto de línea
    "\u2003x": set(),  # espacio
    "a\ufffdb": {"sin-glifo-pdf"},
    "uno\x0bdos": {"caracter-de-control"},
    "uno\x01😀": {"caracter-de-control", "sin-glifo-pdf"},
    "a\u202eb": {"control-bidi"},
}
DE_TEXTO = {"sin-glifo-pdf", "caracter-de-control", "control-bidi"}
#: Una fecha de la tabla del formato y una común que el registro trae como suya.
CAMPOS = ["fecha_salida_encargo_comision", "fecha_actualizacion"]


def _hallazgos(validador: Validador, catalogo, datos) -> list[tuple]:
    informe = validador.validar(documento_desde_dict(datos, catalogo))
    return sorted(
        (e.codigo, e.severidad, e.registro, e.clave, e.columna) for e in informe.hallazgos
    )


def _del_camino_general(entorno, monkeypatch, datos) -> list[tuple]:
    """Sin jsonschema-rs (como en una plataforma sin la rueda): jsonschema y la regla en
    Python, texto por texto."""
    with monkeypatch.context() as m:
        m.setattr(validacion, "_rs", None)
        m.setattr(reglas, "jsonschema_rs", None)
        reglas._validador_limpio.cache_clear()
        try:
            general = Validador(entorno.catalogo, entorno.gestor)
            assert (
                general._compilar(entorno.catalogo.formato(datos["formato"])).rapido_registros
                is None
            )
            return _hallazgos(general, entorno.catalogo, datos)
        finally:
            reglas._validador_limpio.cache_clear()


@pytest.mark.parametrize("campo", CAMPOS)
@pytest.mark.parametrize("texto", list(TEXTOS), ids=ascii)
def test_los_dos_caminos_dicen_lo_mismo_de_una_fecha_rara(
    entorno, monkeypatch, datos_ejemplo, campo, texto
):
    datos = datos_ejemplo("LGT_Art_70_Fr_IX")
    datos["registros"][0][campo] = texto
    rapido = Validador(entorno.catalogo, entorno.gestor)
    if validacion._rs is not None:  # que no se compare un camino consigo mismo
        assert rapido._compilar(entorno.catalogo.formato(datos["formato"])).rapido_registros
    del_rapido = _hallazgos(rapido, entorno.catalogo, datos)
    assert del_rapido == _del_camino_general(entorno, monkeypatch, datos)
    de_texto = {(c, r, k) for c, _, r, k, _ in del_rapido if c in DE_TEXTO}
    assert de_texto == {(c, 1, campo) for c in TEXTOS[texto]}
    # Y la fecha inválida se dice en los dos, en su registro.
    assert ("fecha-invalida", "error", 1, campo) in {h[:4] for h in del_rapido}
