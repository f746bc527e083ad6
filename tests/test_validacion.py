"""Validación: errores localizados (código, severidad, registro, columna, valor, mensaje)."""

from __future__ import annotations

import copy

import pytest
from conftest import TABULARES

from transparencia_fmt.documento import documento_desde_dict
from transparencia_fmt.modelos import ErrorValidacion


def _validar(entorno, datos):
    return entorno.validar(documento_desde_dict(copy.deepcopy(datos), entorno.catalogo))


@pytest.mark.parametrize("formato_id", TABULARES)
def test_ejemplos_validos_con_varios_registros(entorno, ejemplo, formato_id):
    """Cada ejemplo tabular es válido y tiene varios registros."""
    doc = ejemplo(formato_id)
    informe = entorno.validar(doc)
    assert informe.valido, [e.texto() for e in informe.errores]
    assert informe.errores == ()
    assert len(doc.registros) >= 3


def test_poa_advierte_calendario_2019(entorno, ejemplo):
    """La semilla es válida pero advierte que el calendario dice 2019 y el plan es de 2020."""
    informe = entorno.validar(ejemplo("Plan_Operativo_Anual"))
    assert informe.valido
    assert informe.aplanar(["codigo", "severidad", "valor"]) == [
        ["anio-distinto-del-ejercicio", "advertencia", 2019]
    ]
    assert "2020" in informe.advertencias[0].mensaje


def test_catalogo_y_periodo_invertido(entorno, datos_ejemplo):
    """Un valor fuera de catálogo y un periodo invertido: dos errores con lugar y valor."""
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    datos["registros"][2]["sentido_indicador"] = "Lateral"
    datos["periodo"] = {"inicio": "2026-03-31", "termino": "2026-01-01"}
    informe = _validar(entorno, datos)
    assert not informe.valido
    plano = informe.aplanar(["codigo", "registro", "columna", "valor"])
    assert ["catalogo", 3, "Sentido del indicador (catálogo)", "Lateral"] in plano
    assert [
        "periodo-invertido",
        None,
        "Fecha de término del periodo que se informa",
        "2026-01-01",
    ] in plano
    cat = next(e for e in informe.errores if e.codigo == "catalogo")
    assert "Ascendente" in cat.mensaje and "Descendente" in cat.mensaje


def test_todos_los_errores_no_solo_el_primero(entorno, datos_ejemplo):
    """Varios errores en varios registros se reportan todos, cada uno en su lugar."""
    datos = datos_ejemplo("LGT_Art_70_Fr_I")
    del datos["registros"][0]["denominacion_norma_reporta"]
    datos["registros"][1]["fecha_publicacion_dof_otro_medio"] = "31/02/2020"
    datos["registros"][2]["hipervinculo_documento_norma"] = "www.sin-protocolo.mx"
    datos["registros"][3]["columna_inventada"] = "x"
    datos["registros"][4]["denominacion_norma_reporta"] = "x" * 5000
    informe = _validar(entorno, datos)
    plano = informe.aplanar(["codigo", "registro", "clave"])
    assert ["requerido", 1, "denominacion_norma_reporta"] in plano
    assert ["fecha-invalida", 2, "fecha_publicacion_dof_otro_medio"] in plano
    assert ["hipervinculo-invalido", 3, "hipervinculo_documento_norma"] in plano
    assert ["columna-desconocida", 4, "columna_inventada"] in plano
    assert ["longitud-excedida", 5, "denominacion_norma_reporta"] in plano
    for e in informe.errores:
        assert e.mensaje and e.columna and e.severidad == "error"


def test_error_dentro_de_tabla_secundaria(entorno, datos_ejemplo):
    """Un error en una tabla secundaria dice registro, fila y columna de la tabla."""
    datos = datos_ejemplo("LGT_Art_70_Fr_XXIII_b")
    datos["registros"][1]["contrato_montos"][0]["monto_total_contrato"] = "mucho"
    informe = _validar(entorno, datos)
    err = next(e for e in informe.errores if e.codigo == "tipo")
    assert (err.registro, err.fila) == (2, 1)
    assert err.columna == "Respecto al contrato y los montos › Monto total del contrato"
    assert err.valor == "mucho"


def test_fechas_fuera_del_ejercicio_y_validacion_anterior(entorno, datos_ejemplo):
    """Reglas cruzadas: periodo dentro del ejercicio; validación ≥ actualización."""
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    datos["periodo"]["termino"] = "2027-01-15"
    datos["fecha_validacion"] = "2026-04-01"
    informe = _validar(entorno, datos)
    codigos = {e.codigo: e for e in informe.errores}
    assert codigos["fecha-fuera-del-ejercicio"].clave == "periodo_termino"
    assert codigos["validacion-anterior"].valor == "2026-04-01"


def test_sobre_incompleto(entorno, datos_ejemplo):
    """Faltan datos del sobre: se nombra la columna oficial."""
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    del datos["area_responsable"]
    datos["ejercicio"] = "dos mil"
    informe = _validar(entorno, datos)
    plano = informe.aplanar(["codigo", "columna"])
    assert [
        "requerido",
        "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información",
    ] in plano
    assert ["tipo", "Ejercicio"] in plano


def test_tope_de_errores_marca_parcial(entorno, datos_ejemplo):
    """Con un tope, el informe se marca parcial en lugar de callar."""
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    datos["registros"] = [{"sentido_indicador": "x"} for _ in range(50)]
    doc = documento_desde_dict(datos, entorno.catalogo)
    informe = entorno.validador.validar(doc, max_errores=20)
    assert informe.parcial and len(informe.errores) == 20
    assert informe.a_dict()["parcial"] is True


def test_informe_json(entorno, datos_ejemplo):
    """El informe es datos: a_dict con hallazgos serializables."""
    import json

    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    datos["registros"][0]["sentido_indicador"] = "Lateral"
    d = _validar(entorno, datos).a_dict()
    json.dumps(d)
    assert d["valido"] is False and d["estadisticas"]["errores"] == 1
    assert d["errores"][0]["registro"] == 1 and d["advertencias"] == []
    assert set(d["errores"][0]) >= {
        "codigo",
        "severidad",
        "registro",
        "columna",
        "valor",
        "mensaje",
    }


def test_regla_de_plugin_se_suma(datos_ejemplo):
    """Una regla registrada por plugin (gancho validar_documento) aporta sus errores."""
    from transparencia_fmt import hookimpl
    from transparencia_fmt.entorno import Entorno

    class Regla:
        @hookimpl
        def validar_documento(self, documento):
            return [
                ErrorValidacion(
                    codigo="regla-local", mensaje="Regla del estado", severidad="advertencia"
                )
            ]

    ent = Entorno.crear(cargar_terceros=False, extra=(("regla-local", Regla()),))
    doc = documento_desde_dict(datos_ejemplo("LGT_Art_70_Fr_V"), ent.catalogo)
    informe = ent.validar(doc)
    assert [e.codigo for e in informe.advertencias] == ["regla-local"] and not informe.errores


def test_regla_de_plugin_que_falla_no_tumba(datos_ejemplo):
    """Una regla que levanta excepción se avisa y la validación sigue."""
    from transparencia_fmt import AvisoPlugin, hookimpl
    from transparencia_fmt.entorno import Entorno

    class Rota:
        @hookimpl
        def validar_documento(self, formato, documento):
            raise ZeroDivisionError("ups")

    ent = Entorno.crear(cargar_terceros=False, extra=(("rota", Rota()),))
    doc = documento_desde_dict(datos_ejemplo("LGT_Art_70_Fr_V"), ent.catalogo)
    with pytest.warns(AvisoPlugin, match="rota"):
        informe = ent.validar(doc)
    assert informe.valido


def test_camino_lento_igual_al_rapido(entorno, datos_ejemplo, monkeypatch):
    """Sin jsonschema-rs, la validación da exactamente los mismos hallazgos."""
    from transparencia_fmt import validacion
    from transparencia_fmt.validacion import Validador

    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    datos["registros"][1]["sentido_indicador"] = "Lateral"
    datos["registros"][3]["linea_base"] = 5
    doc = documento_desde_dict(datos, entorno.catalogo)
    rapido = entorno.validar(doc)
    monkeypatch.setattr(validacion, "_rs", None)
    lento = Validador(entorno.catalogo, entorno.gestor).validar(doc)
    assert rapido.aplanar(["codigo", "registro", "clave"]) == lento.aplanar(
        ["codigo", "registro", "clave"]
    )
    assert len(rapido.errores) == 2


def test_caracteres_de_control_se_avisan_con_lugar(entorno, datos_ejemplo):
    """\\x0b, \\x00 o \\x1b: advertencia con registro, fila y columna. Un sustituto suelto no
    se puede guardar en UTF-8: es un error ubicado (valor-no-json)."""
    datos = datos_ejemplo("LGT_Art_70_Fr_XXIII_b")
    datos["registros"][1]["tipo_servicio"] = "uno\x0bdos\x00"
    datos["registros"][2]["proveedores"][0]["razon_social"] = "x\x1by"
    datos["nota"] = "\ud800"
    informe = _validar(entorno, datos)
    assert [(e.codigo, e.columna) for e in informe.errores] == [("valor-no-json", "nota")]
    datos["nota"] = "\x07"
    informe = _validar(entorno, datos)
    assert informe.valido
    assert informe.aplanar(["codigo", "severidad", "registro", "fila", "columna"]) == [
        ["caracter-de-control", "advertencia", None, None, "Nota"],
        ["caracter-de-control", "advertencia", 2, None, "Tipo de servicio"],
        [
            "caracter-de-control",
            "advertencia",
            3,
            1,
            "Respecto a la(s) persona(s) proveedora(s) y su contratación › Razón social",
        ],
    ]
    assert "U+000B" in informe.hallazgos[1].mensaje and "U+0000" in informe.hallazgos[1].mensaje


def test_boletin_valido_y_rutas_de_fotos_seguras(entorno, ejemplo, datos_ejemplo):
    """El boletín de ejemplo es válido; una foto con «..» o ruta absoluta no lo es."""
    assert entorno.validar(ejemplo("Boletin_Informativo")).errores == ()
    for ruta in ("../../etc/passwd", "/etc/passwd", "C:\\fotos\\a.png", "fotos/../../x.png"):
        datos = datos_ejemplo("Boletin_Informativo")
        datos["fotografias"][0]["archivo"] = ruta
        informe = _validar(entorno, datos)
        assert not informe.valido, ruta


def test_columna_vacia_justificada_por_la_nota(entorno, datos_ejemplo):
    """Un criterio obligatorio vacío es error, salvo que la Nota lo explique (advertencia)."""
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    del datos["registros"][0]["linea_base"]
    del datos["registros"][1]["linea_base"]
    datos["registros"][1]["nota"] = "No hay línea base: el indicador se mide por primera vez."
    informe = _validar(entorno, datos)
    assert informe.aplanar(["codigo", "severidad", "registro"]) == [
        ["requerido", "error", 1],
        ["vacio-justificado", "advertencia", 2],
    ]


def test_una_pasada_localiza_errores_y_caracteres_de_control(entorno, datos_ejemplo):
    """Con jsonschema-rs, errores y avisos de control salen de la misma pasada, localizados
    y en español: un aviso por texto con controles, un error por cada columna que falta."""
    datos = datos_ejemplo("LGT_Art_70_Fr_V")
    base = datos["registros"]
    datos["registros"] = [copy.deepcopy(base[i % len(base)]) for i in range(300)]
    regs = datos["registros"]
    regs[149]["nombre_indicador"] = "uno\x0bdos"
    regs[9]["linea_base"] = 10
    del regs[9]["unidad_medida"], regs[9]["dimension_medir"]
    regs[9]["metodo_calculo"] = "con \x01 control"
    informe = _validar(entorno, datos)
    resumen = [(e.codigo, e.registro, e.clave) for e in informe.hallazgos]
    assert sorted(resumen, key=str) == sorted(
        [
            ("tipo", 10, "linea_base"),
            ("requerido", 10, "dimension_medir"),
            ("requerido", 10, "unidad_medida"),
            ("caracter-de-control", 10, "metodo_calculo"),
            ("caracter-de-control", 150, "nombre_indicador"),
        ],
        key=str,
    )
    tipo = next(e for e in informe.errores if e.codigo == "tipo")
    assert tipo.mensaje.startswith("«Línea base» debe ser texto; llegó el número 10")
