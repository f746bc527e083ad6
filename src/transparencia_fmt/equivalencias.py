"""Nombres e ids estatales de los formatos → formato nacional del catálogo.

Cada estado copia los formatos nacionales del SIPOT con su propio nombre corto y sus propios
ids (Veracruz ``LTAIPVIL15XXXIVa``, Hidalgo ``a69_f34_a``; Michoacán usa el título). La
tabla sale de los esquemas (``x-fuente.plantilla_estatal`` y ``x-fuente.nombres_estatales``)
y de la regla de nombres de cada estado; lo que no se reconoce no se adivina.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .catalogo import Catalogo, normalizar
from .modelos import Formato

__all__ = ["Equivalencias"]

_ROMANOS = ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
#: Hidalgo: ``a69_f34_a`` (art. 69 de su ley = art. 70 LGTAIP), ``a70_f01_g`` (= art. 71).
_HIDALGO = re.compile(r"a(69|70)_f0*(\d{1,2})(?:_([a-z]))?", re.IGNORECASE)
#: Veracruz: ``LTAIPVIL15XXXIVa`` (art. 15 de la Ley 875 = art. 70 LGTAIP); a veces con un
#: dígito final (``LTAIPVIL15XXXIXd1``).
_VERACRUZ = re.compile(r"LTAIPVIL15([IVXL]+)([a-z])?\d?")
#: Nombre corto nacional: ``45c LGT_Art_70_Fr_XLV``.
_NACIONAL = re.compile(r"(\d+)([a-z])?\s+LGT_Art_(\d+)_Fr_([IVXL]+)", re.IGNORECASE)


def _romano(n: int) -> str:
    texto = ""
    for valor, letras in _ROMANOS:
        while n >= valor:
            texto, n = texto + letras, n - valor
    return texto


class Equivalencias:
    """Resuelve el id nacional de un formato a partir de lo que dice una plantilla o descarga:
    id de formato (nacional o estatal), nombre corto nacional o estatal."""

    def __init__(self, catalogo: Catalogo) -> None:
        self.catalogo = catalogo
        self._por_nombre: dict[str, str] = {}
        self._por_id: dict[str, str] = {}
        for f in catalogo:
            sipot = (f.esquema.get("x-formato") or {}).get("sipot") or {}
            if sipot.get("id_formato"):
                self._por_id.setdefault(str(sipot["id_formato"]), f.id)
            fuente = f.fuente if isinstance(f.fuente, dict) else {}
            estatal = fuente.get("plantilla_estatal") or {}
            if estatal.get("nombre_corto"):
                self._por_nombre.setdefault(normalizar(estatal["nombre_corto"]), f.id)
            if estatal.get("id_formato"):
                self._por_id.setdefault(str(estatal["id_formato"]), f.id)
            for nombre in fuente.get("nombres_estatales", ()):
                self._por_nombre.setdefault(normalizar(nombre), f.id)

    def nacional(self, nombre: str) -> str | None:
        """Id nacional que corresponde a un nombre corto (nacional o estatal), o None."""
        texto = str(nombre or "").strip()
        if not texto:
            return None
        if texto in self.catalogo:
            return self.catalogo.formato(texto).id
        if normalizar(texto) in self._por_nombre:
            return self._por_nombre[normalizar(texto)]
        for candidato in self.por_regla(texto):
            if candidato in self.catalogo:
                return candidato
        return None

    def por_id(self, id_formato: Any) -> str | None:
        """Id nacional que corresponde a un id de formato SIPOT (nacional o estatal)."""
        texto = str(id_formato or "").strip()
        return self._por_id.get(texto) if texto else None

    @staticmethod
    def por_regla(nombre: str) -> list[str]:
        """Ids nacionales que la regla de nombres de cada estado da para `nombre` (el más
        específico primero; sin el inciso si el formato nacional no lo lleva)."""
        texto = nombre.strip()
        m = _HIDALGO.fullmatch(texto)
        if m:
            articulo = 70 if m[1] == "69" else 71
            base = f"LGT_Art_{articulo}_Fr_{_romano(int(m[2]))}"
            return [f"{base}_{m[3].lower()}", base] if m[3] else [base]
        m = _VERACRUZ.fullmatch(texto)
        if m:
            base = f"LGT_Art_70_Fr_{m[1]}"
            return [f"{base}_{m[2]}", base] if m[2] else [base]
        m = _NACIONAL.search(texto)  # la PNT escribe «45c LGT_Art_70_Fr_XLV - Título»
        if m:
            base = f"LGT_Art_{m[3]}_Fr_{m[4].upper()}"
            return [f"{base}_{m[2].lower()}", base] if m[2] else [base]
        return []

    def resolver(self, pistas: Iterable[Any]) -> Formato | None:
        """El formato del catálogo que señalan las pistas (id de formato, nombres), o None."""
        for pista in pistas:
            fid = self.por_id(pista) or self.nacional(str(pista or ""))
            if fid:
                return self.catalogo.formato(fid)
        return None

    def declarado(self, pistas: Iterable[Any]) -> bool:
        """¿Alguna pista tiene forma de id o nombre corto de formato del SIPOT? (para no
        validar contra otro formato un libro que declara uno que no está en el catálogo)."""
        for pista in pistas:
            texto = str(pista or "").strip()
            if texto.isdigit() and len(texto) >= 4:
                return True
            if self.por_regla(texto) or "LGT_Art_" in texto:
                return True
        return False
