"""El catálogo de hallazgos de docs/hallazgos.md está completo (como el de frictionless):
todo código que el programa puede emitir está documentado, y no hay códigos de más."""

from __future__ import annotations

import ast
import re

from conftest import RAIZ

DOC = RAIZ / "docs" / "hallazgos.md"
FUENTES = [RAIZ / "src" / "transparencia_fmt", RAIZ / "exportadores", RAIZ / "importadores"]
_CODIGO = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
#: Funciones que reciben el código como primer argumento → severidad si no se da `severidad=`.
_CONSTRUCTORES = {"ErrorValidacion": "error", "_nuevo": "error", "advertir": "advertencia"}


def documentados() -> dict[str, str]:
    filas = re.findall(r"^\| `([a-z-]+)` \| (error|advertencia) \|", DOC.read_text("utf-8"), re.M)
    return dict(filas)


def _literales(nodo: ast.AST | None) -> set[str]:
    if isinstance(nodo, ast.Constant) and isinstance(nodo.value, str):
        return {nodo.value} if _CODIGO.match(nodo.value) else set()
    if isinstance(nodo, ast.IfExp):
        return _literales(nodo.body) | _literales(nodo.orelse)
    return set()


def emitidos() -> dict[str, set[str]]:
    """Código → módulos que lo emiten, leídos del código fuente (no de una lista a mano)."""
    codigos: dict[str, set[str]] = {}
    for carpeta in FUENTES:
        for modulo in carpeta.rglob("*.py"):
            arbol = ast.parse(modulo.read_text("utf-8"))
            for nodo in ast.walk(arbol):
                hallados: set[str] = set()
                if isinstance(nodo, ast.Call):
                    nombre = getattr(nodo.func, "id", None) or getattr(nodo.func, "attr", None)
                    if nombre in _CONSTRUCTORES and nodo.args:
                        hallados |= _literales(nodo.args[0])
                    for kw in nodo.keywords:
                        if kw.arg == "codigo":
                            hallados |= _literales(kw.value)
                elif isinstance(nodo, ast.Assign):
                    for destino, valor in _pares(nodo):
                        if destino == "codigo":
                            hallados |= _literales(valor)
                for c in hallados:
                    codigos.setdefault(c, set()).add(modulo.name)
    return codigos


def _pares(nodo: ast.Assign):
    for t in nodo.targets:
        if isinstance(t, ast.Name):
            yield t.id, nodo.value
        elif isinstance(t, ast.Tuple) and isinstance(nodo.value, ast.Tuple):
            for a, b in zip(t.elts, nodo.value.elts, strict=False):
                if isinstance(a, ast.Name):
                    yield a.id, b


def test_todo_codigo_emitido_esta_documentado():
    faltan = {c: sorted(m) for c, m in emitidos().items() if c not in documentados()}
    assert not faltan, f"Documente estos códigos en docs/hallazgos.md: {faltan}"


def test_no_hay_codigos_documentados_que_ya_no_existen():
    sobran = set(documentados()) - set(emitidos())
    assert not sobran, f"docs/hallazgos.md lista códigos que el programa ya no emite: {sobran}"


def test_la_lectura_encuentra_los_codigos_conocidos():
    """La búsqueda en el código no está vacía ni ciega (prueba de la prueba)."""
    codigos = emitidos()
    for c in ("requerido", "catalogo", "valor-no-convertible", "celda-sin-columna", "tipo"):
        assert c in codigos
    assert len(codigos) >= 25


def test_cada_fila_tiene_significado_ejemplo_y_arreglo():
    for linea in DOC.read_text("utf-8").splitlines():
        if linea.startswith("| `"):
            celdas = [c.strip() for c in linea.strip("|").split("|")]
            assert len(celdas) == 5 and all(celdas), linea


def severidades() -> dict[str, set[str]]:
    """Código → severidades con que se construye (la de `severidad=`, o «error» si no hay)."""
    resultado: dict[str, set[str]] = {}
    for carpeta in FUENTES:
        for modulo in carpeta.rglob("*.py"):
            for nodo in ast.walk(ast.parse(modulo.read_text("utf-8"))):
                if not isinstance(nodo, ast.Call):
                    continue
                nombre = getattr(nodo.func, "id", None) or getattr(nodo.func, "attr", None)
                codigos = (
                    _literales(nodo.args[0]) if nombre in _CONSTRUCTORES and nodo.args else set()
                )
                sev: set[str] = set()
                for kw in nodo.keywords:
                    if kw.arg == "codigo":
                        codigos |= _literales(kw.value)
                    if kw.arg == "severidad":
                        sev = {"?"} if not _literales(kw.value) else _literales(kw.value)
                for c in codigos:
                    resultado.setdefault(c, set()).update(
                        sev or {_CONSTRUCTORES.get(str(nombre), "error")}
                    )
    return resultado


def test_severidad_documentada_coincide_con_la_del_codigo():
    sev = severidades()
    for codigo, severidad in documentados().items():
        if codigo in sev and "?" not in sev[codigo]:
            assert severidad in sev[codigo], (codigo, severidad, sev[codigo])
