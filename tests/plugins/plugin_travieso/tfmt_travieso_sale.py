"""Sale del programa al importarse: no debe cambiar el código de salida de tfmt."""

import sys

sys.exit(0)
