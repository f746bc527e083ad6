"""Herramienta de autoría: escribe un esquema a partir de una plantilla SIPOT real.

No la usa el programa: los esquemas en `esquemas/` son los datos. Sirve para transcribir
sin errores de dedo los títulos, tipos e ids de una plantilla de
`plantillas_sipot.json` (ver ../shared/referencia) y luego completar a mano los metadatos.

Uso: python herramientas/generar_esquema.py PLANTILLAS.json CONFIG.json
     python herramientas/generar_esquema.py --sipot-2025 PLANTILLAS_2025.json [ID ...]
     python herramientas/generar_esquema.py --regla-de-texto [ESQUEMA.json ...]

Todo esquema que escribe lleva la regla de texto (`con_regla_de_texto`): cada texto rechaza
los caracteres que XML/DOCX/PDF no admiten y cada texto obligatorio, además, el blanco. La
tercera forma se la pone a esquemas ya escritos (por omisión, a todos los de `esquemas/`,
también los hechos a mano) sin tocar lo demás.

La segunda forma lee ``plantillas_sipot_2025.json`` (forma: ``tables`` es una lista de hojas) y
deriva la configuración de cada plantilla (id nacional, nombre corto, generación); los ajustes
a mano van en ``formatos_sipot_2025.json`` (por id). Ver `config_2025`.

CONFIG es una lista de objetos: ``plantilla`` (nombre corto dentro de PLANTILLAS o ruta a un
JSON con la misma forma: title, desc, format_id, fields[], tables{}), ``id``,
``nombre_corto``, ``fraccion``, ``inciso`` y ``articulo`` (70 por omisión), ``fuente``; y
opcionalmente ``titulo``, ``fundamento``, ``periodicidad``, ``conservacion``, ``renombrar``.
Lo que falte de periodicidad y conservación se toma de ``metadatos_fracciones.json``.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from transparencia_fmt.validacion_rs import (
    PATRON_LIMPIO,
    PATRON_OBLIGATORIO,
    PATRONES_TEXTO,
    PATRONES_YA_LIMPIOS,
)

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
AQUI = Path(__file__).resolve().parent
_CATALOGOS = json.loads((AQUI.parent / "esquemas/comunes/catalogos.json").read_text("utf-8"))
CATALOGOS_COMUNES = {tuple(v["enum"]): k for k, v in _CATALOGOS["$defs"].items()}
#: Catálogos que la plantilla dejó vacíos (apuntaban a otro libro): se reconocen por el título.
POR_TITULO = (
    ("vialidad", "tipo_vialidad"),
    ("asentam", "tipo_asentamiento"),  # una plantilla dice «asentamineto»
    ("entidad federativa", "entidad_federativa"),
    ("sexo", "sexo"),
)
METADATOS = json.loads((AQUI / "metadatos_fracciones.json").read_text("utf-8"))
#: Periodicidad y conservación por formato (incisos y 71-I), con su fuente; mandan sobre la
#: de la fracción.
METADATOS_FORMATO = json.loads((AQUI / "metadatos_formatos.json").read_text("utf-8"))
AJUSTES_2025 = AQUI / "formatos_sipot_2025.json"


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


def encabezado(campo: dict) -> str:
    """El encabezado oficial tal cual (espacios finales incluidos), sin la línea «Tabla_n»."""
    return campo["header"].split("\n")[0]


def columna(campo: dict, requerido_por_defecto: bool, con_id: bool = True) -> tuple[dict, bool]:
    titulo = encabezado(campo).strip()
    tipo = int(campo["type"])
    sipot: dict = {"tipo": tipo}
    if campo.get("id") and con_id:
        sipot["id"] = campo["id"]
    if encabezado(campo) != titulo:
        sipot["encabezado"] = encabezado(campo)
    prop: dict = {"title": titulo}
    if tipo == 9:
        valores = campo["catalog"][1] if campo.get("catalog") else []
        comun = CATALOGOS_COMUNES.get(tuple(valores))
        if not valores:
            comun = next((c for k, c in POR_TITULO if k in titulo.lower()), None)
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
        # «Ampliación / (Reducciones)» lleva reducciones en negativo
        prop["$ref"] = REF + ("moneda_con_signo" if "(Reducciones)" in titulo else "moneda")
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


_PERSONA = re.compile(
    r"^(nombre\s*\(s\)|nombre completo|primer apellido|segundo apellido|"
    r"denominaci[oó]n social|raz[oó]n social)",
    re.I,
)
_MORAL = re.compile(r"(denominaci[oó]n|raz[oó]n) social", re.I)


def persona_o_razon_social(props: dict, req: list[str]) -> list[str]:
    """Donde hay nombre y apellidos (persona física) y razón social (moral), se llena uno u
    otro: ninguno es obligatorio por sí solo (una celda vacía no es un error)."""
    titulos = {k: v.get("title", "") for k, v in props.items()}
    if not any(_MORAL.search(t) for t in titulos.values()):
        return req
    return [k for k in req if not _PERSONA.match(titulos.get(k, ""))]


def tabla_secundaria(campos: list[dict], con_id: bool = True) -> dict:
    props, req, usadas = {}, [], set()
    for c in campos:
        if c["type"] in ("ID", None):
            continue
        prop, r = columna(c, True, con_id)
        k = clave(prop["title"], usadas)
        props[k] = prop
        if r:
            req.append(k)
    return {
        "type": "object",
        "additionalProperties": False,
        "required": persona_o_razon_social(props, req),
        "properties": props,
    }


def con_regla_de_texto(nodo: object, requerido: bool = False) -> None:
    """Pone la regla de texto en cada texto de `nodo` (un esquema sin resolver), en su lugar.

    Un texto libre lleva `pattern` = PATRON_LIMPIO (sin controles); si es obligatorio,
    PATRON_OBLIGATORIO (además, no sólo espacios). Una propiedad obligatoria que apunta a un
    tipo de texto libre (`$ref` a texto_corto…) lleva el patrón obligatorio junto al `$ref`.
    Un texto con su propio patrón lo conserva y lleva la regla en `allOf`. Los catálogos
    (enum/const) no la necesitan: sus valores son fijos."""
    if isinstance(nodo, list):
        for x in nodo:
            con_regla_de_texto(x)
        return
    if not isinstance(nodo, dict):
        return
    obligatorias = (
        set(nodo.get("required") or ()) if isinstance(nodo.get("required"), list) else set()
    )
    for k, v in nodo.items():
        if k in ("enum", "const", "examples", "default") or k.startswith("x-"):
            continue
        if k in ("properties", "$defs") and isinstance(v, dict):
            for kk, vv in v.items():
                con_regla_de_texto(vv, k == "properties" and kk in obligatorias)
        else:
            con_regla_de_texto(v)
    tipo = nodo.get("type")
    tipos = {tipo} if isinstance(tipo, str) else set(tipo) if isinstance(tipo, list) else set()
    patron = PATRON_OBLIGATORIO if requerido else PATRON_LIMPIO
    if "string" in tipos and not {"enum", "const"} & nodo.keys():
        _poner_regla(nodo, patron)
    elif requerido and str(nodo.get("$ref", "")).rsplit("/", 1)[-1] in TEXTOS_LIBRES:
        nodo["pattern"] = PATRON_OBLIGATORIO


#: Tipos de `comunes/documento.json` que son texto libre (llevan PATRON_LIMPIO).
TEXTOS_LIBRES = ("texto_corto", "texto_largo", "area_responsable", "nota")


def _poner_regla(nodo: dict, patron: str) -> None:
    actual = nodo.get("pattern")
    if actual is None or actual in PATRONES_TEXTO:
        nodo["pattern"] = patron
    elif actual not in PATRONES_YA_LIMPIOS:  # fecha y huella sólo admiten ASCII visible
        otros = [x for x in nodo.get("allOf", []) if x.get("pattern") not in PATRONES_TEXTO]
        nodo["allOf"] = [*otros, {"pattern": patron}]


def main_regla_de_texto(archivos: list[str]) -> None:
    rutas = [Path(a) for a in archivos] or sorted((AQUI.parent / "esquemas").rglob("*.json"))
    for archivo in rutas:
        texto = archivo.read_text("utf-8")
        esquema = json.loads(texto)
        con_regla_de_texto(esquema)
        if esquema != json.loads(texto):  # sólo se reescribe lo que cambia
            archivo.write_text(json.dumps(esquema, ensure_ascii=False, indent=1) + "\n", "utf-8")
            print(archivo)


def generar(plantilla: dict, cfg: dict) -> dict:
    props, req, usadas, comunes = {}, [], {"nota"}, {}
    # Plantilla estatal: sus ids (de formato, campo y tabla) son del estado y van a x-fuente.
    con_id = cfg.get("ids_nacionales", True)
    for campo in plantilla["fields"]:
        titulo = encabezado(campo).strip()
        k_comun = COMUNES.get(titulo) or COMUNES.get(titulo.capitalize())
        if k_comun is None and titulo.lower() == "fecha de actualización":
            k_comun = "fecha_actualizacion"
        if k_comun:
            info = {"tipo": int(campo["type"])}
            if con_id:
                info["id"] = campo.get("id")
            if titulo not in COMUNES:
                info["titulo"] = titulo  # la plantilla lo escribe distinto
            if encabezado(campo) != titulo:
                info["encabezado"] = encabezado(campo)
            comunes[k_comun] = info
            continue
        if int(campo["type"]) == 10:
            # Sin id SIPOT conocido, la plantilla investigada nombra su tabla en «tabla».
            tabla_id = f"Tabla_{campo['id']}" if campo.get("id") else campo["tabla"]
            campos = plantilla["tables"][tabla_id]
            sipot = {"tipo": 10}
            if con_id:
                sipot["tabla"] = tabla_id
            if campo.get("id") and con_id:
                sipot["id"] = campo["id"]
            if encabezado(campo) != titulo:
                sipot["encabezado"] = encabezado(campo)
            prop = {
                "title": titulo,
                "type": "array",
                "items": tabla_secundaria(campos, con_id),
                "x-tipo": "tabla",
                "x-sipot": sipot,
            }
            props[clave(titulo, usadas)] = prop
            continue
        prop, r = columna(campo, True, con_id)
        k = clave(titulo, usadas)
        props[k] = prop
        if r:
            req.append(k)
    props["nota"] = {"$ref": REF + "nota"}
    fid = cfg["id"]
    articulo = int(cfg.get("articulo", 70))
    fraccion = cfg.get("fraccion")
    meta = METADATOS.get(fraccion, {}) if articulo == 70 else {}
    meta = {**meta, **METADATOS_FORMATO.get(cfg["id"], {})}
    fundamento = cfg.get("fundamento")
    if fundamento is None:
        fundamento = [
            {"ley": "LGTAIP 2015", "articulo": articulo, "fraccion": fraccion, "verificado": True}
        ]
        if cfg.get("inciso"):
            fundamento[0]["inciso"] = cfg["inciso"]
        if meta.get("art65"):
            fundamento.append(
                {
                    "ley": "LGTAIP 2025",
                    "articulo": 65,
                    "fraccion": meta["art65"],
                    "verificado": False,
                    "fuente": "reforma_2025_jalisco.md §1.3 (correspondencia inferida)",
                }
            )
    sin_dato = {
        "valor": None,
        "nota": (
            "Sin fuente: ni formatos_ltg.md ni periodos_ltg_corroborados.json la dan para este "
            "formato; pendiente de verificar en la Tabla de actualización y conservación del LTG"
        ),
        "fuente": None,
    }
    periodicidad = cfg.get("periodicidad") or meta.get("periodicidad") or sin_dato
    conservacion = cfg.get("conservacion") or meta.get("conservacion") or sin_dato
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://esquemas.transparencia-fmt.mx/lgtaip/art{articulo}/{fid}.json",
        "title": cfg.get("titulo", plantilla["title"]),
        "description": (plantilla.get("desc") or "").strip(),
        "x-formato": {
            "id": fid,
            "nombre_corto": cfg.get("nombre_corto"),
            "tipo": "tabular",
            "generacion": cfg.get("generacion", "vigente"),
            "fundamento": fundamento,
            "periodicidad": periodicidad,
            "conservacion": conservacion,
            "sipot": {
                "id_formato": plantilla["format_id"] if con_id else None,
                "comunes": comunes,
            },
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
                "required": persona_o_razon_social(props, req),
                "properties": props,
            }
        },
    }


def normalizar_2025(p: dict) -> dict:
    """Plantilla de ``plantillas_sipot_2025.json`` → la forma de ``plantillas_sipot.json``."""
    tablas = {t["sheet"]: t["fields"] for t in p.get("tables", [])}
    return {**p, "tables": tablas}


def _nacional(p: dict) -> bool:
    """La plantilla lleva el nombre corto nacional: sus ids son los del SIPOT nacional."""
    return p["short"].strip() == p["nombre_corto_nacional"]


def _ids_estatales(p: dict) -> dict:
    """Ids de la plantilla estatal en orden de columna: se comparan, no se publican."""
    return {
        "nombre_corto": p["short"],
        "id_formato": p["format_id"],
        "ids_campos": [c.get("id") for c in p["fields"]],
        "tablas": {
            t["sheet"]: [c.get("id") for c in t["fields"] if c["type"] is not None]
            for t in p.get("tables", [])
        },
    }


def id_2025(p: dict) -> str:
    """Id estable: el nacional; en 71-I, los formatos 2.º, 3.º… de un inciso llevan `_<orden>`."""
    orden = p.get("orden_en_el_inciso")
    return p["formato_nacional"] + (f"_{orden}" if orden and int(orden) > 1 else "")


def config_2025(p: dict, ajustes: dict) -> dict:
    fid = id_2025(p)
    m = re.fullmatch(r"LGT_Art_(\d+)_Fr_([IVXL]+)(?:_([a-z]))?", p["formato_nacional"])
    assert m, p["formato_nacional"]
    articulo, fraccion, inciso = int(m[1]), m[2], m[3]
    nacional = _nacional(p)
    orden = p.get("orden_en_el_inciso")
    generacion = "2018" if p["generacion"] == "2018" else "vigente"
    fuente: dict = {
        "columnas": (
            f"Plantilla SIPOT real «{p['short'].strip()}» (id de formato {p['format_id']}), "
            f"{'nacional' if nacional else 'copia estatal'} del formato "
            f"{p['nombre_corto_nacional']}; generación {p['generacion']} de los LTG"
        ),
        "archivo": "../shared/referencia/plantillas_sipot_2025.json",
        "repositorio": p["fuente"]["repo"],
        "ruta": p["fuente"]["path"],
        "commit": p["fuente"]["commit"],
        "evidencia": p["fuente"]["evidence"],
        "confianza": p["fuente"]["confidence"],
    }
    if not nacional:
        fuente["plantilla_estatal"] = _ids_estatales(p)
    cfg: dict = {
        "id": fid,
        "nombre_corto": None if orden and int(orden) > 1 else p["nombre_corto_nacional"],
        "articulo": articulo,
        "fraccion": fraccion,
        "titulo": p["title"].strip(),
        "generacion": generacion,
        "ids_nacionales": nacional,
        "fuente": fuente,
    }
    if inciso:
        cfg["inciso"] = inciso
    if orden:
        fuente["orden_en_el_inciso"] = int(orden)
    return {**cfg, **ajustes.get(fid, {})}


def main_2025(ruta: Path, solo: list[str]) -> None:
    ajustes = json.loads(AJUSTES_2025.read_text("utf-8")) if AJUSTES_2025.exists() else {}
    for p in json.loads(ruta.read_text("utf-8")):
        cfg = config_2025(p, ajustes)
        if solo and cfg["id"] not in solo:
            continue
        esquema = generar(normalizar_2025(p), cfg)
        if not cfg["ids_nacionales"]:
            esquema["x-formato"]["sipot"].pop("id_formato")
        destino = AQUI.parent / f"esquemas/lgtaip/art{cfg['articulo']}/{cfg['id']}.json"
        con_regla_de_texto(esquema)
        destino.write_text(json.dumps(esquema, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(destino)


def anotar_encabezados(esquema: dict, plantilla: dict) -> int:
    """Agrega ``x-sipot.encabezado`` (texto oficial exacto) a un esquema ya escrito, sin
    regenerarlo: los esquemas de la primera tanda tienen ajustes a mano que se conservan."""
    registro = esquema["$defs"]["registro"]["properties"]
    comunes = esquema["x-formato"]["sipot"]["comunes"]
    propias = [k for k in registro if k != "nota"]
    cambios, i = 0, 0
    for campo in plantilla["fields"]:
        titulo = encabezado(campo).strip()
        k_comun = COMUNES.get(titulo) or COMUNES.get(titulo.capitalize())
        if k_comun:
            if encabezado(campo) != titulo and k_comun in comunes:
                comunes[k_comun]["encabezado"] = encabezado(campo)
                cambios += 1
            continue
        prop = registro[propias[i]]
        i += 1
        if encabezado(campo) != titulo:
            prop.setdefault("x-sipot", {})["encabezado"] = encabezado(campo)
            cambios += 1
        if int(campo["type"]) == 10:
            tabla = plantilla["tables"][f"Tabla_{campo['id']}"]
            subs = list(prop["items"]["properties"].values())
            propias_t = [c for c in tabla if c["type"] not in ("ID", None)]
            for sub, c in zip(subs, propias_t, strict=True):
                if encabezado(c) != encabezado(c).strip():
                    sub.setdefault("x-sipot", {})["encabezado"] = encabezado(c)
                    cambios += 1
    return cambios


def main_encabezados(ruta: Path) -> None:
    plantillas = {p["format_id"]: p for p in json.loads(ruta.read_text("utf-8"))}
    for archivo in sorted((AQUI.parent / "esquemas/lgtaip").rglob("*.json")):
        esquema = json.loads(archivo.read_text("utf-8"))
        id_formato = (esquema["x-formato"].get("sipot") or {}).get("id_formato")
        if id_formato not in plantillas:
            continue
        if anotar_encabezados(esquema, plantillas[id_formato]):
            archivo.write_text(json.dumps(esquema, ensure_ascii=False, indent=1) + "\n", "utf-8")
            print(archivo)


def main() -> None:
    if sys.argv[1] == "--regla-de-texto":
        main_regla_de_texto(sys.argv[2:])
        return
    if sys.argv[1] == "--encabezados":
        main_encabezados(Path(sys.argv[2]))
        return
    if sys.argv[1] == "--sipot-2025":
        main_2025(Path(sys.argv[2]), sys.argv[3:])
        return
    plantillas = {p["short"]: p for p in json.loads(Path(sys.argv[1]).read_text("utf-8"))}
    for cfg in json.loads(Path(sys.argv[2]).read_text("utf-8")):
        origen = cfg["plantilla"]
        if origen in plantillas:
            plantilla = plantillas[origen]
        else:
            plantilla = json.loads((Path(sys.argv[2]).parent / origen).read_text("utf-8"))
        esquema = generar(plantilla, cfg)
        registro = esquema["$defs"]["registro"]
        for viejo, nuevo in cfg.get("renombrar", {}).items():
            registro["properties"] = {
                (nuevo if k == viejo else k): v for k, v in registro["properties"].items()
            }
            registro["required"] = [nuevo if k == viejo else k for k in registro["required"]]
        articulo = int(cfg.get("articulo", 70))
        destino = Path(
            cfg.get("destino") or AQUI.parent / f"esquemas/lgtaip/art{articulo}/{cfg['id']}.json"
        )
        destino.parent.mkdir(parents=True, exist_ok=True)
        con_regla_de_texto(esquema)
        destino.write_text(json.dumps(esquema, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(destino)


if __name__ == "__main__":
    main()
