"""Checks of the whole dataset that no batch can see: each is one SPARQL query over the store.

Each check yields results when a rule is broken: a case id used by two project IRIs (the IRI
scheme mints one project per case id, so two IRIs mean the data was mixed from different bases or
edited by hand).
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph

from ..mapping.vocab import DCT, FG
from .report import VIOLATION, ValidationResult

_UNIQUE_CASE_ID = f"""PREFIX fg: <{FG}> PREFIX dct: <{DCT}>
SELECT ?id (MIN(STR(?project)) AS ?first) (COUNT(DISTINCT ?project) AS ?count) WHERE {{
  ?project a fg:Project ; dct:identifier ?id }}
GROUP BY ?id HAVING (COUNT(DISTINCT ?project) > 1)"""


def dataset_results(store: pyoxigraph.Store) -> Iterator[ValidationResult]:
    """Yield the results of every dataset-level check."""
    for row in store.query(_UNIQUE_CASE_ID, use_default_graph_as_union=True):
        yield ValidationResult(
            VIOLATION, row["first"].value, "dct:identifier",
            f"case id is used by {row['count'].value} different projects; a case id must identify one project",
            value=f'"{row["id"].value}"', shape="dataset:unique-case-id")
