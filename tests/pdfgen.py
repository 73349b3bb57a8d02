"""Render project records into list PDFs of varied layouts (reportlab), for extraction tests.

A ``ListStyle`` says how the list looks: orientation, which columns in which order with which
header wording and width, ruling lines or white space only, font size, whether rows may split over
pages and the header repeats, and whether a totals row closes the table. ``render_list`` wraps each
cell the way a spreadsheet does (at spaces; after a hyphen; a word too long for the cell is cut
where the next character no longer fits, on a line of its own) and reports whether any wrap is
geometrically ambiguous (a wrap at a space where the line is one word that fills the cell, or a
case id that fills its cell), which no reader can undo from positions alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

_REPORTLAB_FONTS = Path(reportlab.__file__).parent / "fonts"
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONT, BOLD = "Vera", "VeraBd"
WIDE_FONT, WIDE_BOLD = "DejaVuSans", "DejaVuSans-Bold"  # has U+0308, U+202F, U+FFFD


def _register() -> None:
    for name, path in ((FONT, _REPORTLAB_FONTS / "Vera.ttf"), (BOLD, _REPORTLAB_FONTS / "VeraBd.ttf"),
                       (WIDE_FONT, _DEJAVU / "DejaVuSans.ttf"), (WIDE_BOLD, _DEJAVU / "DejaVuSans-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames() and path.exists():
            pdfmetrics.registerFont(TTFont(name, str(path)))


_register()
HAVE_WIDE_FONT = WIDE_FONT in pdfmetrics.getRegisteredFontNames()

#: Field -> header wordings seen in (or plausible for) Swedish lists.
HEADER_WORDINGS = {
    "case_id": ["Ärende-ID", "Diarienummer", "Ärendenummer", "Dnr"],
    "title": ["Projektnamn", "Projekttitel", "Namn"],
    "beneficiary": ["Projektägare", "Sökande", "Stödmottagare"],
    "granted_amount": ["Beviljat belopp (kr)", "Beslutat belopp", "Beviljat stöd (kr)"],
    "total_budget": ["Total budget (kr)", "Total kostnad (kr)", "Projektbudget"],
    "fund": ["Fond", "Program"],
    "priority": ["Prioritering", "Insatsområde"],
    "municipalities": ["Kommuner", "Kommun(er)"],
    "counties": ["Län"],
    "summary": ["Sammanfattning", "Beskrivning", "Projektbeskrivning"],
}
ALL_FIELDS = list(HEADER_WORDINGS)
AMOUNT_FIELDS = ("granted_amount", "total_budget")


@dataclass
class ListStyle:
    """How a generated list looks. ``columns``: (field, header, width in points), left to right."""

    columns: list[tuple[str, str, float]]
    landscape: bool = True
    ruled: bool = True
    font_size: float = 7.0
    padding: float = 2.0
    split_rows: bool = False
    repeat_header: bool = True
    totals: bool = True
    title: str = "Beviljade projekt"
    footer: bool = True
    wide_font: bool = False
    group_space: str = " "
    rows_per_page: int | None = None  # force page breaks (None: fill pages)
    stated_totals: tuple[int, int, int] | None = None  # (count, granted, budget) to print instead of the sums


@dataclass
class Rendered:
    """What was drawn: the file, its page count, whether some wrap is ambiguous, totals drawn."""

    path: Path
    pages: int
    ambiguous: list[str] = field(default_factory=list)
    totals_drawn: bool = False


def format_amount(value: int, space: str = " ") -> str:
    """Swedish digit grouping: 10000000 -> "10 000 000"."""
    return f"{value:,}".replace(",", space)


def amount_of(record: dict, name: str):
    """The record's amount ``name`` as an int (the expected JSON's decimal strings, "10000000", are whole
    kronor), or the string a bad cell shows ("###", "ca 1 miljon"), or None."""
    value = record.get(name)
    return int(value) if isinstance(value, str) and value.isdigit() else value


def cell_text(record: dict, name: str, style: ListStyle) -> str:
    """The text a list shows in column ``name`` for ``record`` (a dict shaped like the expected JSON)."""
    if name in AMOUNT_FIELDS:
        value = amount_of(record, name)
        if isinstance(value, str):  # a cell as some bad list shows it ("###", "ca 1 miljon")
            return value
        return "" if value is None else format_amount(value, style.group_space)
    if name == "priority":
        if record.get("priority_number") is None:
            return record.get("priority_label") or ""
        return f"Prioritering {record['priority_number']}: {record['priority_label']}"
    if name in ("municipalities", "counties"):
        return ", ".join(record.get(name) or [])
    return record.get(name) or ""


class _Wrapper:
    def __init__(self, font: str, size: float, width: float):
        self.font, self.size, self.width = font, size, width

    def w(self, text: str) -> float:
        return pdfmetrics.stringWidth(text, self.font, self.size)

    def fits(self, text: str) -> bool:
        return self.w(text) <= self.width

    def wrap(self, text: str) -> tuple[list[str], list[str]]:
        """Lines of ``text`` and how each break was made ("space", "hyphen", "cut")."""
        lines: list[str] = []
        kinds: list[str] = []
        current = ""
        for word in text.split(" ") if text else []:
            joined = f"{current} {word}" if current else word
            if self.fits(joined):
                current = joined
                continue
            hyphen = self._hyphen_break(current, word)
            if hyphen is not None:
                lines.append(f"{current} {word[:hyphen]}" if current else word[:hyphen])
                kinds.append("hyphen")
                word, current = word[hyphen:], ""
            elif current:
                lines.append(current)
                kinds.append("space")
                current = ""
            while not self.fits(word):
                cut = max(1, max(k for k in range(1, len(word) + 1) if self.fits(word[:k]) or k == 1))
                lines.append(word[:cut])
                kinds.append("cut")
                word = word[cut:]
            current = word
        if current or not lines:
            lines.append(current)
        return lines, kinds

    def _hyphen_break(self, current: str, word: str) -> int | None:
        for index in range(len(word) - 2, 0, -1):
            if word[index] == "-" and word[index - 1] != " ":
                head = word[:index + 1]
                if self.fits(f"{current} {head}" if current else head):
                    return index + 1
        return None


def render_list(records: list[dict], style: ListStyle, path: Path) -> Rendered:
    """Draw ``records`` as a list PDF at ``path`` in ``style``; returns what was drawn."""
    font, bold = (WIDE_FONT, WIDE_BOLD) if style.wide_font else (FONT, BOLD)
    size, pad = style.font_size, style.padding
    leading = 1.2 * size
    pagesize = landscape(A4) if style.landscape else A4
    page_w, page_h = pagesize
    margin = 30.0
    xs = [margin]
    for _, _, width in style.columns:
        xs.append(xs[-1] + width)
    assert xs[-1] <= page_w - margin + 0.01, "columns wider than the page"
    rendered = Rendered(Path(path), 0)

    names = [name for name, _, _ in style.columns]
    uncalibrated = not style.ruled and not any(name in AMOUNT_FIELDS for name in names[:-1])

    def wrap_cells(texts: list[str], fnt: str) -> list[list[str]]:
        out = []
        for (name, _, width), text in zip(style.columns, texts):
            wrapper = _Wrapper(fnt, size, width - 2 * pad)
            lines, kinds = wrapper.wrap(text)
            out.append(lines)
            last = not style.ruled and name == names[-1]  # no next column shows where its cells end
            _note_ambiguity(rendered, wrapper, name, lines, kinds, uncalibrated or last)
        return out

    header = wrap_cells([h for _, h, _ in style.columns], bold)
    rows = [wrap_cells([cell_text(r, name, style) for name, _, _ in style.columns], font) for r in records]
    for row in rows:
        for (name, _, width), lines in zip(style.columns, row):
            if name in AMOUNT_FIELDS and len(lines) > 1:
                raise ValueError("amount column too narrow")
            if name == "case_id" and lines and _Wrapper(font, size, 0).w(lines[0]) + pad * 2 + size * 0.9 > width \
                    and len(lines) == 1:
                rendered.ambiguous.append(f"case id {lines[0]!r} fills its cell")

    # Lay out pages: each op is (kind, top y, lines per column, height[, first piece of its row]).
    title_room = 5 * size if style.title else 0
    bottom_y = margin + (3 * size if style.footer else 0)
    pages: list[list[tuple]] = [[]]
    y = page_h - margin - title_room

    def add_header():
        nonlocal y
        height = max(len(c) for c in header) * leading + 2 * pad
        pages[-1].append(("header", y, header, height))
        y -= height

    def new_page():
        nonlocal y
        pages.append([])
        y = page_h - margin
        if style.repeat_header:
            add_header()

    add_header()
    rows_on_page = 0
    for row in rows:
        if style.rows_per_page and rows_on_page >= style.rows_per_page:
            new_page()
            rows_on_page = 0
        left = [list(c) for c in row]
        while True:
            need = max(len(c) for c in left) * leading + 2 * pad
            room = y - bottom_y
            if need <= room:
                pages[-1].append(("row", y, left, need))
                y -= need
                rows_on_page += 1
                break
            fit = int((room - 2 * pad) // leading)
            if style.split_rows and fit >= 1:  # a word processor splits a row anywhere, even inside its case id
                pages[-1].append(("row", y, [c[:fit] for c in left], fit * leading + 2 * pad))
                left = [c[fit:] for c in left]
                new_page()
                rows_on_page = 1
                continue
            if not any(op[0] == "row" for op in pages[-1]):
                raise ValueError("row taller than a page")
            new_page()
            rows_on_page = 0
    totals_line = _totals_layout(records, style, font, size, xs)
    if totals_line is not None:
        if y - leading - 2 * pad < bottom_y:
            new_page()
        pages[-1].append(("totals", y, totals_line, leading + 2 * pad))
        rendered.totals_drawn = True

    c = canvas.Canvas(str(path), pagesize=pagesize, invariant=1)
    c.setTitle(style.title or "")
    for number, ops in enumerate(pages, start=1):
        if style.title and number == 1:
            c.setFont(bold, size * 1.6)
            c.drawString(margin, page_h - margin - size * 1.6, style.title)
        for op in ops:
            kind, top = op[0], op[1]
            if kind == "totals":
                for x, text, align in op[2]:
                    c.setFont(bold if align == "left" else font, size)
                    baseline = top - pad - size
                    if align == "right":
                        c.drawRightString(x, baseline, text)
                    else:
                        c.drawString(x, baseline, text)
                continue
            cells, height = op[2], op[3]
            c.setFont(bold if kind == "header" else font, size)
            for (name, _, width), x, lines in zip(style.columns, xs, cells):
                for index, line in enumerate(lines):
                    baseline = top - pad - size - index * leading
                    if name in AMOUNT_FIELDS and kind != "header":
                        c.drawRightString(x + width - pad, baseline, line)
                    else:
                        c.drawString(x + pad, baseline, line)
            if style.ruled:
                c.setLineWidth(0.5)
                c.line(xs[0], top, xs[-1], top)
                c.line(xs[0], top - height, xs[-1], top - height)
                for x in xs:
                    c.line(x, top, x, top - height)
        if style.footer:
            c.setFont(font, size)
            c.drawCentredString(page_w / 2, margin, f"Sida {number} av {len(pages)}")
        c.showPage()
    c.save()
    rendered.pages = len(pages)
    return rendered


def _note_ambiguity(rendered: Rendered, wrapper: _Wrapper, name: str, lines: list[str], kinds: list[str],
                    uncalibrated: bool = False) -> None:
    # Without rules the reader learns the cell padding from a right-aligned amount column that has a
    # column to its right; with none, how far a cell reaches is unknown and any one-word line is ambiguous.
    for line, kind, following in zip(lines, kinds, lines[1:]):
        if kind == "space" and " " not in line and line[-1:].isalnum() and following[:1].isalnum() \
                and (uncalibrated or wrapper.w(line) + wrapper.w(following[0]) > wrapper.width - 0.05 * wrapper.size):
            rendered.ambiguous.append(f"{name}: {line!r} fills its line before {following!r}")


def _totals_layout(records, style, font, size, xs):
    """Positions of the totals row: label over a run of text columns, sums right-aligned in theirs."""
    if not style.totals:
        return None
    count, *stated = style.stated_totals or (len(records), None, None)
    label = f"{count} PROJEKT TOTALSUMMA:"
    label_w = pdfmetrics.stringWidth(label, BOLD if font == FONT else WIDE_BOLD, size)
    items = []
    start = None
    for index, (name, _, width) in enumerate(style.columns):
        if name in AMOUNT_FIELDS:
            values = [v for v in (amount_of(r, name) for r in records) if not isinstance(v, str)]
            total = stated[AMOUNT_FIELDS.index(name)] if style.stated_totals else sum(v or 0 for v in values)
            if any(v is not None for v in values):
                text = format_amount(total, style.group_space)
                if pdfmetrics.stringWidth(text, font, size) > width - 2 * style.padding:
                    raise ValueError("sum wider than its column")
                items.append((xs[index + 1] - style.padding, text, "right"))
            start = None
            continue
        if start is None:
            start = index
        if not any(i[2] == "left" for i in items) and xs[index + 1] - xs[start] - 2 * style.padding >= label_w:
            items.append((xs[start] + style.padding, label, "left"))
    return items if any(i[2] == "left" for i in items) else None


def default_columns(fields: list[str] | None = None, narrow: bool = False) -> list[tuple[str, str, float]]:
    """A plausible column set: the fixture's wording and widths, or narrow portrait widths."""
    widths = {"case_id": 56, "title": 84, "beneficiary": 70, "granted_amount": 60, "total_budget": 60,
              "fund": 42, "priority": 77, "municipalities": 91, "counties": 56, "summary": 182}
    if narrow:
        widths = {"case_id": 30, "title": 60, "beneficiary": 50, "granted_amount": 52, "total_budget": 52,
                  "fund": 36, "priority": 50, "municipalities": 60, "counties": 40, "summary": 104}
    return [(name, HEADER_WORDINGS[name][0], widths[name]) for name in (fields or ALL_FIELDS)]

