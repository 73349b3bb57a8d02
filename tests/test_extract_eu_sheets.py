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
    # The export misplaces cells. Unquoted commas inside texts (line 57's "MIKKELIN KUNTOPALVELU, AVOIN YHTIÖ")
    # are undone (test_finland_s_unquoted_commas_are_undone_where_certain), but line 60 has an amount under the
    # start date and nothing under the amount granted: no reading of that line is exact (unreadable_cells).
    "FI.finland__ERDF_2014-2020__projektilista-csv-final.original.csv":
        ("line 60, column 'Aloituspvm'", "'425180' is not a date"),
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


def test_finland_s_unquoted_commas_are_undone_where_certain():
    """Issue 12: the export writes texts holding a comma unquoted. Line 57 splits its beneficiary (and leaves
    its last amount empty, so that it has as many cells as the header: its amount granted reads "AVOIN YHTIÖ");
    line 200 is quoted as a whole and splits its authority, line 201 splits its authority. With line 60's
    misplaced start date left absent, all 200 operations read (as Python's csv module counts the data lines)."""
    name = "FI.finland__ERDF_2014-2020__projektilista-csv-final.original.csv"
    result = read_list(DATA / name, unreadable_cells="absent")
    assert len(result.records) == EXPECTED[name]["operations"] == 200
    by_line = {r.source.lines[0]: r for r in result.records}
    assert (by_line[57].beneficiary, by_line[57].granted_amount) == ("MIKKELIN KUNTOPALVELU, AVOIN YHTIÖ", 15660)
    assert (by_line[200].beneficiary, by_line[200].granted_amount) == ("STENBERG HELLSTEN OY", 15500)
    assert (by_line[201].beneficiary, by_line[201].granted_amount, by_line[201].start_date.isoformat()) == (
        "LASHLOVERS OY", 71930, "2015-02-04")
    warnings = [w.split(": ", 1)[1] for w in result.warnings if w.startswith(f"{name}, line ") and "delimiter" in w]
    assert warnings[:3] == [
        "cells under the wrong headers (a delimiter inside a text that is not quoted): read with 'MIKKELIN "
        "KUNTOPALVELU, AVOIN YHTIÖ' as one cell",
        "the line is quoted as a whole: read once unquoted; 14 cells where the header has 13 (a delimiter inside a "
        "text that is not quoted): read with 'Pohjois-Pohjanmaan elinkeino-, liikenne- ja ympäristökeskus' as one cell",
        "14 cells where the header has 13 (a delimiter inside a text that is not quoted): read with 'Etelä-Savon "
        "elinkeino-, liikenne- ja ympäristökeskus' as one cell"]


def _misplaced_list(path, bad_row: str) -> Path:
    """A CSV list whose columns hold kinds a row can be checked against: a case id (a number), a fund code, a
    title, a status word, a beneficiary, an amount; 25 rows that fit, then ``bad_row``."""
    rows = [f"{20000100 + n},ERUF,Hamnen {n},Beviljad,Umeå kommun,{1000 + n}" for n in range(25)]
    path.write_text("Ärende-ID,Fond,Projektnamn,Status,Stödmottagare,Beviljat belopp\n"
                    + "\n".join(rows + [bad_row]) + "\n", encoding="utf-8")
    return path


def test_an_unquoted_comma_is_undone_when_one_reading_alone_fits(tmp_path):
    result = read_list(_misplaced_list(tmp_path / "list.csv", "20000200,ERUF,Hamn, kaj och fyr,Beviljad,Umeå kommun,700"))
    last = result.records[-1]
    assert (last.title, last.status, last.beneficiary, last.granted_amount) == (
        "Hamn, kaj och fyr", "Beviljad", "Umeå kommun", 700)
    assert "list.csv, line 27: 7 cells where the header has 6 (a delimiter inside a text that is not quoted): read " \
           "with 'Hamn, kaj och fyr' as one cell" in result.warnings


def test_an_unquoted_comma_that_two_readings_fit_stays_an_error(tmp_path):
    """Title "Hamn, kaj" and beneficiary "Umeå kommun", or title "Hamn" and beneficiary " kaj,Umeå kommun"?"""
    with pytest.raises(ExtractError) as error:
        read_list(_misplaced_list(tmp_path / "list.csv", "20000200,ERUF,Hamn, kaj,Beviljad,Umeå, kommun,700"))
    assert str(error.value).startswith("list.csv, line 27: 8 cells where the header has 6: a delimiter inside a "
                                       "cell that is not quoted")


def test_greece_s_location_column_gives_nuts_codes_not_postcodes(extracted):
    """Its "postcode or other appropriate location indicator" holds a NUTS code and the region's name."""
    name = "EL.greece__2014-2020__ListOfOperations_20160513.csv"
    result = extracted(name)
    attica = [r for r in result.records if r.nuts_code == "EL30"]
    assert attica and {(r.postcode, r.place) for r in attica} == {(None, "Aττική")}
    assert all(r.postcode is None and r.nuts_code for r in result.records if r.source.lines[0] < 100)
    assert sum("read as NUTS codes, not postcodes" in w for w in result.warnings) == 1


@pytest.mark.parametrize("cell, programme", [
    ("2014SE16RFOP008", {"cci": "2014SE16RFOP008"}),
    ("2014SE16RFOP008 - Övre Norrland", {"name": "Övre Norrland", "cci": "2014SE16RFOP008"}),
    ("Övre Norrland", {"name": "Övre Norrland"}),
])
def test_a_cci_code_in_the_programme_column_is_the_programme_s_cci(tmp_path, cell, programme):
    path = tmp_path / "list.csv"
    path.write_text(f"Project reference,Name of operation,Beneficiary,Grant awarded,Programme CCI\n"
                    f"20000300,Hamnen,Umeå kommun,100,{cell}\n", encoding="utf-8")
    (record,) = read_list(path).records
    assert record.programme.to_json() == programme


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


@pytest.mark.parametrize(("usual", "warned"), [(100, True), (2, False)])
def test_a_country_on_a_stray_row_is_kept_and_named(tmp_path, usual, warned):
    """One row in a hundred naming another country than all the others is named (Thüringen's "CH" in Jena,
    tests/test_extract_eu_whole_sheets.py); in a list whose rows differ more, nothing stands out."""
    path = tmp_path / "countries.csv"
    rows = [f"Vorhaben {n};Verein {n};{100 + n};DE" for n in range(usual)] + ["Gründung;Begünstigte;1500;CH"]
    path.write_text("Bezeichnung des Vorhabens;Name des Begünstigten;Bewilligter Betrag;Land\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    result = read_list(path)
    assert [r.country for r in result.records] == ["DE"] * usual + ["CH"]
    stray = [w for w in result.warnings if "country 'CH'" in w]
    assert stray == ([f"countries.csv, line {usual + 2}: country 'CH' where the list's {usual} other operations say "
                      "'DE': kept as printed"] if warned else [])
