"""Write project records as the spreadsheets and CSV files regions publish, for extraction tests.

``write_xlsx`` writes a workbook the way a region's Excel export looks: a cover sheet without the
table first, then the list sheet with a merged title above the header, amounts as real numbers on
some rows and as Swedish-formatted text ("20 000 000") on others, a fund cell merged down over the
rows that share it, a totals row and a note below the table. ``convert`` turns workbooks into .xls
or .ods with LibreOffice (one soffice call per target format, with its own temporary profile), and
``write_csv`` writes the plain table as CSV in a given encoding and delimiter.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import tempfile
from pathlib import Path

HEADERS = {"case_id": "Ärende-ID", "title": "Projektnamn", "beneficiary": "Projektägare",
           "granted_amount": "Beviljat belopp (kr)", "total_budget": "Total budget (kr)", "fund": "Fond",
           "priority": "Prioritering", "municipalities": "Kommuner", "counties": "Län", "summary": "Sammanfattning"}
TITLE = "Beviljade projekt"
NOTE = "Källa: Region Västerbotten. Beloppen avser beviljat stöd i kronor."


def swedish(amount: int) -> str:
    """10000000 -> "10 000 000" (a no-break space between groups, as Excel's Swedish format writes them)."""
    return f"{amount:,}".replace(",", "\u00a0")


def cells(record: dict, numeric: bool) -> list:
    """The record's cells in HEADERS order; amounts as numbers when ``numeric``, else Swedish text."""
    priority = f"Prioritering {record['priority_number']}: {record['priority_label']}"
    values = {**record, "priority": priority, "municipalities": ", ".join(record["municipalities"]),
              "counties": ", ".join(record["counties"]),
              # the expected JSON's amounts are decimal strings of whole kronor
              "granted_amount": int(record["granted_amount"]), "total_budget": int(record["total_budget"])}
    row = [values[field] for field in HEADERS]
    if not numeric:
        for index, field in enumerate(HEADERS):
            if field in ("granted_amount", "total_budget"):
                row[index] = swedish(row[index])
    return row


def totals(records: list[dict]) -> list:
    row = [""] * len(HEADERS)
    row[0] = f"{len(records)} projekt"
    row[1] = "Totalsumma:"
    row[3] = sum(int(r["granted_amount"]) for r in records)
    row[4] = sum(int(r["total_budget"]) for r in records)
    return row


def write_xlsx(records: list[dict], path: Path) -> Path:
    """Write the list as a workbook (see the module docstring); returns ``path``."""
    from openpyxl import Workbook

    workbook = Workbook()
    cover = workbook.active
    cover.title = "Om listan"
    cover.append(["Beviljade projekt i Västerbotten"])
    cover.append(["Listan finns på bladet Projekt."])
    sheet = workbook.create_sheet("Projekt")
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append([])
    sheet.append(list(HEADERS.values()))
    first = sheet.max_row + 1
    for number, record in enumerate(records):
        sheet.append(cells(record, numeric=number % 2 == 0))
    fund = list(HEADERS).index("fund") + 1
    run_start = first
    for offset in range(1, len(records) + 1):  # merge each run of equal funds down
        if offset == len(records) or records[offset]["fund"] != records[run_start - first]["fund"]:
            end = first + offset - 1
            if end > run_start:
                for row in range(run_start + 1, end + 1):
                    sheet.cell(row=row, column=fund).value = None
                sheet.merge_cells(start_row=run_start, start_column=fund, end_row=end, end_column=fund)
            run_start = first + offset
    sheet.append(totals(records))
    sheet.append([])
    sheet.append([NOTE])
    workbook.save(path)
    return path


def convert(sources: list[Path], target: str, out_dir: Path) -> list[Path]:
    """Convert workbooks to ``target`` ("xls", "ods", "pdf") with LibreOffice in one soffice call;
    returns the converted paths. Needs soffice (Debian libreoffice-calc)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed; `make system` installs it")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                        "--outdir", str(out_dir), *map(str, sources)],
                       check=True, capture_output=True, timeout=300)
    converted = [out_dir / (source.stem + "." + target) for source in sources]
    missing = [p for p in converted if not p.exists()]
    if missing:
        raise RuntimeError(f"soffice did not write {missing}")
    return converted


def write_csv(records: list[dict], path: Path, *, delimiter: str, encoding: str) -> Path:
    """Write the table (header, rows, totals row) as CSV; amounts as Swedish text when the delimiter is
    ";" (as Excel's Swedish "CSV (semikolonavgränsad)" does), plain digits otherwise."""
    numeric = delimiter != ";"
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(HEADERS.values())
        for record in records:
            writer.writerow(cells(record, numeric=numeric))
        writer.writerow(totals(records) if numeric else
                        [swedish(v) if isinstance(v, int) else v for v in totals(records)])
    return path
