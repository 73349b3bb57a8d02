"""A cell that does not parse: an error by default, left absent with ``unreadable_cells = "absent"`` (issue 12).

Real typos: UK Scotland's page 6 prints the start of a range as "01/04/201" and DE Saarland's page 12 an
amount paid as "1.1600,46 €" (excerpts of both in tests/data/eu-lists, SOURCES.tsv); a small CSV list written
here has a date, an amount and a rate that do not parse. With "absent" each such value is absent from its record
with a warning naming file, page or sheet, row, column and the text — never a guess at what was meant.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from fundgraph.config import ConfigError, Settings, load_settings
from fundgraph.errors import CellError
from fundgraph.extract import read_list
from fundgraph.publish import publish

from test_publish_every_field import HEADERS

DATA = Path(__file__).resolve().parent / "data" / "eu-lists"
SCOTLAND = DATA / "UK-scotland-pages-1-6.pdf"
SAARLAND = DATA / "DEC-saarland-pages-1-12.pdf"


@pytest.mark.parametrize("path, error", [
    (SCOTLAND, "UK-scotland-pages-1-6.pdf, page 2, row 8, column 'Start and end dates': '01/04/201' is not a date"),
    (SAARLAND, "DEC-saarland-pages-1-12.pdf, page 2, row 15, column 'Bei Abschluss des Vorhabens gezahlte "
               "Gesamtbeträge': amount '1.1600,46 €' does not parse"),
])
def test_a_typo_in_a_pdf_is_an_error_by_default(path, error):
    with pytest.raises(CellError) as raised:
        read_list(path)
    assert str(raised.value).startswith(error)


def test_a_date_typo_in_a_pdf_leaves_both_dates_of_its_cell_absent():
    result = read_list(SCOTLAND, unreadable_cells="absent")
    assert len(result.records) == 14
    record = result.records[7]
    assert (record.source.pages, record.start_date, record.end_date) == ((2,), None, None)
    assert record.granted_amount is not None and record.beneficiary
    assert ("UK-scotland-pages-1-6.pdf, page 2, row 8, column 'Start and end dates': '01/04/201– 31/12/2018': "
            "'01/04/201' is not a date (expected e.g. 31.12.2015, 31/12/2015 or 2015-12-31); left absent "
            "(unreadable_cells = \"absent\")") in result.warnings


def test_an_amount_typo_in_a_pdf_leaves_that_amount_absent():
    result = read_list(SAARLAND, unreadable_cells="absent")
    assert len(result.records) == 28
    record = result.records[14]
    assert record.paid_amount is None and record.granted_amount is not None
    (warning,) = [w for w in result.warnings if "left absent (unreadable_cells" in w]
    assert warning.startswith("DEC-saarland-pages-1-12.pdf, page 2, row 15, column 'Bei Abschluss des Vorhabens "
                              "gezahlte Gesamtbeträge': amount '1.1600,46 €' does not parse: ")


FIELDS = ["case_id", "title", "beneficiary", "granted_amount", "cofinancing_rate", "start_date", "end_date"]
ROWS = [
    ["20000071", "Hamnen", "Umeå kommun", "1000", "40%", "2022-01-01", "2024-12-31"],
    ["20000072", "Skolan", "Umeå kommun", "1.1600,46", "50%", "2022-01-01", "2024-12-31"],
    ["20000073", "Vägen", "Umeå kommun", "3000", "fyrtio", "2022-01-01", "2024-12-31"],
    ["20000074", "Bron", "Umeå kommun", "4000", "40%", "2022-01-01", "31/12/202"],
]


def _sheet_list(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([HEADERS[f] for f in FIELDS])
        writer.writerows(ROWS)
    return path


def test_a_cell_that_does_not_parse_in_a_sheet_list_is_an_error_by_default(tmp_path):
    with pytest.raises(CellError) as raised:
        read_list(_sheet_list(tmp_path / "typos.csv"))
    assert str(raised.value).startswith("typos.csv, line 3 (case id 20000072), column 'Grant awarded': "
                                        "amount '1.1600,46' does not parse")


def test_cells_that_do_not_parse_in_a_sheet_list_are_left_absent_each_with_a_warning(tmp_path):
    result = read_list(_sheet_list(tmp_path / "typos.csv"), unreadable_cells="absent")
    by_id = {r.case_id: r for r in result.records}
    assert len(by_id) == 4 and by_id["20000071"].granted_amount == Decimal(1000)
    assert by_id["20000072"].granted_amount is None and by_id["20000072"].cofinancing_rate == Decimal(50)
    assert by_id["20000073"].cofinancing_rate is None and by_id["20000073"].granted_amount == Decimal(3000)
    assert by_id["20000074"].end_date is None and by_id["20000074"].start_date.isoformat() == "2022-01-01"
    warnings = [w for w in result.warnings if "left absent (unreadable_cells" in w]
    assert [w.split(": ", 1)[0] for w in warnings] == [
        "typos.csv, line 3 (case id 20000072), column 'Grant awarded'",
        "typos.csv, line 4 (case id 20000073), column 'Union co-financing rate'",
        "typos.csv, line 5 (case id 20000074), column 'End date'"]
    assert "'fyrtio'" in warnings[1] and "'31/12/202'" in warnings[2]


def test_the_setting_reaches_publish_and_is_checked(tmp_path):
    listing = _sheet_list(tmp_path / "typos.csv")
    settings = Settings(out_dir=tmp_path / "publish", links_dir=tmp_path / "links", currency="SEK",
                        unreadable_cells="absent")
    result = publish([listing], settings)
    assert result.figures["projects"] == 4
    assert sum("left absent (unreadable_cells" in w for w in result.warnings) == 3
    with pytest.raises(ConfigError, match="unreadable_cells"):
        load_settings(None, unreadable_cells="guess")


def test_the_extract_command_takes_the_option(tmp_path):
    listing = _sheet_list(tmp_path / "typos.csv")
    run = [sys.executable, "-m", "fundgraph.cli", "extract", str(listing)]
    refused = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path)
    assert refused.returncode != 0 and "does not parse" in refused.stderr
    done = subprocess.run(run + ["--unreadable-cells", "absent"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 4 and done.stderr.count("left absent (unreadable_cells") == 3
