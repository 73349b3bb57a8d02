"""Text of glyphs that pdfminer leaves undecoded, repaired from the embedded font's own character map.

A PDF font without a ToUnicode map whose embedded TrueType program (FontFile2) is addressed by glyph
id (a CID font with Identity encoding, as Word and many PDF printers write Arial) is decoded by
pdfminer through the font's ``cmap`` table. pdfminer reads a format 4 subtable's segments that use
``idRangeOffset`` from the wrong place, so their glyphs get no text ("(cid:141)": Schleswig-Holstein's
"Kolle´s Alter Muschelsaal") — and, where a glyph has two code points, it keeps the last one (the soft
hyphen U+00AD over the hyphen-minus both map to). This module reads the Windows Unicode (3, 1) or
Unicode (0, *) subtable of format 4 itself, as the OpenType specification gives it ("cmap — Character
to Glyph Index Mapping Table", format 4), and repairs only what is reliable: a glyph id the table maps
to exactly one code point, or to one visible code point besides format characters.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from collections import defaultdict

from pdfminer.pdftypes import PDFStream, resolve1

_CID = re.compile(r"^\(cid:(\d+)\)$")


class FontRepair:
    """Per font name (as pdfplumber gives it), the text for glyphs pdfminer could not or did not read well:
    ``cids`` {cid: text} and ``texts`` {text pdfminer gave: text the glyph shows}. Built for one page."""

    def __init__(self, page_obj):
        self.cids: dict[str, dict[int, str]] = {}
        self.texts: dict[str, dict[str, str]] = {}
        self._page_obj = page_obj
        self._read = False

    def text(self, text: str, font: str) -> str:
        """The repaired text of a glyph whose text pdfminer gave as ``text`` in ``font``."""
        match = _CID.match(text)
        if not match and text != "\u00ad":
            return text
        if not self._read:
            self._read = True
            self._read_fonts()
        if match:
            return self.cids.get(font, {}).get(int(match.group(1)), text)
        return self.texts.get(font, {}).get(text, text)

    def _read_fonts(self) -> None:
        try:
            fonts = resolve1(resolve1(self._page_obj.resources).get("Font")) or {}
        except Exception:  # a page without resources, or a broken reference: nothing to repair from
            return
        for reference in fonts.values():
            try:
                spec = resolve1(reference)
                self._read_font(spec)
            except Exception:  # a damaged font program: its glyphs stay as pdfminer read them
                continue

    def _read_font(self, spec: dict) -> None:
        if "ToUnicode" in spec or str(resolve1(spec.get("Encoding"))) not in ("/'Identity-H'", "/'Identity-V'"):
            return
        descendant = resolve1(resolve1(spec["DescendantFonts"])[0])
        descriptor = resolve1(descendant["FontDescriptor"])
        program = resolve1(descriptor.get("FontFile2"))
        gid_map = resolve1(descendant.get("CIDToGIDMap"))
        if not isinstance(program, PDFStream) or not (gid_map is None or str(gid_map) == "/'Identity'"):
            return
        glyphs = cmap_code_points(program.get_data())
        name = _font_name(spec)
        cids, texts = {}, {}
        for gid, points in glyphs.items():
            visible = [p for p in points if unicodedata.category(p) not in ("Cf", "Cc")]
            if len(set(visible)) == 1:
                cids[gid] = visible[0]  # Identity CIDToGIDMap: the cid is the glyph id
                for point in points:
                    if point != visible[0]:
                        texts[point] = visible[0]
        if name in self.cids and (self.cids[name], self.texts[name]) != (cids, texts):
            cids, texts = {}, {}  # two fonts of one name on the page: which glyph is whose is unknown
        self.cids[name] = cids
        self.texts[name] = texts


def _font_name(spec: dict) -> str:
    name = resolve1(spec.get("BaseFont"))
    return getattr(name, "name", str(name))


def cmap_code_points(program: bytes) -> dict[int, list[str]]:
    """{glyph id: the code points mapping to it} from a TrueType program's Unicode format 4 subtables
    (platform 3 encoding 1, or platform 0); empty when it has none. Raises struct.error on a program
    cut short."""
    count = struct.unpack(">H", program[4:6])[0]
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", program[12 + 16 * index:28 + 16 * index])
        tables[tag] = offset
    if b"cmap" not in tables:
        return {}
    base = tables[b"cmap"]
    _, subtables = struct.unpack(">HH", program[base:base + 4])
    glyphs: dict[int, list[str]] = defaultdict(list)
    for index in range(subtables):
        platform, encoding, offset = struct.unpack(">HHI", program[base + 4 + 8 * index:base + 12 + 8 * index])
        start = base + offset
        if not (platform == 0 or (platform, encoding) == (3, 1)) or struct.unpack(">H", program[start:start + 2])[0] != 4:
            continue
        segments = struct.unpack(">H", program[start + 6:start + 8])[0] // 2
        ends = struct.unpack(f">{segments}H", program[start + 14:start + 14 + 2 * segments])
        starts_at = start + 16 + 2 * segments
        starts = struct.unpack(f">{segments}H", program[starts_at:starts_at + 2 * segments])
        deltas = struct.unpack(f">{segments}h", program[starts_at + 2 * segments:starts_at + 4 * segments])
        ranges_at = starts_at + 4 * segments
        ranges = struct.unpack(f">{segments}H", program[ranges_at:ranges_at + 2 * segments])
        for segment in range(segments):
            for code in range(starts[segment], ends[segment] + 1):
                if code == 0xFFFF:
                    continue
                if ranges[segment]:
                    # The glyph id array is addressed from this segment's own idRangeOffset entry.
                    at = ranges_at + 2 * segment + ranges[segment] + 2 * (code - starts[segment])
                    gid = struct.unpack(">H", program[at:at + 2])[0]
                    gid = (gid + deltas[segment]) & 0xFFFF if gid else 0
                else:
                    gid = (code + deltas[segment]) & 0xFFFF
                if gid and chr(code) not in glyphs[gid]:
                    glyphs[gid].append(chr(code))
    return dict(glyphs)
