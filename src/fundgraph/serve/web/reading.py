"""Reading views of the resources a link can reach besides projects and municipalities: organisations,
funds and programmes, priorities, counties, source documents, and the catalogue's catalogue, dataset,
distributions and data service.

Which view a resource gets follows from its IRI (``mapping.iris``: ``organisation/…``, ``fund/…``, …), so a
resource of another kind costs no query. A listing view (``listing_view``) shows the projects pointing to
the resource (``listing.project_list``: bounded queries), its totals from figures.json (publish time) and,
for an organisation, a chart of its listed grants by fund and year. A catalogue view (``catalogue_view``)
reads the resource's own description (``serve.page.ResourcePage``, already built for the page): no query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from ...mapping.vocab import DCAT, DCT, FOAF, SPDX
from ..page import Property, ResourcePage, Value
from .listing import FundTotal, ProjectList, fund_totals, project_list

LISTING_KINDS = {  # IRI path segment → (the LINKS kind of its projects, browse filter parameter or None)
    "organisation": ("beneficiary", "beneficiary"), "fund": ("fund", "fund"), "priority": ("priority", "priority"),
    "county": ("county", None), "municipality": ("municipality", "municipality"), "document": ("document", None),
}
IDENTIFIER_LINKS = (  # (IRI prefix, register name) for an organisation's identifiers and links out
    ("http://www.wikidata.org/entity/", "Wikidata"), ("http://dataportal.se/organisation/", "dataportal.se"),
    ("https://www.allabolag.se/", "Allabolag"), ("http://data.europa.eu/nuts/code/", "NUTS"),
)

_NAMES = """
SELECT ?s ?label ?pref ?lang ?same ?governs WHERE {
  { ?s rdfs:label ?label } UNION { ?s skos:prefLabel ?pref BIND(LANG(?pref) AS ?lang) }
  UNION { ?s owl:sameAs ?same } UNION { ?s fg:governs ?governs }
} LIMIT 200"""
_MANAGING = """
SELECT ?s ?authority ?name ?source WHERE {
  ?s fg:managingAuthority ?authority .
  OPTIONAL { ?authority rdfs:label ?name }
  OPTIONAL { ?s fg:managingAuthoritySource ?source }
} ORDER BY ?name LIMIT 10"""
_DOCUMENT = """
SELECT ?s ?fileName ?checksum ?format ?publisher (COUNT(DISTINCT ?page) AS ?pages) WHERE {
  OPTIONAL { ?s fg:fileName ?fileName }
  OPTIONAL { ?s spdx:checksum/spdx:checksumValue ?checksum }
  OPTIONAL { ?s dct:format ?format }
  OPTIONAL { ?s dct:publisher ?publisher }
  OPTIONAL { ?page dct:isPartOf ?s ; a fg:DocumentPage }
} GROUP BY ?s ?fileName ?checksum ?format ?publisher LIMIT 10"""


@dataclass(frozen=True)
class OrganisationFacts:
    """An organisation's ``name`` (display name), ``listed`` (its names as the lists write them, when they
    differ from the display name), ``same_as`` ((link text, IRI) links out) and ``governs`` (IRIs of the
    places it governs)."""

    name: str
    listed: list[str]
    same_as: list[tuple[str, str]]
    governs: list[str]


@dataclass(frozen=True)
class ManagingAuthority:
    """A programme's managing authority as reference data states it: the organisation's ``iri`` and ``name``,
    and ``source``, where the statement comes from."""

    iri: str
    name: str
    source: str


@dataclass(frozen=True)
class DocumentFacts:
    """A source document: ``file_name``, ``sha256``, ``pages`` (count), ``format`` and ``publisher`` IRIs,
    and ``projects`` (how many it lists, from publication.json, or None)."""

    file_name: str
    sha256: str
    pages: int | None
    format: str | None
    publisher: str | None
    projects: int | None


@dataclass
class ListingView:
    """The page of an organisation, fund, priority, county or document: its ``kind`` (the IRI segment),
    ``projects`` (listing.ProjectList), ``totals`` (its figures.json entry, or None), ``browse`` ((parameter,
    value) of the browse page's filter for it, or None), ``fund_totals`` (listed grants by fund and year, for
    an organisation's chart), ``organisation`` / ``document`` facts for those kinds, and a fund's or programme's
    ``managing_authority`` where reference data gives one."""

    kind: str
    projects: ProjectList
    totals: dict | None = None
    browse: tuple[str, str] | None = None
    fund_totals: list[FundTotal] = field(default_factory=list)
    organisation: OrganisationFacts | None = None
    document: DocumentFacts | None = None
    managing_authority: ManagingAuthority | None = None


def kind_of(iri: str, base: str) -> tuple[str, str] | None:
    """(kind, key) of a resource IRI under ``base`` ("organisation", "region-vasterbotten"), or None."""
    if not iri.startswith(base):
        return None
    local = iri[len(base):]
    for kind in CATALOGUE_KINDS:
        if local == kind or (kind.endswith("/") and local.startswith(kind) and "/" not in local[len(kind):]):
            return kind.rstrip("/"), local[len(kind):]
    kind, _, key = local.partition("/")
    if not key or "/" in key:
        return None
    return kind, key


def listing_view(backend, iri: str, kind: str, key: str, name_of, totals: dict | None,
                 documents: list[dict] | None = None) -> ListingView:
    """The ``LISTING_KINDS`` view of ``iri``; ``name_of(labels, preferred)`` makes display names (see
    ``names.display_name``); ``totals`` its figures.json entry; ``documents`` publication.json's list."""
    link, param = LISTING_KINDS[kind]
    projects = project_list(backend, iri, link, name_of)
    view = ListingView(kind, projects, totals, (param, key) if param else None)
    if kind == "organisation":
        view.organisation = organisation_facts(backend, iri, name_of)
        view.fund_totals = fund_totals(projects.items)
    elif kind == "document":
        view.document = document_facts(backend, iri, documents or [])
    elif kind == "fund":
        rows = backend.select_values(_MANAGING, {"s": NamedNode(iri)})
        if rows:
            row = rows[0]
            view.managing_authority = ManagingAuthority(row["authority"], row["name"] or row["authority"],
                                                        row["source"] or "")
    return view


def organisation_facts(backend, iri: str, name_of) -> OrganisationFacts:
    """The names, links out and governed places of organisation ``iri`` (one bounded query)."""
    labels: list[str] = []
    preferred: dict[str, str] = {}
    same: set[str] = set()
    governs: set[str] = set()
    for row in backend.select_values(_NAMES, {"s": NamedNode(iri)}):
        if row["label"]:
            labels.append(row["label"])
        if row["pref"]:
            preferred[row["lang"] or ""] = row["pref"]
        for column, found in (("same", same), ("governs", governs)):
            if row[column]:
                found.add(row[column])
    name = name_of(labels, preferred)
    listed = sorted({label for label in labels if label != name})
    links = []
    for target in sorted(same):
        register = next((name for prefix, name in IDENTIFIER_LINKS if target.startswith(prefix)), None)
        links.append((f"{register} {target.rsplit('/', 1)[-1]}" if register else target, target))
    return OrganisationFacts(name, listed, links, sorted(governs))


def document_facts(backend, iri: str, documents: list[dict]) -> DocumentFacts:
    """File name, checksum, page count, format and publisher of source document ``iri``."""
    rows = backend.select_values(_DOCUMENT, {"s": NamedNode(iri)})
    row = rows[0] if rows else defaultdict(lambda: None)
    sha256 = row["checksum"] or iri.rsplit("/", 1)[-1]
    listed = next((d for d in documents if d.get("sha256") == sha256), {})
    pages = int(row["pages"]) if row["pages"] and row["pages"] != "0" else listed.get("pages")
    return DocumentFacts(row["fileName"] or listed.get("file_name") or sha256, sha256, pages, row["format"],
                         row["publisher"], listed.get("projects"))


# --- the catalogue ---------------------------------------------------------------------------------------

CATALOGUE_KINDS = ("catalog", "dataset", "dataset/distribution/", "service/")
CATALOGUE_VIEWS = ("catalog", "dataset", "dataset/distribution", "service")
# What each kind of catalogue resource shows, in this order (predicates of its description).
CATALOGUE_FACTS = {
    "catalog": (DCT + "publisher", DCAT + "dataset", DCAT + "service", DCT + "license", FOAF + "homepage",
                DCT + "language", DCT + "issued", DCT + "modified", DCAT + "themeTaxonomy"),
    "dataset": (DCT + "publisher", DCAT + "contactPoint", DCT + "license", DCT + "accessRights", DCAT + "theme",
                DCAT + "keyword", DCT + "spatial", DCT + "temporal", DCT + "accrualPeriodicity", DCT + "language",
                DCT + "issued", DCT + "modified", DCT + "conformsTo", DCAT + "landingPage"),
    "dataset/distribution": (DCAT + "downloadURL", DCT + "format", DCAT + "mediaType", DCAT + "compressFormat",
                             DCAT + "byteSize", SPDX + "checksum", DCAT + "accessService", DCT + "license",
                             DCT + "language", DCT + "conformsTo", FOAF + "page",
                             "http://data.europa.eu/r5r/availability"),
    "service": (DCAT + "endpointURL", DCAT + "endpointDescription", DCAT + "servesDataset", DCT + "conformsTo",
                DCT + "publisher", DCAT + "contactPoint", DCT + "license", DCT + "accessRights"),
}
TEXT_PREDICATES = (DCT + "description",)
LIST_PREDICATES = {DCAT + "distribution"}


@dataclass
class CatalogueView:
    """A catalogue resource for reading: its ``kind`` ("catalog", "dataset", "dataset/distribution",
    "service"), ``description`` (text in the page language), ``facts`` (Properties in CATALOGUE_FACTS
    order), ``distributions`` (a dataset's: (title Value, its facts by predicate IRI)), ``download`` (a
    distribution's file link), ``size`` (its byte size, int) and ``checksum`` (its text)."""

    kind: str
    description: str
    facts: list[Property]
    distributions: list[Value] = field(default_factory=list)
    download: str | None = None
    size: int | None = None
    checksum: str | None = None


def _in_language(prop: Property, language: str) -> Property:
    """``prop`` with only its values in ``language`` when it has some (keywords in both languages)."""
    mine = [v for v in prop.values if v.language == language]
    return Property(prop.name, prop.iri, prop.href, mine) if mine else prop


def catalogue_view(page: ResourcePage, kind: str, language: str) -> CatalogueView:
    """The reading view of catalogue resource ``page`` (a ResourcePage) of ``kind``, in ``language``."""
    by_iri = {prop.iri: prop for prop in page.properties}
    description = ""
    for prop in (by_iri.get(p) for p in TEXT_PREDICATES):
        if prop is not None:
            texts = {v.language: v.text for v in prop.values}
            description = texts.get(language) or texts.get("sv") or next(iter(texts.values()), "")
    facts = [_in_language(by_iri[p], language) for p in CATALOGUE_FACTS[kind]
             if p in by_iri and p not in (DCAT + "byteSize",)]
    view = CatalogueView(kind, description, facts)
    if DCAT + "distribution" in by_iri:
        view.distributions = sorted(by_iri[DCAT + "distribution"].values, key=lambda v: v.text.casefold())
    if DCAT + "downloadURL" in by_iri:
        view.download = by_iri[DCAT + "downloadURL"].values[0].href
    if DCAT + "byteSize" in by_iri:
        try:
            view.size = int(by_iri[DCAT + "byteSize"].values[0].text.replace("\u00a0", "").replace(",", ""))
        except ValueError:
            view.size = None
    if SPDX + "checksum" in by_iri:
        view.checksum = by_iri[SPDX + "checksum"].values[0].text
    return view

