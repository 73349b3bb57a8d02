"""The reader's view of a description: labels instead of IRIs, amounts as "10 000 000 kr", links.

``resource_page`` turns a ``describe.Description`` into plain values for ``resource.html``; the
template only lays them out (and Jinja escapes every value, since the data is untrusted text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Callable

from pyoxigraph import BlankNode, Literal, NamedNode

from ..mapping.vocab import PREFIXES, RDF, SCHEMA, XSD
from .describe import Description, GraphDescription

NBSP = "\u00a0"
DEFAULT_LANGUAGE = "sv"
RDF_TYPE = NamedNode(RDF + "type")
SCHEMA_VALUE = NamedNode(SCHEMA + "value")
SCHEMA_CURRENCY = NamedNode(SCHEMA + "currency")
NUMERIC = {XSD + t for t in ("decimal", "integer", "int", "long", "nonNegativeInteger", "positiveInteger")}
CURRENCY_SYMBOL = {"SEK": "kr"}

_FG = "https://w3id.org/fundgraph/ns#"
_DCT = "http://purl.org/dc/terms/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_OWL = "http://www.w3.org/2002/07/owl#"
_DCAT = "http://www.w3.org/ns/dcat#"
# Names for the common terms of other vocabularies that the store does not label (the ontology labels its
# own fg: terms in Swedish and English): (Swedish, English).
TERM_NAMES: dict[str, tuple[str, str]] = {
    RDF + "type": ("typ", "type"), _DCT + "title": ("titel", "title"), _DCT + "identifier": ("ärende-id", "identifier"),
    _DCT + "abstract": ("sammanfattning", "summary"), "http://www.w3.org/ns/prov#wasDerivedFrom": ("källa", "source"),
    "http://www.w3.org/2000/01/rdf-schema#label": ("namn", "name"), _SKOS + "prefLabel": ("namn", "name"),
    _SKOS + "altLabel": ("även kallad", "also called"), _SKOS + "inScheme": ("ingår i", "in scheme"),
    _SKOS + "topConceptOf": ("överst i", "top concept of"), _SKOS + "notation": ("kod", "code"),
    _SKOS + "broader": ("ingår i", "part of"), _SKOS + "exactMatch": ("samma som", "same as"),
    _SKOS + "closeMatch": ("nästan samma som", "close to"), _SKOS + "broadMatch": ("inom", "within"),
    _OWL + "sameAs": ("samma som", "same as"), SCHEMA + "funding": ("bidrag", "funding"),
    _SKOS + "Concept": ("begrepp", "concept"), _SKOS + "ConceptScheme": ("begreppssystem", "concept scheme"),
    "http://www.w3.org/ns/org#Organization": ("organisation", "organisation"),
    _DCAT + "Catalog": ("datakatalog", "data catalogue"), _DCAT + "Dataset": ("datamängd", "dataset"),
    _DCAT + "Distribution": ("distribution", "distribution"), _DCAT + "DataService": ("datatjänst", "data service"),
    "http://www.w3.org/2006/vcard/ns#Organization": ("kontaktpunkt", "contact point"),
    "http://www.w3.org/2006/vcard/ns#Kind": ("kontaktuppgifter", "contact details"),
    _DCT + "PeriodOfTime": ("tidsperiod", "period of time"), "http://rdfs.org/ns/void#Dataset": ("datamängd (VoID)", "dataset (VoID)"),
    "http://spdx.org/rdf/terms#Checksum": ("kontrollsumma", "checksum"),
}
CODE_NAMES: dict[str, tuple[str, str]] = {  # what skos:notation is called on a concept of this type
    _FG + "Municipality": ("kommunkod", "municipality code (kommunkod)"), _FG + "County": ("länskod", "county code"),
    _FG + "Fund": ("fondkod", "fund code"), _FG + "Priority": ("nummer", "number"),
}
GENERIC_TYPES = {_SKOS + "Concept", "http://www.w3.org/ns/org#Organization", "http://www.w3.org/2006/vcard/ns#Kind"}
"""Types not shown in the reading view when a resource has a more specific one (a municipality is a concept)."""

# What a reader looks for first on a project page; other properties follow by name.
READING_ORDER = [_DCT + "title", _DCT + "identifier", _FG + "beneficiary", _FG + "grantedAmount", _FG + "totalBudget",
                 _FG + "fund", _FG + "priority", _FG + "municipality", _FG + "county", _DCT + "abstract"]
# The key facts of a concept or organisation, shown up top: codes, where it belongs, other names, links out.
KEY_FACTS = [_SKOS + "notation", _FG + "iso31662", _SKOS + "broader", _FG + "governs", _SKOS + "altLabel",
             _SKOS + "exactMatch", _OWL + "sameAs", _SKOS + "closeMatch", _SKOS + "broadMatch", _SKOS + "inScheme"]
EXTERNAL_NAMES = (  # (IRI prefix, how a link to it reads)
    ("http://www.wikidata.org/entity/", "Wikidata {}"), ("http://data.europa.eu/nuts/code/", "NUTS {}"),
    ("http://publications.europa.eu/resource/authority/eu-programme/", "EU {}"),
    ("http://dataportal.se/organisation/", "dataportal.se {}"),
)


def term_name(iri: str, language: str) -> str | None:
    """The ``TERM_NAMES`` name of ``iri`` in ``language`` ("sv" or "en"), or None."""
    names = TERM_NAMES.get(iri)
    return None if names is None else names[1 if language == "en" else 0]


def external_name(iri: str) -> str | None:
    """How a link to a well-known external IRI reads ("Wikidata Q430780", "NUTS SE331"), or None."""
    for prefix, pattern in EXTERNAL_NAMES:
        if iri.startswith(prefix) and len(iri) > len(prefix):
            return pattern.format(iri[len(prefix):])
    return None


@dataclass
class Value:
    """One value shown on a page: its ``text``, a link ``href`` (None for literals), ``language`` tag,
    ``kind`` ("link", "text", "amount", "number") and, for an IRI, the ``iri`` itself."""

    text: str
    href: str | None = None
    language: str = ""
    kind: str = "text"
    iri: str | None = None


@dataclass
class Property:
    """A predicate with its values: ``name`` (label or CURIE), ``iri``, ``href``, ``values``."""

    name: str
    iri: str
    href: str
    values: list[Value] = field(default_factory=list)


@dataclass
class ResourcePage:
    """Everything ``resource.html`` shows about one resource.

    ``title``; ``iri``; ``types`` (Values, in words, generic ones dropped when there is a specific
    one); ``properties`` (outgoing, type and title excluded); ``incoming`` (Properties whose values are
    the resources pointing here via that predicate); ``incoming_truncated``; ``figures`` (this
    resource's totals from figures.json, or None); ``key_facts`` (the ``KEY_FACTS`` among
    ``properties``, in that order, for the top of the page).
    """

    title: str
    iri: str
    types: list[Value]
    properties: list[Property]
    incoming: list[Property]
    incoming_truncated: bool
    figures: dict | None = None
    key_facts: list[Property] = field(default_factory=list)


@dataclass
class GraphPage:
    """Everything ``graph.html`` shows about a named graph: ``title``, ``iri``, ``subjects`` (one
    (subject Value, [Property]) pair per subject in the graph) and ``truncated``."""

    title: str
    iri: str
    subjects: list[tuple[Value, list[Property]]]
    truncated: bool


def format_amount(lexical: str, currency: str | None = None) -> str:
    """"10000000" → "10 000 000" (+ " kr" for SEK), Swedish style with no-break spaces; "1234.5" → "1 234,50"."""
    try:
        number = Decimal(lexical)
    except InvalidOperation:
        return lexical
    if number == number.to_integral_value():
        text = f"{int(number):,}".replace(",", NBSP)
    else:
        text = f"{number:,.2f}".replace(",", NBSP).replace(".", ",")
    if currency:
        text += NBSP + CURRENCY_SYMBOL.get(currency, currency)
    return text


def curie(iri: str) -> str:
    """``iri`` shortened with ``mapping.vocab.PREFIXES`` ("fg:Project"), else unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _namer(description, local_href: Callable[[str], str], language: str):
    """(name_of, value_of) for the terms of ``description`` on a page in ``language``."""

    def name_of(term) -> str:
        return description.label(term, language) or term_name(term.value, language) or curie(term.value)

    def value_of(term) -> Value:
        if isinstance(term, Literal):
            if term.datatype.value in NUMERIC:
                return Value(format_amount(term.value), kind="number")
            return Value(term.value, language=term.language or "")
        if isinstance(term, BlankNode):
            return Value(f"_:{term.value}")
        owned = getattr(description, "owned", {})
        if isinstance(term, NamedNode) and term in owned:
            amount = _amount(owned[term])
            if amount is not None:
                return Value(amount, local_href(term.value), kind="amount", iri=term.value)
        label = description.label(term, language) or term_name(term.value, language)
        external = external_name(term.value)
        if external:  # say where a link out goes: "Västerbotten (NUTS SE331)"
            label = f"{label} ({external})" if label else external
        if label is None and term.value.startswith(description.subject.value + "/"):
            label = term.value.rsplit("/", 1)[-1].replace("-", " ")
        href = local_href(term.value)
        return Value(label or (href if href != term.value else curie(term.value)), href, kind="link",
                     iri=term.value)

    return name_of, value_of


def resource_page(description: Description, local_href: Callable[[str], str],
                  figures: dict | None = None, language: str = DEFAULT_LANGUAGE) -> ResourcePage:
    """Build the page of ``description`` for a reader of ``language`` ("sv" or "en": labels in it
    first); ``local_href`` maps an IRI to the link to use for it."""
    name_of, value_of = _namer(description, local_href, language)
    title = description.label(description.subject, language) or curie(description.subject.value).rsplit("/", 1)[-1]
    type_terms = [o for p, o in description.outgoing if p == RDF_TYPE]
    specific = [o for o in type_terms if o.value not in GENERIC_TYPES]
    types = [value_of(o) for o in (specific or type_terms)]
    grouped: dict[NamedNode, Property] = {}
    for p, o in description.outgoing:
        if p == RDF_TYPE:
            continue
        prop = grouped.setdefault(p, Property(name_of(p), p.value, local_href(p.value)))
        prop.values.append(value_of(o))
    properties = sorted(grouped.values(), key=_reading_order)
    for prop in properties:
        if all(v.kind == "link" for v in prop.values):
            prop.values.sort(key=lambda v: v.text.casefold())
    incoming: dict[NamedNode, Property] = {}
    for x, p in description.incoming:
        prop = incoming.setdefault(p, Property(name_of(p), p.value, local_href(p.value)))
        prop.values.append(value_of(x))
    for prop in incoming.values():
        prop.values.sort(key=lambda v: v.text.casefold())
    if figures is not None:
        figures = {**figures, "granted_text": " + ".join(format_amount(v, c) for c, v in sorted(figures.get("granted_amount", {}).items())) or "–"}
    for type_term in type_terms:
        if type_term.value in CODE_NAMES and NamedNode(_SKOS + "notation") in grouped:
            grouped[NamedNode(_SKOS + "notation")].name = CODE_NAMES[type_term.value][1 if language == "en" else 0]
    key_facts = sorted((p for p in properties if p.iri in KEY_FACTS), key=lambda p: KEY_FACTS.index(p.iri))
    return ResourcePage(title, description.subject.value, types, properties, list(incoming.values()),
                        description.incoming_truncated, figures, key_facts)


def graph_page(description: GraphDescription, local_href: Callable[[str], str],
               language: str = DEFAULT_LANGUAGE) -> GraphPage:
    """Build the page of a named graph's ``description``: its triples grouped by subject."""
    name_of, value_of = _namer(description, local_href, language)
    subjects: dict[object, dict[NamedNode, Property]] = {}
    for triple in description.content:
        props = subjects.setdefault(triple.subject, {})
        p = triple.predicate
        props.setdefault(p, Property(name_of(p), p.value, local_href(p.value))).values.append(value_of(triple.object))
    title = curie(description.subject.value).rsplit("/", 1)[-1]
    return GraphPage(title, description.subject.value,
                     [(value_of(s), sorted(props.values(), key=_reading_order)) for s, props in subjects.items()],
                     description.truncated)


def _reading_order(prop: Property) -> tuple[int, str]:
    try:
        return READING_ORDER.index(prop.iri), ""
    except ValueError:
        return len(READING_ORDER), prop.name.casefold()


def _amount(pairs: list[tuple[NamedNode, object]]) -> str | None:
    values = dict(pairs)
    value, currency = values.get(SCHEMA_VALUE), values.get(SCHEMA_CURRENCY)
    if not isinstance(value, Literal):
        return None
    return format_amount(value.value, currency.value if currency is not None else None)
