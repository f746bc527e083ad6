"""Exportadores integrados: se registran con los mismos ganchos que los de terceros."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, BinaryIO

from attrs import frozen

if TYPE_CHECKING:
    from transparencia_fmt.composicion import Composicion


@frozen
class ExportadorDeComposicion:
    """Exportador que compone el documento en bloques neutrales y los dibuja (DOCX, PDF)."""

    nombre: str
    extension: str
    descripcion: str
    #: Dibuja una `Composicion` en un flujo binario.
    dibujar: Callable[[Composicion, BinaryIO], None]

    def exportar(self, documento: Any, destino: BinaryIO) -> None:
        """Compone el documento y lo dibuja en `destino`."""
        from transparencia_fmt.composicion import componer

        self.dibujar(componer(documento), destino)

    def escribir_composicion(self, composicion: Composicion, destino: BinaryIO) -> None:
        """Dibuja una composición armada a mano (p. ej. el informe de seguimiento del POA)."""
        self.dibujar(composicion, destino)
