"""The server's messages (errors' details) in the page language.

The server's errors carry one English line (``str(error)``, what SPARQL clients and the plain-text answer
show). As in gettext, that English text is the key: ``CATALOGUE`` pairs a pattern of each message the
server can send with its Swedish wording, the pattern's groups (names, IRIs, numbers, lists) carried over
unchanged. ``localise`` returns the message in the page language and whether it found a translation; a
message without one is shown in English, marked ``lang="en"``. tests/test_web_messages.py triggers the
errors and checks every one is translated.
"""

from __future__ import annotations

import re

CATALOGUE: tuple[tuple[str, str], ...] = (
    # resources and files (serve.resources, serve.downloads)
    (r"no resource at this path", "det finns ingen resurs på den här sökvägen"),
    (r"there is no resource (?P<iri>.+)", "det finns ingen resurs {iri}"),
    (r"unknown format (?P<name>.+); valid: (?P<valid>.+)", "okänt format {name}; giltiga: {valid}"),
    (r"none of the requested media types can be produced here; available: (?P<types>.+)",
     "inget av de begärda formaten kan levereras här; tillgängliga: {types}"),
    (r"no published file (?P<name>.+)", "ingen publicerad fil {name}"),
    (r"this server has no (?P<what>.+) \(it serves no published folder\)",
     "servern har ingen {what} (den visar ingen publicerad mapp)"),
    # the SPARQL protocol (serve.sparql)
    (r"updates are not accepted on this read-only endpoint",
     "ändpunkten går bara att läsa: uppdateringar (INSERT, DELETE, LOAD …) tas inte emot"),
    (r"at line (?P<line>\d+), column (?P<column>\d+): a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE, "
     r"not (?P<word>.+)",
     "rad {line}, kolumn {column}: en fråga börjar med SELECT, CONSTRUCT, ASK eller DESCRIBE, inte {word}"),
    (r"at line (?P<line>\d+), column (?P<column>\d+): expected one of (?P<expected>.+)",
     "rad {line}, kolumn {column}: här väntade sig tolken något av {expected}"),
    (r"at line (?P<line>\d+), column (?P<column>\d+): expected (?P<expected>.+)",
     "rad {line}, kolumn {column}: här väntade sig tolken {expected}"),
    (r"a direct POST carries its query in the body only, not also in \?query=",
     "en direkt POST har frågan bara i kroppen, inte också i ?query="),
    (r"the query must be UTF-8, not (?P<charset>.+)", "frågan måste vara UTF-8, inte {charset}"),
    (r"the query body is not valid UTF-8", "frågans kropp är inte giltig UTF-8"),
    (r"POST a query as (?P<form>\S+) \(query=\.\.\.\) or as (?P<direct>\S+), not as (?P<got>.+)",
     "skicka en fråga med POST som {form} (query=…) eller som {direct}, inte som {got}"),
    (r"more than one query in the request; send exactly one",
     "förfrågan har mer än en fråga; skicka exakt en"),
    (r"the request has no query", "förfrågan saknar fråga"),
    (r"(?P<parameter>\S+) must be an absolute IRI, not (?P<value>.+)",
     "{parameter} måste vara en absolut IRI, inte {value}"),
    (r"format (?P<name>.+) is not available for this query form; available: (?P<valid>.+)",
     "formatet {name} finns inte för den här sortens fråga; tillgängliga: {valid}"),
    (r"SERVICE \(federated query\) is not available on this endpoint: .*",
     "SERVICE (federerad fråga) går inte här: ändpunkten hämtar inte data från andra servrar. Fråga den "
     "andra ändpunkten själv, eller läs in dess data bredvid den här datamängdens filer."),
    (r"the result has more than (?P<rows>\d+) rows \(or triples\); add a LIMIT or download the dataset dump",
     "svaret har fler än {rows} rader (eller tripler); lägg till LIMIT eller ladda ner hela datamängden"),
    (r"the query ran past the time limit(?P<limit>.*) and was stopped; narrow it or add a LIMIT",
     "frågan tog längre tid än tillåtet{limit} och stoppades; snäva in den eller lägg till LIMIT"),
    (r"the SPARQL endpoint did not answer within (?P<seconds>[\d.]+) s; narrow the query or add a LIMIT",
     "SPARQL-ändpunkten svarade inte inom {seconds} s; snäva in frågan eller lägg till LIMIT"),
    (r"the result is larger than (?P<n>\d+) bytes \(setting max_result_bytes\); add a LIMIT, select fewer or "
     r"shorter values, or download the dataset dump",
     "svaret är större än {n} byte (inställningen max_result_bytes); lägg till LIMIT, välj färre eller kortare "
     "värden, eller ladda ner hela datamängden"),
    (r"the query needed more than (?P<n>\d+) MiB of memory \(setting query_memory_limit\) and was stopped; "
     r"narrow it or add a LIMIT",
     "frågan behövde mer än {n} MiB minne (inställningen query_memory_limit) och stoppades; snäva in den eller "
     "lägg till LIMIT"),
    (r"the query is (?P<size>\d+) bytes long, more than this endpoint accepts \((?P<n>\d+) bytes, setting "
     r"max_query_bytes\)",
     "frågan är {size} byte lång, mer än ändpunkten tar emot ({n} byte, inställningen max_query_bytes)"),
    (r"the query nests \{ \} \( \) \[ \] (?P<depth>\d+) levels deep, more than this endpoint accepts "
     r"\((?P<n>\d+) levels, setting max_query_depth\)",
     "frågan har {depth} nivåer av {{ }} ( ) [ ] i varandra, fler än ändpunkten tar emot ({n} nivåer, "
     "inställningen max_query_depth)"),
    (r"the query cannot be evaluated here: (?P<why>.+)", "frågan kan inte beräknas här: {why}"),
    (r"the query failed inside the server", "frågan misslyckades i servern"),
    (r"the query worker stopped unexpectedly", "frågeprocessen stannade oväntat"),
    (r"the address is (?P<size>\d+) bytes long, more than this server accepts \((?P<n>\d+) bytes, setting "
     r"max_url_bytes\); send a long SPARQL query with POST instead",
     "adressen är {size} byte lång, mer än servern tar emot ({n} byte, inställningen max_url_bytes); skicka "
     "en lång SPARQL-fråga med POST i stället"),
    (r"the form body is not valid (?P<charset>\S+); send it as UTF-8 \(or say charset=ISO-8859-1 in "
     r"Content-Type if it is Latin-1\)",
     "formulärets innehåll är inte giltig {charset}; skicka det som UTF-8 (eller ange charset=ISO-8859-1 i "
     "Content-Type om det är Latin-1)"),
    (r"unknown charset (?P<charset>.+) for the form; send it as UTF-8",
     "okänd teckenkodning {charset} för formuläret; skicka det som UTF-8"),
    (r"every query worker is busy; try again shortly", "alla frågeprocesser är upptagna; försök igen om en stund"),
    (r"no query worker became free; try again shortly", "ingen frågeprocess blev ledig; försök igen om en stund"),
    (r"(?:the query worker could not open the store; )?SPARQL queries cannot run now\..*",
     "SPARQL-frågor kan inte köras just nu (frågeprocesserna gick inte att starta)."),
    (r"cannot reach the SPARQL endpoint (?P<endpoint>\S+): (?P<why>.+)",
     "når inte SPARQL-ändpunkten {endpoint}: {why}"),
    # the browse page (serve.web.browse)
    (r"search text longer than (?P<n>\d+) characters", "söktexten är längre än {n} tecken"),
    (r"unknown sort (?P<sort>.+); valid: (?P<valid>.+)", "okänd sortering {sort}; giltiga: {valid}"),
    (r"unknown order (?P<order>.+); valid: asc, desc", "okänd ordning {order}; giltiga: asc, desc"),
    (r"page must be a whole number", "sidan måste vara ett heltal"),
    (r"page must be from 1 to (?P<n>\d+)", "sidan måste vara från 1 till {n}"),
    # werkzeug's own descriptions (a path no route takes, a method a route does not take)
    (r"The requested URL was not found on the server\..*", "adressen finns inte på servern"),
    (r"The method is not allowed for the requested URL\.", "metoden är inte tillåten för den här adressen"),
    # anything else
    (r"an unexpected error occurred; it has been logged", "ett oväntat fel inträffade; det är loggat"),
)
_COMPILED = tuple((re.compile(pattern, re.S), swedish) for pattern, swedish in CATALOGUE)


def localise(message: str, lang: str) -> tuple[str, bool]:
    """``message`` (one English line from the server) in ``lang`` ("sv" or "en"): (text, translated).

    English is returned as it is (translated True); Swedish from ``CATALOGUE`` when a pattern matches the
    whole message, else (message, False) so that the page can mark it as English."""
    if lang == "en":
        return message, True
    for pattern, swedish in _COMPILED:
        found = pattern.fullmatch(message.strip())
        if found:
            return swedish.format(**found.groupdict()), True
    return message, False
