"""Bad input: one clear line naming file, page and cell; a non-zero exit; an existing publication untouched."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

import pdfgen
from fundgraph import cli
from fundgraph.errors import (CellError, DamagedPdfError, DuplicateCaseIdError, EmptyTableError, EncryptedPdfError,
                              ExtractError, InputError, NoProjectTableError, NoTextError, TotalsMismatchError,
                              UnknownListFormatError)
from fundgraph.extract import read_list

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "examples" / "granted-projects-vasterbotten.pdf"
RECORDS = json.loads((ROOT / "tests" / "data" / "granted-projects-vasterbotten.expected.json")
                     .read_text("utf-8"))["projects"][:3]


def _list(path: Path, records=RECORDS, **style) -> Path:
    pdfgen.render_list(list(records), pdfgen.ListStyle(pdfgen.default_columns(), **style), path)
    return path


def not_a_pdf(tmp: Path) -> Path:
    path = tmp / "list.pdf"  # a PNG image by its content, whatever its name says
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    return path


def truncated(tmp: Path) -> Path:
    path = tmp / "truncated.pdf"
    data = FIXTURE.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt(tmp: Path) -> Path:
    path = tmp / "corrupt.pdf"
    data = bytearray(FIXTURE.read_bytes())
    data[200:-200] = b"\x00garbage" * ((len(data) - 400) // 8)
    path.write_bytes(bytes(data))
    return path


def encrypted(tmp: Path) -> Path:
    path = tmp / "encrypted.pdf"
    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(72, 720, "Ärende-ID Projektnamn Projektägare Beviljat belopp")
    c.save()
    return path


def scanned(tmp: Path) -> Path:
    from PIL import Image

    image = tmp / "scan.png"
    Image.new("L", (200, 100), 200).save(image)
    path = tmp / "scanned.pdf"
    c = canvas.Canvas(str(path))
    c.drawImage(str(image), 72, 500, width=400, height=200)
    c.save()
    return path


def no_table(tmp: Path) -> Path:
    path = tmp / "letter.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 720, "Beslut om stöd 2024-01-15")
    c.drawString(72, 700, "Region Västerbotten har beviljat 12 projekt under året.")
    c.save()
    return path


def hashes(tmp: Path) -> Path:
    return _list(tmp / "hashes.pdf", [RECORDS[0], dict(RECORDS[1], granted_amount="###"), RECORDS[2]],
                 totals=False)


def undecodable(tmp: Path) -> Path:
    return _list(tmp / "cid.pdf", [RECORDS[0], dict(RECORDS[1], title="Build (cid:12)(cid:7) Equal")])


def duplicate(tmp: Path) -> Path:
    return _list(tmp / "duplicate.pdf", [RECORDS[0], RECORDS[1], dict(RECORDS[2], case_id=RECORDS[0]["case_id"])])


def totals_disagree(tmp: Path) -> Path:
    # 1000 kr off over 3 rows: more than a publisher's rounding (at most one unit per row).
    stated = (3, sum(int(r["granted_amount"]) for r in RECORDS) + 1000, sum(int(r["total_budget"]) for r in RECORDS))
    return _list(tmp / "totals.pdf", stated_totals=stated)


def bad_amount(tmp: Path) -> Path:
    return _list(tmp / "amount.pdf", [RECORDS[0], dict(RECORDS[1], granted_amount="ca 2,7 miljoner")],
                 totals=False)


def empty_table(tmp: Path) -> Path:
    return _list(tmp / "empty.pdf", [], totals=False)


# (maker, error class, words the one-line message must hold)
CASES = {
    "not a PDF": (not_a_pdf, UnknownListFormatError, ["list.pdf", "not a PDF"]),
    "truncated": (truncated, DamagedPdfError, ["truncated.pdf", "truncated"]),
    "corrupt": (corrupt, DamagedPdfError, ["corrupt.pdf", "corrupt"]),
    "encrypted": (encrypted, EncryptedPdfError, ["encrypted.pdf", "encrypted", "password"]),
    "image only": (scanned, NoTextError, ["scanned.pdf", "page 1", "only images"]),
    "no table": (no_table, NoProjectTableError, ["letter.pdf", "no list of operations"]),
    "###": (hashes, CellError, ["hashes.pdf", "page 1", "row 2 (case id 20372391)", "'Beviljat belopp (kr)'",
                                "'###'", "too narrow"]),
    "undecodable glyphs": (undecodable, CellError, ["cid.pdf", "page 1", "row 2", "'Projektnamn'", "undecodable"]),
    "duplicate case id": (duplicate, DuplicateCaseIdError, ["duplicate.pdf", "row 3", "20372556", "twice",
                                                            "page 1, row 1"]),
    "totals disagree": (totals_disagree, TotalsMismatchError, ["totals.pdf", "totals row", "sum of granted amounts",
                                                               "15 791 083", "15 790 083"]),
    "amount does not parse": (bad_amount, CellError, ["amount.pdf", "row 2", "'ca 2,7 miljoner'", "does not parse"]),
    "empty table": (empty_table, EmptyTableError, ["empty.pdf", "no rows"]),
}


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["fundgraph", *args])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    return exit_info.value.code, capsys.readouterr().err


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gives_one_clear_line(case, tmp_path, monkeypatch, capsys):
    maker, error_class, words = CASES[case]
    path = maker(tmp_path)
    with pytest.raises(error_class) as caught:
        read_list(path)
    message = str(caught.value)
    assert "\n" not in message and all(word in message for word in words), message
    out = tmp_path / "out.jsonl"
    code, err = run_main(monkeypatch, capsys, "extract", str(path), "-o", str(out))
    assert code == ExtractError.exit_code != 0
    assert err.strip() == f"fundgraph: error: {message}"
    assert not out.exists()  # nothing half-written


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_leaves_an_existing_publication_unchanged(case, tmp_path, monkeypatch, capsys):
    maker, _, words = CASES[case]
    path = maker(tmp_path)
    out_dir = tmp_path / "publish"
    (out_dir / "store").mkdir(parents=True)  # an earlier publication, which publish may replace
    (out_dir / "dataset.ttl").write_text("# the data published before\n", encoding="utf-8")
    (out_dir / "publication.json").write_text(
        json.dumps({"base_iri": "https://data.example.se/", "files": {"dataset.ttl": {}}}), encoding="utf-8")
    before = {p.relative_to(out_dir): p.read_bytes() for p in out_dir.rglob("*") if p.is_file()}
    code, err = run_main(monkeypatch, capsys, "publish", str(path), "--out", str(out_dir))
    assert code != 0 and words[0] in err and len(err.strip().splitlines()) == 1
    assert {p.relative_to(out_dir): p.read_bytes() for p in out_dir.rglob("*") if p.is_file()} == before


def test_warnings_for_what_is_only_suspicious(tmp_path, monkeypatch, capsys):
    odd = [RECORDS[0], dict(RECORDS[1], granted_amount=20_000_000), dict(RECORDS[2], case_id="2037")]
    path = _list(tmp_path / "odd.pdf", odd, totals=False)
    warnings = read_list(path).warnings
    assert any("no totals row" in w for w in warnings)
    assert any("granted amount 20000000 exceeds total budget 11545418" in w and "row 2" in w for w in warnings)
    assert any("case id '2037' has 4 characters" in w for w in warnings)
    code = 0
    monkeypatch.setattr(sys, "argv", ["fundgraph", "extract", str(path)])
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    try:
        cli.main()
    except SystemExit as stop:
        code = stop.code or 0
    assert code == 0
    assert capsys.readouterr().err.count("fundgraph: warning:") == len(warnings)


def test_real_process_exit_code_for_a_file_that_is_not_a_pdf(tmp_path):
    path = not_a_pdf(tmp_path)
    done = subprocess.run([sys.executable, "-m", "fundgraph.cli", "extract", str(path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 3
    assert done.stderr.strip() == "fundgraph: error: list.pdf: not a PDF, spreadsheet or CSV file (binary content)"
    assert done.stdout == ""


@pytest.mark.parametrize("command", ["extract", "publish"])
def test_a_list_that_is_not_there_is_one_line_naming_it(command, tmp_path, monkeypatch, capsys):
    # A manifest's path that missed its file gave a traceback (extract) or "cannot write the publication for
    # …: No such file or directory" (publish), blaming the output folder.
    missing = tmp_path / "no-such-list.pdf"
    with pytest.raises(InputError, match=r"no-such-list\.pdf: cannot open the list: No such file or directory"):
        read_list(missing)
    code, err = run_main(monkeypatch, capsys, command, str(missing), *(["--out", str(tmp_path / "out")]
                                                                      if command == "publish" else []))
    assert code == InputError.exit_code
    assert err == f"fundgraph: error: {missing}: cannot open the list: No such file or directory\n"
