"""Content negotiation: which representation of a resource (or query result) a request gets.

The rule, in order (as Trifid does):

1. ``?format=NAME`` (ttl, jsonld, nt, rdf, html) or a file extension on the path
   (``/project/123.ttl``) names the format outright; an unknown name is a 400/404, not a guess.
2. Otherwise the ``Accept`` header, parsed with its q-values by werkzeug, chooses among the types
   on offer. Media-type parameters other than q (e.g. JSON-LD's ``profile=``) do not stop a
   match; aliases from ``formats.MEDIA_TYPE_ALIASES`` (``application/json``, ...) count as their format.
3. Ties, ``*/*`` and a missing ``Accept`` fall to the server's order of preference, which depends
   on whether the request is *browser-like*: its ``User-Agent`` starts with ``Mozilla/`` (every
   mainstream browser's does; curl, wget, python-requests, SPARQLWrapper, rdflib and harvesters'
   do not). Browser-like requests prefer HTML, all others Turtle. So ``curl URL`` gets Turtle and
   a browser gets the page, while an explicit ``Accept: text/turtle`` always wins.
4. If nothing on offer is acceptable: 406 listing what is.

Responses chosen by Accept vary on ``Accept`` and ``User-Agent``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import Request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..formats import HTML, MEDIA_TYPE_ALIASES

BROWSER_USER_AGENT_PREFIX = "Mozilla/"


def is_browser_like(request: Request) -> bool:
    """True when the User-Agent looks like a web browser's (see the module docstring)."""
    return (request.user_agent.string or "").startswith(BROWSER_USER_AGENT_PREFIX)


def parse_accept(header: str | None, aliases: Mapping[str, str] = MEDIA_TYPE_ALIASES) -> MIMEAccept:
    """Parse an Accept header, dropping media-type parameters other than q and mapping ``aliases``.

    A missing or empty header means ``*/*``.
    """
    if not header or not header.strip():
        return MIMEAccept([("*/*", 1)])
    values = []
    for value, quality in parse_accept_header(header, MIMEAccept):
        media_type = value.split(";", 1)[0].strip().lower()
        values.append((aliases.get(media_type, media_type), quality))
    return MIMEAccept(values)


def choose(header: str | None, offered: Sequence[str],
           aliases: Mapping[str, str] = MEDIA_TYPE_ALIASES) -> str | None:
    """Return the media type in ``offered`` (in the server's order of preference) that ``header``
    accepts best, or None when it accepts none of them. Remembered for the last ``CHOICES_KEPT`` questions:
    clients send the same few headers, and parsing one costs 30–80 µs (of a page's 2–3 ms)."""
    key = (header, tuple(offered), id(aliases))
    known = _choices.get(key)
    if known is not None and known[0] is aliases:
        return known[1]
    chosen = parse_accept(header, aliases).best_match(list(offered))
    if len(_choices) >= CHOICES_KEPT:
        _choices.clear()
    _choices[key] = (aliases, chosen)  # the aliases themselves: an id is only theirs while they live
    return chosen


CHOICES_KEPT = 1024
_choices: dict[tuple, tuple[Mapping[str, str], str | None]] = {}


def preference(offered: Sequence[str], *, browser: bool, html: str = HTML.media_type) -> list[str]:
    """``offered`` reordered for this client: HTML first for a browser-like one, last otherwise."""
    rest = [m for m in offered if m != html]
    if html not in offered:
        return rest
    return [html, *rest] if browser else [*rest, html]
