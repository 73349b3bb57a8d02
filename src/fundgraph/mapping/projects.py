"""Mapping project records to quads: what a list says in the default graph, where it says it in its own.

Per record: the project (case id, title and beneficiary where the list gives them, summary, amounts, grant, fund, priority,
municipalities, counties, amended case; the texts the list prints tagged with its language,
``MappingContext.language``) and the nodes it uses that the lists describe (beneficiaries,
priorities, unlinked concepts) go into the DEFAULT graph, the RDF merge of all lists: a project or
organisation listed in two documents is stated once there, so counts and sums over the default graph
(or over the union of all graphs) are right. Provenance goes into the document's named graph
``iris.document_graph(base, sha256)``: the document (file name, SHA-256, publisher), its pages, and
each project's ``prov:wasDerivedFrom``, ``fg:sourcePage`` and where its row stands (``fg:listRow``, a sheet's
``fg:sourceSheet``/``fg:sheetRow``, a CSV file's ``fg:sourceLine``) — triples that only that document can
state, so the union of all graphs never holds a triple twice (pyoxigraph's union default graph is a
bag, not a set). Reference concepts (``reference_quads``) are in the default graph too.

The quads are made as N-Quads text (``record_statements``): publish hands that text to Oxigraph's bulk
loader and to the dump spool, and building a pyoxigraph ``Quad`` per triple only to serialise it cost most
of the map step (about 6 µs a quad, 40 quads a record). ``map_records`` parses the same text into Quads for
callers that want objects, so there is one mapping whichever form is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

import pyoxigraph
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from ..config import Settings
from ..errors import MappingError
from ..extract.records import ProjectRecord
from . import iris
from .amendments import amended_cases
from .context import MappingContext
from .nuts import nuts_quads
from .operations import amount_quads, operation_quads
from .programmes import programme_quads
from .terms import (
    DCT_abstract, DCT_format, DCT_identifier, DCT_isPartOf, DCT_publisher, DCT_title,
    FG_DocumentPage, FG_Priority, FG_Project, FG_SourceDocument, FG_amends, FG_beneficiary,
    FG_county, FG_fileName, FG_fund, FG_grantedAmount, FG_listRow, FG_municipality, FG_pageNumber,
    FG_priority, FG_sheetRow, FG_sourceLine, FG_sourcePage, FG_sourceSheet, FG_totalBudget, PDF_FILE_TYPE,
    PROV_wasDerivedFrom, RDF_type, SCHEMA_MonetaryGrant, SCHEMA_amount, SCHEMA_fundedItem, SCHEMA_funding,
    SKOS_Concept, SKOS_altLabel, SKOS_inScheme,
    SKOS_notation, SKOS_prefLabel, SPDX_Checksum, SPDX_algorithm, SPDX_checksum, SPDX_checksumValue, SPDX_sha256,
    XSD_hexBinary, XSD_integer,
)

DEFAULT_GRAPH = DefaultGraph()

Statement = tuple[str, str]
"""One quad as N-Quads text: (subject, predicate and object in N-Triples syntax joined by spaces, without the
final " ."; the graph name as N-Triples text, "" for the default graph). The text of a term is pyoxigraph's
(``str(term)``), which is what its N-Triples and N-Quads serialisers write."""

_PARSE_CHUNK = 5_000
"""Statements parsed into Quads at a time by ``map_records``."""


def map_records(records: Iterable[ProjectRecord], settings: Settings, *,
                context: MappingContext | None = None) -> Iterator[Quad]:
    """Yield the quads of ``records``: data in the default graph, provenance in the document's graph.

    Pass one ``context`` to all calls that build one dataset (several lists). Rows of a list alike in every
    field are one operation unless the records were numbered by ``iris.number_repeats`` first (publish does,
    per list, in list order; the mapping itself does not, so that it can run on a list split among
    workers). About 40 quads per
    record plus, once per graph, those of its document, pages, beneficiaries and priorities.
    Raises MappingError for a record without a source document, or a municipality, county or fund
    that matches no reference concept (see ``MappingContext.concept``).
    """
    statements = record_statements(records, settings, context=context)
    while chunk := list(islice(statements, _PARSE_CHUNK)):
        text = "".join(f"{triple} {graph} .\n" if graph else f"{triple} .\n" for triple, graph in chunk)
        yield from pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.N_QUADS)


def record_statements(records: Iterable[ProjectRecord], settings: Settings, *,
                      context: MappingContext | None = None) -> Iterator[Statement]:
    """The quads of ``map_records`` as N-Quads text, one ``Statement`` each, in the same order. Raises as
    ``map_records``."""
    ctx = context or MappingContext(settings)
    for record in records:
        yield from _record_quads(record, ctx)


def _record_quads(r: ProjectRecord, ctx: MappingContext) -> Iterator[Statement]:
    base = ctx.base
    sha = r.source.sha256
    if not sha:
        raise MappingError(f"project {r.case_id or r.title or r.beneficiary!r} has no source document (sha256)",
                           document=r.source.document or None)
    # Nodes used in many statements are made (and their IRIs checked) once, then kept as their text.
    graph = str(NamedNode(iris.document_graph(base, sha)))
    document = str(NamedNode(iris.document(base, sha)))

    def q(s, p, o) -> Statement:
        return f"{s} {p} {o}", ""

    def prov(s, p, o) -> Statement:
        return f"{s} {p} {o}", graph

    if ctx.first_time("document", sha):
        yield from _document_quads(prov, document, sha, r, ctx)

    key = iris.project_key(r)
    project = str(NamedNode(iris.project(base, key)))
    yield q(project, RDF_type, FG_Project)
    if r.case_id is not None:
        yield q(project, DCT_identifier, Literal(r.case_id))
    if r.title:  # a list may leave it blank (issue 12): no title is stated, the page names the operation otherwise
        yield q(project, DCT_title, ctx.text(r.title))
    if r.summary:
        yield q(project, DCT_abstract, ctx.text(r.summary))
    yield prov(project, PROV_wasDerivedFrom, document)
    for number in r.source.pages:
        page = NamedNode(iris.document_page(base, sha, number))
        yield prov(project, FG_sourcePage, page)
        if ctx.first_time("page", sha, number):
            yield prov(page, RDF_type, FG_DocumentPage)
            yield prov(page, DCT_isPartOf, document)
            yield prov(page, FG_pageNumber, _integer(number))
    yield from _row_quads(prov, project, r)

    # A list withholds a natural person's name (GDPR) or leaves it blank: no beneficiary node is made up.
    if r.beneficiary:
        organisation, triples = ctx.organisation(r.beneficiary)
        yield q(project, FG_beneficiary, organisation)
        if ctx.first_time("organisation", r.beneficiary):
            for t in triples:
                yield q(t.subject, t.predicate, t.object)

    if r.fund is not None:
        fund, extra = ctx.concept("fund", r.fund, r)
        yield from _statements(q, extra)
        yield q(project, FG_fund, fund)
    yield from programme_quads(q, project, r, ctx, fund if r.fund is not None else None)

    if r.total_budget is not None:
        total = str(NamedNode(iris.project_part(base, key, "total-budget")))
        yield q(project, FG_totalBudget, total)
        yield from amount_quads(q, total, r.total_budget, r.currency)
    # A grant is its amount: a list that gives none for an operation (withdrawn, or only a total cost)
    # states no grant, so none is written.
    if r.granted_amount is not None:
        granted = str(NamedNode(iris.project_part(base, key, "granted-amount")))
        yield q(project, FG_grantedAmount, granted)
        yield from amount_quads(q, granted, r.granted_amount, r.currency)
        grant = str(NamedNode(iris.project_part(base, key, "grant")))
        yield q(project, SCHEMA_funding, grant)
        yield q(grant, RDF_type, SCHEMA_MonetaryGrant)
        yield q(grant, SCHEMA_fundedItem, project)
        yield q(grant, SCHEMA_amount, granted)
        # The list names no funder: its publisher is the document's dct:publisher, and the grant's source
        # of funding is the fund or programme it names (fg:fund), never a schema:funder the list does not state.
        if r.fund is not None:
            yield q(grant, FG_fund, fund)
    yield from operation_quads(q, project, base, key, r)
    yield from nuts_quads(q, r, ctx)

    if r.priority_number is not None or r.priority_label:
        priority = NamedNode(iris.priority_of(base, r.priority_number, r.priority_label, r.programme))
        yield q(project, FG_priority, priority)
        if ctx.first_time("priority", priority.value):
            yield q(priority, RDF_type, SKOS_Concept)
            yield q(priority, RDF_type, FG_Priority)
            yield q(priority, SKOS_inScheme, ctx.schemes["priorities"])
            if r.priority_number is not None:
                yield q(priority, SKOS_notation, Literal(str(r.priority_number)))
        # One number, several labels as printed (Slovenia's axis 8, "… ESS" and "… YEI"): the first is the
        # prefLabel, the others altLabels.
        if r.priority_label and ctx.first_time("priority label", priority.value, r.priority_label):
            labelled = ctx.first_time("priority labelled", priority.value)
            yield q(priority, SKOS_prefLabel if labelled else SKOS_altLabel, ctx.text(r.priority_label))

    for printed in r.municipalities:
        node, extra = ctx.concept("municipality", printed, r)
        yield from _statements(q, extra)
        yield q(project, FG_municipality, node)
    for printed in r.counties:
        node, extra = ctx.concept("county", printed, r)
        yield from _statements(q, extra)
        yield q(project, FG_county, node)

    # The earlier case may be outside every list: it gets its IRI and case id, but no asserted
    # rdf:type, so that `?p a fg:Project` counts the projects the lists describe (its type follows
    # from fg:amends' range for anyone who infers).
    for case in amended_cases(r.summary or "", key):
        earlier = NamedNode(iris.project(base, case))
        yield q(project, FG_amends, earlier)
        if ctx.first_time("referenced", case):
            yield q(earlier, DCT_identifier, Literal(case))


def _statements(q, quads: Iterable[Quad]) -> Iterator[Statement]:
    """``quads`` (of the default graph) as statements made by ``q``."""
    for quad in quads:
        yield q(quad.subject, quad.predicate, quad.object)


def _row_quads(prov, project: str, r: ProjectRecord) -> Iterator[Statement]:
    """Where in its document the project's row stands, as extract's messages say it (``Source.where``): its
    position among the list's operations, and a spreadsheet's sheet and rows or a CSV file's lines."""
    source = r.source
    if source.row is not None:
        yield prov(project, FG_listRow, _integer(source.row))
    if source.sheet is not None:
        yield prov(project, FG_sourceSheet, Literal(source.sheet))
    for predicate, numbers in ((FG_sheetRow, source.rows), (FG_sourceLine, source.lines)):
        for number in numbers:
            yield prov(project, predicate, _integer(number))


def _integer(number: int) -> Literal:
    return Literal(str(number), datatype=XSD_integer)


def _document_quads(q, document: str, sha: str, r: ProjectRecord, ctx: MappingContext) -> Iterator[Statement]:
    checksum = NamedNode(iris.document_part(ctx.base, sha, "checksum"))
    yield q(document, RDF_type, FG_SourceDocument)
    if r.source.document:
        yield q(document, FG_fileName, Literal(r.source.document))
    yield q(document, DCT_format, PDF_FILE_TYPE)
    yield q(document, DCT_publisher, ctx.publisher)
    yield q(document, SPDX_checksum, checksum)
    yield q(checksum, RDF_type, SPDX_Checksum)
    yield q(checksum, SPDX_algorithm, SPDX_sha256)
    yield q(checksum, SPDX_checksumValue, Literal(sha, datatype=XSD_hexBinary))
