"""One display name per organisation: the name as the list writes it stays the data; pages show a readable form.

Lists print many beneficiaries in capitals ("REGION VÄSTERBOTTEN", "LULEÅ TEKNISKA UNIVERSITET"), and one
organisation may carry several rdfs:label values (the list's, and reference data's). Every page shows the
same name for it, chosen by ``display_name``:

1. its skos:prefLabel in the page's language, else in Swedish (reference data: the publisher, a municipality's
   own name) — the organisation's own spelling;
2. else its rdfs:label as the list writes it, the first in alphabetical order when there are several; a label
   written in capitals only is shown by ``readable``, and the list's form is shown beside it on the
   organisation's page ("as written in the list").

``readable`` is the rule for capitals, chosen for Swedish organisation names (Språkrådet, Svenska skrivregler:
names of organisations are written with a capital initial, their generic words in lower case): each word is
capitalised, except the generic words of ``GENERIC_WORDS`` (kommun, universitet, tekniska, …) and the small
words of ``SMALL_WORDS`` (i, och, för, …) after the first word, and legal forms (AB, HB, KB, …) stay in
capitals. "LULEÅ TEKNISKA UNIVERSITET" → "Luleå tekniska universitet"; "STUDIEFÖRBUNDET BILDA NORD" →
"Studieförbundet Bilda Nord"; "REGION VÄSTERBOTTEN" → "Region Västerbotten". A name with any lower-case
letter is taken as written ("RISE Research Institutes of Sweden AB" stays).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

LEGAL_FORMS = {"AB", "HB", "KB", "EF", "EK", "AB)", "(PUBL)", "PUBL", "EU", "EFS", "ESF", "ERUF", "RISE", "LTU",
               "KTH", "SLU", "IT", "AI", "ICT", "SMF", "NUTS"}
GENERIC_WORDS = {"kommun", "kommuns", "kommuner", "universitet", "universitetet", "tekniska", "högskola",
                 "högskolan", "län", "läns", "landsting", "kommunförbund", "förbund", "förbundet", "stiftelse",
                 "stiftelsen", "ekonomisk", "förening", "föreningen", "ideell", "aktiebolag", "församling",
                 "samordningsförbund", "kommunalförbund", "regionförbund", "forskningsinstitut", "ek.", "för.",
                 "ek"}
SMALL_WORDS = {"i", "och", "för", "av", "på", "till", "med", "om", "vid", "under", "över", "de", "la", "le", "of",
               "the", "and", "for", "in"}
_WORD = re.compile(r"[^\s\-/]+|[\s\-/]+")


def readable(name: str) -> str:
    """``name`` in readable case if it is written in capitals only (rule in the module docstring), else as it is."""
    if not any(ch.isupper() for ch in name) or any(ch.islower() for ch in name):
        return name
    out: list[str] = []
    first = True
    for token in _WORD.findall(name):
        if not token.strip(" -/"):
            out.append(token)
            continue
        lower = token.lower()
        if token.upper() in LEGAL_FORMS:
            out.append(token)
        elif not first and (lower in GENERIC_WORDS or lower in SMALL_WORDS):
            out.append(lower)
        else:
            out.append(lower[:1].upper() + lower[1:])
        first = False
    return "".join(out)


def display_name(labels: Iterable[str], preferred: dict[str, str] | None = None, language: str = "sv") -> str:
    """The one name pages show for an organisation: ``preferred`` (skos:prefLabel by language tag) in
    ``language``, else Swedish, else ``readable`` of the first of ``labels`` (rdfs:label as listed), else ""."""
    preferred = preferred or {}
    for tag in (language, "sv", ""):
        if preferred.get(tag):
            return preferred[tag]
    listed = sorted(set(labels))
    return readable(listed[0]) if listed else ""
