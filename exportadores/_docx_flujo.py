"""Cuerpo del DOCX en flujo: las filas y fichas se escriben como texto XML, sin árbol.

python-docx arma el esqueleto (estilos, sección, encabezado y pie, propiedades, tablas con
su fila de encabezado) y deja en el cuerpo una marca (comentario XML) por cada bloque de
filas. Al guardar se reescribe `word/document.xml` dentro del paquete: el texto entre
marcas se copia y cada marca se sustituye por las filas que produce su generador. Así la
memoria no crece con los registros (python-docx guarda ~150 elementos por ficha).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from lxml import etree

from ._docx_xml import texto_seguro

DOCUMENTO = "word/document.xml"
_MARCA = "TFMT-FLUJO-"
_PARTE_MARCA = re.compile(rb"<!--" + _MARCA.encode() + rb"(\d+)-->")
_HUECO = re.compile(r"@@([TC])(\d+)@@")
_SOMBRA = re.compile(r'<w:shd [^>]*w:fill="@@C(\d+)@@"/>')
_XMLNS = re.compile(r'\sxmlns:\w+="[^"]*"')
_BR = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
#: Nivel de compresión de `word/document.xml` (las demás partes, como las deja python-docx).
_NIVEL = 3
#: Bytes que se juntan antes de escribir al ZIP (pocas llamadas, memoria acotada).
_TROZO = 1 << 20


def hueco_texto(j: int) -> str:
    """Texto provisional de un `w:t` que la plantilla llena con el valor `j`."""
    return f"@@T{j}@@"


def hueco_color(j: int) -> str:
    """Color provisional de un `w:shd`: la plantilla lo pone sólo si el valor tiene color."""
    return f"@@C{j}@@"


def xml_texto(valor: Any) -> str:
    """Texto de usuario para dentro de un `w:t`: escapado; «\\n» y tabulador como en Word."""
    texto = valor if type(valor) is str else str(valor)
    # Imprimible: sin caracteres de control, «\\n», «\\t» ni «\\r» (ni sustitutos o U+FFFE,
    # que tampoco lo son): `limpiar` no cambiaría nada. Sólo lo demás pasa por su búsqueda.
    if texto.isprintable():
        return _escapar(texto)
    texto = _escapar(texto_seguro(texto))
    if "\n" in texto:
        texto = texto.replace("\n", _BR)
    if "\t" in texto:
        texto = texto.replace("\t", _TAB)
    return texto


def _escapar(texto: str) -> str:
    # `replace` condicionado: mucho más rápido que `translate` con un dict
    if "&" in texto:
        texto = texto.replace("&", "&amp;")
    if "<" in texto:
        texto = texto.replace("<", "&lt;")
    if ">" in texto:
        texto = texto.replace(">", "&gt;")
    return texto


def fragmento(*elementos: Any) -> str:
    """XML de elementos del documento sin sus declaraciones de espacio de nombres (ya las
    declara la raíz de `word/document.xml`)."""
    partes = []
    for el in elementos:
        xml = etree.tostring(el, encoding="unicode")
        fin = xml.index(">")
        partes.append(_XMLNS.sub("", xml[:fin]) + xml[fin:])
    return "".join(partes)


class Plantilla:
    """XML con huecos `@@Tj@@` (texto) y `w:shd` con `@@Cj@@` (color), llenado con `join`."""

    def __init__(self, xml: str) -> None:
        xml = _SOMBRA.sub(lambda m: f"@@C{m.group(1)}@@", xml)
        trozos = _HUECO.split(xml)
        self.partes: list[str] = trozos[0::3]
        self.huecos: list[tuple[bool, int]] = [
            (t == "T", int(j)) for t, j in zip(trozos[1::3], trozos[2::3], strict=True)
        ]
        # Sólo huecos de texto 0, 1, 2… en orden (fichas, filas sin semáforo): las piezas se
        # intercalan de una vez con las partes fijas, sin recorrer los huecos uno por uno.
        self._seguidos = self.huecos == [(True, j) for j in range(len(self.huecos))]
        self._molde: list[str] = [""] * (2 * len(self.partes) - 1)
        self._molde[0::2] = self.partes

    def llenar(self, valores: Sequence[Any], colores: Sequence[Any] = ()) -> str:
        return "".join(self.piezas(valores, colores))

    def piezas(self, valores: Sequence[Any], colores: Sequence[Any] = ()) -> list[str]:
        """Los trozos del XML lleno, para juntarlos de una vez con los de otras filas."""
        n, k = len(valores), len(self.huecos)
        if self._seguidos and n >= k:
            textos = valores if n == k else valores[:k]
            salida = self._molde.copy()
            try:
                junto = "".join(textos)
            except TypeError:  # algún valor no es texto
                salida[1::2] = map(xml_texto, textos)
                return salida
            # Lo común: una sola revisión de todos los valores juntos; imprimibles y sin
            # «&<>», `xml_texto` los dejaría iguales.
            if junto.isprintable() and "&" not in junto and "<" not in junto and ">" not in junto:
                salida[1::2] = textos
            else:
                salida[1::2] = map(xml_texto, textos)
            return salida
        partes = self.partes
        salida = [partes[0]]
        for i, (es_texto, j) in enumerate(self.huecos, start=1):
            if es_texto:
                salida.append(xml_texto(valores[j]) if j < n else "")
            else:
                mapa = colores[j] if j < len(colores) else None
                color = mapa.get(valores[j]) if mapa and j < n else None
                if color:
                    salida.append(
                        f'<w:shd w:val="clear" w:color="auto" w:fill="{xml_texto(color)}"/>'
                    )
            salida.append(partes[i])
        return salida


def en_trozos(piezas: Iterable[list[str]]) -> Iterator[str]:
    """Junta las piezas de muchas filas o fichas en textos de ~1 MB: una sola copia de cada
    carácter (no una por fila y otra por trozo) y memoria acotada."""
    pendiente: list[str] = []
    tam = 0
    for trozo in piezas:
        pendiente += trozo
        tam += sum(map(len, trozo))
        if tam >= _TROZO:
            yield "".join(pendiente)
            pendiente, tam = [], 0
    if pendiente:
        yield "".join(pendiente)


#: Produce los textos de un bloque ya juntos en trozos de ~1 MB (`en_trozos`).
Flujo = Callable[[], Iterable[str]]


class Cuerpo:
    """Marcas del cuerpo y sus generadores, en el orden en que aparecen en el documento."""

    def __init__(self) -> None:
        self.flujos: list[Flujo] = []

    def marcar(self, padre: Any, flujo: Flujo) -> None:
        """Agrega al final de `padre` la marca de un bloque de filas que `flujo` producirá."""
        padre.append(etree.Comment(f"{_MARCA}{len(self.flujos)}"))
        self.flujos.append(flujo)

    def guardar(self, documento: Any, destino: BinaryIO | str) -> None:
        """Guarda el esqueleto de python-docx y lo reescribe con los cuerpos en flujo."""
        esqueleto = io.BytesIO()
        documento.save(esqueleto)
        with (
            zipfile.ZipFile(esqueleto) as entrada,
            zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED, compresslevel=_NIVEL) as salida,
        ):
            for info in entrada.infolist():
                if info.filename == DOCUMENTO:
                    # Abierto por nombre toma el nivel del ZIP (un ZipInfo propio, el 6 de
                    # zlib): con textos distintos en cada registro, 20,000 fichas (108 MB de
                    # XML) se comprimen en 0.36 s en vez de 0.90 s y pesan 4.4 MB, no 3.8 MB.
                    with salida.open(DOCUMENTO, "w", force_zip64=True) as f:
                        for trozo in self._documento(entrada.read(info)):
                            f.write(trozo)
                else:
                    salida.writestr(info, entrada.read(info))

    def _documento(self, xml: bytes) -> Iterator[bytes]:
        partes = _PARTE_MARCA.split(xml)
        yield partes[0]
        for k in range(1, len(partes), 2):
            for texto in self.flujos[int(partes[k])]():  # ya en trozos de ~1 MB (`en_trozos`)
                yield texto.encode("utf-8")
            yield partes[k + 1]
