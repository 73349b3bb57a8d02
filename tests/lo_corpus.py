"""Lists made the way regions make them: spreadsheets written as flat ODS (.fods) and printed to PDF
by LibreOffice Calc (``soffice --headless --convert-to pdf``), for extraction tests.

A ``SheetLayout`` says how the spreadsheet looks when printed: paper orientation, column widths,
cell borders or none, font size, header rows repeated on every page (Calc's "rows to repeat",
``table:table-header-rows``) or only on the first, header wording with explicit line breaks (a
three-line bold header), and a header row whose fixed height is lower than its text (the text then
overflows across the rule below it, as in lists made by hand in Excel). The cells wrap as Calc
wraps them; nothing here knows where the breaks fall, which is the point: the reader must find them
from the glyphs alone.

``convert_all`` turns many .fods files into PDFs with ONE soffice call, in a private user profile
(``-env:UserInstallation``) so that parallel test runs and a user's own LibreOffice do not collide.

To add a layout: add a ``SheetLayout`` to ``LAYOUTS`` (see docs/pdf-test-corpus.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

#: Column header wording per field (as the fixture prints them) and its width in cm at "normal".
HEADERS = {
    "case_id": ("Ärende-ID", 2.0),
    "title": ("Projektnamn", 3.0),
    "beneficiary": ("Projektägare", 2.6),
    "granted": ("Beviljat belopp (kr)", 2.2),
    "budget": ("Total budget (kr)", 2.2),
    "fund": ("Fond", 1.6),
    "priority": ("Prioritering", 2.8),
    "municipalities": ("Kommuner", 3.2),
    "counties": ("Län", 2.0),
    "summary": ("Sammanfattning", 5.8),
}
COLUMNS = list(HEADERS)
_AMOUNTS = ("granted", "budget")


@dataclass
class SheetLayout:
    """How a generated spreadsheet prints. ``widths`` scales every column (1.0 = ``HEADERS`` widths);
    ``headers`` overrides header wordings ("\\n" = a line break typed in the cell)."""

    landscape: bool = True
    borders: bool = True
    font_size: float = 7.0
    widths: float = 1.0
    column_widths: dict[str, float] = field(default_factory=dict)
    repeat_header: bool = True
    header_bold: bool = True
    headers: dict[str, str] = field(default_factory=dict)
    header_height_cm: float | None = None  # a fixed header row height; text taller than it overflows
    columns: list[str] = field(default_factory=lambda: list(COLUMNS))
    title: str | None = "Beviljade projekt"
    producer: str = "writer"  # "writer": a table in a text document (.fodt); "calc": a spreadsheet (.fods)

    def source_suffix(self) -> str:
        """The file name suffix of the source this layout is written as."""
        return ".fodt" if self.producer == "writer" else ".fods"


def file_stem(name: str) -> str:
    """A layout's name as a file name: "header only on page 1" -> "header-only-on-page-1"."""
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")


def write_source(records: list[dict], layout: SheetLayout, stem: Path) -> Path:
    """Write ``records`` as the source document of ``layout`` at ``stem`` + its suffix; returns the path."""
    path = Path(stem).with_suffix(layout.source_suffix())
    path.parent.mkdir(parents=True, exist_ok=True)
    return (write_fodt if layout.producer == "writer" else write_fods)(records, layout, path)


def record_cells(record: dict) -> dict[str, str | int | None]:
    """What each column shows for a record shaped like the expected JSON (amounts in whole SEK)."""
    granted, budget = record.get("granted_amount"), record.get("total_budget")
    number, label = record.get("priority_number"), record.get("priority_label")
    priority = label or "" if number is None else f"Prioritering {number}: {label}"
    return {"case_id": record.get("case_id", ""), "title": record["title"], "beneficiary": record["beneficiary"],
            "granted": None if granted is None else int(granted), "budget": None if budget is None else int(budget),
            "fund": record.get("fund") or "", "priority": priority,
            "municipalities": ", ".join(record.get("municipalities") or []),
            "counties": ", ".join(record.get("counties") or []), "summary": record.get("summary") or ""}


_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
       'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
       'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')
_FONTS = ('<office:font-face-decls><style:font-face style:name="Liberation Sans" '
          'svg:font-family="&apos;Liberation Sans&apos;" style:font-family-generic="swiss"/></office:font-face-decls>')


def _page_layout(layout: SheetLayout) -> str:
    width, height = (29.7, 21.0) if layout.landscape else (21.0, 29.7)
    return ('<style:page-layout style:name="pm1"><style:page-layout-properties '
            f'fo:page-width="{width}cm" fo:page-height="{height}cm" '
            f'style:print-orientation="{"landscape" if layout.landscape else "portrait"}" '
            'fo:margin-top="1cm" fo:margin-bottom="1cm" fo:margin-left="1cm" fo:margin-right="1cm"/>'
            '</style:page-layout>')


def _column_cm(layout: SheetLayout, name: str) -> float:
    return layout.column_widths.get(name, HEADERS[name][1] * layout.widths)


def _amount_text(value: int) -> str:
    # Swedish digit groups with a no-break space, as Word and Writer show "# ##0" in sv-SE.
    return f"{value:,}".replace(",", "\u00a0")


def write_fodt(records: list[dict], layout: SheetLayout, path: Path) -> Path:
    """Write ``records`` as a flat ODT text document whose table is laid out as ``layout``."""
    border = 'fo:border="0.5pt solid #000000"' if layout.borders else 'fo:border="none"'
    font = f'style:font-name="Liberation Sans" fo:font-size="{layout.font_size}pt"'
    bold = 'fo:font-weight="bold"' if layout.header_bold else ""
    total = sum(_column_cm(layout, name) for name in layout.columns)
    styles = [
        _page_layout(layout),
        f'<style:style style:name="T" style:family="table"><style:table-properties style:width="{total:.2f}cm" '
        'table:align="left"/></style:style>',
        f'<style:style style:name="C" style:family="table-cell"><style:table-cell-properties fo:padding="0.05cm" '
        f'{border}/></style:style>',
        f'<style:style style:name="H" style:family="paragraph"><style:text-properties {font} {bold}/></style:style>',
        f'<style:style style:name="P" style:family="paragraph"><style:text-properties {font}/></style:style>',
        f'<style:style style:name="A" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/>'
        f'<style:text-properties {font}/></style:style>',
        f'<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties '
        f'fo:margin-bottom="0.3cm"/><style:text-properties style:font-name="Liberation Sans" '
        f'fo:font-size="{layout.font_size * 1.6:.1f}pt" fo:font-weight="bold"/></style:style>',
    ]
    if layout.header_height_cm:
        styles.append(f'<style:style style:name="HR" style:family="table-row"><style:table-row-properties '
                      f'style:row-height="{layout.header_height_cm}cm"/></style:style>')
    for index, name in enumerate(layout.columns):
        styles.append(f'<style:style style:name="T.{index}" style:family="table-column">'
                      f'<style:table-column-properties style:column-width="{_column_cm(layout, name):.2f}cm"/>'
                      '</style:style>')

    def cell(text: str, style: str) -> str:
        paragraphs = "".join(f'<text:p text:style-name="{style}">{escape(line)}</text:p>' for line in text.split("\n"))
        return f'<table:table-cell table:style-name="C" office:value-type="string">{paragraphs}</table:table-cell>'

    row_style = ' table:style-name="HR"' if layout.header_height_cm else ""
    header = (f"<table:table-row{row_style}>"
              + "".join(cell(layout.headers.get(name, HEADERS[name][0]), "H") for name in layout.columns)
              + "</table:table-row>")
    body = []
    for record in records:
        values = record_cells(record)
        body.append("<table:table-row>" + "".join(
            cell(_amount_text(values[name]) if name in _AMOUNTS and values[name] is not None else str(values[name] or ""),
                 "A" if name in _AMOUNTS else "P") for name in layout.columns) + "</table:table-row>")
    columns = "".join(f'<table:table-column table:style-name="T.{i}"/>' for i in range(len(layout.columns)))
    title = f'<text:p text:style-name="Title">{escape(layout.title)}</text:p>' if layout.title else ""
    header_rows = f"<table:table-header-rows>{header}</table:table-header-rows>" if layout.repeat_header else header
    return _write(path, "text", styles, '<style:master-page style:name="Standard" style:page-layout-name="pm1"/>',
                  f'<office:text>{title}<table:table table:name="Projekt" table:style-name="T">'
                  f'{columns}{header_rows}{"".join(body)}</table:table><text:p/></office:text>')


def _write(path: Path, kind: str, styles: list[str], master_page: str, body: str) -> Path:
    """A flat ODF document of ``kind`` ("text", "spreadsheet") at ``path``."""
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_NS} office:version="1.2" '
           f'office:mimetype="application/vnd.oasis.opendocument.{kind}">{_FONTS}'
           f'<office:automatic-styles>{"".join(styles)}</office:automatic-styles>'
           f'<office:master-styles>{master_page}</office:master-styles>'
           f'<office:body>{body}</office:body></office:document>\n')
    path = Path(path)
    path.write_text(xml, encoding="utf-8")
    return path


def _paragraphs(text: str) -> str:
    return "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))


def write_fods(records: list[dict], layout: SheetLayout, path: Path) -> Path:
    """Write ``records`` as a flat ODS spreadsheet at ``path`` laid out as ``layout``; returns the path."""
    width, height = (29.7, 21.0) if layout.landscape else (21.0, 29.7)
    border = 'fo:border="0.5pt solid #000000"' if layout.borders else 'fo:border="none"'
    size = f'fo:font-size="{layout.font_size}pt"'
    bold = 'fo:font-weight="bold"' if layout.header_bold else ""
    cell = f'fo:wrap-option="wrap" style:vertical-align="top" {border}'
    styles = [
        '<number:number-style style:name="N1" number:language="sv" number:country="SE">'
        '<number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/>'
        '</number:number-style>',
        f'<style:style style:name="head" style:family="table-cell"><style:table-cell-properties {cell}/>'
        f'<style:text-properties {size} {bold}/></style:style>',
        f'<style:style style:name="text" style:family="table-cell"><style:table-cell-properties {cell}/>'
        f'<style:text-properties {size}/></style:style>',
        f'<style:style style:name="amount" style:family="table-cell" style:data-style-name="N1">'
        f'<style:table-cell-properties {cell}/><style:paragraph-properties fo:text-align="end"/>'
        f'<style:text-properties {size}/></style:style>',
        f'<style:style style:name="title" style:family="table-cell">'
        f'<style:text-properties fo:font-size="{layout.font_size * 1.6:.1f}pt" fo:font-weight="bold"/></style:style>',
        '<style:style style:name="ta1" style:family="table" style:master-page-name="List">'
        '<style:table-properties table:display="true"/></style:style>',
        '<style:page-layout style:name="pm1"><style:page-layout-properties '
        f'fo:page-width="{width}cm" fo:page-height="{height}cm" '
        f'style:print-orientation="{"landscape" if layout.landscape else "portrait"}" '
        'fo:margin-top="1cm" fo:margin-bottom="1cm" fo:margin-left="1cm" fo:margin-right="1cm" '
        f'style:print="{"grid " if layout.borders else ""}charts drawings objects zero-values" style:scale-to="100%"/>'
        '</style:page-layout>',
    ]
    styles.append('<style:style style:name="ro" style:family="table-row"><style:table-row-properties '
                  'style:use-optimal-row-height="true"/></style:style>')
    if layout.header_height_cm:
        styles.append(f'<style:style style:name="headrow" style:family="table-row"><style:table-row-properties '
                      f'style:row-height="{layout.header_height_cm}cm" style:use-optimal-row-height="false"/>'
                      '</style:style>')
    for index, name in enumerate(layout.columns):
        cm = layout.column_widths.get(name, HEADERS[name][1] * layout.widths)
        styles.append(f'<style:style style:name="co{index}" style:family="table-column">'
                      f'<style:table-column-properties style:column-width="{cm:.2f}cm"/></style:style>')
    head_cells = "".join(
        f'<table:table-cell table:style-name="head" office:value-type="string">'
        f'{_paragraphs(layout.headers.get(name, HEADERS[name][0]))}</table:table-cell>' for name in layout.columns)
    row_style = ' table:style-name="headrow"' if layout.header_height_cm else ""
    header = f"<table:table-row{row_style}>{head_cells}</table:table-row>"
    body = []
    for record in records:
        values = record_cells(record)
        cells = []
        for name in layout.columns:
            value = values[name]
            if name in _AMOUNTS and value is not None:
                cells.append(f'<table:table-cell table:style-name="amount" office:value-type="float" '
                             f'office:value="{value}"/>')
            else:
                cells.append(f'<table:table-cell table:style-name="text" office:value-type="string">'
                             f'{_paragraphs(str(value or ""))}</table:table-cell>')
        body.append(f"<table:table-row table:style-name=\"ro\">{''.join(cells)}</table:table-row>")
    columns = "".join(f'<table:table-column table:style-name="co{i}"/>' for i in range(len(layout.columns)))
    title = (f'<table:table-row><table:table-cell table:style-name="title" office:value-type="string">'
             f'<text:p>{escape(layout.title)}</text:p></table:table-cell></table:table-row>'
             '<table:table-row><table:table-cell/></table:table-row>') if layout.title else ""
    header_rows = f"<table:table-header-rows>{header}</table:table-header-rows>" if layout.repeat_header else header
    return _write(path, "spreadsheet", styles,
                  '<style:master-page style:name="List" style:page-layout-name="pm1"><style:header '
                  'style:display="false"/><style:footer style:display="false"/></style:master-page>',
                  f'<office:spreadsheet><table:table table:name="Projekt" table:style-name="ta1">'
                  f'{columns}{title}{header_rows}{"".join(body)}</table:table></office:spreadsheet>')


def convert_all(sources: list[Path], out_dir: Path, profile: Path, timeout: float = 300) -> dict[Path, Path]:
    """Print every source to PDF in ``out_dir`` with one soffice call; returns {source: pdf}.

    ``profile`` is a private LibreOffice user profile folder (created if missing). Raises RuntimeError
    naming what LibreOffice said when a PDF is missing afterwards.
    """
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is not installed; `make system` installs it")
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SAL_USE_VCLPLUGIN="svp", HOME=str(profile))
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                           "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, sources)],
                          capture_output=True, text=True, timeout=timeout, env=env, check=False)
    pdfs = {source: out_dir / (Path(source).stem + ".pdf") for source in sources}
    missing = [str(s) for s, pdf in pdfs.items() if not pdf.exists()]
    if missing:
        raise RuntimeError(f"soffice made no PDF for {missing}: {done.stdout[-500:]} {done.stderr[-500:]}")
    return pdfs


_CALC_NARROW = dict(landscape=False, borders=False, font_size=6.0, widths=0.62,
                    column_widths={"granted": 1.55, "budget": 1.55, "title": 2.4, "beneficiary": 2.4, "priority": 2.4},
                    columns=["case_id", "title", "beneficiary", "granted", "budget", "fund", "priority",
                             "municipalities", "counties"])

#: The layouts of the corpus, by name. Widths in cm are those of the table's columns.
LAYOUTS: dict[str, SheetLayout] = {
    "landscape ruled": SheetLayout(),
    "portrait narrow": SheetLayout(landscape=False, font_size=6.0, widths=0.62,
                                   column_widths={"granted": 1.55, "budget": 1.55}),
    "landscape borderless": SheetLayout(borders=False),
    "portrait narrow borderless": SheetLayout(landscape=False, borders=False, font_size=6.0, widths=0.62,
                                              column_widths={"granted": 1.55, "budget": 1.55}),
    "header only on page 1": SheetLayout(repeat_header=False),
    # Writer splits a row between pages anywhere: here inside a case id cut at its narrow cell's edge
    # ("203724" at the foot of page 1, "92" at the top of page 2), under a header printed on page 1 only.
    "narrow borderless, header only on page 1": SheetLayout(
        landscape=False, borders=False, font_size=6.0, widths=0.62, repeat_header=False,
        headers={"granted": "Beslutat belopp", "budget": "Total budget"},
        column_widths={"granted": 1.55, "budget": 1.55, "case_id": 0.8}),
    "three-line bold header": SheetLayout(headers={
        "case_id": "Ärende-\nID", "granted": "Beviljat\nbelopp\n(kr)", "budget": "Total\nbudget\n(kr)",
        "beneficiary": "Projekt-\nägare", "title": "Projekt-\nnamn"}),
    "header crossing its rule": SheetLayout(producer="calc", header_height_cm=0.45, widths=0.9, headers={
        "budget": "Total projektbudget, SEK", "granted": "Beviljat belopp (kr)"},
        column_widths={"granted": 1.6, "budget": 1.6}, columns=["case_id", "title", "beneficiary", "granted",
                                                                "budget", "fund", "priority", "counties"]),
    # The same in the rows' font: only the header's line pitch tells its last line from the first row.
    "plain header crossing its rule": SheetLayout(producer="calc", header_bold=False, header_height_cm=0.45,
                                                  widths=0.9, headers={"budget": "Total projektbudget, SEK",
                                                                       "granted": "Beviljat belopp (kr)"},
                                                  column_widths={"granted": 1.6, "budget": 1.6},
                                                  columns=["case_id", "title", "beneficiary", "granted", "budget",
                                                           "fund", "priority", "counties"]),
    "plain header, wide columns": SheetLayout(header_bold=False, widths=1.1, font_size=8.0, title=None,
                                              columns=["case_id", "title", "beneficiary", "granted", "budget",
                                                       "fund", "priority", "counties", "summary"]),
    # Calc pads a cell by about a point: without borders a right-aligned amount ends a word space or so before
    # the next column's text ("20 000 000 ERUF"), and the narrow fund column cuts "Regional|a medel". Long
    # summaries are left out (Calc's rows are too short for them, see docs/pdf-test-corpus.md).
    "Calc portrait narrow borderless": SheetLayout(producer="calc", **_CALC_NARROW),
    "Calc portrait narrow borderless, header only on page 1": SheetLayout(producer="calc", repeat_header=False,
                                                                          **_CALC_NARROW),
    "spreadsheet without summary": SheetLayout(producer="calc", columns=[
        "case_id", "title", "beneficiary", "granted", "budget", "fund", "priority", "municipalities", "counties"]),
}
