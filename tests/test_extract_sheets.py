"""Spreadsheet and CSV lists: the 17 Västerbotten projects saved as .xlsx, .xls, .ods and CSV give the PDF's records.

The workbook is written with openpyxl the way a region's export looks (a cover sheet first, a merged
title, amounts as numbers and as Swedish text, a fund merged down, a totals row, a note below);
LibreOffice saves it as .xls and .ods (one soffice call per format, session-scoped); CSV files are
written by Python in UTF-8 (with and without BOM) and Windows-1252, with ";" and ",".
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import sheetgen
from fundgraph.errors import (CellError, NoProjectTableError, TotalsMismatchError, UnknownListFormatError,
                              UnreadableSheetError)
from fundgraph.extract import read_list
from fundgraph.extract.grid import cell_text
from fundgraph.extract.sniff import detect_format

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "examples" / "granted-projects-vasterbotten.pdf"
PROJECTS = json.loads((ROOT / "tests" / "data" / "granted-projects-vasterbotten.expected.json")
                      .read_text("utf-8"))["projects"]
CSV_VARIANTS = {"utf8-semicolon.csv": (";", "utf-8"), "utf8-comma.csv": (",", "utf-8"),
                "utf8bom-comma.csv": (",", "utf-8-sig"), "cp1252-semicolon.csv": (";", "cp1252"),
                "cp1252-comma.csv": (",", "cp1252")}


@pytest.fixture(scope="session")
def saved(tmp_path_factory) -> dict[str, Path]:
    """The list saved in every format: {name: path}."""
    folder = tmp_path_factory.mktemp("sheets")
    xlsx = sheetgen.write_xlsx(PROJECTS, folder / "list.xlsx")
    paths = {"xlsx": xlsx}
    for target in ("xls", "ods"):
        out = folder / target
        out.mkdir()
        paths[target] = sheetgen.convert([xlsx], target, out)[0]
    for name, (delimiter, encoding) in CSV_VARIANTS.items():
        paths[name] = sheetgen.write_csv(PROJECTS, folder / name, delimiter=delimiter, encoding=encoding)
    return paths


@pytest.fixture(scope="module")
def pdf_records():
    return [record.to_json() for record in read_list(PDF).records]


def _without_source(records):
    return [{k: v for k, v in record.to_json().items() if k != "source"} for record in records]


@pytest.mark.parametrize("name", ["xlsx", "xls", "ods", *CSV_VARIANTS])
def test_same_records_as_the_pdf(saved, pdf_records, name):
    extracted = read_list(saved[name])
    assert _without_source(extracted.records) == [{k: v for k, v in r.items() if k != "source"} for r in pdf_records]
    assert (extracted.totals.project_count, extracted.totals.granted_amount,
            extracted.totals.total_budget) == (17, 72_750_869, 225_263_121)
    assert extracted.warnings == []
    assert extracted.columns == read_list(PDF).columns


@pytest.mark.parametrize("name, source", [
    ("xlsx", {"row": 1, "sheet": "Projekt", "rows": [4]}), ("xls", {"row": 1, "sheet": "Projekt", "rows": [4]}),
    ("ods", {"row": 1, "sheet": "Projekt", "rows": [4]}), ("utf8-semicolon.csv", {"row": 1, "lines": [2]})])
def test_source_gives_sheet_and_row_or_csv_line(saved, name, source):
    first, second = read_list(saved[name]).records[:2]
    data = first.to_json()["source"]
    assert {k: v for k, v in data.items() if k not in ("document", "sha256")} == source
    assert data["document"] == saved[name].name and "pages" not in data
    assert second.to_json()["source"].get("rows", second.to_json()["source"].get("lines")) == [
        source.get("rows", source.get("lines"))[0] + 1]


@pytest.mark.parametrize("name, reading", [
    ("xlsx", "Excel workbook (.xlsx), sheet 'Projekt' (of 2)"),
    ("xls", "Excel 97-2003 workbook (.xls), sheet 'Projekt' (of 2)"),
    ("ods", "OpenDocument spreadsheet (.ods), sheet 'Projekt' (of 2)"),
    ("utf8-semicolon.csv", "CSV text, UTF-8, delimiter ';'"),
    ("utf8bom-comma.csv", "CSV text, UTF-8 with BOM, delimiter ','"),
    ("cp1252-semicolon.csv", "CSV text, Windows-1252, delimiter ';'"),
    ("cp1252-comma.csv", "CSV text, Windows-1252, delimiter ','")])
def test_output_says_how_the_file_was_read(saved, name, reading):
    assert read_list(saved[name]).document.reading == reading


def test_cli_extracts_a_workbook_and_says_how(saved, tmp_path):
    out = tmp_path / "records.jsonl"
    done = subprocess.run([sys.executable, "-m", "fundgraph.cli", "extract", str(saved["cp1252-semicolon.csv"]),
                           "-o", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ("fundgraph: read cp1252-semicolon.csv as CSV text, Windows-1252, delimiter ';'\n")
    assert [json.loads(line)["case_id"] for line in out.read_text("utf-8").splitlines()] == [
        p["case_id"] for p in PROJECTS]


def test_format_is_found_from_content_not_name(saved, tmp_path):
    renamed = {"xlsx": "list.ods", "ods": "list.xlsx", "xls": "list.csv", "utf8-semicolon.csv": "list.xls"}
    for kind, name in renamed.items():
        target = tmp_path / name
        target.write_bytes(saved[kind].read_bytes())
        extracted = read_list(target)
        assert len(extracted.records) == 17
        assert extracted.document.reading.endswith(f"though its name says .{target.suffix[1:]}")
    assert detect_format(PDF) == "pdf"


def test_sheet_chosen_by_name_or_number_and_a_missing_sheet_named(saved):
    assert len(read_list(saved["xlsx"], sheet="Projekt").records) == 17
    assert len(read_list(saved["xlsx"], sheet="2").records) == 17
    with pytest.raises(NoProjectTableError) as cover:
        read_list(saved["xlsx"], sheet="Om listan")
    assert "sheet 'Om listan'" not in str(cover.value) or "no project table" in str(cover.value)
    with pytest.raises(UnreadableSheetError) as missing:
        read_list(saved["xlsx"], sheet="Data")
    assert str(missing.value) == "list.xlsx: no sheet 'Data'; the workbook has 'Om listan', 'Projekt'"


def test_cli_sheet_option(saved, tmp_path):
    done = subprocess.run([sys.executable, "-m", "fundgraph.cli", "extract", str(saved["ods"]), "--sheet", "Data"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 3
    assert done.stderr.strip() == "fundgraph: error: list.ods: no sheet 'Data'; the workbook has 'Om listan', 'Projekt'"


def test_html_table_saved_as_xls(tmp_path):
    header = "".join(f"<th>{h}</th>" for h in sheetgen.HEADERS.values())
    rows = "".join("<tr>" + "".join(f"<td>{cell_text(c)}</td>" for c in sheetgen.cells(p, numeric=False)) + "</tr>"
                   for p in PROJECTS[:3])
    path = tmp_path / "export.xls"
    path.write_text(f'<!DOCTYPE HTML><html><head><meta http-equiv="content-type" content="text/html; '
                    f'charset=UTF-8"></head><body><table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody>'
                    f"</table></body></html>", encoding="utf-8")
    extracted = read_list(path)
    assert _without_source(extracted.records) == [{k: v for k, v in p.items()} for p in PROJECTS[:3]]
    assert extracted.document.reading == "HTML table, UTF-8, sheet 'table 1', though its name says .xls"
    assert extracted.records[0].to_json()["source"]["rows"] == [2]


def _write_rows(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_contact_columns_never_reach_the_records(tmp_path):
    headers = list(sheetgen.HEADERS.values())[:5] + ["Kontaktperson", "E-post", "Telefon"]
    rows = [headers] + [sheetgen.cells(p, numeric=True)[:5] + ["Anna Andersson", "anna@example.se", "090-123 45 67"]
                        for p in PROJECTS[:2]]
    extracted = read_list(_write_rows(tmp_path / "contacts.xlsx", rows))
    # Without the source: its sha256 (the xlsx holds its creation time) may contain "090" by chance.
    text = json.dumps([{k: v for k, v in r.to_json().items() if k != "source"} for r in extracted.records],
                      ensure_ascii=False)
    assert "Anna" not in text and "@" not in text and "090" not in text
    assert [r.beneficiary for r in extracted.records] == [p["beneficiary"] for p in PROJECTS[:2]]


def test_headings_continuations_and_notes(tmp_path):
    """A heading row above its operations, a continuation row adding one more municipality, notes below."""
    headers = list(sheetgen.HEADERS.values())
    first, second = (sheetgen.cells(p, numeric=True) for p in PROJECTS[:2])
    municipalities = headers.index("Kommuner")
    last = first[municipalities].rsplit(", ", 1)
    first[municipalities] = last[0]
    continuation = [""] * len(headers)
    continuation[municipalities] = last[1]
    rows = [["Beviljade projekt 2024"], headers, ["Insatsområde 1"], first, continuation, second, [],
            ["Uppgifterna gäller den 1 mars."]]
    extracted = read_list(_write_rows(tmp_path / "sections.xlsx", rows))
    assert [r.to_json()["municipalities"] for r in extracted.records] == [
        PROJECTS[0]["municipalities"], PROJECTS[1]["municipalities"]]
    assert extracted.records[0].to_json()["source"]["rows"] == [4, 5]
    assert extracted.document.title == "Beviljade projekt 2024"
    assert extracted.warnings == [
        "sections.xlsx, sheet 'Sheet', row 3: 'Insatsområde 1' taken as a heading, not an operation",
        "sections.xlsx, sheet 'Sheet', row 8: text below the table ignored: 'Uppgifterna gäller den 1 mars.'",
        "sections.xlsx: no totals row; the row count and sums could not be checked"]


def test_bad_cell_is_named_by_sheet_row_and_column(tmp_path):
    headers = list(sheetgen.HEADERS.values())
    row = sheetgen.cells(PROJECTS[0], numeric=True)
    row[3] = "tio miljoner"
    with pytest.raises(CellError) as error:
        read_list(_write_rows(tmp_path / "bad.xlsx", [headers, row]))
    assert str(error.value).startswith(
        "bad.xlsx, sheet 'Sheet', row 2 (case id 20372556), column 'Beviljat belopp (kr)': amount 'tio miljoner'")


def test_totals_that_disagree_name_the_totals_row(tmp_path):
    headers = list(sheetgen.HEADERS.values())
    rows = [headers] + [sheetgen.cells(p, numeric=True) for p in PROJECTS[:2]] + [sheetgen.totals(PROJECTS[:3])]
    with pytest.raises(TotalsMismatchError) as error:
        read_list(_write_rows(tmp_path / "totals.xlsx", rows))
    assert str(error.value).startswith("totals.xlsx, sheet 'Sheet', totals row 4: totals row says project count 3")


@pytest.mark.parametrize("content, message", [
    (b"", "empty.csv: the file is empty"),
    (b"PK\x03\x04" + bytes(40), "empty.csv: a damaged zip archive (not a readable .xlsx or .ods)"),
    ("Datum;Ort\n2024-03-01;Umeå\n".encode(),
     "empty.csv: no list of operations (line 1 comes closest): no column for the name of the operation (a header "
     "such as 'Projektnamn'); the beneficiary (a header such as 'Stödmottagare'); the amount granted (a header "
     "such as 'Beviljat belopp'); the table's headers: 'Datum', 'Ort'")])
def test_a_file_that_is_not_a_list_is_one_line(tmp_path, content, message):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises((UnknownListFormatError, NoProjectTableError)) as error:
        read_list(path)
    assert str(error.value) == message


def test_numeric_cells_read_as_people_see_them():
    assert [cell_text(v) for v in (605884.2000000001, 94025.0, 0.47, 1e16, 20372556)] == [
        "605884.2", "94025", "0.47", "10000000000000000", "20372556"]


def _csv_text(rows: list[list[str]], delimiter: str, end: str = "") -> str:
    return "".join(delimiter.join(row) + end + "\r\n" for row in rows)


def test_a_semicolon_ending_every_line_is_not_the_delimiter(tmp_path):
    """Finland's list ends each line of a comma-separated file with ";"."""
    headers = list(sheetgen.HEADERS.values())[:5]
    rows = [headers] + [[p["case_id"], p["title"].replace(",", ""), p["beneficiary"].replace(",", ""),
                         p["granted_amount"], p["total_budget"]] for p in PROJECTS[:4]]
    path = tmp_path / "ends.csv"
    path.write_text(_csv_text(rows, ",", ";"), encoding="utf-8")
    extracted = read_list(path)
    assert extracted.document.reading == "CSV text, UTF-8, delimiter ','"
    assert [str(r.total_budget) for r in extracted.records] == [p["total_budget"] for p in PROJECTS[:4]]


def test_unquoted_delimiters_inside_cells_are_an_error_not_a_guess(tmp_path):
    headers = list(sheetgen.HEADERS.values())[:5]
    rows = [headers] + [[p["case_id"], p["title"], p["beneficiary"], p["granted_amount"],
                         p["total_budget"]] for p in PROJECTS[:4]]
    rows[3][1] = "Kompetens, samverkan och tillväxt"  # not quoted: one cell too many
    path = tmp_path / "ragged.csv"
    path.write_text(_csv_text(rows, ","), encoding="utf-8")
    with pytest.raises(CellError) as error:
        read_list(path)
    assert str(error.value) == ("ragged.csv, line 4: 6 cells where the header has 5: a delimiter inside a cell "
                                "that is not quoted; the columns cannot be told apart")


@pytest.mark.parametrize("text, encoding, label", [
    ("ΟΝΟΜΑΣΙΑ ΔΙΚΑΙΟΥΧΟΥ;ΟΝΟΜΑΣΙΑ ΠΡΑΞΗΣ\nΕΙΔΙΚΗ ΥΠΗΡΕΣΙΑ ΚΡΑΤΙΚΩΝ ΕΝΙΣΧΥΣΕΩΝ;Εκπόνηση μελετών - Παροχή υπηρεσιών "
     "τεχνικών συμβούλων της Ειδικής Υπηρεσίας\n", "cp1253", "Windows-1253"),
    ("Tytuł projektu;Nazwa beneficjenta\nBudowa drogi ekspresowej S51 Olsztyn - Olsztynek;GENERALNA DYREKCJA DRÓG "
     "KRAJOWYCH I AUTOSTRAD\nMiędzynarodowe Agendy Badawcze;FUNDACJA NA RZECZ NAUKI POLSKIEJ\n", "cp1250", "Windows-1250"),
    ("Projektitel;Kontraktansvarlig partner\nVækst gennem internationalisering;Væksthus Hovedstadsregionen\n"
     "Bedre Brug af Byggeaffald i Vejle By;Vejle Kommune\n", "cp1252", "Windows-1252")])
def test_legacy_code_pages_detected(text, encoding, label):
    from fundgraph.extract.encoding import decode_text, encoding_label

    decoded, name = decode_text(text.encode(encoding), "list.csv")
    assert (decoded, encoding_label(name)) == (text, label)
