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
Where it names its amount columns (by where their glyphs end across the page, PDFium's character boxes), each
column's sum is compared with its own field's, so an amount read into the wrong column fails too.
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
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pypdfium2.raw
import pytest

from fundgraph.errors import NoProjectTableError
from fundgraph.extract import read_list
from fundgraph.extract.records import AMOUNT_FIELDS

SHARED = Path(os.environ.get("FUNDGRAPH_SHARED") or Path(__file__).resolve().parents[2] / "shared")
LISTS = SHARED / "fixtures" / "eu-lists"
MANIFEST = Path(__file__).parent / "data" / "eu-lists" / "whole-lists.toml"


def german_amount(text: str) -> Decimal:
    """"1.234.567,89" → Decimal("1234567.89")."""
    return printed_amount(text, ",")


def printed_amount(text: str, decimal_mark: str = ",") -> Decimal:
    """An amount as printed, its digits grouped by "." or "," or spaces and its decimals after
    ``decimal_mark``: "1.234.567,89" → Decimal("1234567.89"); ("1,234,567.89", ".") → the same."""
    grouping = "." if decimal_mark == "," else ","
    return Decimal(re.sub(r"[\s\u00a0\u202f]", "", text).replace(grouping, "").replace(decimal_mark, "."))


def page_text(textpage: pypdfium2.PdfTextPage) -> str:
    """PDFium's text of a page, one character per character index (FPDFText_GetUnicode), so that an index
    in it is the one FPDFText_GetCharBox takes: FPDFText_GetText (``get_text_range``) leaves out some, such as
    the spaces of Kärnten's and Tirol's shifted-glyph font (code 3), and its indices drift."""
    return "".join(chr(pypdfium2.raw.FPDFText_GetUnicode(textpage.raw, i)) for i in range(textpage.count_chars()))


#: an amount as the German and Austrian lists print it: "1.234.567,89"
DE_AMOUNT = r"(?<![\d.,])(?P<amount>\d{1,3}(?:\.\d{3})*,\d{2})"


@dataclass(frozen=True)
class Printed:
    """A file's rule for the operations it prints, over PDFium's text of each page: ``pattern`` matches once
    per operation (re.MULTILINE); ``pages`` (1-based, inclusive ranges; None: all) are those it is matched on.
    Where the pattern has a group ``amount`` (an amount in the German format "1.234,56" or "1.234"), the sum
    of those amounts equals the sum of the records' ``amounts`` fields.

    ``columns`` checks each amount column on its own: record field → (from, to), where an amount's last
    character ends across the page in PDF points (x; the y of a page the PDF rotates by 90° or 270°, whose rows
    run up the paper); every match of ``amount`` (its group ``amount``, read with ``decimal_mark``) ending in a
    column is that field's, and the column's sum is the records' sum of the field. Text elsewhere (titles,
    summaries) is not an amount."""

    pattern: str
    columns: dict[str, tuple[float, float]] = field(default_factory=dict)
    amounts: tuple[str, ...] = ()
    pages: tuple[tuple[int, int], ...] | None = None
    amount: str = DE_AMOUNT
    decimal_mark: str = ","

    def holds(self, n: int) -> bool:
        return self.pages is None or any(a <= n <= b for a, b in self.pages)

    def matches(self, texts: list[str]) -> dict[int, list[re.Match]]:
        """Page number → the pattern's matches on it, for the pages the rule holds."""
        rx = re.compile(self.pattern, re.MULTILINE)
        return {n: list(rx.finditer(text)) for n, text in enumerate(texts, 1) if self.holds(n)}

    def column_sums(self, document: pypdfium2.PdfDocument) -> dict[str, Decimal]:
        """Field → the sum of the amounts ``document`` prints in its column (``columns``), on the pages the
        rule holds; the text is ``page_text``, whose indices are those of the character boxes."""
        amounts = re.compile(self.amount)
        sums = dict.fromkeys(self.columns, Decimal(0))
        for n, page in enumerate(document, 1):
            if not self.holds(n):
                continue
            textpage = page.get_textpage()
            rotated = page.get_rotation() in (90, 270)
            for match in amounts.finditer(page_text(textpage)):
                _, _, right, top = textpage.get_charbox(match.end("amount") - 1)
                at = top if rotated else right
                column = next((f for f, (a, b) in self.columns.items() if a <= at <= b), None)
                if column is not None:
                    sums[column] += printed_amount(match["amount"], self.decimal_mark)
        return sums


@dataclass(frozen=True)
class Whole:
    """A whole PDF list: its rule, the number of operations it prints, and sample rows
    ``(page, beneficiary, title, {amount field: decimal string})`` read off the rendered page."""

    printed: Printed
    operations: int
    samples: list[tuple[int, str, str, dict[str, str]]] = field(default_factory=list)


#: a year of grant or payment (not a digit's neighbour) before an amount
YEAR_AMOUNT = r"(?<!\d)(?<!\d[.,])(?:19|20)\d\d\s+" + DE_AMOUNT
#: an amount as Scotland prints it: "£5,417,475.30", "£2,334,670", "£647950.50", "£632298", or wrapped in its
#: cell ("£10,732,199.6" / "3" on page 16)
EN_AMOUNT = r"£\s*(?P<amount>\d{1,3}(?:,\d{3})*(?:\.\d\s*\d)?|\d+(?:\.\d\d)?)(?![\d.,])"

WHOLE = {
    # Austria's 2007-13 lists (the one ATVB layout: beneficiary, title, public funding, status G or A): every
    # operation prints its amount followed by its status letter, once; nothing else on a page does (the
    # header's "G = genehmigt" has no amount before it). PDFium may run the next row's text on without a line
    # break ("45.387,00 AFreund …"), so the letter is not followed by a word boundary.
    'AT.austria__AT21.kaernten__Publizitaet_Kaernten.pdf': Whole(
        Printed(DE_AMOUNT + r" [GA]", columns={"granted_amount": (700, 740)}), 255, [
            (1, 'Knauf AMF Deckensysteme Ges.m.b.H.', 'Betriebliches Forschungs- und Entwicklungsprojekt',
             {'granted_amount': '99164.00'}),  # PDFium reads its name in the shifted font: ".QDXI$0)'HFNHQV\VWHPH*HVPE+"
            (7, 'Kärntner Wirtschaftsförderungs Fonds', 'Projekt zur Vorbereitung, Durchführung, Begleitung und Kontrolle des Programms',
             {'granted_amount': '4231.76'}),
            (13, 'Wild GmbH', 'Unternehmensinvestition mit Innovationsbezug', {'granted_amount': '450330.00'}),
        ]),
    'AT.austria__AT32.salzburg__rwf-beguenstigte.pdf': Whole(
        Printed(DE_AMOUNT + r" [GA]", columns={"granted_amount": (700, 740)}), 212, [
            (1, 'Adler Pharma Produktion und Vertrieb GmbH und Adler Holding GmbH',
             'Unternehmensinvestition mit Forschungs-/Technologiebezug', {'granted_amount': '625600.00'}),
            (5, 'Land Salzburg, Abt. 1/01 - RWF-Verwaltungsbehörde',
             'Projekt zur Vorbereitung, Durchführung, Begleitung und Kontrolle des Programms', {'granted_amount': '2294.97'}),
            (10, 'Windhager Zentralheizung Technik GmbH', 'Betriebliches Forschungs- und Entwicklungsprojekt',
             {'granted_amount': '174194.00'}),
        ]),
    'AT.austria__AT33.tirol__Liste_der_Beguenstigten_April_14.pdf': Whole(
        Printed(DE_AMOUNT + r" [GA]", columns={"granted_amount": (700, 740)}), 287, [
            (1, '"Steinsee" Stahl- und Anlagenbau GmbH & Co KG', 'Projekt im Bereich Technologietransfer / KMU-Kooperation',
             {'granted_amount': '7941.12'}),
            (7, 'Medizinische Universität Innsbruck, Universitätsklinik für Visceral-, Transplantations- und Thoraxchirurgie',
             'Projekt im Bereich Technologietransfer / KMU-Kooperation', {'granted_amount': '566591.94'}),
            (13, 'Zillertal Tourismus GmbH', 'Innovationsdienstleistung für Unternehmen', {'granted_amount': '26700.00'}),
        ]),
    'AT.austria__AT11.burgenland__913_Projektliste_EFRE_30.06.2016.pdf': Whole(
        Printed(DE_AMOUNT + r" [GA]", columns={"granted_amount": (640, 680)}), 480, [
            (1, 'A.T.C. Produktion & Handel GmbH', 'Umsetzungsberatung', {'granted_amount': '1200.00'}),
            (41, 'M. Müller Gesellschaft m.b.H.', 'Erweiterung und Ausbau Familypark Neusiedlersee (Projekt 2010/2011)',
             {'granted_amount': '638408.04'}),
            (81, 'ZOERKLER Gears GmbH & Co KG', 'Erweiterung der Fertigungshalle sowie Anschaffung weiterer Maschinen und techn. Anlagen',
             {'granted_amount': '4020003.94'}),
            (81, 'ZWICKL Friedrich', 'Konzeptberatung', {'granted_amount': '1280.00'}),
        ]),
    # The German 2007-13 lists in the layout of the EU's model (name, title, year of the grant / of the last
    # payment, granted, paid at the end): every operation prints its year (or two) and after it its one amount;
    # PDFium may glue the year to the title's last word ("Umland2014 45.000,00", "Spezialwerkzeug.2013 …"), so
    # the year must only not follow a digit or a number's separator. A title's year has no amount after it.
    'DE.germany__DE1.baden-wuerttemberg__ERDF_2007-2013__Verzeichnis_der_Beguenstigten_RWB-EFRE_Stand_31.03.2016.pdf': Whole(
        Printed(YEAR_AMOUNT, columns={"paid_amount": (490, 540)}), 1491, [
            (1, 'Albert-Ludwigs-Universität Freiburg', 'Umweltfreundliche Hochleistungsklebstoffe mit Nanozellulose',
             {'paid_amount': '199902.00'}),
            (1, 'Landkreistag Stuttgart', 'Durchführung der wissenschaftlichen Begleitforschung für das Modellvorhaben zur '
             'innovativen Kommunalentwicklung-EU-Leuchtturmprojekte (Modellprojekt EULE)', {'paid_amount': '456365.00'}),
            (37, 'Gert Bartholomäus', 'Errichtung einer Fertigungs- und Lagerhalle mit Verwaltung, sowie Anschaffung von Maschinen',
             {'paid_amount': '91000.19'}),
            (73, 'Auto-Schirdewan GmbH Abschleppdienst und Autoverwertung', 'Kauf einer modernen Reinigungsmaschine zur '
             'umweltgerechten Beseitigung und Entsorgung von Ölverschmutzungen auf Straßen und befestigten Flächen',
             {'paid_amount': '2297.22'}),
            (73, 'MSB Holding GmbH', 'Kauf eines neuen Schweißroboters', {'paid_amount': '2742.98'}),
        ]),
    'DE.germany__DE2.bayern__ERDF_2007-2013__Transparenzliste-31.12.2015.pdf': Whole(
        Printed(YEAR_AMOUNT, columns={"granted_amount": (650, 690), "paid_amount": (750, 790)}), 1680, [
            (1, 'Achatz Heidi und Alois', 'Achatz Heidi und Alois', {'paid_amount': '148000.00'}),
            (1, 'AMKON GmbH Maschinen- und Metallbau Produktions- und Dienstleistungsbetrieb und Robert Hackl',
             'AMKON GmbH Maschinen- und Metallbau Produktions- und Dienstleistungsbetrieb und Robert Hackl',
             {'granted_amount': '332000.00'}),
            (28, 'Landkreis Nürnberger Land', 'Förderung des Regionalmanagements im Landkreis Nürnberger Land vom 01.07.2013 '
             'bis 30.06.2015', {'granted_amount': '240748.51'}),
            (55, 'Zechmayer GmbH & Co. KG Werkzeug- und Formenbau und Rainer Zechmayer GmbH & Co. KH Werkzeug- u. Formenbau',
             'Zechmayer GmbH & Co. KG Werkzeug- und Formenbau und Rainer Zechmayer GmbH & Co. KG', {'paid_amount': '1500000.00'}),
            (55, 'Zwingmann Rohstoff-Recycling GmbH', 'Umweltberatungs- und Auditprogramm', {'paid_amount': '900.00'}),
        ]),
    # Hessen's pages are rotated by 90°: its columns run along the page's y.
    'DE.germany__DE7.hessen__ERDF_2007-2013__Hessen_ERDF_2007_2013.pdf': Whole(
        Printed(YEAR_AMOUNT, columns={"granted_amount": (700, 740), "paid_amount": (790, 830)}), 1024, [
            (1, 'Abwasserverband Bickenbach, Seeheim-Jugenheim',
             'Förderung des Demonstrationsvorhabens "Mikrogasturbine in der Verbandskläranlage Bickenbach"',
             {'paid_amount': '155100.00'}),
            (19, 'Landkreis Limburg-Weilburg, Limburg',
             'Modernisierung und Ergänzung der IuK-Ausstattung in der Wilhelm- Knapp-Schule in Weilburg',
             {'granted_amount': '69621.00'}),
            # the row runs on to page 20 ("Landkreises Offenbach")
            (19, 'Landkreis Offenbach, Dietzenbach',
             'Modernisierung und Ergänzung der IuK-Ausstattung der beruflichen Schulen des Landkreises Offenbach',
             {'paid_amount': '14904.00'}),
            (37, '3D-formen, Inhaber Jakob Wall, Fulda', 'Erweiterung einer Betriebsstätte in 36039 Fulda',
             {'paid_amount': '752800.00'}),
        ]),
    # Brandenburg 2014 prints its amounts with "€" and its years as "2009 / 2013", "2007 / 0:00" or glued to
    # the title ("Baufeld 022012 454.017,21 €"): the rule counts the granted amount every operation prints, the
    # first "… €" of its row (the paid amount, where printed, follows it: "391.517,34 € 391.517,34 €").
    'DE.germany__DE4.brandenburg__ERDF_2014-2020__Verzeichnis_2014.pdf': Whole(
        Printed(r"(?<!€ )" + DE_AMOUNT + " €", columns={"granted_amount": (650, 690), "paid_amount": (750, 790)}), 6443, [
            (2, '"Admiral" Objekt Wäsche und Arbeitskleidung GmbH',
             'Messeteilnahme "Alles für den Gast 2013" in Salzburg (Österr.)',
             {'granted_amount': '1950.00', 'paid_amount': '1950.00'}),
            (132, 'Landkreis Uckermark',
             'Ergänzung der IT-Ausstattung und Spezialausrüstungen für die Kurse an der Kreisvolkshochschule Uckermark',
             {'granted_amount': '16400.00'}),
            (263, 'Zweckverband Wasserversorgung und Abwasserentsorgung Eberswalde',
             'Wasserwerk Eberswalde, Ertüchigung Reinwasserbehälter 2',
             {'granted_amount': '255632.41', 'paid_amount': '255632.41'}),
        ]),
    # --- second block (model) ---
    # Bremen's list (name, title, year of grant / of closure, planned public funding, final funding): every
    # operation prints its year or years ("2007/2008") and after them its one amount, in one of the two columns.
    'DE.germany__DE5.bremen__ERDF_2007-2013__BEGUENSTIGTENVERZEICHNIS_Stand_30-12-2015_Version_Web_Bremen-07-13.pdf': Whole(
        Printed(YEAR_AMOUNT, columns={"granted_amount": (600, 680), "paid_amount": (720, 800)}), 855, [
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
        Printed(YEAR_AMOUNT, columns={"granted_amount": (480, 520), "paid_amount": (530, 560)}), 4275, [
            (1, 'Kapitalbeteiligungsgesellschaft Niedersachsen mbH', 'Beteiligungsfonds Zielgebiet RWB',
             {'granted_amount': '40000000.00'}),
            (40, 'Verlag MMN Medien GmbH', 'Erstellung eines Marketingplanes', {'paid_amount': '6000.00'}),
            (79, 'Stadt Wilhelmshaven', 'Sanierung des Technischen Denkmals Kaiser-Wilhelm-Brücke',
             {'granted_amount': '5515890.12'}),
        ]),
    # Saarland prints its years as "2011/2013", "2009,2012" or "2008 - 2011", in PDFium's text glued to a title's
    # last word ("Nohfel\ufffe2010") or to the title's own closing year ("Leerstand 20142014"), and its amounts
    # mostly as "5.696,05 €": a few rows print "16.800,00" without "€", "550.000 €" without cents, or a typo
    # ("1.1966.640,39 €", "296.654,40,00 €", read as absent: unreadable_cells = "absent"). The rule takes the
    # years and the number or two after them, "€" or the line's end closing them; the sums take only
    # well-formed amounts, as fundgraph does.
    'DE.germany__DEC.saarland__ERDF_2007-2013__Aktualisierung_06072016.pdf': Whole(
        Printed(r"(?:(?<!\d)|(?<=(?<!\d)(?:19|20)\d\d))(?:19|20)\d\d(?:\s*[-/,]\s*(?:19|20)\d\d)*\s+"
                r"\d[\d.,]*\d(?:\s*€\s*\d[\d.,]*\d)?(?:\s*€|\s*$)",
                columns={"granted_amount": (440, 475), "paid_amount": (505, 540)},
                amount=r"(?<![\d.,])(?P<amount>\d{1,3}(?:\.\d{3})*(?:,\d{2})?)(?![\d.,])"), 618, [
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
        Printed(DE_AMOUNT + r"\s*$", columns={"granted_amount": (680, 700), "paid_amount": (810, 830)}), 3156, [
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
        Printed(r"(?<!\d)(?:19|20)\d\d \d{1,3}(?:\.\d{3})*,\d{2} \d{1,3}(?:\.\d{3})*,\d{2}\s*$",
                columns={"granted_amount": (490, 520), "paid_amount": (555, 585)}), 9596, [
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
        Printed(r"€\d{1,3}(?:,\d{3})*\.\d\d n/a", columns={"granted_amount": (670, 690)},
                amount=r"€(?P<amount>\d{1,3}(?:,\d{3})*\.\d\d)(?![\d.,])",
                decimal_mark="."), 16, [
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
        Printed(r"^\d{4}ESFN\d+ .*", columns={"granted_amount": (1080, 1100), "paid_amount": (1265, 1285)},
                amount=r"€ (?P<amount>\d{1,3}(?:\.\d{3})*)(?![\d.,])"), 4148, [
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
        Printed(r"£\s*\d[\d,.]*(?:\s+\d\b)?\s+£\s*\d[\d,.]*\d", columns={"granted_amount": (215, 295), "total_budget": (320, 370)},
                amount=EN_AMOUNT, decimal_mark="."), 171, [
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


def _column_sums(name: str) -> dict[str, Decimal]:
    document = pypdfium2.PdfDocument(LISTS / name)
    try:
        return WHOLE[name].printed.column_sums(document)
    finally:
        document.close()


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
    if entry.printed.columns:
        assert _column_sums(name) == {f: sum(getattr(r, f) for r in result.records if getattr(r, f) is not None)
                                      for f in AMOUNT_FIELDS if any(getattr(r, f) is not None for r in result.records)}


@pytest.mark.parametrize("name", sorted(WHOLE))
def test_sample_rows_of_the_whole_list_are_exact(whole_pdf, name):
    records = whole_pdf(name)[0].records
    for page, beneficiary, title, amounts in WHOLE[name].samples:
        on_page = [(r.beneficiary, r.title, {f: getattr(r, f) for f in AMOUNT_FIELDS if getattr(r, f) is not None})
                   for r in records if r.source.pages[0] == page]
        assert (beneficiary, title, {f: Decimal(v) for f, v in amounts.items()}) in on_page, page


def test_every_pdf_of_the_lists_is_counted_or_known_unreadable():
    if not LISTS.is_dir():
        pytest.skip(f"no {LISTS}")
    assert {path.name for path in LISTS.glob("*.pdf")} == set(WHOLE) | set(UNREADABLE)


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_a_whole_pdf_that_lists_no_operations_is_one_line_naming_what_is_missing(name):
    if not LISTS.is_dir():
        pytest.skip(f"no {LISTS}")
    with pytest.raises(NoProjectTableError) as error:
        read_list(LISTS / name, **_settings(name))
    assert str(error.value) == UNREADABLE[name]


# --- second block (model): each operation's amounts, row by row ---

#: Where a file's rule (``Printed.pattern``) spans all of an operation's amounts: file → the amount fields it
#: prints, in the order printed. Every match of the rule's ``amount`` inside one match of its ``pattern`` is one of
#: that operation's amounts; together, in order, they are its record's fields of these that are present. A sum
#: lets a misread amount through where another misreading makes up for it, and a count one read into the wrong
#: row; this does neither. An amount the publisher mistyped ("1.1966.640,39 €") does not match ``amount`` and is
#: absent from its record (unreadable_cells = "absent").
IN_ORDER = {
    'DE.germany__DE5.bremen__ERDF_2007-2013__BEGUENSTIGTENVERZEICHNIS_Stand_30-12-2015_Version_Web_Bremen-07-13.pdf':
        ("granted_amount", "paid_amount"),
    'DE.germany__DE9.niedersachsen__ERDF_2007-2013__2015-06-30_Begnstigtenverzeichnis_EFRE-RWB_2015_endg..pdf':
        ("granted_amount", "paid_amount"),
    'DE.germany__DEC.saarland__ERDF_2007-2013__Aktualisierung_06072016.pdf': ("granted_amount", "paid_amount"),
    'DE.germany__DEF.schleswig-holstein__ESF_2007-2013__ESF_Data_Schleswig_Holstein_2007-2013.pdf':
        ("granted_amount", "paid_amount"),
    'DE.germany__DEG.thueringen__ERDF_2007-2013__ERDF_Data_Thüringen_2007-2013.pdf': ("granted_amount", "paid_amount"),
    'MT.malta__Malta_2014-2020__Malta_ERDF_2014-2020__Online_List_of_Beneficiaries_OPI_ERDF_Malta_PPCD_November_2016_updated.pdf':
        ("granted_amount",),
    'NL.the-netherlands__ESF__2007-2013__single-files__actie-e1-verleningen-en-vaststellingen.pdf':
        ("granted_amount", "paid_amount"),
    'UK.united.kingdom__Scotland_2014-2020__ESIF_Scotland_2014-2020.pdf': ("granted_amount", "total_budget"),
}


@pytest.mark.parametrize("name", sorted(IN_ORDER))
def test_each_operations_amounts_are_as_printed_row_by_row(whole_pdf, name):
    rule = WHOLE[name].printed
    rows, amount = re.compile(rule.pattern, re.MULTILINE), re.compile(rule.amount)
    document = pypdfium2.PdfDocument(LISTS / name)
    try:
        texts = [page_text(page.get_textpage()) for page in document]
    finally:
        document.close()
    printed = [(n, tuple(printed_amount(a["amount"], rule.decimal_mark) for a in amount.finditer(row[0])))
               for n, text in enumerate(texts, 1) for row in rows.finditer(text)]
    records = whole_pdf(name)[0].records
    read = [tuple(getattr(r, f) for f in IN_ORDER[name] if getattr(r, f) is not None) for r in records]
    assert len(read) == len(printed)
    wrong = [(page, record.source.row, amounts, read_amounts)
             for (page, amounts), read_amounts, record in zip(printed, read, records) if amounts != read_amounts]
    assert not wrong, f"(page, row, printed, read): {wrong[:5]}"
