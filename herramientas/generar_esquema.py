"""Herramienta de autoría: escribe un esquema a partir de una plantilla SIPOT real.

No la usa el programa: los esquemas en `esquemas/` son los datos. Sirve para transcribir
sin errores de dedo los títulos, tipos e ids de una plantilla de
`plantillas_sipot.json` (ver ../shared/referencia) y luego completar a mano los metadatos.

Uso: python herramientas/generar_esquema.py PLANTILLAS.json CONFIG.json
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

COMUNES = {
    "Ejercicio": "ejercicio",
    "Fecha de inicio del periodo que se informa": "periodo_inicio",
    "Fecha de término del periodo que se informa": "periodo_termino",
    "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información": (
        "area_responsable"
    ),
    "Fecha de validación": "fecha_validacion",
    "Fecha de actualización": "fecha_actualizacion",
    "Nota": "nota",
}
VACIAS = set(
    "de del la las los el y o u en a al que su sus se por para con lo le un una cada "
    "este criterio aplica partir 01 04 2023".split()
)
PREFIJO_2023 = "ESTE CRITERIO APLICA A PARTIR DEL 01/04/2023 -> "
REF = "../../comunes/documento.json#/$defs/"
CAT = "../../comunes/catalogos.json#/$defs/"
CATALOGOS_COMUNES = {
    ("Hombre", "Mujer"): "sexo",
    ("Mujer", "Hombre", "Mujeres y Hombres"): "sexo_poblacion",
    ("Si", "No"): "si_no",
}


def clave(titulo: str, usadas: set[str]) -> str:
    texto = titulo.replace(PREFIJO_2023, "")
    texto = re.sub(r"\(catálogo\)", "", texto)
    texto = re.sub(r"\(Redactad[oa]s? con perspectiva de género\)", "", texto)
    texto = texto.replace("ñ", "ni").replace("Ñ", "NI")
    texto = re.sub(r"\((?:[a-z]{1,3})\)", "", texto)  # del(os), indicador(es)
    texto = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode().lower()
    palabras = [p for p in re.findall(r"[a-z0-9]+", texto) if p not in VACIAS]
    base = "_".join(palabras[:5]) or "campo"
    nueva, n = base, 2
    while nueva in usadas:
        nueva, n = f"{base}_{n}", n + 1
    usadas.add(nueva)
    return nueva


def columna(campo: dict, requerido_por_defecto: bool) -> tuple[dict, bool]:
    titulo = campo["header"].split("\n")[0].strip()
    tipo = int(campo["type"])
    sipot = {"tipo": tipo}
    if campo.get("id"):
        sipot["id"] = campo["id"]
    prop: dict = {"title": titulo}
    if tipo == 9:
        valores = campo["catalog"][1] if campo.get("catalog") else []
        comun = CATALOGOS_COMUNES.get(tuple(valores))
        if comun:
            prop["$ref"] = CAT + comun
        else:
            prop["enum"] = valores
            prop["x-tipo"] = "catalogo"
    elif tipo in (4, 13):
        prop["$ref"] = REF + "fecha"
    elif tipo == 7:
        prop["$ref"] = REF + "hipervinculo"
    elif tipo == 6:
        prop["$ref"] = REF + "moneda"
    elif tipo == 3:
        prop["$ref"] = REF + "numero"
    elif tipo == 12:
        prop["$ref"] = REF + "anio"
    elif tipo == 1:
        prop["$ref"] = REF + "texto_corto"
    else:
        prop["$ref"] = REF + "texto_largo"
    prop["x-sipot"] = sipot
    requerido = requerido_por_defecto and "en su caso" not in titulo.lower()
    return prop, requerido


def tabla_secundaria(campos: list[dict]) -> dict:
    props, req, usadas = {}, [], set()
    for c in campos:
        if c["type"] == "ID":
            continue
        prop, r = columna(c, True)
        k = clave(prop["title"], usadas)
        props[k] = prop
        if r:
            req.append(k)
    return {
        "type": "object",
        "additionalProperties": False,
        "required": req,
        "properties": props,
    }


def generar(plantilla: dict, cfg: dict) -> dict:
    props, req, usadas, comunes = {}, [], {"nota"}, {}
    for campo in plantilla["fields"]:
        titulo = campo["header"].split("\n")[0].strip()
        k_comun = COMUNES.get(titulo) or COMUNES.get(titulo.capitalize())
        if k_comun is None and titulo.lower() == "fecha de actualización":
            k_comun = "fecha_actualizacion"
        if k_comun:
            info = {"tipo": int(campo["type"]), "id": campo["id"]}
            if titulo not in COMUNES:
                info["titulo"] = titulo  # la plantilla lo escribe distinto
            comunes[k_comun] = info
            continue
        if int(campo["type"]) == 10:
            tabla_id = "Tabla_" + campo["id"]
            campos = plantilla["tables"][tabla_id]
            prop = {
                "title": titulo,
                "type": "array",
                "items": tabla_secundaria(campos),
                "x-tipo": "tabla",
                "x-sipot": {"tipo": 10, "id": campo["id"], "tabla": tabla_id},
            }
            props[clave(titulo, usadas)] = prop
            continue
        prop, r = columna(campo, True)
        k = clave(titulo, usadas)
        props[k] = prop
        if r:
            req.append(k)
    props["nota"] = {"$ref": REF + "nota"}
    fid = cfg["id"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://esquemas.transparencia-fmt.mx/lgtaip/art70/{fid}.json",
        "title": cfg.get("titulo", plantilla["title"]),
        "description": plantilla["desc"].strip(),
        "x-formato": {
            "id": fid,
            "nombre_corto": cfg["nombre_corto"],
            "tipo": "tabular",
            "generacion": "2023",
            "fundamento": cfg["fundamento"],
            "periodicidad": cfg["periodicidad"],
            "conservacion": cfg["conservacion"],
            "sipot": {"id_formato": plantilla["format_id"], "comunes": comunes},
        },
        "x-fuente": cfg["fuente"],
        "type": "object",
        "allOf": [{"$ref": "../../comunes/documento.json#/$defs/documento"}],
        "properties": {
            "formato": {"const": fid},
            "registros": {"type": "array", "items": {"$ref": "#/$defs/registro"}},
        },
        "required": ["registros"],
        "unevaluatedProperties": False,
        "$defs": {
            "registro": {
                "type": "object",
                "additionalProperties": False,
                "required": req,
                "properties": props,
            }
        },
    }


def main() -> None:
    plantillas = {p["short"]: p for p in json.loads(Path(sys.argv[1]).read_text("utf-8"))}
    for cfg in json.loads(Path(sys.argv[2]).read_text("utf-8")):
        esquema = generar(plantillas[cfg["plantilla"]], cfg)
        registro = esquema["$defs"]["registro"]
        for viejo, nuevo in cfg.get("renombrar", {}).items():
            registro["properties"] = {
                (nuevo if k == viejo else k): v for k, v in registro["properties"].items()
            }
            registro["required"] = [nuevo if k == viejo else k for k in registro["required"]]
        destino = Path(cfg["destino"])
        destino.write_text(json.dumps(esquema, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(destino)


if __name__ == "__main__":
    main()
