"""Esquemas JSON de los formatos integrados (datos, no código)."""
