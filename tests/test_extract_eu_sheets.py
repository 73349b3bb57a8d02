"""Real spreadsheet and CSV lists of operations from 12 member states, read exactly (excerpts in tests/data/eu-lists).

``expected.json`` was read off each excerpt with other tools than fundgraph's readers: LibreOffice's CSV
export for the workbooks, Python's csv module on the bytes in the file's own encoding for the CSV files
(see SOURCES.tsv for where each list comes from and how its excerpt was cut). For each file it gives the
number of operations (data rows), the sum of every amount column, and three rows (first, middle, last)
with beneficiary, title and amounts as the source shows them.
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
    # Commas inside cells that are not quoted ("MIKKELIN KUNTOPALVELU, AVOIN YHTIÖ"): cells slide into the next
    # column, and the first amount that is not one stops the reading.
    "FI.finland__ERDF_2014-2020__projektilista-csv-final.original.csv":
        ("line 57, column 'Myönnetty EU- ja valtion rahoitus'", "'AVOIN YHTIÖ'"),
    # An operation with neither cost nor EU contribution, and not marked withdrawn.
    "CZ.czech-republic__2014-2020__ERDF_Czech_Republic_2014-2020.xlsx":
        ("sheet 'Export', row 48 (case id CZ.11.5.125/0.0/0.0/15_007/0000013), column 'Příspěvek EU'", "no amount"),
    "EL.greece__2014-2020__ListOfOperations_20160513.csv": ("line 72, column 'ΣΥΝΟΛΙΚΗ ΕΠΙΛΕΞΙΜΗ", "no amount"),
    # An operation without a title ("Thüringen Stipendium" stands only in its summary).
    "DE.germany__DEG.thueringen__ESF_2014-2020__liste_der_vorhaben_stand_01.07.2016.xls":
        ("sheet 'Bericht', row 134, column 'Bezeichnung des Vorhabens'", "required cell is empty"),
}
#: Lists not read yet, for reasons in the extract core, not the source (see the sheets report): expected to fail
#: until fixed, strictly, so that a fix is noticed and the file moves to the readable ones.
NOT_YET = {
    "BE.belgium__BE2.vlaams.gewest__ERDF_2007-2013__ERDF_Flandern_2007-2013.xlsx":
        "headers PROMOTOR_manueel, SUBSIDIABELE_KOST, EFRO_STEUN match no alias (underscores, Flemish words)",
    "FR.france__2014-2020__20160711_listeoperations_FEDER_FSE_14-20.xls":
        "'Date de fin de l'opération' taken for the case id; 'Montant UE programmé - Union co-financing rate' for a rate",
    "IE.ireland__National_ESF_2014-2020__List_of_Operations_October_2016.xlsx": "end date 'N/A' refused as a date",
    "SI.slovenia__2014-2020__seznam-projektov-28-6-2016.xls": "dates '2014-01-01 00:00:00.000' refused",
}
READABLE = sorted(set(EXPECTED) - set(UNREADABLE) - set(NOT_YET)) + [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason)) for name, reason in sorted(NOT_YET.items())]


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


@pytest.mark.parametrize("name", READABLE)
def test_every_operation_read(extracted, name):
    assert len(extracted(name).records) == EXPECTED[name]["operations"]


@pytest.mark.parametrize("name", READABLE)
def test_every_amount_exact(extracted, name):
    """Each amount column the reader takes sums, over all rows, to the source's sum to the cent."""
    result = extracted(name)
    mapped = 0
    for header, total in EXPECTED[name]["amount_sums"].items():
        for field in _amount_fields(result.columns, header):
            mapped += 1
            values = [getattr(r, field) for r in result.records if getattr(r, field) is not None]
            assert sum(values, Decimal(0)) == Decimal(total.split(" ")[0]), (field, header)
    assert mapped, f"no amount column taken from {list(EXPECTED[name]['amount_sums'])}"


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
