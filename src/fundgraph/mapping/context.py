"""The state one mapping run shares between records and lists: reference tables, term caches,
and which shared nodes each document graph already holds."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from ..config import Settings
from ..errors import MappingError
from ..extract.records import ProjectRecord
from . import iris
from .funds import Fund, Funds
from .names import ascii_slug
from .nuts import NutsTable
from .organisations import organisation_triples
from .places import Places, place_iri
from .reference import publisher_iri
from .terms import FG_UnlinkedConcept, RDF_type, SKOS_Concept, SKOS_inScheme, SKOS_prefLabel

_SCHEME_OF = {"municipality": "municipalities", "county": "counties", "fund": "funds"}


class MappingContext:
    """Reference tables, term caches and what was already written, shared by the ``map_records``
    calls that build one dataset (so that a node used by many records or lists is described once
    per document graph). Not thread-safe; one per mapping run.
    """

    def __init__(self, settings: Settings, *, places: Places | None = None, funds: Funds | None = None):
        self.settings = settings
        self.base = settings.base_iri
        self.places = places or Places.load()
        self.funds = funds or Funds.load()
        self.publisher = NamedNode(publisher_iri(settings, self.places))
        self.period = settings.programming_period
        """The programming period in which the list being mapped names its funds ("2014-2020"): the setting's,
        unless the caller sets the list's own (publish does, from ``periods.list_period``)."""
        self.fund_periods = frozenset(f.period for f in self.funds.funds if f.period)
        """The periods the funds table covers."""
        self.language = "sv"
        """The language (ISO 639-1) of the list being mapped, which tags its texts (``text``): Swedish, the
        language of the lists fundgraph began with, unless the caller sets the list's own (publish does, from
        ``ExtractedList.language``)."""
        self._concepts: dict[tuple[str, str, str], NamedNode] = {}
        self._organisations: dict[str, tuple[NamedNode, tuple[Quad, ...]]] = {}
        self._written: set[tuple] = set()
        self._unlinked: set[NamedNode] = set()
        self.schemes = {k: NamedNode(iris.scheme(self.base, k))
                         for k in ("municipalities", "counties", "funds", "priorities")}
        self.nuts = NutsTable.load()
        # The reference quads describe the Swedish counties' NUTS regions already (reference.reference_quads).
        for county in self.places.counties:
            for code in (county.nuts3, county.nuts2, county.nuts1):
                self.first_time("nuts", code)

    def first_time(self, *key) -> bool:
        """True the first time ``key`` is seen (then remembered)."""
        if key in self._written:
            return False
        self._written.add(key)
        return True

    def concept(self, kind: str, printed: str, record: ProjectRecord) -> tuple[NamedNode, list[Quad]]:
        """The concept a printed ``kind`` value ("municipality", "county", "fund") means, and quads to add.

        Raises MappingError naming document, page and value when nothing matches, unless
        ``allow_unknown_concepts`` is set: then an unlinked concept is minted from the value's key
        and described (once per dataset, in the default graph) as a fg:UnlinkedConcept in its scheme.
        """
        key = (kind, printed, self.period if kind == "fund" else "")
        node = self._concepts.get(key)
        if node is None:
            node = self._resolve(kind, printed)
            if node is None:
                if not self.settings.allow_unknown_concepts:
                    pages = record.source.pages
                    raise MappingError(
                        f"{kind} of project {record.case_id or record.title or record.beneficiary!r} matches no reference concept "
                        f"(set allow_unknown_concepts to publish it unlinked)",
                        document=record.source.document or None, page=pages[0] if pages else None, value=printed)
                node = NamedNode(iris.unlinked_concept(self.base, kind, ascii_slug(printed) or "empty"))
                self._unlinked.add(node)
            self._concepts[key] = node
        if node not in self._unlinked or not self.first_time("unlinked", node, printed):
            return node, []
        scheme = self.schemes[_SCHEME_OF[kind]]
        return node, [Quad(node, RDF_type, SKOS_Concept), Quad(node, RDF_type, FG_UnlinkedConcept),
                      Quad(node, SKOS_inScheme, scheme), Quad(node, SKOS_prefLabel, self.text(printed))]

    def _resolve(self, kind: str, printed: str) -> NamedNode | None:
        if kind == "fund":
            fund = self.fund(printed)
            return NamedNode(iris.fund(self.base, fund.code)) if fund else None
        place = self.places.municipality(printed) if kind == "municipality" else self.places.county(printed)
        return NamedNode(place_iri(self.base, place)) if place else None

    def text(self, value: str) -> Literal:
        """``value``, a text of the list (title, summary, a label as printed), tagged with its ``language``."""
        return Literal(value, language=self.language)

    def fund(self, printed: str) -> Fund | None:
        """The fund a printed fund name means in ``period``; None when it means none, or the funds table has
        no funds of that period."""
        if self.period not in self.fund_periods:
            return None
        return self.funds.resolve(printed, self.period)

    def organisation(self, printed: str) -> tuple[NamedNode, tuple[Quad, ...]]:
        """The beneficiary node for a printed name, and its triples (as quads without a graph)."""
        cached = self._organisations.get(printed)
        if cached is None:
            cached = self._organisations[printed] = organisation_triples(self.base, printed, self.places)
        return cached
