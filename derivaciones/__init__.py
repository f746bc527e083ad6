"""Derivaciones integradas (plugins del gancho ``registrar_derivaciones``)."""
