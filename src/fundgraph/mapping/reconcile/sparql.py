"""A small SPARQL SELECT client over SPARQLWrapper that turns every failure into one ``LinkError``.

Linking talks to public endpoints (Wikidata, the EU Knowledge Graph) that may be down, slow or
overloaded; the caller must learn which endpoint failed and how, in one line, and nothing else may
happen (no partial table). Queries go by HTTP POST (form-encoded, SPARQL 1.1 Protocol §2.1.2) so long
``VALUES`` blocks never hit URL length limits, and ask for SPARQL 1.1 JSON results.
"""

from __future__ import annotations

import urllib.error
from importlib.metadata import PackageNotFoundError, version

import pyoxigraph
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (EndPointInternalError, EndPointNotFound, QueryBadFormed,
                                            Unauthorized, URITooLong)

from ...errors import ConfigError, LinkError

_HTTP_STATUS = {QueryBadFormed: 400, Unauthorized: 401, EndPointNotFound: 404, URITooLong: 414,
                EndPointInternalError: 500}


def _user_agent() -> str:
    # Wikidata's query service asks clients to name themselves (User-Agent policy).
    try:
        release = version("fundgraph")
    except PackageNotFoundError:  # running from a source tree that is not installed
        release = "dev"
    return f"fundgraph/{release} (linked-open-data publisher; SPARQLWrapper)"


def literal(text: str, language: str | None = None) -> str:
    """Return ``text`` as a SPARQL string literal (N-Triples escaping, valid in SPARQL), with a language tag.

    Every value from a list goes into a query through this function, never by string pasting.
    """
    return str(pyoxigraph.Literal(text, language=language) if language else pyoxigraph.Literal(text))


def select(endpoint: str, query: str, timeout: float) -> list[dict[str, str]]:
    """Run a SELECT ``query`` at ``endpoint``; return one dict per solution, variable → lexical value.

    Unbound variables are absent from a row's dict. ``timeout`` is in seconds and bounds connecting and
    each read. Raises ``LinkError`` (one line naming the endpoint) when the endpoint cannot be reached,
    does not answer in time, answers with an HTTP error, or answers with something that is not SPARQL
    JSON results.
    """
    if not timeout > 0:
        raise ConfigError(f"setting 'link_timeout' must be a positive number of seconds, not {timeout!r}")
    client = SPARQLWrapper(endpoint, agent=_user_agent())
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    # The documented ``timeout`` attribute, not setTimeout(): that one truncates to int, and 0.5 s would
    # become 0, which SPARQLWrapper takes as "wait forever".
    client.timeout = timeout
    client.setQuery(query)
    try:
        results = client.query().convert()
    except tuple(_HTTP_STATUS) as error:
        raise LinkError(f"{endpoint}: the endpoint answered HTTP {_HTTP_STATUS[type(error)]}") from None
    except urllib.error.HTTPError as error:
        raise LinkError(f"{endpoint}: the endpoint answered HTTP {error.code} {error.reason}") from None
    except TimeoutError:
        raise LinkError(f"{endpoint}: no answer within {timeout:g} s (link_timeout)") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise LinkError(f"{endpoint}: no answer within {timeout:g} s (link_timeout)") from None
        raise LinkError(f"{endpoint}: cannot connect ({error.reason})") from None
    except (OSError, ValueError) as error:  # reset connections, bad URLs, JSON that does not parse
        raise LinkError(f"{endpoint}: the query failed ({type(error).__name__})") from None
    try:
        return [{name: term["value"] for name, term in row.items()} for row in results["results"]["bindings"]]
    except (TypeError, KeyError, AttributeError):
        raise LinkError(f"{endpoint}: the answer is not SPARQL JSON results") from None
