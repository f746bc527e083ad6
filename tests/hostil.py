"""Ayudantes de la batería hostil: correr `tfmt` dentro del proceso y revisar lo que dijo.

Cada caso comprueba lo mismo: código 0/1/2, ningún traceback ni nombre de excepción en
inglés, un mensaje en español que nombra el archivo, nada cambiado y ningún temporal.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EJEMPLOS

#: Nombres de excepciones de Python que nunca deben llegar a la persona usuaria.
_INGLES = re.compile(
    r"Traceback|Errno|\b(?:OS|IO|Value|Key|Type|Index|Attribute|Permission|FileNotFound|"
    r"IsADirectory|NotADirectory|FileExists|Unicode\w*|Recursion|BrokenPipe|Zip\w*|"
    r"JSONDecode|Runtime|Memory|Lookup|Assertion)(?:Error|Exception)\b|error interno|Invalid"
)


def correr(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """`tfmt ARGS` dentro del proceso (rápido): código, stdout y stderr."""
    from transparencia_fmt.cli import main

    capsys.readouterr()
    codigo = main([str(a) for a in args])
    salida = capsys.readouterr()
    return codigo, salida.out, salida.err


def revisar(
    codigo: int, err: str, *, esperado: int | tuple[int, ...], nombra: tuple[str, ...] = ()
) -> None:
    """Código esperado, sin inglés de Python, y el mensaje nombra lo que debe nombrar."""
    esperados = esperado if isinstance(esperado, tuple) else (esperado,)
    assert codigo in esperados, (codigo, err)
    assert codigo in (0, 1, 2), codigo
    assert not _INGLES.search(err), err
    for texto in nombra:
        assert texto in err, (texto, err)
    if codigo:
        assert re.search(r"ERROR|no es válido|NO válido", err), err
    documentados = _documentados()
    for hallazgo in re.findall(r"(?:ERROR|ADVERTENCIA) \[([a-z-]+)\]", err):
        assert hallazgo in documentados, f"código sin documentar en docs/hallazgos.md: {hallazgo}"


@functools.cache
def _documentados() -> frozenset[str]:
    texto = (EJEMPLOS.parent / "docs" / "hallazgos.md").read_text("utf-8")
    return frozenset(re.findall(r"^\| `([a-z-]+)` \|", texto, re.M))


def huellas(carpeta: Path) -> dict[str, str]:
    """Contenido de cada archivo bajo `carpeta` (para ver que nada cambió)."""
    return {
        str(p.relative_to(carpeta)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(carpeta.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def temporales(carpeta: Path) -> list[Path]:
    return [p for p in carpeta.rglob("*") if p.name.endswith(".tmp") or ".tmp" in p.suffixes]


def sin_temporales(*carpetas: Path) -> None:
    for c in carpetas:
        assert not temporales(c), temporales(c)


def ejemplo(nombre: str = "LGT_Art_70_Fr_V") -> Path:
    return EJEMPLOS / f"{nombre}.json"


def en_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@contextlib.contextmanager
def tmpfs(tamano: str = "64k") -> Iterator[Path]:
    """Un disco diminuto (tmpfs) para llenar de verdad; se omite sólo si no se puede montar
    y nunca en CI."""
    punto = Path(tempfile.mkdtemp(prefix="tfmt-tmpfs-"))
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={tamano},mode=0777", "tmpfs", str(punto)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        punto.rmdir()
        if en_ci():
            pytest.fail(f"no se pudo montar un tmpfs en CI: {r.stderr}")
        pytest.skip(f"no se puede montar tmpfs: {r.stderr.strip()}")
    try:
        yield punto
    finally:
        subprocess.run(["umount", "-l", str(punto)], capture_output=True)
        shutil.rmtree(punto, ignore_errors=True)


def solo_lectura(punto: Path) -> None:
    """Vuelve de sólo lectura un tmpfs montado con `tmpfs()` (EROFS de verdad, aun como root)."""
    subprocess.run(["mount", "-o", "remount,ro", str(punto)], check=True, capture_output=True)


@contextlib.contextmanager
def como_nadie() -> Iterator[None]:
    """Corre el bloque con el uid efectivo de `nobody`: root ignora los permisos de archivo."""
    if os.geteuid() != 0:
        yield  # sin root los permisos ya son reales
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def carpeta_publica() -> Path:
    """Una carpeta en /tmp que `nobody` puede recorrer (tmp_path es 0700 de root)."""
    c = Path(tempfile.mkdtemp(prefix="tfmt-hostil-"))
    c.chmod(0o777)
    return c
