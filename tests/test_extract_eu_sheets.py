"""Real spreadsheet and CSV lists of operations from 12 member states, read exactly (excerpts in tests/data/eu-lists).

``expected.json`` was read off each excerpt with other tools than fundgraph's readers: LibreOffice's CSV
export for the workbooks, Python's csv module on the bytes in the file's own encoding for the CSV files
(see SOURCES.tsv for where each list comes from and how its excerpt was cut). For each file it gives the
number of operations (data rows), the sum of every amount column, and three rows (first, middle, last)
with beneficiary, title and amounts as the source shows them; ``repeated`` lists rows that repeat an
earlier row in every cell (Flanders prints one operation twice), read once: the count and sums leave
them out.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from fundgraph.errors import ExtractError
from fundgraph.extract import read_list
from fundgraph.extract.cells import clean_text

DATA = Path(__file__).resolve().parent / "data" / "eu-lists"
EXPECTED = json.loads((DATA / "expected.json").read_text("utf-8"))
AMOUNT_FIELDS = ("granted_amount", "total_budget", "eu_amount", "paid_amount")
#: Lists that cannot be read exactly because of the source: (where the one-line error points, words it holds).
UNREADABLE = {
    # The export misplaces cells: line 57 splits "MIKKELIN KUNTOPALVELU, AVOIN YHTIÖ" at its unquoted comma and
    # drops a value further on (same number of cells), so "AVOIN YHTIÖ" stands under the amount granted; line 56
    # already has a date under "Toteutunut EU- ja valtion rahoitus". No reading of such lines is exact.
    "FI.finland__ERDF_2014-2020__projektilista-csv-final.original.csv":
        ("line 57, column 'Myönnetty EU- ja valtion rahoitus'", "'AVOIN YHTIÖ'"),
}
READABLE = sorted(set(EXPECTED) - set(UNREADABLE))


@pytest.fixture(scope="module")
def extracted():
    cache = {}

    def read(name):
        if name not in cache:
            cache[name] = read_list(DATA / name)
        return cache[name]
    return read


def _first(source: dict) -> int:
    return (source.get("rows") or source.get("lines"))[0]


def _amount_fields(columns: dict[str, str], header: str) -> list[str]:
    return [f for f in AMOUNT_FIELDS if f in columns and clean_text(columns[f]).startswith(header)]


def _repeated(name: str) -> list[dict]:
    return EXPECTED[name].get("repeated", [])


@pytest.mark.parametrize("name", READABLE)
def test_every_operation_read(extracted, name):
    assert len(extracted(name).records) == EXPECTED[name]["operations"] - len(_repeated(name))


@pytest.mark.parametrize("name", READABLE)
def test_every_amount_exact(extracted, name):
    """Each amount column the reader takes sums, over all rows, to the source's sum to the cent."""
    result = extracted(name)
    mapped = 0
    for position, (header, total) in enumerate(EXPECTED[name]["amount_sums"].items()):
        repeated = sum((Decimal(r["amounts"][position] or 0) for r in _repeated(name)), Decimal(0))
        for field in _amount_fields(result.columns, header):
            mapped += 1
            values = [getattr(r, field) for r in result.records if getattr(r, field) is not None]
            assert sum(values, Decimal(0)) == Decimal(total.split(" ")[0]) - repeated, (field, header)
    # Every amount column is read, but Ireland's Youth Employment Initiative share (no record field holds it).
    unread = [h for h in EXPECTED[name]["amount_sums"] if not _amount_fields(result.columns, h)]
    assert unread == (["Total YEI Allocated"] if name.startswith("IE.") else []), unread


@pytest.mark.parametrize("name", READABLE)
def test_sample_rows_exact(extracted, name):
    result = extracted(name)
    by_row = {_first(r.source.to_json()): r for r in result.records}
    headers = list(EXPECTED[name]["amount_sums"])
    for sample in EXPECTED[name]["samples"]:
        record = by_row[sample["at"]]
        assert (record.beneficiary, record.title) == (sample["beneficiary"], sample["title"]), sample["at"]
        for header, value in zip(headers, sample["amounts"]):
            for field in _amount_fields(result.columns, header):
                assert getattr(record, field) == (Decimal(value) if value is not None else None), (field, sample)


def test_contacts_never_reach_the_records(extracted):
    """Denmark's list names a contact person with phone and e-mail for every operation."""
    name = "DK.denmark__2014-2020__ERDF_Denmark_2014-2020.original.csv"
    text = json.dumps([r.to_json() for r in extracted(name).records], ensure_ascii=False)
    assert "@" not in text and "Helle Larsen" not in text and "22718716" not in text


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_list_is_one_line_saying_why(name):
    with pytest.raises(ExtractError) as error:
        read_list(DATA / name)
    message = str(error.value)
    where, quoted = UNREADABLE[name]
    assert "\n" not in message and message.startswith(f"{name}, {where}") and quoted in message


@pytest.mark.parametrize("name, field, warning", [
    # "Thüringen Stipendium" stands only in the summary; the beneficiary is given.
    ("DE.germany__DEG.thueringen__ESF_2014-2020__liste_der_vorhaben_stand_01.07.2016.xls", "title",
     "sheet 'Bericht', column 'Bezeichnung des Vorhabens': 1 operation has no title (left absent): row 134"),
    # An agricultural operation whose beneficiary is not named (its postcode neither).
    ("FR.france__2014-2020__20160711_listeoperations_FEDER_FSE_14-20.xls", "beneficiary",
     "sheet 'csv_agrops', column 'Nom du bénéficiaire - beneficiary name': 1 operation has no beneficiary "
     "(left absent): row 219"),
    # The title typed into the beneficiary cell, the title cell empty.
    ("DE.germany__DE3.berlin__funds-data__ERDF.2007.2013.ods", "title",
     "sheet 'Berlin ERDF 2007-2013', column 'Bezeichnung des Vorhabens': 1 operation has no title (left absent): row 217"),
])
def test_an_operation_without_a_title_or_beneficiary_is_kept_with_one_warning(extracted, name, field, warning):
    """Issue 12: lists withhold names and leave titles blank; the operation is kept with that field absent
    (absent from its JSON too, which the record schema allows), and one warning per column says how many."""
    result = extracted(name)
    (record,) = [r for r in result.records if getattr(r, field) is None]
    assert field not in record.to_json() and record.names_operation
    assert [w for w in result.warnings if "(left absent)" in w] == [f"{name}, {warning}"]


def test_a_row_repeated_in_every_cell_is_read_once_with_a_warning(extracted):
    name = "BE.belgium__BE2.vlaams.gewest__ERDF_2007-2013__ERDF_Flandern_2007-2013.xlsx"
    result = extracted(name)
    assert [r.source.rows for r in result.records if r.case_id == "100"] == [(41,)]
    assert any("row 42: repeats row 41 in every cell (case id 100); read once" in w for w in result.warnings)


def test_words_in_a_date_column_leave_the_date_absent_with_a_warning(extracted):
    """Ireland: end dates "N/A" (not given) and start dates "Yet to commence" (words, no date)."""
    result = extracted("IE.ireland__National_ESF_2014-2020__List_of_Operations_October_2016.xlsx")
    by_row = {r.source.rows[0]: r for r in result.records}
    assert by_row[4].end_date is None and by_row[4].start_date.isoformat() == "2014-01-01"
    assert by_row[344].start_date is None
    assert any("sheet 'Sheet1', row 344, column 'Operation Start Date': 'Yet to commence' is no date" in w
               for w in result.warnings)


def test_dates_written_as_date_time_text_are_days(extracted):
    """Slovenia's dates are text, "2014-01-01 00:00:00.000"."""
    result = extracted("SI.slovenia__2014-2020__seznam-projektov-28-6-2016.xls")
    assert result.records[0].start_date.isoformat() == "2014-01-01"


@pytest.mark.parametrize("name, at, where", [
    ("CZ.czech-republic__2014-2020__ERDF_Czech_Republic_2014-2020.xlsx", 48,
     "sheet 'Export', row 48 (case id CZ.11.5.125/0.0/0.0/15_007/0000013), column 'CZV projektu'"),
    ("EL.greece__2014-2020__ListOfOperations_20160513.csv", 72, "line 72, column 'ΣΥΝΟΛΙΚΗ ΕΠΙΛΕΞΙΜΗ"),
])
def test_an_operation_the_list_gives_no_amount_keeps_them_absent_with_a_warning(extracted, name, at, where):
    """Czechia's row 48 and Greece's line 72 leave every amount cell empty and are not marked withdrawn."""
    result = extracted(name)
    record = next(r for r in result.records if _first(r.source.to_json()) == at)
    assert all(getattr(record, field) is None for field in AMOUNT_FIELDS)
    assert any(f"{name}, {where}" in w and "not marked withdrawn" in w for w in result.warnings)
