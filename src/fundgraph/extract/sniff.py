"""What kind of file a list is, found from its bytes (magic numbers, zip members), not from its name.

Publishers rename freely: an "Excel" download is often an HTML table saved as ``.xls`` (Latvia's list
of operations is one), an ``.xlsx`` may be an ``.ods``, and CSV files carry any extension. The kinds:

- ``pdf``: starts with ``%PDF-`` (ISO 32000-1, 7.5.2; readers allow up to 1 KiB of junk before it);
- ``xlsx``: a zip holding ``xl/workbook.xml`` (ECMA-376 Part 2, Open Packaging Conventions);
- ``ods``: a zip whose ``mimetype`` member says ``application/vnd.oasis.opendocument.spreadsheet``
  (OASIS OpenDocument 1.2, Part 3, 3.3);
- ``xls``: an OLE2 compound file (magic ``D0 CF 11 E0 A1 B1 1A E1``, MS-CFB 2.2) — BIFF8 workbooks;
- ``html``: text whose first markup is ``<!DOCTYPE html``, ``<html`` or ``<table``;
- ``csv``: any other text (no NUL bytes in its first 64 KiB).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import UnknownListFormatError

_SNIFF_BYTES = 65536
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_HTML = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|table|\?xml[^>]*>\s*<html)",
                   re.IGNORECASE | re.DOTALL)

#: The kinds ``detect_format`` returns, with a name for messages.
FORMAT_NAMES = {"pdf": "PDF", "xlsx": "Excel workbook (.xlsx)", "xls": "Excel 97-2003 workbook (.xls)",
                "ods": "OpenDocument spreadsheet (.ods)", "html": "HTML table", "csv": "CSV text"}


def detect_format(path: Path) -> str:
    """Return the kind of list at ``path``: one of the keys of ``FORMAT_NAMES``.

    Raises UnknownListFormatError (naming the file and what its content looks like) for content that
    is none of these: an image, a Word document, another zip, binary data. OSError propagates.
    """
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE2):
        return "xls"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if _HTML.match(head):
        return "html"
    if not head:
        raise UnknownListFormatError("the file is empty", file=path.name)
    if b"\x00" in head and not _utf16(head):
        raise UnknownListFormatError("not a PDF, spreadsheet or CSV file (binary content)", file=path.name)
    return "csv"


def _utf16(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return "xlsx"
            if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIMETYPE:
                return "ods"
            what = ("a word-processing document" if "word/document.xml" in names or "mimetype" in names
                    else "a zip archive")
    except zipfile.BadZipFile:
        raise UnknownListFormatError("a damaged zip archive (not a readable .xlsx or .ods)", file=path.name) from None
    raise UnknownListFormatError(f"{what}, not a spreadsheet (.xlsx or .ods)", file=path.name)
