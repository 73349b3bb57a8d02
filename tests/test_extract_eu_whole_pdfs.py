"""The whole real PDF lists of ../shared/fixtures/eu-lists read: every printed operation, every amount, and a
sample of rows exact (issue 12's "done when"; tests/test_extract_eu_whole_sheets.py does the same for the
spreadsheets and CSV files).

tests/test_extract_eu_pdfs*.py read excerpts; these read each whole file once (session scope), with the
settings tests/data/eu-lists/whole-lists.toml gives it. The number of operations each file prints was
counted with another PDF engine than fundgraph's (pdfplumber on pdfminer.six): PDFium, through pypdfium2,
whose text of each page is matched by a rule of that file — a regular expression for what every operation
prints exactly once (its amount in the column's own format, after its year, its status letter, …), with the
pages it holds and the lines it must not count (totals, headers). The rule's comment says what it counts and
why it is right; the rule was checked on rendered pages (the first, the last, and every page where its count
and fundgraph's differ). Where the rule captures the amount, the sum of its amounts is also compared with the
sum of the records' fields (as Decimal): a misread amount that keeps the count escapes a count, not a sum.
The table's number of operations is thus checked twice: against the rule recomputed here and against what
fundgraph reads.

The sample rows (first, a middle and the last operation as printed) give page, beneficiary, title and every
amount as the rendered page prints them, white space collapsed as a record holds text; an amount field not
given is absent from its record.

CI has ../shared beside the repository; elsewhere FUNDGRAPH_SHARED names the folder holding fixtures/eu-lists.
Without it these tests skip.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest

from fundgraph.errors import NoProjectTableError
from fundgraph.extract import read_list
from fundgraph.extract.records import AMOUNT_FIELDS

SHARED = Path(os.environ.get("FUNDGRAPH_SHARED") or Path(__file__).resolve().parents[2] / "shared")
LISTS = SHARED / "fixtures" / "eu-lists"
MANIFEST = Path(__file__).parent / "data" / "eu-lists" / "whole-lists.toml"


@dataclass(frozen=True)
class Printed:
    """A file's rule for the operations it prints, over PDFium's text of each page: ``pattern`` matches once
    per operation (re.MULTILINE); ``pages`` (1-based, inclusive ranges; None: all) are those it is matched on.
    Where the pattern has a group ``amount`` (an amount in the German format "1.234,56" or "1.234"), the sum
    of those amounts equals the sum of the records' ``amounts`` fields."""

    pattern: str
    amounts: tuple[str, ...] = ()
    pages: tuple[tuple[int, int], ...] | None = None

    def matches(self, texts: list[str]) -> dict[int, list[re.Match]]:
        """Page number → the pattern's matches on it, for the pages the rule holds."""
        rx = re.compile(self.pattern, re.MULTILINE)
        return {n: list(rx.finditer(text)) for n, text in enumerate(texts, 1)
                if self.pages is None or any(a <= n <= b for a, b in self.pages)}


@dataclass(frozen=True)
class Whole:
    """A whole PDF list: its rule, the number of operations it prints, and sample rows
    ``(page, beneficiary, title, {amount field: decimal string})`` read off the rendered page."""

    printed: Printed
    operations: int
    samples: list[tuple[int, str, str, dict[str, str]]] = field(default_factory=list)


def german_amount(text: str) -> Decimal:
    """"1.234.567,89" → Decimal("1234567.89")."""
    return Decimal(text.replace(".", "").replace(",", "."))


#: an amount as these German and Austrian lists print it: "1.234.567,89"
DE_AMOUNT = r"(?P<amount>\d{1,3}(?:\.\d{3})*,\d{2})"

WHOLE = {
    # Austria's 2007-13 lists (the one ATVB layout: beneficiary, title, public funding, status G or A): every
    # operation prints its amount followed by its status letter, once; nothing else on a page does (the
    # header's "G = genehmigt" has no amount before it). PDFium may run the next row's text on without a line
    # break ("45.387,00 AFreund …"), so the letter is not followed by a word boundary.
    'AT.austria__AT21.kaernten__Publizitaet_Kaernten.pdf': Whole(
        Printed(DE_AMOUNT + r" [GA]", amounts=("granted_amount",)), 255, [
            (1, 'Knauf AMF Deckensysteme Ges.m.b.H.', 'Betriebliches Forschungs- und Entwicklungsprojekt',
             {'granted_amount': '99164.00'}),  # PDFium reads its name in the shifted font: ".QDXI$0)'HFNHQV\VWHPH*HVPE+"
            (7, 'Kärntner Wirtschaftsförderungs Fonds', 'Projekt zur Vorbereitung, Durchführung, Begleitung und Kontrolle des Programms',
             {'granted_amount': '4231.76'}),
            (13, 'Wild GmbH', 'Unternehmensinvestition mit Innovationsbezug', {'granted_amount': '450330.00'}),
        ]),
    'AT.austria__AT32.salzburg__rwf-beguenstigte.pdf': Whole(
        Printed(DE_AMOUNT + r" [GA]", amounts=("granted_amount",)), 212, [
            (1, 'Adler Pharma Produktion und Vertrieb GmbH und Adler Holding GmbH',
             'Unternehmensinvestition mit Forschungs-/Technologiebezug', {'granted_amount': '625600.00'}),
            (5, 'Land Salzburg, Abt. 1/01 - RWF-Verwaltungsbehörde',
             'Projekt zur Vorbereitung, Durchführung, Begleitung und Kontrolle des Programms', {'granted_amount': '2294.97'}),
            (10, 'Windhager Zentralheizung Technik GmbH', 'Betriebliches Forschungs- und Entwicklungsprojekt',
             {'granted_amount': '174194.00'}),
        ]),
    'AT.austria__AT33.tirol__Liste_der_Beguenstigten_April_14.pdf': Whole(
        Printed(DE_AMOUNT + r" [GA]", amounts=("granted_amount",)), 287, [
            (1, '"Steinsee" Stahl- und Anlagenbau GmbH & Co KG', 'Projekt im Bereich Technologietransfer / KMU-Kooperation',
             {'granted_amount': '7941.12'}),
            (7, 'Medizinische Universität Innsbruck, Universitätsklinik für Visceral-, Transplantations- und Thoraxchirurgie',
             'Projekt im Bereich Technologietransfer / KMU-Kooperation', {'granted_amount': '566591.94'}),
            (13, 'Zillertal Tourismus GmbH', 'Innovationsdienstleistung für Unternehmen', {'granted_amount': '26700.00'}),
        ]),
    # --- second block (model) ---
    # Bremen's list (name, title, year of grant / of closure, planned public funding, final funding): every
    # operation prints its year or years ("2007/2008") and after them its one amount, in one of the two columns.
    'DE.germany__DE5.bremen__ERDF_2007-2013__BEGUENSTIGTENVERZEICHNIS_Stand_30-12-2015_Version_Web_Bremen-07-13.pdf': Whole(
        Printed(r"(?<!\d)(?:19|20)\d\d(?:/(?:19|20)\d\d)?\s+" + DE_AMOUNT, amounts=("granted_amount", "paid_amount")), 855, [
            (1, 'A. Weidelt Systemtechnik GmbH & Co. KG',
             'Einzelbetriebliche Förderung nach dem Landesinvestitionsförderprogramm (LIP)', {'paid_amount': '159965.00'}),
            (1, 'AES Aircraft Elektro/Elektronik System GmbH',
             'Einzelbetriebliche Förderung nach dem Landesinvestitionsförderprogramm (LIP)',
             {'granted_amount': '255000.00'}),
            (24, 'Light Partner Lichtsysteme GmbH & Co. KG',
             'Einzelbetriebliche Förderung im Rahmen des Bremischen Außenwirtschaftsförderungsprogramms',
             {'paid_amount': '5500.00'}),
            (24, 'Landeszentrale für politische Bildung', 'Denkort Bunker Valentin', {'granted_amount': '396000.00'}),
            (46, '42DIGITAL GmbH', 'Einzelbetriebliche Förderung im Rahmen des Bremischen Außenwirtschaftsförderungsprogramms',
             {'paid_amount': '3128.00'}),
        ]),
    # Niedersachsen's list draws its beneficiaries apart from their rows (PDFium gives them at the end of each
    # page), but every row prints its title, its year of grant (and of the last payment) and its one amount.
    'DE.germany__DE9.niedersachsen__ERDF_2007-2013__2015-06-30_Begnstigtenverzeichnis_EFRE-RWB_2015_endg..pdf': Whole(
        Printed(r"(?<!\d)(?:19|20)\d\d(?:\s+(?:19|20)\d\d)?\s+" + DE_AMOUNT, amounts=("granted_amount", "paid_amount")),
        4275, [
            (1, 'Kapitalbeteiligungsgesellschaft Niedersachsen mbH', 'Beteiligungsfonds Zielgebiet RWB',
             {'granted_amount': '40000000.00'}),
            (40, 'Verlag MMN Medien GmbH', 'Erstellung eines Marketingplanes', {'paid_amount': '6000.00'}),
            (79, 'Stadt Wilhelmshaven', 'Sanierung des Technischen Denkmals Kaiser-Wilhelm-Brücke',
             {'granted_amount': '5515890.12'}),
        ]),
    # Saarland prints its years as "2011/2013", "2009,2012" or "2008 - 2011", in PDFium's text glued to a title's
    # last word ("Nohfel\x022010") or to the title's own closing year ("Leerstand 20142014"), and its amounts
    # mostly as "5.696,05 €": a few rows print "16.800,00" without "€", "550.000 €" without cents, or a typo
    # ("1.1966.640,39 €", "296.654,40,00 €", read as absent: unreadable_cells = "absent"). The rule takes the
    # years and the number or two after them, "€" or the line's end closing them. Its amounts are checked row by
    # row (IN_ORDER), where a typo is absent on both sides.
    'DE.germany__DEC.saarland__ERDF_2007-2013__Aktualisierung_06072016.pdf': Whole(
        Printed(r"(?:(?<!\d)|(?<=(?<!\d)(?:19|20)\d\d))(?:19|20)\d\d(?:\s*[-/,]\s*(?:19|20)\d\d)*\s+"
                r"\d[\d.,]*\d(?:\s*€\s*\d[\d.,]*\d)?(?:\s*€|\s*$)"), 618, [
            (1, 'Abwasserzweckverband Illtal (AVI), Illingen', 'Einführung eines Umwelt-Managementsystems',
             {'granted_amount': '5696.05', 'paid_amount': '5677.64'}),
            (16, 'Landeshauptstadt Saarbrücken', 'Aufwertung Osthafen, 1. BA C 6-SB-2014-6', {}),  # "1.1966.640,39 €"
            (17, 'Landkreis Merzig-Wadern, Merzig',
             'Außenwanddämmung, Flachdachdämmung und Fenstererneuerung am Verwaltungsgebäude der ERS Merzig',
             {'granted_amount': '110136.62', 'paid_amount': '104956.68'}),
            (33, 'Zentrale für Produktivität und Technologie Saar e.V. (ZPT) Cluster „automotive.saarland“, Saarbrücken',
             'Fortführung und Weiterentwicklung des Clusters "automotive.saarland“',
             {'granted_amount': '300000.00', 'paid_amount': '271523.72'}),
        ]),
    # Schleswig-Holstein's ESF list: every operation ends its last line with its one amount (PDFium reads the
    # names in the shifted-glyph font as "$XV]DKOXQJ…", but the digits are plain). A title's year ("… 2012")
    # has no cents.
    'DE.germany__DEF.schleswig-holstein__ESF_2007-2013__ESF_Data_Schleswig_Holstein_2007-2013.pdf': Whole(
        Printed(DE_AMOUNT + r"\s*$", amounts=("granted_amount", "paid_amount")), 3156, [
            (1, '"Mein Inselhotel" Norddorf', 'A2 - Potenzialberatung', {'paid_amount': '2100.00'}),
            (135, 'Goldschmiede Silke Lazarevic Husum', 'B1 - Förderung zusätzlicher betrieblicher Ausbildungsplätze',
             {'paid_amount': '1320.00'}),
            (276, 'Landesverband der Volkshochschulen Schleswig-Holsteins e.V. Kiel',
             'C3 - Förderung der Alphabetisierung deutschsprachiger Erwachsener - Verlängerung 2014',
             {'paid_amount': '108328.46'}),
        ]),
    # Thüringen's ERDF list: every row is one line ending in its year, its granted and its paid amount, each
    # printed ("0,00" where none).
    'DE.germany__DEG.thueringen__ERDF_2007-2013__ERDF_Data_Thüringen_2007-2013.pdf': Whole(
        Printed(r"(?<!\d)(?:19|20)\d\d " + DE_AMOUNT + r" \d{1,3}(?:\.\d{3})*,\d{2}\s*$", amounts=("granted_amount",)),
        9596, [
            (1, '-4H - JENA engineering GmbH', 'Durchführung Forschung und Entwicklung',
             {'granted_amount': '198757.75', 'paid_amount': '0.00'}),
            (68, 'Klempnerei Posselt GmbH & Co.KG', 'Investition Schaffung von Arbeitsplätzen',
             {'granted_amount': '0.00', 'paid_amount': '1826.26'}),
            (137, 'ÜAG Überbetriebliche Ausbildungs gesellschaft - Berufs- und Arbeitsförderungsgesellschaft gGmbH',
             'Geräteausstattung Aus- und Weiterbildungseinrichtungen', {'granted_amount': '0.00', 'paid_amount': '144224.70'}),
        ]),
    # Malta: every operation prints its committed amount "€15,524,474.00" and "n/a" as the amount paid; the
    # totals row ("€ 107,687,820 € 0") has neither cents nor "n/a".
    'MT.malta__Malta_2014-2020__Malta_ERDF_2014-2020__Online_List_of_Beneficiaries_OPI_ERDF_Malta_PPCD_November_2016_updated.pdf': Whole(
        Printed(r"€\d{1,3}(?:,\d{3})*\.\d\d n/a"), 16, [
            (1, 'Regulator for Energy and Water Services (REWS)', 'Promotion of RES in the Domestic Sector (2016-2018)',
             {'granted_amount': '15524474.00'}),
            (2, 'Ministry for Justice, Culture and Local Government', 'The Upgrading of the Manoel Theatre',
             {'granted_amount': '1198599.32'}),
            (3, 'Transport Malta-Roads and Infrastructure Directorate', 'Removal of bottleneck on TEN-T (Node EA15-Kappara)',
             {'granted_amount': '33347855.61'}),
        ]),
    # The Netherlands' ESF E1 list: one line per operation, starting with its project number "2011ESFN1001"; the
    # amounts are whole euros, "€ 18.000" granted and, unless the grant was withdrawn ("Intrekking"), the amount
    # fixed ("€ 0" included).
    'NL.the-netherlands__ESF__2007-2013__single-files__actie-e1-verleningen-en-vaststellingen.pdf': Whole(
        Printed(r"^\d{4}ESFN\d+ .*"), 4148, [
            (1, 'TRUMPF Nederland', 'Invoeren integraal projectmanagement', {'granted_amount': '18000', 'paid_amount': '18000'}),
            (1, 'Gemeente Overbetuwe', 'Optimalisatie aanvraagprocessen Sociale Zaken', {'granted_amount': '18000'}),
            (41, 'boqx 0 B.V.', 'Van medewerker jaarrekening/aangifte naar adviseur',
             {'granted_amount': '18000', 'paid_amount': '15213'}),
            (82, 'PCC Conserveringswerken BV', 'Bedrijfsproces verbetering en efficiÃ«nter werken',  # as printed
             {'granted_amount': '18000', 'paid_amount': '18000'}),
        ]),
    # Scotland: every operation prints its grant and its total eligible expenditure side by side,
    # "£5,417,475.30 £13,543,688.24"; a grant may wrap in its cell ("£" / "3,766,189.60" on page 18,
    # "£10,732,199.6" / "3" on page 16). One total is a typo ("£ 12,681,882,27", page 24, read as absent).
    'UK.united.kingdom__Scotland_2014-2020__ESIF_Scotland_2014-2020.pdf': Whole(
        Printed(r"£\s*\d[\d,.]*(?:\s+\d\b)?\s+£\s*\d[\d,.]*\d"), 171, [
            (1, 'Transport Scotland', 'Active and Low Carbon Travel Hubs – LUPS',
             {'granted_amount': '5417475.30', 'total_budget': '13543688.24'}),
            (18, 'Fife Council', 'Fife Employability Pathway Delivery',
             {'granted_amount': '3766189.60', 'total_budget': '9415474'}),
            (28, 'Scottish Government (Regeneration Unit)', 'Community Led Transformation – Highlands and Islands',
             {'granted_amount': '3774750', 'total_budget': '7549500'}),
        ]),
}

#: The PDFs that hold no list of operations: file → the one-line error reading it gives, naming what is missing
#: in the list's own words (its language, its headers as printed).
UNREADABLE = {
    # Wallonia's list of the "Compétitivité" programme prints beneficiaries and amounts under headings "Mesure …"
    # with no column naming the operation (see the report in notes/pdf.md for what its pages hold).
    'BE.belgium__BE3.region.wallonne__20160404_Compet.pdf': (
        "BE.belgium__BE3.region.wallonne__20160404_Compet.pdf, page 1: no list of operations: no column for the "
        "name of the operation (a header such as \"Intitulé de l'opération\"); the table's headers: 'Bénéficiaires', "
        "'Date de décision', \"Montant de l'investissement total\", 'Montants cofinancés', 'Feder', 'Part wallonne', "
        "'Montants cofinancés', 'Feder' and 2 more"),
}


def _settings(name: str) -> dict[str, str]:
    """read_list's keyword settings for the list ``name``: unreadable_cells "absent", as whole-lists.toml's command
    line gives every list (`--unreadable-cells absent`: Saarland's and Scotland's typos), and those its entry gives."""
    lists = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["list"]
    entry = next((e for e in lists if Path(e["path"]).name == name), {})
    return {"unreadable_cells": "absent", **{key: entry[key] for key in ("unreadable_cells", "swapped_amounts")
                                             if key in entry}}


@pytest.fixture(scope="session")
def whole_pdf():
    """name → (fundgraph's ExtractedList, PDFium's text of each page), each file read once a session."""
    if not LISTS.is_dir():
        pytest.skip(f"no {LISTS} (set FUNDGRAPH_SHARED to the folder holding fixtures/eu-lists)")
    cache = {}

    def read(name):
        if name not in cache:
            document = pypdfium2.PdfDocument(LISTS / name)
            try:
                texts = [page.get_textpage().get_text_bounded() for page in document]
            finally:
                document.close()
            cache[name] = (read_list(LISTS / name, **_settings(name)), texts)
        return cache[name]
    return read


def _pages(records) -> Counter:
    return Counter(r.source.pages[0] for r in records)


@pytest.mark.parametrize("name", sorted(WHOLE))
def test_every_printed_operation_is_read_and_its_amounts_sum_as_printed(whole_pdf, name):
    entry = WHOLE[name]
    result, texts = whole_pdf(name)
    matches = entry.printed.matches(texts)
    printed = {n: len(m) for n, m in matches.items() if m}
    read = _pages(result.records)
    differing = {n: (printed.get(n, 0), read.get(n, 0)) for n in sorted(set(printed) | set(read))
                 if printed.get(n, 0) != read.get(n, 0)}
    assert sum(printed.values()) == entry.operations, "the rule's count is not the table's"
    assert len(result.records) == entry.operations, f"pages (printed, read) that differ: {differing}"
    if entry.printed.amounts:
        assert sum(german_amount(m["amount"]) for ms in matches.values() for m in ms) == sum(
            getattr(r, f) or 0 for r in result.records for f in entry.printed.amounts)


@pytest.mark.parametrize("name", sorted(WHOLE))
def test_sample_rows_of_the_whole_list_are_exact(whole_pdf, name):
    records = whole_pdf(name)[0].records
    for page, beneficiary, title, amounts in WHOLE[name].samples:
        on_page = [(r.beneficiary, r.title, {f: getattr(r, f) for f in AMOUNT_FIELDS if getattr(r, f) is not None})
                   for r in records if r.source.pages[0] == page]
        assert (beneficiary, title, {f: Decimal(v) for f, v in amounts.items()}) in on_page, page


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_a_whole_pdf_that_lists_no_operations_is_one_line_naming_what_is_missing(name):
    if not LISTS.is_dir():
        pytest.skip(f"no {LISTS}")
    with pytest.raises(NoProjectTableError) as error:
        read_list(LISTS / name, **_settings(name))
    assert str(error.value) == UNREADABLE[name]


# --- second block (model): each operation's amounts, row by row ---


def english_amount(text: str) -> Decimal:
    """"1,234,567.89" → Decimal("1234567.89"); white space inside (a digit wrapped in its cell) is dropped."""
    return Decimal(re.sub(r"[,\s]", "", text))


@dataclass(frozen=True)
class InOrder:
    """Where a file's rule (``Printed.pattern``) spans all of an operation's amounts: every match of ``amount``
    (its group ``amount``, read by ``value``) inside a match of the rule is one of that operation's amounts, in
    the order printed; together they are the record's ``fields`` that are present, in that order. A sum lets a
    misread amount through where another misreading makes up for it, and a count one read into the wrong row;
    this does neither. An amount the publisher mistyped does not match ``amount`` and is absent from the
    record (unreadable_cells = "absent")."""

    fields: tuple[str, ...]
    amount: str = r"(?<![\d.,])(?P<amount>\d{1,3}(?:\.\d{3})*,\d{2})(?![\d.,])"
    value: Callable[[str], Decimal] = german_amount


#: an amount as Scotland prints it: "£5,417,475.30", "£2,334,670", "£647950.50", "£632298", or wrapped in its cell
#: ("£10,732,199.6" / "3" on page 16); Saarland's: "5.696,05", "550.000"
EN_AMOUNT = r"£\s*(?P<amount>\d{1,3}(?:,\d{3})*(?:\.\d\s*\d)?|\d+(?:\.\d\d)?)(?![\d.,])"
DE_AMOUNT_OR_WHOLE = r"(?<![\d.,])(?P<amount>\d{1,3}(?:\.\d{3})*(?:,\d{2})?)(?![\d.,])"

IN_ORDER = {
    'DE.germany__DE5.bremen__ERDF_2007-2013__BEGUENSTIGTENVERZEICHNIS_Stand_30-12-2015_Version_Web_Bremen-07-13.pdf':
        InOrder(("granted_amount", "paid_amount")),
    'DE.germany__DE9.niedersachsen__ERDF_2007-2013__2015-06-30_Begnstigtenverzeichnis_EFRE-RWB_2015_endg..pdf':
        InOrder(("granted_amount", "paid_amount")),
    'DE.germany__DEC.saarland__ERDF_2007-2013__Aktualisierung_06072016.pdf':
        InOrder(("granted_amount", "paid_amount"), DE_AMOUNT_OR_WHOLE),
    'DE.germany__DEF.schleswig-holstein__ESF_2007-2013__ESF_Data_Schleswig_Holstein_2007-2013.pdf':
        InOrder(("granted_amount", "paid_amount")),
    'DE.germany__DEG.thueringen__ERDF_2007-2013__ERDF_Data_Thüringen_2007-2013.pdf':
        InOrder(("granted_amount", "paid_amount")),
    'MT.malta__Malta_2014-2020__Malta_ERDF_2014-2020__Online_List_of_Beneficiaries_OPI_ERDF_Malta_PPCD_November_2016_updated.pdf':
        InOrder(("granted_amount",), EN_AMOUNT.replace("£", "€"), english_amount),
    'NL.the-netherlands__ESF__2007-2013__single-files__actie-e1-verleningen-en-vaststellingen.pdf':
        InOrder(("granted_amount", "paid_amount"), r"€ (?P<amount>\d{1,3}(?:\.\d{3})*)(?![\d.,])"),
    'UK.united.kingdom__Scotland_2014-2020__ESIF_Scotland_2014-2020.pdf':
        InOrder(("granted_amount", "total_budget"), EN_AMOUNT, english_amount),
}


@pytest.mark.parametrize("name", sorted(IN_ORDER))
def test_each_operations_amounts_are_as_printed_row_by_row(whole_pdf, name):
    rule, in_order = WHOLE[name].printed, IN_ORDER[name]
    amount = re.compile(in_order.amount)
    result, texts = whole_pdf(name)
    printed = [(n, tuple(in_order.value(a["amount"]) for a in amount.finditer(row[0])))
               for n, rows in rule.matches(texts).items() for row in rows]
    read = [tuple(getattr(r, f) for f in in_order.fields if getattr(r, f) is not None) for r in result.records]
    assert len(read) == len(printed)
    wrong = [(page, record.source.row, amounts, read_amounts) for (page, amounts), read_amounts, record
             in zip(printed, read, result.records) if amounts != read_amounts]
    assert not wrong, f"(page, row, printed, read): {wrong[:5]}"
