"""Minting IRIs: every resource's IRI is the base IRI plus a path built from an identifier.

Paths (``{base}`` is ``Settings.base_iri``, ending with "/"):

==============================  =============================================================
``project/{case_id}``           a project (operation), by the list's case id (ärende-id)
``project/{case_id}/{part}``    nodes owned by a project (amounts, grant), e.g. ``granted-amount``
``organisation/{key}``          a beneficiary organisation, by its normalised name key
``fund/{code}``                 a fund or programme, by code (ERDF_2021, ESF_PLUS, INTERREG_AURORA, REGIONAL)
``priority/{number}``           a priority of the regional development strategy
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
==============================  =============================================================

Identifiers are percent-encoded so that no identifier can break out of its path segment.
"""

from __future__ import annotations

from urllib.parse import quote


def _segment(identifier: str | int) -> str:
    return quote(str(identifier), safe="")


def project(base: str, case_id: str) -> str:
    return f"{base}project/{_segment(case_id)}"


def project_part(base: str, case_id: str, part: str) -> str:
    return f"{project(base, case_id)}/{_segment(part)}"


def organisation(base: str, key: str) -> str:
    return f"{base}organisation/{_segment(key)}"


def fund(base: str, code: str) -> str:
    return f"{base}fund/{_segment(code)}"


def priority(base: str, number: int) -> str:
    return f"{base}priority/{_segment(number)}"


def municipality(base: str, kommunkod: str) -> str:
    return f"{base}municipality/{_segment(kommunkod)}"


def county(base: str, code: str) -> str:
    return f"{base}county/{_segment(code)}"


def document(base: str, sha256: str) -> str:
    return f"{base}document/{_segment(sha256)}"


def document_page(base: str, sha256: str, page: int) -> str:
    return f"{document(base, sha256)}/page/{_segment(page)}"


def document_part(base: str, sha256: str, part: str) -> str:
    return f"{document(base, sha256)}/{_segment(part)}"


def unlinked_concept(base: str, kind: str, key: str) -> str:
    """IRI of an unknown ``kind`` ("municipality", "county", "fund") value, minted from its normalised key."""
    return f"{base}{_segment(kind)}/unlinked-{_segment(key)}"


def document_graph(base: str, sha256: str) -> str:
    return f"{base}graph/{_segment(sha256)}"


def scheme(base: str, name: str) -> str:
    return f"{base}scheme/{_segment(name)}"


def dataset(base: str) -> str:
    return f"{base}dataset"


def catalog(base: str) -> str:
    return f"{base}catalog"


def sparql_endpoint(base: str) -> str:
    return f"{base}sparql"
