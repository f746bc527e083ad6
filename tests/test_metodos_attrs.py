"""`metodos_attrs`: los modelos dan el mismo repr, igualdad y hash que si attrs generara esos
métodos (issue 13: sin compilarlos en cada arranque). Se compara con una gemela de cada
clase hecha por attrs con los mismos campos."""

from __future__ import annotations

import datetime as dt
import functools
import math

import attrs
import pytest

from transparencia_fmt.contrato import Configuracion
from transparencia_fmt.documento import Celdas, Documento
from transparencia_fmt.metodos_attrs import eq_attrs, hash_attrs, repr_attrs
from transparencia_fmt.modelos import Columna, ErrorValidacion, Formato, Informe, Periodo
from transparencia_fmt.plugins import Aportacion


@functools.cache
def _gemela(clase: type) -> type:
    """La misma clase (nombre, campos, opciones de cada campo) con los métodos de attrs."""
    campos = {
        a.name: attrs.field(
            default=a.default,
            validator=a.validator,
            repr=a.repr,
            eq=a.eq,
            hash=a.hash,
            init=a.init,
            kw_only=a.kw_only,
            alias=a.alias,
        )
        for a in attrs.fields(clase)
    }
    gemela = attrs.make_class(clase.__name__, campos, frozen=True, slots=True)
    assert "repr_attrs" not in repr(gemela.__repr__)  # attrs la generó
    return gemela


def _par(clase: type, **valores):
    return clase(**valores), _gemela(clase)(**valores)


NAN = math.nan
CASOS = [
    (Columna, {"clave": "a", "titulo": "Á «x»", "tipo": "texto"}, {"titulo": "B"}, {}),
    (
        Columna,
        {"clave": "a", "titulo": "A", "tipo": "tabla", "colores": {"Sí": "00FF00"}},
        {"subcolumnas": (Columna("b", "B", "numero"),)},
        {"colores": {"No": "FF0000"}},  # eq=False: no cuenta
    ),
    (
        Formato,
        {"id": "F", "titulo": "T", "tipo": "tabular", "columnas": (), "esquema": {"$id": "x"}},
        {"origen": "otro"},
        {"esquema": {"$id": "y"}, "fundamento": ({"ley": "LGT"},)},
    ),
    (
        Periodo,
        {"inicio": dt.date(2025, 1, 1), "termino": dt.date(2025, 3, 31)},
        {"termino": dt.date(2025, 6, 30)},
        {},
    ),
    (
        ErrorValidacion,
        {"codigo": "tipo", "mensaje": "m", "registro": 3, "valor": NAN},
        {"valor": 1.5},
        {},
    ),
    (
        Informe,
        {"errores": (ErrorValidacion(codigo="c", mensaje="m"),), "registros": 2},
        {"parcial": True},
        {},
    ),  # fmt: skip
    (Configuracion, {"opciones": {"pdf": {"logo": "x.png"}}}, {"opciones": {}}, {}),
    (Celdas, {"hoja": "Reporte", "filas": (8, 9), "letras": {"a": "B"}}, {"filas": (8,)}, {}),
    (Celdas, {"hoja": "Reporte", "filas": (8, 9), "letras": {"a": "B"}}, {"hoja": "Otra"}, {}),
    (
        Aportacion,
        {"objeto": "exp", "plugin": "p", "paquete": "q", "version": "1"},
        {"version": "2"},
        {},
    ),  # fmt: skip
]


@pytest.mark.parametrize("clase,base,distinto,igual", CASOS)
def test_igual_que_los_de_attrs(clase, base, distinto, igual):
    assert clase.__repr__ is repr_attrs and clase.__eq__ is eq_attrs
    a, ga = _par(clase, **base)
    b, gb = _par(clase, **base)
    c, gc = _par(clase, **{**base, **distinto})
    d, gd = _par(clase, **{**base, **igual})
    assert repr(a) == repr(ga) and repr(c) == repr(gc) and repr(d) == repr(gd)
    for x, y, gx, gy in ((a, b, ga, gb), (a, c, ga, gc), (a, d, ga, gd), (a, a, ga, ga)):
        assert (x == y) is (gx == gy)
        assert (x != y) is (gx != gy)
    assert a.__eq__(ga) is NotImplemented and ga.__eq__(a) is NotImplemented
    assert a != ga and a.__eq__(1) is NotImplemented
    if clase.__hash__ is hash_attrs:
        try:
            hash(ga)
        except TypeError:  # un campo que entra al hash no es hashable: igual que attrs
            with pytest.raises(TypeError):
                hash(a)
        else:
            assert hash(a) == hash(b) == hash(d) and hash(a) != hash(c)
            assert len({a, b, c, d}) == len({ga, gb, gc, gd})  # con NaN, 4; si no, 2


def test_nan_no_es_igual_ni_a_si_mismo_como_en_attrs():
    """attrs compara campo por campo con ==, sin atajo por identidad: NaN ≠ NaN."""
    g = _gemela(ErrorValidacion)
    for clase in (ErrorValidacion, g):
        a = clase(codigo="c", mensaje="m", valor=NAN)
        assert a != clase(codigo="c", mensaje="m", valor=NAN)
        assert clase(codigo="c", mensaje="m", valor=1.0) == clase(codigo="c", mensaje="m", valor=1)


class _Raro:
    """Un == que no da bool (como un arreglo de numpy): attrs devuelve lo que dio."""

    def __init__(self, dice):
        self.dice = dice

    def __eq__(self, otro):
        return self.dice

    __hash__ = None


@pytest.mark.parametrize("dice", ["sí", "", 0, 2])
def test_lo_que_da_eq_es_lo_que_daria_attrs(dice):
    g = _gemela(ErrorValidacion)
    nuestro = ErrorValidacion(codigo="c", mensaje="m", valor=_Raro(dice)) == ErrorValidacion(
        codigo="c", mensaje="m", valor=_Raro(dice)
    )
    suyo = g(codigo="c", mensaje="m", valor=_Raro(dice)) == g(
        codigo="c", mensaje="m", valor=_Raro(dice)
    )
    assert nuestro == suyo and type(nuestro) is type(suyo)


def test_un_objeto_que_se_contiene_se_escribe_con_puntos():
    nuestras: dict = {}
    suyas: dict = {}
    c, g = Configuracion(nuestras), _gemela(Configuracion)(suyas)
    nuestras["yo"], suyas["yo"] = [c, 1], [g, 1]
    assert repr(c) == repr(g) == "Configuracion(opciones={'yo': [..., 1]})"
    # Anidadas unas en otras (de attrs y nuestras): cada una se escribe una vez.
    nuestras["otra"] = g
    assert repr(c) == (
        "Configuracion(opciones={'yo': [..., 1], 'otra': Configuracion(opciones={'yo': [..., 1]})})"
    )


def test_repr_del_entorno_sin_campos_de_init():
    """En las clases con campos `init=False` (Catalogo, Validador…) también."""
    from transparencia_fmt.catalogo import Catalogo

    assert Catalogo.__repr__ is repr_attrs and Documento.__repr__ is repr_attrs
    texto = repr(Catalogo())
    assert texto.startswith("Catalogo(gestor=None, registry=None, _formatos={}, _alias={},")
    assert texto.endswith("_vigente=None)")
