"""Documentos de ejemplo: la semilla (POA 2020) y un formato lleno por cada esquema."""
