"""The text encoding of a list that comes as text (CSV, HTML saved as ".xls"), found from its bytes.

Rules, in order: a byte-order mark (UTF-8, UTF-16) decides; bytes that decode as UTF-8 are UTF-8
(legacy code pages almost never produce valid multi-byte UTF-8 by chance); otherwise
charset-normalizer picks the single-byte code page whose decoding reads most like natural text (ties
broken by ``PREFERRED``) —
Windows-1252 for western European lists (Denmark), Windows-1253 for Greek, Windows-1250 for Polish,
Czech and Slovene. What was chosen is said in the output (``DocumentInfo.reading``).
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..errors import UnreadableSheetError

#: Bytes given to charset-normalizer: enough text to judge, quick on a large file.
DETECT_BYTES = 262144
#: Code pages preferred, in order, when charset-normalizer scores several alike (a short Danish text reads as
#: well in Windows-1250 as in 1252: "Vćkst" / "Vækst"): Windows-1252 first, the code page Excel and most
#: exports in western European locales write, then the other Windows code pages of EU languages.
PREFERRED = ("cp1252", "cp1250", "cp1253", "cp1257", "cp1251", "iso8859-15", "iso8859-1")


def decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    """Return (text, encoding name as Python spells it, e.g. "utf-8-sig", "cp1253").

    Raises UnreadableSheetError when no encoding decodes the bytes as text.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode(data, name, file_name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    results = list(from_bytes(data[:DETECT_BYTES]))
    if not results:
        raise UnreadableSheetError("the text is in no encoding fundgraph can recognise", file=file_name)
    top = (results[0].chaos, results[0].coherence)
    tied = [codecs.lookup(r.encoding).name for r in results if (r.chaos, r.coherence) == top]
    name = min(tied, key=lambda n: PREFERRED.index(n) if n in PREFERRED else len(PREFERRED))
    return _decode(data, name, file_name), name


def _decode(data: bytes, name: str, file_name: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as error:
        raise UnreadableSheetError(f"the text is not valid {name} at byte {error.start}", file=file_name) from None


def encoding_label(name: str) -> str:
    """A person's name for a Python codec name: "cp1253" -> "Windows-1253", "utf-8-sig" -> "UTF-8 with BOM"."""
    if name.startswith("cp125"):
        return "Windows-" + name[2:]
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16"}.get(name, name)
