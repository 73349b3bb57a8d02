"""Example SPARQL queries offered on the landing page and in the SPARQL editor.

Each shows one way into the data model (see the ontology): aggregates by fund, a municipality's projects
by its SCB kommunkod, beneficiaries by their projects. Titles are keys of ``i18n.TEXTS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .sparql_text import prologue


@dataclass(frozen=True)
class Example:
    """An example query: ``key`` (also the i18n key of its title) and the SPARQL ``query`` text."""

    key: str
    query: str


EXAMPLES: tuple[Example, ...] = (
    Example("example_count", prologue("fg", "schema", "skos") + """\
SELECT ?fund (SAMPLE(?label) AS ?fundLabel) (COUNT(?project) AS ?projects) (SUM(?granted) AS ?grantedAmount)
WHERE {
  ?project a fg:Project ;
    fg:fund ?fund ;
    fg:grantedAmount/schema:value ?granted .
  ?fund skos:prefLabel ?label .
  FILTER (LANG(?label) = "sv")
}
GROUP BY ?fund
ORDER BY DESC(?grantedAmount)
"""),
    Example("example_municipality", prologue("fg", "dct", "schema", "skos") + """\
# Skellefteå has kommunkod 2482 (SCB)
SELECT ?project ?title ?granted
WHERE {
  ?municipality skos:notation "2482" ; a fg:Municipality .
  ?project fg:municipality ?municipality ;
    dct:title ?title ;
    fg:grantedAmount/schema:value ?granted .
}
ORDER BY DESC(?granted)
"""),
    Example("example_beneficiary", prologue("fg", "rdfs") + """\
SELECT ?beneficiary (MIN(?name) AS ?beneficiaryName) (COUNT(DISTINCT ?project) AS ?projects)
WHERE {
  ?project a fg:Project ; fg:beneficiary ?beneficiary .
  ?beneficiary rdfs:label ?name .
}
GROUP BY ?beneficiary
ORDER BY DESC(?projects) ?beneficiaryName
LIMIT 10
"""),
)
