"""Mapping the fields of a list of operations beyond the Swedish core: one small function per field.

Each function takes the quad factory ``q`` (default graph), the project node and the record, and yields
nothing when the list lacks the field (absent, never 0). Terms (ontology/fundgraph.ttl):

=========================  ==================================================================
``eu_amount``              ``fg:euAmount`` → ``schema:MonetaryAmount`` (``…/eu-amount``)
``paid_amount``            ``fg:paidAmount`` → ``schema:MonetaryAmount`` (``…/paid-amount``)
``cofinancing_rate``       ``fg:cofinancingRate`` xsd:decimal, percent
``start_date``/``end_date`` ``schema:startDate`` / ``schema:endDate`` xsd:date
``country``                ``fg:country`` → EU Publications Office country (``countries.country_iri``)
``nuts_code``              ``fg:nutsRegion`` → ``http://data.europa.eu/nuts/code/{code}`` (Eurostat)
``postcode``               ``schema:postalCode``
``place``                  ``fg:placeName`` (the place as printed)
``programme``              ``fg:programmeCode`` (CCI) and ``fg:programmeName``
``specific_objective``     ``fg:specificObjective`` (as printed)
``intervention_category``  ``fg:interventionCategory`` (as printed)
``status``                 ``fg:status`` (as printed)
``amounts_as_printed``     ``fg:amountsAsPrinted true`` (granted above total, kept as printed)
=========================  ==================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TypeVar

from pyoxigraph import Literal, NamedNode

from ..errors import MappingError
from ..extract.records import ProjectRecord, decimal_text
from . import iris
from .countries import country_iri
from .terms import (
    FG_amountsAsPrinted, FG_cofinancingRate, FG_country, FG_euAmount, FG_interventionCategory, FG_nutsRegion, FG_paidAmount,
    FG_placeName, FG_programmeCode, FG_programmeName, FG_specificObjective, FG_status, RDF_type,
    SCHEMA_MonetaryAmount, SCHEMA_currency, SCHEMA_endDate, SCHEMA_postalCode, SCHEMA_startDate, SCHEMA_value,
    XSD_boolean, XSD_date, XSD_decimal,
)
from .vocab import NUTS

S = TypeVar("S")
"""What a quad factory makes of one quad: ``projects.Statement`` (N-Quads text) when the mapping calls."""
Q = Callable[[object, object, object], S]
"""A quad factory: subject, predicate, object → that quad in the caller's form (``projects._record_quads`` makes
N-Quads text); the functions here only pass on what it makes."""


def amount_quads(q: Q[S], node: NamedNode, value: Decimal, currency: str | None) -> Iterator[S]:
    """A schema:MonetaryAmount: xsd:decimal value and ISO 4217 currency. Raises MappingError without currency."""
    if currency is None:
        raise MappingError(f"amount {decimal_text(value)} without a currency")
    yield q(node, RDF_type, SCHEMA_MonetaryAmount)
    yield q(node, SCHEMA_value, Literal(decimal_text(value), datatype=XSD_decimal))
    yield q(node, SCHEMA_currency, Literal(currency))


def other_amounts(q: Q[S], project: NamedNode, base: str, key: str, r: ProjectRecord) -> Iterator[S]:
    for value, predicate, part in ((r.eu_amount, FG_euAmount, "eu-amount"), (r.paid_amount, FG_paidAmount, "paid-amount")):
        if value is not None:
            node = NamedNode(iris.project_part(base, key, part))
            yield q(project, predicate, node)
            yield from amount_quads(q, node, value, r.currency)
    # Granted above total as the publisher printed them (extract.swapped): said, so that no reader takes
    # the pair for a checked one, and so that the over-budget shape passes over this project alone.
    if r.amounts_as_printed:
        yield q(project, FG_amountsAsPrinted, Literal("true", datatype=XSD_boolean))


def rate_and_dates(q: Q[S], project: NamedNode, r: ProjectRecord) -> Iterator[S]:
    if r.cofinancing_rate is not None:
        yield q(project, FG_cofinancingRate, Literal(decimal_text(r.cofinancing_rate), datatype=XSD_decimal))
    for value, predicate in ((r.start_date, SCHEMA_startDate), (r.end_date, SCHEMA_endDate)):
        if value is not None:
            yield q(project, predicate, Literal(value.isoformat(), datatype=XSD_date))


def location(q: Q[S], project: NamedNode, r: ProjectRecord) -> Iterator[S]:
    """Country, NUTS region, postcode and place name. Raises MappingError for an unknown country code."""
    if r.country is not None:
        iri = country_iri(r.country)
        if iri is None:
            raise MappingError(f"country {r.country!r} of project {r.case_id or r.title or r.beneficiary!r} is not an ISO 3166-1 "
                               "code of the reference table", document=r.source.document or None, value=r.country)
        yield q(project, FG_country, NamedNode(iri))
    if r.nuts_code is not None:
        yield q(project, FG_nutsRegion, NamedNode(NUTS + r.nuts_code))
    if r.postcode is not None:
        yield q(project, SCHEMA_postalCode, Literal(r.postcode))
    if r.place is not None:
        yield q(project, FG_placeName, Literal(r.place))


def programme_and_classification(q: Q[S], project: NamedNode, r: ProjectRecord) -> Iterator[S]:
    if r.programme is not None:
        if r.programme.cci is not None:
            yield q(project, FG_programmeCode, Literal(r.programme.cci))
        if r.programme.name is not None:
            yield q(project, FG_programmeName, Literal(r.programme.name))
    for value, predicate in ((r.specific_objective, FG_specificObjective),
                             (r.intervention_category, FG_interventionCategory), (r.status, FG_status)):
        if value is not None:
            yield q(project, predicate, Literal(value))


def operation_quads(q: Q[S], project: NamedNode, base: str, key: str, r: ProjectRecord) -> Iterator[S]:
    """All of the above for one record."""
    yield from other_amounts(q, project, base, key, r)
    yield from rate_and_dates(q, project, r)
    yield from location(q, project, r)
    yield from programme_and_classification(q, project, r)
