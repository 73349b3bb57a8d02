"""Lists in other layouts come back exactly: generated PDFs (tests/pdfgen.py) read by the extractor.

Fixed layouts cover each variation once (rules or none, narrow portrait columns where case ids and
header words wrap mid-word, rows split over pages with and without a repeated header, other header
wordings and column orders, missing optional columns, combining diacritics, ligatures, no-break
spaces); a hypothesis property test draws records and layouts at random.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import pdfgen
from fundgraph.extract import read_list

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = json.loads((ROOT / "tests" / "data" / "granted-projects-vasterbotten.expected.json").read_text("utf-8"))
AMOUNT_FIELDS = ("granted_amount", "total_budget")
FIELDS = ["case_id", "title", "beneficiary", "granted_amount", "total_budget", "fund", "priority_number",
          "priority_label", "municipalities", "counties", "summary"]
OPTIONAL_COLUMNS = ["total_budget", "fund", "priority", "municipalities", "counties", "summary"]
MUNICIPALITIES = [row["name"] for row in csv.DictReader(
    (ROOT / "src" / "fundgraph" / "reference" / "municipalities.csv").open(encoding="utf-8"))]


def expected_for(record: dict, columns: list[str]) -> dict:
    """What a list with only ``columns`` says about ``record`` (the JSON form): absent columns are absent
    fields; amounts as decimal strings."""
    out = {key: record[key] for key in FIELDS if record.get(key) not in (None, "", [])}
    for name in AMOUNT_FIELDS:
        if isinstance(out.get(name), int):
            out[name] = str(out[name])
    if "total_budget" not in columns:
        out.pop("total_budget", None)
    if "priority" not in columns:
        out.pop("priority_number", None)
        out.pop("priority_label", None)
    for name in ("fund", "municipalities", "counties", "summary"):
        if name not in columns:
            out.pop(name, None)
    return out


def roundtrip(records: list[dict], style: pdfgen.ListStyle, path: Path):
    rendered = pdfgen.render_list(records, style, path)
    extracted = read_list(path)
    columns = [name for name, _, _ in style.columns]
    got = [{key: value for key, value in r.to_json().items() if key in FIELDS} for r in extracted.records]
    return rendered, extracted, got, [expected_for(r, columns) for r in records]


def fixture_records(count: int = 5) -> list[dict]:
    # The sixth project's fund "Regionala medel" fills a narrow cell before the wrap: ambiguous by geometry.
    return EXPECTED["projects"][:count]


LAYOUTS = {
    "ruled landscape": pdfgen.ListStyle(pdfgen.default_columns()),
    "no rules": pdfgen.ListStyle(pdfgen.default_columns(), ruled=False),
    "narrow portrait": pdfgen.ListStyle(pdfgen.default_columns(narrow=True), landscape=False, font_size=6),
    "narrow portrait, no rules": pdfgen.ListStyle(pdfgen.default_columns(narrow=True), landscape=False,
                                                  font_size=6, ruled=False),
    "rows split, header repeated": pdfgen.ListStyle(pdfgen.default_columns(), split_rows=True, font_size=8),
    "rows split, no repeated header": pdfgen.ListStyle(pdfgen.default_columns(), split_rows=True,
                                                       repeat_header=False, font_size=8),
    "rows split, no header, no rules": pdfgen.ListStyle(pdfgen.default_columns(), split_rows=True,
                                                        repeat_header=False, ruled=False, font_size=8),
    "other wordings and order": pdfgen.ListStyle([
        ("beneficiary", "Sökande", 80), ("case_id", "Diarienummer", 60), ("title", "Projekttitel", 90),
        ("fund", "Program", 50), ("granted_amount", "Beslutat belopp", 60),
        ("total_budget", "Total kostnad (kr)", 60), ("municipalities", "Kommun(er)", 100),
        ("summary", "Beskrivning", 250)], title="Beslutade projekt 2024"),
    "only the required columns": pdfgen.ListStyle(pdfgen.default_columns(
        ["case_id", "title", "beneficiary", "granted_amount"]), landscape=False),
    "one row a page, no-break spaces": pdfgen.ListStyle(pdfgen.default_columns(), rows_per_page=1,
                                                        group_space="\u00a0"),
}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layout_comes_back_exactly(name, tmp_path):
    _, extracted, got, expected = roundtrip(fixture_records(), LAYOUTS[name], tmp_path / "list.pdf")
    assert got == expected
    assert extracted.totals is not None and extracted.totals.project_count == len(expected)


def test_split_rows_span_pages_and_report_them(tmp_path):
    style = pdfgen.ListStyle(pdfgen.default_columns(), split_rows=True, repeat_header=False, font_size=8)
    rendered, extracted, got, expected = roundtrip(fixture_records(), style, tmp_path / "split.pdf")
    assert got == expected
    assert any(len(r.source.pages) == 2 for r in extracted.records)
    assert sorted({p for r in extracted.records for p in r.source.pages}) == list(range(1, rendered.pages + 1))


def test_columns_report_which_header_was_taken(tmp_path):
    _, extracted, _, _ = roundtrip(fixture_records(2), LAYOUTS["other wordings and order"], tmp_path / "w.pdf")
    assert extracted.columns == {
        "case_id": "Diarienummer", "title": "Projekttitel", "beneficiary": "Sökande",
        "granted_amount": "Beslutat belopp", "total_budget": "Total kostnad (kr)", "fund": "Program",
        "municipalities": "Kommun(er)", "summary": "Beskrivning"}
    assert extracted.document.title == "Beslutade projekt 2024"


def test_narrow_columns_wrap_case_ids_and_headers_mid_word(tmp_path):
    style = LAYOUTS["narrow portrait"]
    path = tmp_path / "narrow.pdf"
    pdfgen.render_list(fixture_records(3), style, path)
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        words = {w["text"] for w in pdf.pages[0].extract_words()}
    assert "20372556" not in words  # the case id is cut at the cell's edge
    assert any(w.startswith("2037") and len(w) < 8 for w in words)
    assert read_list(path).records[0].case_id == "20372556"


@pytest.mark.parametrize("wording", pdfgen.HEADER_WORDINGS["case_id"])
def test_a_narrow_header_cut_inside_a_word_reads_as_printed(wording, tmp_path):
    """ "Ärendenummer" cut "Ärende|numme|r" and "Ärende-ID" cut "Ärende|-ID" in a narrow column: the wrap
    the glyphs leave doubtful is read the way that makes a header wording (it was read as a space)."""
    columns = [(name, wording if name == "case_id" else header, width)
               for name, header, width in pdfgen.default_columns(narrow=True)]
    path = tmp_path / "narrow.pdf"
    pdfgen.render_list(fixture_records(2), pdfgen.ListStyle(columns, landscape=False, font_size=6), path)
    assert read_list(path).columns["case_id"] == wording


@pytest.mark.skipif(not pdfgen.HAVE_WIDE_FONT, reason="needs DejaVu Sans (Debian fonts-dejavu-core) for U+0308")
def test_combining_diacritics_ligatures_and_narrow_spaces(tmp_path):
    record = dict(fixture_records(1)[0], title="Va\u0308sterbotten \ufb01ber och \ufb02ygplats",
                  beneficiary="REGION VA\u0308STERBOTTEN")
    style = pdfgen.ListStyle(pdfgen.default_columns(), wide_font=True, group_space="\u202f")
    path = tmp_path / "unicode.pdf"
    pdfgen.render_list([record], style, path)
    got = read_list(path).records[0]
    assert got.title == "Västerbotten fiber och flygplats"
    assert got.beneficiary == "REGION VÄSTERBOTTEN"
    assert got.granted_amount == Decimal(record["granted_amount"])


@pytest.mark.parametrize("ruled", [False, True], ids=["white space", "ruled"])
def test_a_column_with_values_and_no_header_is_ignored_with_a_warning(ruled, tmp_path):
    """A column whose header cell is empty ("ERUF" under no header) belongs to no field: the records are read
    without it, and a warning names the file, the page, the column's place and a value it holds (once)."""
    columns = [("case_id", "Ärende-ID", 56), ("title", "Projektnamn", 84), ("fund", "", 42),
               ("beneficiary", "Projektägare", 70), ("granted_amount", "Beviljat belopp (kr)", 60)]
    path = tmp_path / "headerless.pdf"
    records = fixture_records(3)
    pdfgen.render_list(records, pdfgen.ListStyle(columns, ruled=ruled, rows_per_page=2, repeat_header=False), path)
    extracted = read_list(path)
    assert [r.case_id for r in extracted.records] == [r["case_id"] for r in records]
    assert all(r.fund is None for r in extracted.records)
    told = [w for w in extracted.warnings if "no header" in w]
    assert len(told) == 1
    assert told[0].startswith("headerless.pdf, page 1: column 3 of 5 (x ")
    assert f"holds values but has no header, e.g. {records[0]['fund']!r}; ignored" in told[0]


# --- property test ------------------------------------------------------------------------------

WORDS = ["projekt", "Västerbotten", "innovation", "samverkan", "region", "kompetens", "företag", "hållbar",
         "utveckling", "näringslivsutveckling", "kompetensförsörjning", "och", "för", "i", "med", "en", "till",
         "EU-medel", "AI-chatboten", "Skellefteå", "Umeå", "omställning", "digitala", "tjänster", "SMF",
         "forskningsbaserade", "glesbygd", "Övre", "Norrland", "2040", "-"]
word = st.sampled_from(WORDS)


def _sentence(min_size: int, max_size: int):
    def tidy(words: list[str]) -> str:
        text = " ".join(words).replace("- -", "-")
        return text.strip(" -") or "projekt"
    return st.lists(word, min_size=min_size, max_size=max_size).map(tidy)


@st.composite
def records(draw):
    count = draw(st.integers(1, 4))
    ids = draw(st.lists(st.integers(10_000_000, 99_999_999), min_size=count, max_size=count, unique=True))
    out = []
    for case_id in ids:
        budget = draw(st.integers(1_000, 50_000_000))
        priority = draw(st.one_of(st.none(), st.integers(1, 6)))
        out.append({
            "case_id": str(case_id), "title": draw(_sentence(1, 6)),
            "beneficiary": draw(st.sampled_from(["REGION VÄSTERBOTTEN", "UMEÅ UNIVERSITET", "LYCKSELE KOMMUN",
                                                 "STUDIEFÖRBUNDET VUXENSKOLAN", "Partnerinvest Övre Norrland AB"])),
            "granted_amount": draw(st.integers(1_000, budget)), "total_budget": budget,
            "fund": draw(st.sampled_from(["ERUF", "ESF+", "Interreg Aurora", "Regionala medel"])),
            "priority_number": priority,
            "priority_label": None if priority is None else draw(_sentence(2, 6)),
            "municipalities": draw(st.lists(st.sampled_from(MUNICIPALITIES), min_size=0, max_size=5, unique=True)),
            "counties": draw(st.sampled_from([["Västerbotten"], ["Norrbotten", "Västerbotten"], []])),
            "summary": draw(_sentence(0, 25)),
        })
    return out


@st.composite
def styles(draw):
    narrow = draw(st.booleans())
    optional = draw(st.lists(st.sampled_from(OPTIONAL_COLUMNS), unique=True))
    fields = [name for name in pdfgen.ALL_FIELDS
              if name in ("case_id", "title", "beneficiary", "granted_amount") or name in optional]
    random.Random(draw(st.integers(0, 10_000))).shuffle(fields)
    base = dict((name, width) for name, _, width in pdfgen.default_columns(narrow=narrow))
    columns = [(name, draw(st.sampled_from(pdfgen.HEADER_WORDINGS[name])), base[name]) for name in fields]
    return pdfgen.ListStyle(
        columns, landscape=not narrow or draw(st.booleans()), ruled=draw(st.booleans()),
        font_size=draw(st.sampled_from([6.0, 7.0, 8.0])) if not narrow else 6.0,
        split_rows=draw(st.booleans()), repeat_header=draw(st.booleans()), totals=draw(st.booleans()),
        rows_per_page=draw(st.one_of(st.none(), st.integers(1, 3))),
        group_space=draw(st.sampled_from([" ", "\u00a0"])))


def _warned(extracted, row: int, header: str) -> bool:
    return any(f"row {row} " in w and f"column {header!r}" in w for w in extracted.warnings)


def _one_row(**fields) -> list[dict]:
    record = {"case_id": "10000000", "title": "projekt", "beneficiary": "REGION VÄSTERBOTTEN",
              "granted_amount": 1000, "total_budget": 1000, "fund": "ERUF", "priority_number": None,
              "priority_label": None, "municipalities": [], "counties": ["Västerbotten"], "summary": ""}
    return [dict(record, **fields)]


def _unruled(*order: str, font_size: float = 6.0, **wordings: str) -> pdfgen.ListStyle:
    """A one-page list without rules, no totals, the fixture's column widths; header wordings by field."""
    wordings = {"case_id": "Ärende-ID", "title": "Projektnamn", "beneficiary": "Projektägare",
                "granted_amount": "Beviljat belopp (kr)", "total_budget": "Total budget (kr)", **wordings}
    widths = dict((name, width) for name, _, width in pdfgen.default_columns())
    return pdfgen.ListStyle([(name, wordings[name], widths[name]) for name in order], ruled=False,
                            font_size=font_size, repeat_header=False, totals=False)


# Random draws: each run tries new lists and layouts (print_blob gives the failing one to replay with
# @reproduce_failure). Each failure random seeds found is kept below as an @example, with what it showed.
@settings(max_examples=30, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                               HealthCheck.too_slow])
# Seeds 4 and 13: "forskningsbaserade|i" filling its line was read as a cut word without a warning ("i" is a word).
@example(data=_one_row(title="forskningsbaserade i"),
         style=_unruled("beneficiary", "case_id", "title", "granted_amount", font_size=8.0))
# A case id followed by a title "projekt ..." looked like a totals line's count ("10000000 projekt"), so the
# only row did not shape the columns: the title's last letter fell into the amount ("n 1 000" does not parse),
# or an amount's last digit into the next column ("1 00").
@example(data=_one_row(title="projekt projekt innovation"),
         style=_unruled("beneficiary", "case_id", "title", "granted_amount"))
@example(data=_one_row(),
         style=_unruled("granted_amount", "beneficiary", "case_id", "title", granted_amount="Beviljat stöd (kr)"))
# Seed 111: "Beslutat" / "belopp" left-aligned over "1 000" right-aligned left a white-space column of amounts
# without a header between them, and the amounts granted were silently dropped with it.
@example(data=_one_row(summary=" ".join(["projekt"] * 30)),  # enough words to measure a word space
         style=_unruled("case_id", "title", "summary", "beneficiary", "granted_amount", "total_budget", font_size=7.0,
                        granted_amount="Beslutat belopp", summary="Sammanfattning"))
# Seed 210: without rules a page continuing the table keeps the header page's columns; a longer title there
# ran past the boundary and its last letter fell into the amount ("g 1 000" does not parse).
@example(data=_one_row() + _one_row(case_id="10000001", title="projekt projekt utveckling"),
         style=dataclasses.replace(_unruled("beneficiary", "case_id", "title", "granted_amount"), rows_per_page=1))
# Seed 324: the page title "Beviljade projekt" (bold, in a larger font) above a table without rules shaped its
# columns: on page 1 it joined the amount and case-id columns ("1 000 10000000" does not parse), or its word
# "projekt" set the title column's edge so that page 2's longer title ran into the case id ("projekt 10000001").
@example(data=_one_row(beneficiary="UMEÅ UNIVERSITET") + _one_row(case_id="10000001"),
         style=dataclasses.replace(_unruled("granted_amount", "case_id", "beneficiary", "title",
                                            granted_amount="Beslutat belopp"), rows_per_page=1,
                                   title="Beviljade projekt"))
@example(data=_one_row(beneficiary="UMEÅ UNIVERSITET")
         + _one_row(case_id="10000001", title="projekt projekt projekt projekt Västerbotten"),
         style=dataclasses.replace(_unruled("title", "case_id", "granted_amount", "beneficiary",
                                            granted_amount="Beslutat belopp"), rows_per_page=1,
                                   title="Beviljade projekt"))
# Found with seed 324's family: page 1's one short row left every column's edge where its text ended, well left of
# the cell's; page 2's title filled its cell and a whole word stood past that edge ("och 10000001" as case id).
@example(data=_one_row(title="i") + _one_row(case_id="10000001", title="projekt projekt projekt och"),
         style=dataclasses.replace(_unruled("title", "case_id", "beneficiary", "granted_amount", title="Namn",
                                            case_id="Dnr", beneficiary="Sökande"), rows_per_page=1, title=""))
# Seeds 1021, 1030, 1048: an amount before a title "projekt …" read as a totals count ("1 000 projekt"), so the row
# did not shape the columns and the amount's last digit fell out of its column ("1 00" / "0"), or the totals line
# was not told ("case id TOTALSUMMA:"); a priority "Prioritering 1: projekt …" likewise. A count of operations
# starts the text (``aliases.TOTALS_WORD``).
@example(data=_one_row(), style=dataclasses.replace(_unruled("beneficiary", "case_id", "granted_amount", "title",
                                                             font_size=7.0), totals=True))
@example(data=_one_row(priority_number=1, priority_label="projekt projekt", summary="projekt"),
         style=pdfgen.ListStyle([("priority", "Prioritering", 77), ("counties", "Län", 56),
                                 ("summary", "Sammanfattning", 182), ("municipalities", "Kommuner", 91),
                                 ("fund", "Fond", 42), ("granted_amount", "Beviljat stöd (kr)", 60),
                                 ("case_id", "Ärende-ID", 56), ("total_budget", "Total budget (kr)", 60),
                                 ("title", "Projektnamn", 84), ("beneficiary", "Projektägare", 70)],
                                ruled=False, font_size=6.0, repeat_header=False))
# Seed 2191: a title starting like a count ("2040 projekt") kept its row out of the columns' shaping, as a totals
# line's is (its label may overflow): the amounts' columns joined ("1 000 1 000" does not parse). Only a line of a
# totals label and amounts is kept out (``table._totals_only``).
@example(data=_one_row(title="2040 projekt"),
         style=pdfgen.ListStyle([("title", "Projektnamn", 84), ("fund", "Fond", 42), ("counties", "Län", 56),
                                 ("case_id", "Ärende-ID", 56), ("priority", "Prioritering", 77),
                                 ("granted_amount", "Beviljat stöd (kr)", 60), ("municipalities", "Kommuner", 91),
                                 ("beneficiary", "Projektägare", 70), ("summary", "Sammanfattning", 182)],
                                ruled=False, font_size=6.0, repeat_header=False))
# Seed 3063: under "Beslutat belopp" (left-aligned over right-aligned amounts) the totals line's wider sum
# ("10 000" under "1 000") reached into the header's own column, so the amounts' headerless run was not joined to
# it: the amounts granted were dropped (a warning named the column, not the rows), the totals line was not told,
# or its sum joined the last row's ("8 000 10 000"). A totals line does not count as a column's values.
@example(data=_one_row(summary="projekt projekt projekt projekt")
         + _one_row(case_id="10000001", title=" ".join(["projekt"] * 6), summary="projekt")
         + _one_row(case_id="10000002", title=" ".join(["projekt"] * 6), beneficiary="Partnerinvest Övre Norrland AB",
                    granted_amount=8000, total_budget=98000, summary=" ".join(["projekt"] * 6)),
         style=pdfgen.ListStyle([("title", "Projektnamn", 84), ("total_budget", "Total budget (kr)", 60),
                                 ("case_id", "Ärende-ID", 56), ("granted_amount", "Beslutat belopp", 60),
                                 ("summary", "Sammanfattning", 182), ("beneficiary", "Projektägare", 70)],
                                landscape=True, ruled=False, font_size=7.0, repeat_header=False,
                                title="Beviljade projekt"))
# Seed 3135: the gap between "Beslutat belopp" (left-aligned) and its amounts (right-aligned) was taken for the
# narrowest gutter between columns, though the two are joined into one column; every right text edge was placed
# 1.5 pt too far right, so a case id cut at its narrow cell's edge ("100000" / "00") was read as two rows ("case id
# 100000 occurs twice"), and a title cut there was read as two words without a warning ("kompetensförsörj ning").
@example(data=_one_row(summary=" ".join(["projekt"] * 16) + " i") + _one_row(case_id="10000001"),
         style=pdfgen.ListStyle([("beneficiary", "Projektägare", 50), ("granted_amount", "Beslutat belopp", 52),
                                 ("summary", "Sammanfattning", 104), ("case_id", "Ärende-ID", 30),
                                 ("priority", "Prioritering", 50), ("title", "Projektnamn", 60)],
                                landscape=False, ruled=False, font_size=6.0, repeat_header=False, totals=False,
                                rows_per_page=1))
@example(data=_one_row(summary=" ".join(["projekt"] * 16) + " i")
         + _one_row(case_id="10000001", title="kompetensförsörjning"),
         style=pdfgen.ListStyle([("summary", "Sammanfattning", 104), ("granted_amount", "Beslutat belopp", 52),
                                 ("title", "Projektnamn", 60), ("priority", "Prioritering", 50),
                                 ("beneficiary", "Projektägare", 50), ("case_id", "Ärende-ID", 30)],
                                landscape=False, ruled=False, font_size=6.0, repeat_header=False, totals=False,
                                rows_per_page=1))
# Found by rendering the LibreOffice layout "narrow borderless, header only on page 1": a word processor splits a
# row between pages anywhere, even inside a case id cut at its narrow cell's edge ("100000" at the foot of page 1,
# "00" at the top of page 2): that piece was read as a row of its own (a row too many, 385 words of summary), and
# a beneficiary cut at the page break ("VÄSTERBOTTE" / "N") was learned as two whole words by the vocabulary and
# joined with a space without a warning ("REGION VÄSTERBOTTE N", 381 words).
@example(data=_one_row(summary=" ".join(["projekt"] * 381)) + _one_row(case_id="10000001"),
         style=pdfgen.ListStyle(pdfgen.default_columns(["case_id", "title", "beneficiary", "granted_amount", "summary"],
                                                       narrow=True),
                                landscape=False, ruled=False, font_size=6.0, split_rows=True, repeat_header=False,
                                totals=False))
@example(data=_one_row(summary=" ".join(["projekt"] * 385)) + _one_row(case_id="10000001"),
         style=pdfgen.ListStyle(pdfgen.default_columns(["case_id", "title", "beneficiary", "granted_amount", "summary"],
                                                       narrow=True),
                                landscape=False, ruled=True, font_size=6.0, split_rows=True, repeat_header=False,
                                totals=False))
@given(data=records(), style=styles())
def test_any_generated_list_comes_back_exactly(data, style, tmp_path):
    """Every field comes back exactly, or — for a wrap the geometry leaves ambiguous, which the
    generated lists include on purpose — the reader says so in a warning naming its row and column."""
    path = tmp_path / "generated.pdf"
    try:
        rendered = pdfgen.render_list(data, style, path)
    except ValueError:  # a row taller than a page, or an amount wider than its column
        assume(False)
    extracted = read_list(path)
    columns = [name for name, _, _ in style.columns]
    headers = {name: header for name, header, _ in style.columns}
    got = [{key: value for key, value in r.to_json().items() if key in FIELDS} for r in extracted.records]
    expected = [expected_for(r, columns) for r in data]
    assert len(got) == len(expected)
    for number, (record, wanted) in enumerate(zip(got, expected), start=1):
        for key in sorted(set(record) | set(wanted)):
            if record.get(key) != wanted.get(key):
                column = "priority" if key.startswith("priority_") else key
                assert _warned(extracted, number, headers[column]), (key, record.get(key), wanted.get(key),
                                                                     extracted.warnings)
    if rendered.totals_drawn:
        assert extracted.totals.project_count == len(data)
        assert extracted.totals.granted_amount == sum(r["granted_amount"] for r in data)
    else:
        assert extracted.totals is None and any("no totals row" in w for w in extracted.warnings)
