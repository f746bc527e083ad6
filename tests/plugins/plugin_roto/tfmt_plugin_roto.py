"""No importa: simula un plugin con una dependencia que falta."""

import modulo_que_no_existe_en_ninguna_parte  # noqa: F401
