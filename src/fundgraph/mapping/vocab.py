"""Namespaces used by fundgraph's graphs. ``FG`` is fundgraph's own vocabulary (ontology/fundgraph.ttl)."""

from __future__ import annotations

FG = "https://w3id.org/fundgraph/ns#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
REGORG = "http://www.w3.org/ns/regorg#"
SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
EURIO = "http://data.europa.eu/s66#"
KOHESIO_PROP = "https://linkedopendata.eu/prop/direct/"
NUTS = "http://data.europa.eu/nuts/code/"
WD = "http://www.wikidata.org/entity/"
EU_PROGRAMME = "http://publications.europa.eu/resource/authority/eu-programme/"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
SPDX = "http://spdx.org/rdf/terms#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES: dict[str, str] = {
    "fg": FG, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "dct": DCT, "dcat": DCAT,
    "foaf": FOAF, "org": ORG, "regorg": REGORG, "schema": SCHEMA, "prov": PROV, "eurio": EURIO,
    "kohesio": KOHESIO_PROP, "nuts": NUTS, "wd": WD, "euprog": EU_PROGRAMME, "void": VOID, "sd": SD,
    "spdx": SPDX, "vcard": VCARD,
}
"""Prefixes written into dumps and offered to SPARQL queries (``PREFIXES`` in the query page)."""
