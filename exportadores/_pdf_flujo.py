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
    _ultimo_formato: bytes
    _plantilla: tuple[tuple[Any, ...], tuple[bytes, bytes] | None] | None

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
        datos = self._ultimo_formato = pdfdoc.PDFIndirectObject(nombre, objeto).format(self)
        self.idToOffset[nombre] = self._escribir(datos)
        self._escritos.add(nombre)
        self.idToObject[nombre] = None  # suelta el objeto; el nombre sigue registrado

    def volcar_pagina(self) -> None:
        """Escribe la última página añadida y los objetos nuevos que su formato registró
        (su flujo de contenido)."""
        paginas = self.Pages.pages
        pagina = paginas[-1]
        nombre = pagina.__InternalName__
        firma = _firma(pagina)
        plantilla = getattr(self, "_plantilla", None)
        if firma is not None and plantilla is not None and plantilla[0] == firma:
            self._volcar_como(nombre, pagina, plantilla[1])
        else:
            antes = self.objectcounter
            self._volcar(nombre)
            formato = self._ultimo_formato  # el de la página: lo que sigue lo reemplaza
            contenido = pagina.Contents
            numero = antes + 1
            while numero <= self.objectcounter:  # lo que el formato de la página registró
                self._volcar(self.numberToId[numero])
                numero += 1
            if firma is not None:
                self._plantilla = (firma, self._molde(nombre, contenido, formato))
        paginas[-1] = pdfdoc.PDFObjectReference(nombre)

    def _molde(self, nombre: str, contenido: Any, datos: bytes) -> tuple[bytes, bytes] | None:
        """El diccionario de página recién escrito (`datos`), partido donde va su flujo de
        contenido: las páginas siguientes con la misma firma sólo cambian ese número."""
        interno = getattr(contenido, "__InternalName__", None)
        if interno is None:
            return None
        numero = self.idToObjectNumberAndVersion[nombre][0]
        cabeza = b"%d 0 obj\n" % numero
        referencia = b"/Contents %d 0 R" % self.idToObjectNumberAndVersion[interno][0]
        if not datos.startswith(cabeza) or datos.count(referencia) != 1:
            return None
        antes, despues = datos[len(cabeza) :].split(referencia)
        return antes + b"/Contents ", b" 0 R" + despues

    def _volcar_como(self, nombre: str, pagina: Any, molde: tuple[bytes, bytes] | None) -> None:
        if molde is None:
            self._plantilla = None
            self.volcar_pagina()
            return
        directo = (
            pagina.compression
            and not pdfdoc.rl_config.pdfComments
            and isinstance(self.encrypt, pdfdoc.NoEncryption)
        )
        if directo:  # el flujo comprimido, escrito como lo escribiría PDFStream
            interno = self.Reference(_Reservado()).name
        else:
            flujo = pdfdoc.PDFStream(content=pagina.stream)
            if pagina.compression:
                flujo.filters = [pdfdoc.PDFZCompress]
            flujo.__Comment__ = "page stream"
            interno = self.Reference(flujo).name
        numero = self.idToObjectNumberAndVersion[nombre][0]
        n_flujo = self.idToObjectNumberAndVersion[interno][0]
        datos = b"%d 0 obj\n%s%d%s" % (numero, molde[0], n_flujo, molde[1])
        self.idToOffset[nombre] = self._escribir(datos)
        self._escritos.add(nombre)
        self.idToObject[nombre] = None
        if not directo:
            self._volcar(interno)
            return
        comprimido = pdfdoc.PDFZCompress.encode(pagina.stream)
        cabeza = b"%d 0 obj\n<<\n/Filter [ /FlateDecode ] /Length %d\n>>\nstream\n"
        self.idToOffset[interno] = self._escribir(
            cabeza % (n_flujo, len(comprimido)) + comprimido + b"endstream\nendobj\n"
        )
        self._escritos.add(interno)
        self.idToObject[interno] = None

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


def _firma(pagina: Any) -> tuple[Any, ...] | None:
    """Lo que decide el diccionario de una página, salvo su contenido; None si la página trae
    algo fuera de lo común (anotaciones, transparencias, sombreados, cajas, duración)."""
    if (
        pagina.Override_default_compilation
        or pagina.Contents
        or pagina.Resources
        or pagina.Annots
        or getattr(pagina, "ExtGState", None)
        or pagina._colorsUsed
        or getattr(pagina, "_shadingUsed", None)
        or pagina.Dur is not None
        or any(getattr(pagina, c, None) for c in ("CropBox", "ArtBox", "BleedBox", "TrimBox"))
        or (pagina.Trans is not None and pagina.Trans.dict)
        or pdfdoc.rl_config.useA85
    ):
        return None
    formas = tuple(pagina.XObjects.dict) if pagina.XObjects is not None else ()
    return (
        pagina.pagewidth,
        pagina.pageheight,
        pagina.Rotate,
        bool(pagina.hasImages),
        bool(pagina.compression),
        formas,
        pagina.Trans is None,
    )
