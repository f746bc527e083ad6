"""El arranque del programa `tfmt` sin el recolector de ciclos (gc).

Importar attrs, jsonschema-rs, pluggy y el catálogo crea decenas de miles de objetos que viven
lo que dura el proceso. El recolector los recorre una y otra vez mientras se importan, y otra
vez al salir: casi una décima parte de un `tfmt validar` pequeño. En el programa (`main()`
sin argumentos: el script `tfmt` y `python -m transparencia_fmt`), el arranque corre sin
recolector y lo creado se congela (`gc.freeze`): ninguna recolección posterior, ni la final,
lo vuelve a recorrer. Leer, validar y exportar los datos corre con el recolector como siempre.
Quien llama a `cli.main(argv)` desde su código no cambia nada de su proceso.
"""

from __future__ import annotations

import gc

#: Si esta corrida es el programa `tfmt` (lo decide `cli.main`).
en_programa = False


class sin_recolector:  # noqa: N801 - se usa como función: `with sin_recolector():`
    """Un tramo del arranque sin recolector; al terminar, lo creado queda congelado y el
    recolector vuelve. Fuera del programa, o con el recolector ya apagado, no hace nada.
    (Una clase y no `contextlib.contextmanager`: contextlib no entra al arranque.)"""

    def __enter__(self) -> None:
        self.apagado = en_programa and gc.isenabled()
        if self.apagado:
            gc.disable()

    def __exit__(self, *excepcion: object) -> None:
        if self.apagado:
            gc.freeze()
            gc.enable()
