"""Project candidates from the EU Knowledge Graph behind Kohesio, with their scores.

The graph is a Wikibase (entities ``https://linkedopendata.eu/entity/Q…``, direct properties
``https://linkedopendata.eu/prop/direct/P…``). What the query relies on, read from the Kohesio
backend's public sources (ec-doris/kohesio-backend, ``ProjectController.java``: the ASK that checks
a project, ``FiltersGenerator.java``: the country items) and the Commission's per-country export
script: a project is ``P35 Q9934`` (instance of "project"), its country ``P32``, Sweden is ``Q11``, its
name in ``rdfs:label`` per language.

The operation's local identifier is kept under a country-specific external-id property (the export
script reads e.g. P833 for Czech, P1360 for Italian, P842 for Polish projects); the Swedish one could
not be confirmed from public sources, so the query does not name it: among Swedish projects it takes
any plain string value (``xsd:string``; labels and summaries are language-tagged and so excluded)
that equals our case id or ends with ``_`` + case id — the export's ``Operation_Local_Identifier`` of
Swedish projects is the programme's CCI code, ``_``, and the local case id
("2021SE05SFPR001_23-017-S01").

Score: 1.0 when both the local identifier and the Swedish title match exactly; 0.9 identifier only;
0.6 title only. Only 1.0 can be accepted automatically (``links.auto_accepted``).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..links import LinkRow
from .sparql import literal, select

BATCH = 40
"""Most projects per query."""

QUERY = """\
PREFIX kd: <https://linkedopendata.eu/entity/>
PREFIX kdt: <https://linkedopendata.eu/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?case ?project ?via ?label WHERE {{
  {{
    VALUES (?case ?title) {{ {titles} }}
    ?project rdfs:label ?title .
    BIND("title" AS ?via)
  }} UNION {{
    VALUES ?case {{ {cases} }}
    ?project kdt:P32 kd:Q11 ;
             kdt:P35 kd:Q9934 ;
             ?property ?identifier .
    FILTER(DATATYPE(?identifier) = xsd:string
           && (STR(?identifier) = ?case || STRENDS(STR(?identifier), CONCAT("_", ?case))))
    BIND("identifier" AS ?via)
  }}
  ?project kdt:P35 kd:Q9934 ;
           kdt:P32 kd:Q11 .
  OPTIONAL {{ ?project rdfs:label ?label . FILTER(LANG(?label) = "sv") }}
}}
"""


def score(via: set[str]) -> float:
    """Score a candidate matched ``via`` "identifier" and/or "title"."""
    if "identifier" in via:
        return 1.0 if "title" in via else 0.9
    return 0.6


def project_candidates(projects: Iterable[tuple[str, str]], endpoint: str, timeout: float) -> list[LinkRow]:
    """Ask ``endpoint`` for Kohesio projects matching each ``(case_id, title)``; return pending rows.

    ``LinkRow.key`` is the case id, ``name`` the title as printed; an empty title (a case known only from
    an amendment) is looked up by identifier alone. Raises ``LinkError`` when the endpoint fails.
    """
    titles: dict[str, str] = {}
    for case_id, title in projects:
        titles.setdefault(case_id.strip(), " ".join(title.split()))
    cases = sorted(titles)
    found: dict[tuple[str, str], dict] = {}
    for start in range(0, len(cases), BATCH):
        batch = cases[start:start + BATCH]
        query = QUERY.format(
            titles=" ".join(f"({literal(case)} {literal(titles[case], 'sv')})" for case in batch if titles[case]),
            cases=" ".join(literal(case) for case in batch))
        for row in select(endpoint, query, timeout):
            if row.get("case") not in titles:
                continue
            entry = found.setdefault((row["case"], row["project"]), {"via": set(), "label": ""})
            entry["via"].add(row.get("via", ""))
            entry["label"] = entry["label"] or row.get("label", "")
    rows = [LinkRow(case, titles[case], project, entry["label"], score(entry["via"]))
            for (case, project), entry in found.items()]
    return sorted(rows, key=lambda r: (r.key, -r.score, r.candidate))
