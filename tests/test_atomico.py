"""Escritura atómica: nada a medias, y en Windows un archivo abierto en Excel se reintenta."""

from __future__ import annotations

import os

import pytest

from transparencia_fmt import ErrorDeUso, atomico


def test_escritura_atomica_reemplaza_completo(tmp_path):
    destino = tmp_path / "a.json"
    destino.write_bytes(b"viejo")
    atomico.escribir_atomico(destino, b"nuevo")
    assert destino.read_bytes() == b"nuevo"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_fallo_a_la_mitad_no_toca_el_destino(tmp_path):
    destino = tmp_path / "a.json"
    destino.write_bytes(b"viejo")

    def escribir(flujo):
        flujo.write(b"medio")
        raise RuntimeError("se cayó")

    with pytest.raises(RuntimeError):
        atomico.escribir_atomico(destino, escribir)
    assert destino.read_bytes() == b"viejo"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_archivo_bloqueado_se_reintenta_y_luego_se_explica(tmp_path, monkeypatch):
    """Como en Windows con el archivo abierto en Excel: reintenta y luego pide cerrarlo."""
    destino = tmp_path / "a.csv"
    destino.write_bytes(b"viejo")
    intentos = []
    real = os.replace

    def bloqueado(origen, final):
        intentos.append(1)
        if len(intentos) < 3:
            raise PermissionError(13, "en uso")
        return real(origen, final)

    monkeypatch.setattr(atomico.os, "replace", bloqueado)
    atomico.escribir_atomico(destino, b"nuevo")
    assert destino.read_bytes() == b"nuevo" and len(intentos) == 3

    def siempre(origen, final):
        raise PermissionError(13, "en uso")

    monkeypatch.setattr(atomico.os, "replace", siempre)
    monkeypatch.setattr(atomico.time, "sleep", lambda s: None)
    with pytest.raises(ErrorDeUso, match="Excel o Word"):
        atomico.escribir_atomico(destino, b"otro")
    assert destino.read_bytes() == b"nuevo"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_progreso_callado_en_tuberia(capsys):
    """La barra de progreso sólo aparece en una terminal."""
    from transparencia_fmt.cli_espacio import progreso

    assert list(progreso([1, 2, 3], 3, "Publicando")) == [1, 2, 3]
    assert capsys.readouterr().err == ""
