"""What figures.json and the CSV files say about each project, read from its record while it is mapped.

The publish pipeline counts and tabulates the projects as their records stream into the store, in the same
pass: reading a million projects back out of the on-disk store costs minutes (every term is a RocksDB
look-up), reading them from the record costs nothing. ``ProjectReader.read`` resolves a record's fund,
priority, municipalities, counties and beneficiary to the IRIs, codes and Swedish labels that the mapping
states for them (the reference tables of ``fundgraph.mapping``: ``Places``, ``Funds``; the beneficiary
node of ``MappingContext.organisation``), so the figures and tables agree with the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..extract.records import ProjectRecord
from ..mapping import MappingContext, iris
from ..mapping.funds import PROGRAMME
from ..mapping.names import ascii_slug
from ..mapping.places import place_iri
from ..mapping.vocab import EU_PROGRAMME

_PLACE_LISTS = 4096
"""Distinct lists of places remembered at once (memory stays bounded however many projects)."""
_FG_NAME_KEY = "https://w3id.org/fundgraph/ns#nameKey"


@dataclass(frozen=True)
class Concept:
    """A concept a project points to: ``iri``; ``code`` its skos:notation (kommunkod, county code, fund
    code, priority number as text), None for a value no reference concept matched (published unlinked);
    ``label`` its Swedish skos:prefLabel (unlinked: the value as printed; a priority: as printed, or "");
    ``nuts3`` a county's NUTS-3 code ("SE331"), else ""."""

    iri: str
    code: str | None
    label: str
    nuts3: str = ""


@dataclass(frozen=True)
class ProjectFacts:
    """One project as figures.json and the CSV files see it. ``key`` is the path segment of its IRI (the
    case id, or ``iris.project_key``'s key for a list without identifiers); ``case_id`` None when the list
    has none; ``title`` "" when the list leaves it blank. Amounts are Decimal in ``currency`` (None when the list gives
    none); ``beneficiary_name`` is the name as this record prints it, and it, ``beneficiary_iri`` and
    ``beneficiary_key`` are "" when the list gives no beneficiary (withheld or blank: no node is stated);
    ``fund_eu_code`` the EU Publications Office eu-programme code of the fund or of the fund financing
    it ("" for none); ``fund_name_en`` the fund's English name ("" for none or an unlinked fund); ``fund_kohesio_code``
    Kohesio's code of the fund or of the fund financing it ("ESF+"; "" for none);
    ``period`` the programming period the fund was read in ("2021-2027"); municipalities (counties) are distinct, in code order, unlinked ones last; ``record``
    the record itself (for the fields the tables copy as printed)."""

    key: str
    case_id: str | None
    iri: str
    title: str
    summary: str
    beneficiary_iri: str
    beneficiary_key: str
    beneficiary_name: str
    currency: str | None
    granted_amount: Decimal | None
    total_budget: Decimal | None
    fund: Concept | None
    fund_eu_code: str
    fund_is_programme: bool
    fund_name_en: str
    fund_kohesio_code: str
    period: str
    priority: Concept | None
    municipalities: tuple[Concept, ...]
    counties: tuple[Concept, ...]
    record: ProjectRecord


class ProjectReader:
    """Reads ``ProjectFacts`` from records with one mapping run's ``MappingContext`` (its reference
    tables and beneficiary cache). Reading never changes what the mapping writes."""

    def __init__(self, context: MappingContext):
        self._ctx = context
        self._base = context.base
        self._concepts: dict[tuple[str, str, str], Concept] = {}
        self._beneficiaries: dict[str, tuple[str, str]] = {}
        self._funds: dict[str, tuple[str, bool, str, str]] = {}
        self._place_lists: dict[tuple[str, tuple[str, ...]], tuple[Concept, ...]] = {}

    def read(self, record: ProjectRecord) -> ProjectFacts:
        """The facts of ``record`` (its fund, places and beneficiary resolved as the mapping does)."""
        fund = self._concept("fund", record.fund) if record.fund is not None else None
        eu_code, is_programme, name_en, kohesio_code = self._fund_facts(fund) if fund is not None else ("", False, "", "")
        priority = None
        if record.priority_number is not None or record.priority_label:
            number = record.priority_number
            priority = Concept(iris.priority_of(self._base, number, record.priority_label, record.programme),
                               None if number is None else str(number), record.priority_label or "")
        beneficiary_iri, key = self.beneficiary(record.beneficiary) if record.beneficiary else ("", "")
        project_key = iris.project_key(record)
        return ProjectFacts(
            key=project_key, case_id=record.case_id, iri=iris.project(self._base, project_key),
            title=record.title or "", summary=record.summary or "", beneficiary_iri=beneficiary_iri,
            beneficiary_key=key, beneficiary_name=record.beneficiary or "", currency=record.currency, granted_amount=record.granted_amount,
            total_budget=record.total_budget, fund=fund, fund_eu_code=eu_code,
            fund_is_programme=is_programme, fund_name_en=name_en, fund_kohesio_code=kohesio_code,
            period=self._ctx.settings.programming_period,
            priority=priority,
            municipalities=self._places("municipality", record.municipalities),
            counties=self._places("county", record.counties), record=record)

    def _places(self, kind: str, printed: tuple[str, ...]) -> tuple[Concept, ...]:
        # Lists repeat the same places (a whole county) on many projects: remember the last few thousand.
        places = self._place_lists.get((kind, printed))
        if places is None:
            distinct = {c.iri: c for c in (self._concept(kind, p) for p in printed)}
            places = tuple(sorted(distinct.values(), key=lambda c: (c.code is None, c.code or "", c.label, c.iri)))
            if len(self._place_lists) >= _PLACE_LISTS:
                self._place_lists.clear()
            self._place_lists[(kind, printed)] = places
        return places

    def _concept(self, kind: str, printed: str) -> Concept:
        """The concept ``MappingContext.concept`` gives for a printed value, without its side effects."""
        key = (kind, printed, self._ctx.period if kind == "fund" else "")  # a fund name means one per period
        concept = self._concepts.get(key)
        if concept is None:
            concept = self._concepts[key] = self._resolve(kind, printed)
        return concept

    def _resolve(self, kind: str, printed: str) -> Concept:
        ctx = self._ctx
        if kind == "fund":
            fund = ctx.fund(printed)
            if fund is not None:
                return Concept(iris.fund(self._base, fund.code), fund.code, fund.label_sv)
        else:
            place = ctx.places.municipality(printed) if kind == "municipality" else ctx.places.county(printed)
            if place is not None:
                code = place.kommunkod if kind == "municipality" else place.code
                return Concept(place_iri(self._base, place), code, place.name,
                               place.nuts3 if kind == "county" else "")
        # The mapping refuses such a value unless allow_unknown_concepts is set; then it mints this IRI.
        return Concept(iris.unlinked_concept(self._base, kind, ascii_slug(printed) or "empty"), None, printed)

    def _fund_facts(self, fund: Concept) -> tuple[str, bool, str, str]:
        """(eu-programme code, is a programme, English name, Kohesio code) of a fund concept; the codes are
        the fund's own, else those of the fund financing it (Interreg: ERDF)."""
        facts = self._funds.get(fund.iri)
        if facts is None:
            known = self._ctx.funds.by_code.get(fund.code or "")
            facts = ("", False, "", "")
            if known is not None:
                financier = self._ctx.funds.by_code.get(known.financed_by)
                eu_code = next((c.eu_iri[len(EU_PROGRAMME):] for c in (known, financier)
                                if c is not None and c.eu_iri.startswith(EU_PROGRAMME)), "")
                kohesio = known.kohesio_code or (financier.kohesio_code if financier is not None else "")
                facts = (eu_code, known.kind == PROGRAMME, known.label_en, kohesio)
            self._funds[fund.iri] = facts
        return facts

    def beneficiary(self, printed: str) -> tuple[str, str]:
        """IRI and name key of the beneficiary a printed name means."""
        known = self._beneficiaries.get(printed)
        if known is None:
            node, triples = self._ctx.organisation(printed)
            key = next(t.object.value for t in triples if t.predicate.value == _FG_NAME_KEY)
            known = self._beneficiaries[printed] = (node.value, key)
        return known


class Tally:
    """Watches the records of one publication as they are mapped, and gives each project ONCE (by the key
    of its IRI, its case id where it has one: a project listed in several documents is counted and tabulated once, as the first list gives it)
    to ``figures`` (``add(facts)``, ``name(printed, beneficiary_iri)``) and ``table`` (``add(facts)``).
    Every record's beneficiary name goes to ``figures.name``, also a repeated project's: the data states
    them all as labels. Holds the set of keys seen (about 60 bytes each)."""

    def __init__(self, reader: ProjectReader, figures, table):
        self._reader = reader
        self._figures = figures
        self._table = table
        self._seen: set[str] = set()
        #: One line per row without a case id alike in every field to a row of an earlier list (one operation:
        #: within one list, ``iris.number_repeats`` keeps such rows apart).
        self.warnings: list[str] = []

    def watch(self, records: Iterable[ProjectRecord]) -> Iterator[ProjectRecord]:
        """Yield ``records`` unchanged, tallying each on the way."""
        for record in records:
            key = iris.project_key(record)
            if key in self._seen:
                if record.case_id is None:
                    self.warnings.append(f"{record.source.document}, {record.source.where()}: alike in every field "
                                         "to a row of an earlier list without a case id; published as one operation with it")
                if record.beneficiary:
                    self._figures.name(record.beneficiary, self._reader.beneficiary(record.beneficiary)[0])
            else:
                self._seen.add(key)
                facts = self._reader.read(record)
                self._figures.add(facts)
                self._table.add(facts)
            yield record
