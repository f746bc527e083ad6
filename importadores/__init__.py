"""Importadores integrados: se registran por el mismo grupo de entry points que los de terceros."""
