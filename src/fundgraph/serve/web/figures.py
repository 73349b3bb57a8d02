"""The dataset's figures as computed at publish time (``figures.json``), read by the pages.

Pages never aggregate the whole dataset per request (team rule): totals come from here, and so do the
values offered by the browse filters (every fund, priority, municipality and beneficiary that has
projects), which makes them a whitelist for filter parameters. The shape is the publish stage's
(``fundgraph.publish``, see its ``figures.json`` description): totals by currency and lists
``by_fund``, ``by_priority``, ``by_municipality``, ``by_county``, ``by_beneficiary`` sorted by granted
amount, each entry with ``iri``, ``label``, its key (``code``, ``number``, ``kommunkod``, ``code``,
``key``), ``projects``, ``granted_amount`` and ``total_budget`` (decimal strings by currency),
``projects_with_budget``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...publish.folder import FIGURES_JSON


@dataclass(frozen=True)
class Facet:
    """One kind of filter: its URL parameter, its list in figures.json and the entry key naming a value."""

    param: str
    figures_list: str
    key: str


FACETS: tuple[Facet, ...] = (
    Facet("fund", "by_fund", "code"),
    Facet("priority", "by_priority", "number"),
    Facet("municipality", "by_municipality", "kommunkod"),
    Facet("beneficiary", "by_beneficiary", "key"),
)
FACET_BY_PARAM = {facet.param: facet for facet in FACETS}


class Figures:
    """Read-only view of one ``figures.json``; ``data`` is the parsed JSON object."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self._index = {
            facet.param: {str(entry[facet.key]): entry for entry in data.get(facet.figures_list, [])}
            for facet in FACETS}
        self._by_iri = {facet.param: {entry["iri"]: entry for entry in self._index[facet.param].values()
                                      if entry.get("iri")}
                        for facet in FACETS}

    @classmethod
    def load(cls, publication_dir: Path) -> "Figures | None":
        """Return the figures of a published folder, or None if it has no ``figures.json``.

        Raises ValueError if the file is not valid JSON.
        """
        path = Path(publication_dir) / FIGURES_JSON
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return cls(json.loads(text))

    def __getitem__(self, name: str) -> Any:
        return self.data[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def entries(self, param: str) -> list[dict[str, Any]]:
        """All entries of a facet ("fund", "priority", "municipality", "beneficiary"), largest amount first."""
        return list(self._index[param].values())

    def entry(self, param: str, value: str) -> dict[str, Any] | None:
        """The entry of facet ``param`` whose key is ``value`` (e.g. "municipality", "2482"), or None."""
        return self._index[param].get(str(value))

    def entry_by_iri(self, param: str, iri: str) -> dict[str, Any] | None:
        """The entry of facet ``param`` with IRI ``iri``, or None."""
        return self._by_iri[param].get(iri)
