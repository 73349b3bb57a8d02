"""Minting IRIs: every resource's IRI is the base IRI plus a path built from an identifier.

Paths (``{base}`` is ``Settings.base_iri``, ending with "/"):

==============================  =============================================================
``project/{key}``               a project (operation), by the list's case id (ärende-id), or for a list
                                without identifiers by the key of ``project_key`` ("op-" + 24 hex digits,
                                "-n" added for the n-th row alike in every field: ``number_repeats``)
``project/{key}/{part}``        nodes owned by a project (amounts, grant), e.g. ``granted-amount``
``organisation/{key}``          a beneficiary organisation, by its normalised name key
``fund/{code}``                 a fund or programme, by code (ERDF_2021, ESF_PLUS, INTERREG_AURORA, REGIONAL)
``priority/{number}``           a priority of the regional development strategy (``priority/label-{hash}``
                                for a list giving only its label; ``priority/{programme}/…`` for a record
                                naming its programme, see ``priority_of``)
``municipality/{kommunkod}``    a municipality, by SCB's four-digit kommunkod ("2480")
``county/{code}``               a county (län), by SCB's two-digit county code ("24")
``document/{sha256}``           a source document (a list as PDF), by the SHA-256 of its bytes
``document/{sha256}/page/{n}``  one page of a source document (1-based)
``document/{sha256}/{part}``    nodes owned by a document, e.g. ``checksum``
``{kind}/unlinked-{key}``       a value matching no reference concept (only with allow_unknown_concepts),
                                by its normalised key; ``kind`` is municipality, county or fund
``graph/{sha256}``              the named graph of one document's provenance (the data is in the default graph)
``scheme/{name}``               a SKOS concept scheme: municipalities, counties, funds, priorities
``dataset``, ``catalog``        the DCAT dataset and catalogue; ``sparql`` the SPARQL endpoint
``dataset/distribution/{file}`` a DCAT distribution, by its file name; ``…/checksum`` its checksum
``dataset/partition/{kind}/…``  a VoID class or property partition, by the CURIE of the class/property
``dataset/temporal``            the dataset's period of time
``service/sparql``              the DCAT data service of the SPARQL endpoint
``publisher``, ``contact``      the catalogue's publisher (without an organisation number), contact point
``download/{file}``             where the server serves a published file (a URL, not a resource)
==============================  =============================================================

Identifiers are percent-encoded so that no identifier can break out of its path segment.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from urllib.parse import quote

from ..extract.records import Programme, ProjectRecord, decimal_text
from .names import ascii_slug


def _segment(identifier: str | int) -> str:
    return quote(str(identifier), safe="")


PROJECT_TEMPLATE = "project/{case_id}"
"""The project path as a URI template (RFC 6570), e.g. for CSVW ``aboutUrl``: base IRI + this."""


def project_key(record: ProjectRecord) -> str:
    """The path segment of a project's IRI: its case id, or, for a list without identifiers, a key made
    from what identifies the operation in its programme, so that republishing the same list (or a later
    version of it, with other rows added) gives the same IRI, while no key depends on a row number.

    Rule: "op-" followed by the first 24 hex digits of the SHA-256 of the UTF-8 text of, joined by U+001F,
    the programme (its CCI code, else its name, else the fund as printed, else ""), the beneficiary and
    title as printed ("" for one the list leaves blank or withholds: keys of records having both are
    unchanged, and two operations without a beneficiary differ by their titles, amounts and the fields
    below like any others), the currency, and the granted amount and the total budget as decimal text ("" when
    absent), then — only where the record has them, so that keys of records without them stay as they
    were — "name=value" of each of ``_MORE_KEY_FIELDS``: Bayern's rows give either the amount granted or
    the one paid, and Greece prints one operation once per region it reaches, alike but for the NUTS
    region in its location column, Niedersachsen a seminar once per city in its summary.

    Rows of one list alike in all of these are distinct operations that print alike (Thüringen's ERDF
    2007–13 list prints 351 such rows, each a grant of its own: the list's sums count them all). The n-th
    such row in list order (n ≥ 2, ``Source.occurrence``, numbered by ``number_repeats``) takes the key of
    the first followed by "-n" ("op-…-2"); the first keeps the key alone, so that IRIs minted before rows
    were numbered do not change, and the same list republished gives the same IRIs. A changed amount is a
    new operation (the list has no identifier that could say otherwise). Rows with a case id are not
    numbered: a case id printed twice means one operation (the readers read a row repeating another in
    every cell once, as Flanders' row 42; a project in several lists is tabulated once, see ``Tally``).
    """
    if record.case_id is not None:
        return record.case_id
    key = _printed_key(record)
    occurrence = record.source.occurrence
    return key if occurrence is None or occurrence < 2 else f"{key}-{occurrence}"


def _printed_key(record: ProjectRecord) -> str:
    """``project_key`` of a record without a case id, before its occurrence is added."""
    programme = record.programme
    scope = (programme.cci or programme.name) if programme is not None else None
    parts = (scope or record.fund or "", record.beneficiary or "", record.title or "", record.currency or "",
             *("" if amount is None else decimal_text(amount) for amount in (record.granted_amount, record.total_budget)))
    more = ((name, getattr(record, name)) for name in _MORE_KEY_FIELDS)
    parts += tuple(f"{name}={_key_text(value)}" for name, value in more if value is not None)
    return "op-" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def number_repeats(records: Iterable[ProjectRecord], warnings: list[str] | None = None) -> Iterator[ProjectRecord]:
    """Yield the records of ONE list in list order, the n-th row without a case id alike in every field of
    ``project_key`` to earlier rows (n ≥ 2) with ``source.occurrence`` n, every other record unchanged: the
    one place that numbers repeats, so that the mapping, the figures and the tables (which all call
    ``project_key``) agree. It must run over the whole list in order, before the records are split among
    workers; a record already numbered is counted with its number kept. Appends to ``warnings`` one line per
    repeat naming its row and the row it repeats. Holds one key per distinct row without a case id (about
    100 bytes each)."""
    first: dict[str, tuple[int, str]] = {}  # key -> (rows alike so far, where the first stands)
    for record in records:
        if record.case_id is None:
            key = _printed_key(record)
            count, where = first.get(key, (0, ""))
            count = max(count + 1, record.source.occurrence or 1)
            here = record.source.where()
            first[key] = (count, where or here)
            if count > 1:
                if record.source.occurrence != count:
                    record = replace(record, source=replace(record.source, occurrence=count))
                if warnings is not None:
                    warnings.append(f"{record.source.document}, {here}: alike in every field to {where} (no case id): "
                                    f"kept as an operation of its own, the {_ordinal(count)} alike")
        yield record


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


#: Fields that take part in a key without a case id where a record has them (see ``project_key``).
_MORE_KEY_FIELDS = ("eu_amount", "paid_amount", "cofinancing_rate", "start_date", "end_date", "priority_number",
                    "priority_label", "specific_objective", "intervention_category", "nuts_code", "postcode", "place",
                    "summary")


def _key_text(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return decimal_text(value) if isinstance(value, Decimal) else str(value)


def project(base: str, case_id: str) -> str:
    """A project: ``{base}project/20372556``."""
    return f"{base}project/{_segment(case_id)}"


def project_part(base: str, case_id: str, part: str) -> str:
    """A node owned by a project: ``{base}project/20372556/granted-amount``."""
    return f"{project(base, case_id)}/{_segment(part)}"


def organisation(base: str, key: str) -> str:
    """A beneficiary: ``{base}organisation/region-vasterbotten``."""
    return f"{base}organisation/{_segment(key)}"


def fund(base: str, code: str) -> str:
    """A fund or programme: ``{base}fund/ERDF_2021``."""
    return f"{base}fund/{_segment(code)}"


def programme(base: str, key: str) -> str:
    """A programme of operations, by its CCI code or minted key (``programmes.programme_key``):
    ``{base}programme/2014AT16RFOP001``."""
    return f"{base}programme/{_segment(key)}"


def priority(base: str, number: int) -> str:
    """A priority of the regional strategy: ``{base}priority/2``."""
    return f"{base}priority/{_segment(number)}"


def priority_of(base: str, number: int | None, label: str | None, programme: Programme | None = None) -> str:
    """The priority a record names: by its number where the list gives one, else (a list printing only the
    label) ``{base}priority/label-`` + the first 16 hex digits of the SHA-256 of the label as printed —
    stable on every republish, the same label the same priority. Priority numbers belong to a programme:
    for a record naming its ``programme``, the path is ``priority/{programme}/…`` (its CCI code, else its
    name as an ASCII slug), so that priority 1 of the Czech and of the Slovenian programme stay two concepts
    in one dataset. Raises ValueError when number and label are both None."""
    if number is None and not label:
        raise ValueError("a priority needs a number or a label")
    local = _segment(number) if number is not None else f"label-{hashlib.sha256(label.encode('utf-8')).hexdigest()[:16]}"
    scope = (programme.cci or ascii_slug(programme.name or "")) if programme is not None else ""
    return f"{base}priority/{_segment(scope) + '/' if scope else ''}{local}"


def municipality(base: str, kommunkod: str) -> str:
    """A municipality: ``{base}municipality/2480``."""
    return f"{base}municipality/{_segment(kommunkod)}"


def county(base: str, code: str) -> str:
    """A county (län): ``{base}county/24``."""
    return f"{base}county/{_segment(code)}"


def document(base: str, sha256: str) -> str:
    """A source document: ``{base}document/9f86d0…``."""
    return f"{base}document/{_segment(sha256)}"


def document_page(base: str, sha256: str, page: int) -> str:
    """A page of a source document: ``{base}document/9f86d0…/page/3``."""
    return f"{document(base, sha256)}/page/{_segment(page)}"


def document_part(base: str, sha256: str, part: str) -> str:
    """A node owned by a document: ``{base}document/9f86d0…/checksum``."""
    return f"{document(base, sha256)}/{_segment(part)}"


def unlinked_concept(base: str, kind: str, key: str) -> str:
    """An unknown ``kind`` ("municipality", "county", "fund") value, by its normalised key:
    ``{base}municipality/unlinked-atlantis``."""
    return f"{base}{_segment(kind)}/unlinked-{_segment(key)}"


def document_graph(base: str, sha256: str) -> str:
    """The named graph of a document's provenance: ``{base}graph/9f86d0…``."""
    return f"{base}graph/{_segment(sha256)}"


def scheme(base: str, name: str) -> str:
    """A SKOS concept scheme: ``{base}scheme/municipalities``."""
    return f"{base}scheme/{_segment(name)}"


def dataset(base: str) -> str:
    """The DCAT dataset (also the void:Dataset): ``{base}dataset``."""
    return f"{base}dataset"


def catalog(base: str) -> str:
    """The DCAT catalogue: ``{base}catalog``."""
    return f"{base}catalog"


def sparql_endpoint(base: str) -> str:
    """The SPARQL endpoint: ``{base}sparql``."""
    return f"{base}sparql"


def distribution(base: str, file_name: str) -> str:
    """A DCAT distribution, by file name: ``{base}dataset/distribution/dataset.ttl.gz``."""
    return f"{dataset(base)}/distribution/{_segment(file_name)}"


def distribution_checksum(base: str, file_name: str) -> str:
    """A distribution's spdx:Checksum: ``{base}dataset/distribution/dataset.ttl/checksum``."""
    return f"{distribution(base, file_name)}/checksum"


def dataset_partition(base: str, kind: str, curie: str) -> str:
    """A VoID partition, by kind ("class", "property") and CURIE: ``{base}dataset/partition/class/fg%3AProject``."""
    return f"{dataset(base)}/partition/{_segment(kind)}/{_segment(curie)}"


def dataset_temporal(base: str) -> str:
    """The dataset's dct:PeriodOfTime: ``{base}dataset/temporal``."""
    return f"{dataset(base)}/temporal"


def data_service(base: str) -> str:
    """The DCAT data service of the SPARQL endpoint: ``{base}service/sparql``."""
    return f"{base}service/sparql"


def publisher(base: str) -> str:
    """The catalogue's publisher when no organisation number is set: ``{base}publisher``."""
    return f"{base}publisher"


def contact_point(base: str) -> str:
    """The catalogue's contact point: ``{base}contact``."""
    return f"{base}contact"


def download(base: str, file_name: str) -> str:
    """Where the server serves a published file: ``{base}download/dataset.ttl``."""
    return f"{base}download/{quote(file_name)}"
