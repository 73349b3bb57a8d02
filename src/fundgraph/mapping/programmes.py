"""Programmes as nodes: the programme (CCI) a list names for its operations, linked from each of them.

A list that names the programme of an operation (its CCI code, its name, or both: ``ProjectRecord.programme``)
gives the operation ``fg:programme`` → a ``fg:OperationalProgramme`` node in the default graph:

- with a CCI code: ``{base}programme/{CCI}`` (``2014AT16RFOP001``), the same node for every list of that
  programme, whatever name each prints;
- with a name only: ``{base}programme/{fund}-{country}-{period}-{12 hex}``, the hex the SHA-256 of the name's
  match key (``names.match_key``), the fund its family or code (ERDF, ESF, ``unknown``), the country the
  operation's (``XX`` when none): stable on every republish, and two programmes of one fund, country and
  period with different names stay apart.

The node states ``skos:notation`` (the CCI), ``rdfs:label`` (each name as printed), ``fg:fund`` (the fund the
operation's list names) and ``skos:closeMatch`` of nothing: Kohesio's programmes (Q2463047, CCI in P1367)
are found by CCI in SPARQL. A list that names no programme gives no node: a fund and a country alone do not
tell one programme from another (Germany has sixteen ERDF programmes in 2014–2020), and one node for all of
them would join operations of different programmes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode

from ..extract.records import ProjectRecord
from . import iris
from .context import MappingContext
from .names import ascii_slug, match_key
from .terms import FG_OperationalProgramme, FG_fund, FG_programme, RDF_type, RDFS_label, SKOS_notation

if TYPE_CHECKING:
    from .operations import Q, S


def programme_key(record: ProjectRecord, fund_code: str | None, period: str) -> str | None:
    """The path segment of the programme node ``record`` names (see the module docstring), or None."""
    programme = record.programme
    if programme is None:
        return None
    if programme.cci:
        return programme.cci
    if not programme.name:
        return None
    digest = hashlib.sha256(match_key(programme.name).encode()).hexdigest()[:12]
    country = (record.country or "XX").upper()
    return f"{ascii_slug(fund_code or 'unknown')}-{country.lower()}-{period}-{digest}"


def programme_quads(q: Q[S], project: NamedNode, record: ProjectRecord, ctx: MappingContext,
                    fund: NamedNode | None) -> Iterator[S]:
    """The link from ``project`` to its programme and, once per dataset, the programme's description."""
    fund_code = None
    if record.fund is not None:
        known = ctx.funds.resolve(record.fund, ctx.settings.programming_period)
        fund_code = (known.family or known.code) if known is not None else None
    key = programme_key(record, fund_code, ctx.settings.programming_period)
    if key is None:
        return
    node = NamedNode(iris.programme(ctx.base, key))
    yield q(project, FG_programme, node)
    if ctx.first_time("programme", key):
        yield q(node, RDF_type, FG_OperationalProgramme)
        if record.programme.cci:
            yield q(node, SKOS_notation, Literal(record.programme.cci))
    if record.programme.name and ctx.first_time("programme-name", key, record.programme.name):
        yield q(node, RDFS_label, Literal(record.programme.name))
    if fund is not None and ctx.first_time("programme-fund", key, fund.value):
        yield q(node, FG_fund, fund)
