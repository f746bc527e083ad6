"""`import jsonschema_rs` sin `email.utils` (issue 13, arranque de un `tfmt validar` pequeño).

La extensión importa `email.utils` sólo para fechar su compilación; `opcionales` le presta
uno mínimo y luego lo quita. Aquí: el de verdad sigue funcionando después, jsonschema-rs
valida, y si el prestado no basta (otra versión de la extensión) todo termina como sin él.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from email.utils import parsedate_to_datetime

import pytest
from conftest import python_limpio

from transparencia_fmt.opcionales import _fecha_rfc2822

#: Tras importar `opcionales` en un proceso limpio: lo que se comprueba en cada caso.
_COMPROBAR = """
import json, sys
rs = o.jsonschema_rs
v = rs.validator_for({"type": "object", "required": ["a"]})
assert v.is_valid({"a": 1}) and not v.is_valid({})
import email.utils
assert sys.modules["email.utils"] is email.utils and email.utils.__file__
fecha = email.utils.parsedate_to_datetime("Thu, 12 Nov 2026 07:50:16 -0600")
assert fecha.isoformat() == "2026-11-12T07:50:16-06:00", fecha
assert email.utils.formatdate(0, usegmt=True) == "Thu, 01 Jan 1970 00:00:00 GMT"
import email
assert email.utils is sys.modules["email.utils"]
extension = getattr(rs, "jsonschema_rs", rs)
print(json.dumps({"rs": rs.__file__, "fecha": repr(getattr(extension, "__build__", None))}))
"""


def _construccion_sin_prestado() -> str:
    """`__build__` de la extensión importada como siempre (con el `email.utils` de verdad)."""
    r = python_limpio(
        "import email.utils, jsonschema_rs.jsonschema_rs as x; print(repr(x.__build__))"
    )
    return r.stdout.strip()


def test_sin_email_utils_y_el_de_verdad_funciona_despues():
    r = python_limpio(
        "import sys\nimport transparencia_fmt.opcionales as o\n"
        "assert 'email.utils' not in sys.modules, 'se cargó email.utils'\n"
        "assert not hasattr(sys.modules.get('email'), 'utils')\n"
        "build = repr(o.jsonschema_rs.jsonschema_rs.__build__)\n" + _COMPROBAR + "print(build)"
    )
    # La misma fecha de compilación (un datetime con zona) que con el email.utils de verdad.
    assert r.stdout.splitlines()[-1] == _construccion_sin_prestado()
    assert "datetime.datetime(" in r.stdout and "tzinfo=datetime.timezone.utc" in r.stdout


def test_si_email_utils_ya_estaba_se_usa_ese():
    python_limpio(
        "import sys, email.utils as antes\nimport transparencia_fmt.opcionales as o\n"
        "assert sys.modules['email.utils'] is antes\n" + _COMPROBAR
    )


@pytest.mark.parametrize(
    "texto",
    [
        "Thu, 12 Nov 2026 07:50:16 +0000",
        "Mon, 3 Feb 2025 23:59:59 +0530",
        "Sun, 29 Feb 2032 00:00:00 -0700",
        "Fri, 01 Jan 2027 12:00:00 +1400",
    ],
)
def test_la_fecha_prestada_es_la_de_email_utils(texto):
    prestada, verdadera = _fecha_rfc2822(texto), parsedate_to_datetime(texto)
    assert prestada == verdadera
    assert repr(prestada) == repr(verdadera)


@pytest.mark.parametrize(
    "texto",
    [
        "Thu, 12 Nov 2026 07:50:16 -0000",  # zona desconocida: email.utils da fecha sin zona
        "Thu, 12 Nov 2026 07:50:16 GMT",
        "12 Nov 2026 07:50:16 +0000",
        "Thu, 12 Noviembre 2026 07:50:16 +0000",
        "Thu, 12 Nov 2026 07:50 +0000",
        "Thu, ١٢ Nov 2026 07:50:16 +0000",
        "",
    ],
)
def test_otra_forma_de_fecha_no_se_adivina(texto):
    with pytest.raises(ValueError):
        _fecha_rfc2822(texto)


#: Simula una extensión que pide más de `email.utils`: al prestado le falta la función.
_PRESTADO_INCOMPLETO = """
import builtins, sys
original = builtins.__import__
def importar(nombre, *args, **kw):
    m = original(nombre, *args, **kw)
    prestado = sys.modules.get("email.utils")
    if nombre == "email.utils" and not getattr(prestado, "__file__", None):
        vars(prestado).pop("parsedate_to_datetime", None)
        print("prestado sin la función", file=sys.stderr)
    return m
builtins.__import__ = importar
import transparencia_fmt.opcionales as o
builtins.__import__ = original
"""


def test_si_el_prestado_no_basta_se_importa_como_siempre():
    r = subprocess.run(
        [sys.executable, "-c", _PRESTADO_INCOMPLETO + _COMPROBAR],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert "prestado sin la función" in r.stderr  # sí se simuló el fallo
    assert json.loads(r.stdout.splitlines()[0])["fecha"] == _construccion_sin_prestado()


def test_una_extension_que_usa_mas_de_email_utils(tmp_path):
    """Un jsonschema_rs falso (primero en sys.path) que usa otra función de email.utils: el
    prestado no la tiene, se deshace lo importado a medias y se importa con la de verdad."""
    falso = tmp_path / "jsonschema_rs"
    falso.mkdir()
    (falso / "__init__.py").write_text(
        "from . import intentos\n"
        "intentos.n += 1\n"
        "import email.utils\n"
        "__build__ = email.utils.formatdate(0, usegmt=True)\n"
        "def validator_for(esquema):\n"
        "    class V:\n"
        "        def is_valid(self, x):\n"
        "            return isinstance(x, dict) and all(k in x for k in esquema['required'])\n"
        "    return V()\n",
        encoding="utf-8",
    )
    (falso / "intentos.py").write_text("n = 0\n", encoding="utf-8")
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            "import transparencia_fmt.opcionales as o\n"
            "assert o.jsonschema_rs.__build__ == 'Thu, 01 Jan 1970 00:00:00 GMT'\n"
            "assert o.jsonschema_rs.intentos.n == 1, 'quedó algo del primer intento'\n"
            + _COMPROBAR,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[0])["rs"] == str(falso / "__init__.py")
