"""Which column holds which field: header wordings matched by meaning in any EU language, and amount units.

The wordings live in ``aliases`` (one table per field and language); this module matches a table's
header cells to record fields. A header is folded (``aliases.fold``), its unit taken out
(``numberformats.header_unit``: "(in Euro)", "tkr", "TEUR"), and every pattern of every field tried;
the longest match wins, so "Bei Abschluss des Vorhabens gezahlte Gesamtbeträge" is the paid amount
("gezahlte gesamtbetrage") rather than the total budget ("gesamt"), and a field ruled out by
``aliases.NEVER`` is never taken. Each field and each column is taken at most once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .aliases import COMPILED, COMPILED_NEVER, LANGUAGES, example, fold
from .cells import clean_text
from .numberformats import header_unit

#: Fields a table must have for its rows to be operation records, besides one amount (``AMOUNT_FIELDS``):
#: Art. 49(3) lists give the total eligible cost, older lists the amount granted or paid.
REQUIRED_FIELDS = ("title", "beneficiary")

#: The fields whose columns hold amounts (a header unit scales them and may name their currency).
AMOUNT_FIELDS = ("granted_amount", "total_budget", "eu_amount", "paid_amount")


def missing_fields(fields) -> list[str]:
    """The required fields a header lacks (``fields``: the field names found); "granted_amount" stands for
    "any amount" when the header has none. Empty when the header makes a list of operations."""
    found = set(fields)
    missing = [name for name in REQUIRED_FIELDS if name not in found]
    return missing + ([] if found & set(AMOUNT_FIELDS) else ["granted_amount"])

#: How fields are called in messages and ``--explain`` (never the internal names).
FIELD_WORDS = {
    "case_id": "operation identifier", "title": "name of the operation", "beneficiary": "beneficiary",
    "granted_amount": "amount granted", "total_budget": "total budget", "eu_amount": "EU contribution",
    "paid_amount": "amount paid", "cofinancing_rate": "co-financing rate", "start_date": "start date",
    "end_date": "end date", "fund": "fund", "programme": "programme", "priority": "priority",
    "specific_objective": "specific objective", "intervention_category": "category of intervention",
    "country": "country", "nuts_code": "NUTS code", "postcode": "postcode", "place": "place",
    "municipalities": "municipalities", "counties": "counties", "summary": "summary", "status": "status",
}

_MAX_HEADER_QUOTE = 40
_MAX_REJOINED_WORDS = 8
_MAX_HEADERS_QUOTED = 8


@dataclass(frozen=True)
class FieldColumn:
    """A header matched to a record field: the header as printed, the factor of its unit (1000 for
    "tkr"), the currency its unit names (ISO 4217, None if none), the language of the wording that
    matched and the words it matched, folded (for ``--explain``), and the text of the group cell of a
    two-level header standing over the column ("" for none)."""

    field: str
    header: str
    scale: int = 1
    currency: str | None = None
    language: str | None = None
    pattern: str | None = None
    group: str = ""


def normalise_header(header: str) -> tuple[str, int]:
    """The header's matching text and the factor its unit gives amounts (1 if none).

    "Beviljat belopp (kr)" -> ("beviljat belopp", 1); "Kommun(er)" -> ("kommuner", 1);
    "Stöd (tkr)" -> ("stod", 1000)."""
    text, _, scale = header_unit(fold(header))
    return text, scale


@lru_cache(maxsize=4096)
def _candidates(header: str, group: str = "") -> tuple:
    """(score, field, scale, currency, language, pattern) of every field the header may stand for (a unit
    in its ``group`` cell counts for it); cached, as PDF pages repeat their header and sheets their
    header search over the same cells."""
    return tuple(_search_candidates(header, group))


def _search_candidates(header: str, group: str):
    folded = fold(header)
    without_unit, currency, scale = header_unit(folded)
    if group and currency is None and scale == 1:
        # A unit printed once in a group cell over several columns ("Beträge in EUR") is theirs.
        _, currency, scale = header_unit(fold(group))
    best: dict[str, tuple[int, int, str, str]] = {}
    for wording in COMPILED:
        text = without_unit if wording.field in AMOUNT_FIELDS else folded
        match = wording.regex.search(text)
        if not match or any(never.search(folded) for never in COMPILED_NEVER.get(wording.field, ())):
            continue
        score = (len(match.group(0)), -wording.rank)
        if wording.field not in best or score > best[wording.field][:2]:
            best[wording.field] = (*score, wording.language, match.group(0))
    for field, (length, rank, language, pattern) in best.items():
        amount = field in AMOUNT_FIELDS
        yield (length, rank), field, (scale if amount else 1), (currency if amount else None), language, pattern


def _rejoined_candidates(header: str) -> list:
    """Candidates of the header read with one of its spaces taken out, for a header that matches nothing
    as read: a narrow column's header cut inside a word ("Ärendenum|mer") can be read as two words where
    the glyph widths leave the wrap undecided, and header cells have no vocabulary to settle it. Only short
    headers are tried: a narrow column's header has a few words, and a cell of running text (Flanders'
    project descriptions in the rows searched for the header) would cost a search per word."""
    words = header.split(" ")
    if len(words) > _MAX_REJOINED_WORDS:
        return []
    folded = fold(header)
    for cut in range(1, len(words)):
        found = [candidate for candidate in
                 _candidates(" ".join(words[:cut - 1] + [words[cut - 1] + words[cut]] + words[cut + 1:]))
                 if not any(never.search(folded) for never in COMPILED_NEVER.get(candidate[1], ()))]
        if found:
            return found
    return []


def best_reading(readings: list[str]) -> str:
    """Of a header cell's readings (``cells.cell_readings``: the likelier first, then with its doubtful
    wraps read the other way), the one a header wording matches longest, its spaces not counted
    ("Beviljatbelopp" / "Beviljat belopp" -> "Beviljat belopp"); on a tie the one with fewer spaces,
    as a header word running exactly to the cell's edge is likelier a compound cut there than a space
    ("Ärende nummer" / "Ärendenummer" -> "Ärendenummer"); then the first."""
    if len(readings) == 1:
        return readings[0]

    def score(reading: str) -> tuple[int, int, int]:
        length, rank = max(((len(pattern.replace(" ", "")), rank)
                            for (_, rank), _, _, _, _, pattern in _candidates(reading)), default=(0, 0))
        return length, rank, -reading.count(" ")
    return max(readings, key=score)  # max keeps the first of equals


def match_headers(headers: list[str], groups: list[str] | None = None) -> tuple[dict[int, FieldColumn], list[str]]:
    """Match header texts (one per column, left to right) to fields.

    ``groups`` gives, per column, the text of a two-level header's group cell above it ("" for none):
    the group's words never name a column's field (Bremen's "ÖFFENTLICHE BETEILIGUNG AUS DEM
    EFRE-PROGRAMM" stands over the year, the amount granted and the amount paid), but a unit it prints
    is its columns' (the group is kept in ``FieldColumn.group``).

    Returns {column index: FieldColumn} and the non-empty headers left unmatched. Each field and
    each column is taken at most once, longest match first, then leftmost.
    """
    groups = groups or [""] * len(headers)
    candidates = []
    for index, (header, group) in enumerate(zip(headers, groups)):
        if header and header.strip():
            for score, field, scale, currency, language, pattern in (list(_candidates(header, group))
                                                                      or _rejoined_candidates(header)):
                candidates.append(((-score[0], -score[1], index), field, scale, currency, language, pattern))
    taken: dict[int, FieldColumn] = {}
    fields_taken: set[str] = set()
    for (_, _, index), field, scale, currency, language, pattern in sorted(candidates, key=lambda c: c[0]):
        if index in taken or field in fields_taken:
            continue
        taken[index] = FieldColumn(field, clean_text(headers[index]), scale, currency, language, pattern,
                                   clean_text(groups[index]))
        fields_taken.add(field)
    unmatched = [clean_text(h) for i, h in enumerate(headers) if i not in taken and h and h.strip()]
    return dict(sorted(taken.items())), unmatched


def header_language(headers: list[str]) -> str:
    """The language (ISO 639-1) most of ``headers`` are worded in, by the patterns they match; English
    when nothing matches. Bilingual headers ("Begünstigte/r beneficiary") count for both languages,
    and a tie goes to the language other than English (the list's own)."""
    counts: Counter[str] = Counter()
    for header in headers:
        if header and header.strip():
            counts.update({language for _, _, _, _, language, _ in _candidates(header)})
    if not counts:
        return "en"
    order = {language: i for i, language in enumerate(LANGUAGES)}
    return max(counts, key=lambda lang: (counts[lang], lang != "en", -order.get(lang, 99)))


def list_language(headers: list[str]) -> str:
    """The language (ISO 639-1) a list's texts are written in, by its ``headers``: the language whose wordings
    (of any field) match most of them. A header worded in English and another language ("Bezeichnung des
    Vorhabens/ operation name") counts for the other only: a bilingual list adds English to its own language.
    English when nothing else matches."""
    counts: Counter[str] = Counter()
    for header in headers:
        folded = fold(header or "")
        texts = (folded, header_unit(folded)[0])
        languages = {w.language for w in COMPILED if any(w.regex.search(t) for t in texts)}
        counts.update(languages - {"en"} if len(languages) > 1 else languages)
    if not counts:
        return "en"
    order = {language: i for i, language in enumerate(LANGUAGES)}
    return max(counts, key=lambda lang: (counts[lang], -order.get(lang, 99)))


def missing_columns_message(headers: list[str]) -> str:
    """One line saying which required columns a header row lacks, in the list's own words:

    "no column for the amount granted (a header such as 'Bewilligter Betrag'); the table's headers:
    'Name des Begünstigten', 'Jahr der Bewilligung'". Long headers are cut and at most a few quoted,
    so that a page of running text never ends up in the message."""
    matched, _ = match_headers(headers)
    language = header_language(headers)
    missing = missing_fields(column.field for column in matched.values())
    wanted = "; ".join(f"the {FIELD_WORDS[field]} (a header such as {example(field, language)!r})" for field in missing)
    quoted = [_quote(h) for h in headers if h and h.strip()][:_MAX_HEADERS_QUOTED]
    more = len([h for h in headers if h and h.strip()]) - len(quoted)
    seen = ", ".join(quoted) + (f" and {more} more" if more > 0 else "")
    return f"no column for {wanted}" + (f"; the table's headers: {seen}" if seen else "")


def _quote(header: str) -> str:
    text = clean_text(header)
    return repr(text if len(text) <= _MAX_HEADER_QUOTE else text[:_MAX_HEADER_QUOTE - 1] + "…")


def explain_columns(fields: dict[int, FieldColumn], unmatched: list[str]) -> list[str]:
    """Lines for ``--explain``: which header fed which field (language and pattern), then the columns
    left unmatched."""
    lines = [f"column {column.header!r}" + (f" (under {_quote(column.group)})" if column.group else "")
             + f" -> {FIELD_WORDS[column.field]} ({column.field}; matched "
             f"{column.language} wording {column.pattern!r}"
             + (f", unit × {column.scale}" if column.scale != 1 else "")
             + (f", currency {column.currency}" if column.currency else "") + ")"
             for _, column in sorted(fields.items())]
    lines += [f"column {header!r} not matched to any field (ignored)" for header in unmatched]
    return lines
