"""Documento PDF que escribe cada página en el archivo en cuanto se termina.

reportlab guarda todas las páginas (su contenido y sus objetos) hasta `save` y sólo entonces
arma el archivo completo en memoria: con 100,000 registros son cientos de MB. Aquí, al cerrar
cada página, su diccionario y su flujo de contenido se formatean y se escriben en el archivo
y se sueltan; al guardar se escribe lo demás (fuentes ya recortadas, índice, catálogo, la
forma con el total de páginas) y la tabla de referencias cruzadas con los desplazamientos de
todos. Los números de objeto y su formato son los de reportlab: el PDF es el mismo.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.pdfbase import pdfdoc


class _Reservado(pdfdoc.PDFObject):  # type: ignore[misc]
    """Lugar (y número de objeto) de una forma que se define al final."""


class DocumentoEnFlujo(pdfdoc.PDFDocument):  # type: ignore[misc]
    """`PDFDocument` que vuelca las páginas terminadas a `salida` (ver `iniciar_flujo`)."""

    _salida: BinaryIO
    _posicion: int
    _escritos: set[str]
    _reservadas: set[str]

    def iniciar_flujo(self, salida: BinaryIO, formas: tuple[str, ...] = ()) -> None:
        """Escribe desde ya en `salida`; `formas`: formas que las páginas usan y se definen
        al final (su número de objeto se aparta ahora)."""
        self._salida, self._posicion = salida, 0
        self._escritos, self._reservadas = set(), set()
        self.Reference(self.Pages)  # las páginas lo nombran como padre: número fijo
        for nombre in formas:
            interno = pdfdoc.xObjectName(nombre)
            self.Reference(_Reservado(), interno)
            self._reservadas.add(interno)
        self._escribir(pdfdoc.PDFFile(self._pdfVersion).strings[0])

    def _escribir(self, datos: bytes) -> int:
        inicio = self._posicion
        self._salida.write(datos)
        self._posicion += len(datos)
        return inicio

    def _volcar(self, nombre: str) -> None:
        objeto = self.idToObject[nombre]
        datos = pdfdoc.PDFIndirectObject(nombre, objeto).format(self)
        self.idToOffset[nombre] = self._escribir(datos)
        self._escritos.add(nombre)
        self.idToObject[nombre] = None  # suelta el objeto; el nombre sigue registrado

    def volcar_pagina(self) -> None:
        """Escribe la última página añadida y los objetos nuevos que su formato registró
        (su flujo de contenido)."""
        paginas = self.Pages.pages
        pagina = paginas[-1]
        nombre = pagina.__InternalName__
        antes = self.objectcounter
        self._volcar(nombre)
        numero = antes + 1
        while numero <= self.objectcounter:  # lo que el formato de la página registró
            self._volcar(self.numberToId[numero])
            numero += 1
        paginas[-1] = pdfdoc.PDFObjectReference(nombre)

    def addForm(self, name: str, form: Any) -> None:  # noqa: N802 - nombre de reportlab
        interno = pdfdoc.xObjectName(name)
        if interno in getattr(self, "_reservadas", ()):
            self._reservadas.discard(interno)
            form.__InternalName__ = interno
            self.idToObject[interno] = form
            self.inObject = None
            return
        super().addForm(name, form)

    def SaveToFile(self, filename: Any, canvas: Any) -> None:  # noqa: N802 - nombre de reportlab
        """Como `PDFDocument.SaveToFile` + `GetPDFData` + `format`, pero sólo con lo que
        falta por escribir."""
        if not hasattr(self, "_salida"):
            super().SaveToFile(filename, canvas)
            return
        if self._reservadas:
            raise ValueError(f"formas sin definir: {sorted(self._reservadas)}")
        for fuente in self.delayedFonts:
            fuente.addObjects(self)
        self.info.invariant = self.invariant
        self.info.digest(self.signature)
        self.Reference(self.Catalog)
        self.Reference(self.info)
        self.Outlines.prepare(self, canvas)
        if self.Outlines.ready < 0:
            self.Catalog.Outlines = None
        self.encrypt.prepare(self)
        cifrado = self.encrypt.info()
        referencia_cifrado = self.Reference(cifrado) if cifrado else None
        numero = 1
        while numero in self.numberToId:  # el formato puede registrar objetos nuevos
            nombre = self.numberToId[numero]
            if nombre not in self._escritos:
                self._volcar(nombre)
            numero += 1
        ids = [self.numberToId[k] for k in range(1, numero)]
        xref = pdfdoc.PDFCrossReferenceTable()
        xref.addsection(0, ids)
        inicio_xref = self._escribir(xref.format(self))
        remate = pdfdoc.PDFTrailer(
            startxref=inicio_xref,
            Size=len(ids) + 1,
            Root=self.Reference(self.Catalog),
            Info=self.Reference(self.info),
            Encrypt=referencia_cifrado,
            ID=self.ID(),
        )
        self._escribir(remate.format(self))
        self._salida.flush()
