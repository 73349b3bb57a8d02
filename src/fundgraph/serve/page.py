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
from .describe import Description

NBSP = "\u00a0"
RDF_TYPE = NamedNode(RDF + "type")
SCHEMA_VALUE = NamedNode(SCHEMA + "value")
SCHEMA_CURRENCY = NamedNode(SCHEMA + "currency")
NUMERIC = {XSD + t for t in ("decimal", "integer", "int", "long", "nonNegativeInteger", "positiveInteger")}
CURRENCY_SYMBOL = {"SEK": "kr"}
# Names for the few common predicates the ontology does not label (it labels its own fg: terms).
PREDICATE_NAMES = {
    RDF + "type": "typ", "http://purl.org/dc/terms/title": "titel", "http://purl.org/dc/terms/identifier": "ärende-id",
    "http://purl.org/dc/terms/abstract": "sammanfattning", "http://www.w3.org/ns/prov#wasDerivedFrom": "källa",
    "http://www.w3.org/2000/01/rdf-schema#label": "namn", "http://www.w3.org/2004/02/skos/core#prefLabel": "namn",
    "http://www.w3.org/2004/02/skos/core#inScheme": "ingår i", "http://www.w3.org/2004/02/skos/core#notation": "kod",
    "http://www.w3.org/2002/07/owl#sameAs": "samma som", SCHEMA + "funding": "bidrag",
}

_FG = "https://w3id.org/fundgraph/ns#"
_DCT = "http://purl.org/dc/terms/"
# What a reader looks for first on a project page; other properties follow by name.
READING_ORDER = [_DCT + "title", _DCT + "identifier", _FG + "beneficiary", _FG + "grantedAmount", _FG + "totalBudget",
                 _FG + "fund", _FG + "priority", _FG + "municipality", _FG + "county", _DCT + "abstract"]


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

    ``title``; ``iri``; ``types`` (Values); ``properties`` (outgoing, type and title excluded);
    ``incoming`` (Properties whose values are the resources pointing here via that predicate);
    ``incoming_truncated``; ``figures`` (this resource's totals from figures.json, or None).
    """

    title: str
    iri: str
    types: list[Value]
    properties: list[Property]
    incoming: list[Property]
    incoming_truncated: bool
    figures: dict | None = None


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


def resource_page(description: Description, local_href: Callable[[str], str],
                  figures: dict | None = None) -> ResourcePage:
    """Build the page of ``description``; ``local_href`` maps an IRI to the link to use for it."""

    def name_of(term) -> str:
        return description.label(term) or PREDICATE_NAMES.get(term.value) or curie(term.value)

    def value_of(term) -> Value:
        if isinstance(term, Literal):
            if term.datatype.value in NUMERIC:
                return Value(format_amount(term.value), kind="number")
            return Value(term.value, language=term.language or "")
        if isinstance(term, BlankNode):
            return Value(f"_:{term.value}")
        if isinstance(term, NamedNode) and term in description.owned:
            amount = _amount(description.owned[term])
            if amount is not None:
                return Value(amount, local_href(term.value), kind="amount", iri=term.value)
        label = description.label(term)
        if label is None and term.value.startswith(description.subject.value + "/"):
            label = term.value.rsplit("/", 1)[-1].replace("-", " ")
        href = local_href(term.value)
        return Value(label or (href if href != term.value else curie(term.value)), href, kind="link",
                     iri=term.value)

    title = description.label(description.subject) or curie(description.subject.value).rsplit("/", 1)[-1]
    types = [value_of(o) for p, o in description.outgoing if p == RDF_TYPE]
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
        figures = {**figures, "granted_text": format_amount(str(figures.get("granted_amount_sek", 0)), "SEK")}
    return ResourcePage(title, description.subject.value, types, properties, list(incoming.values()),
                        description.incoming_truncated, figures)


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
