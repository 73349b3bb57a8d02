"""Real lists of operations from other member states, read end to end from excerpts (tests/data/eu-lists).

Each excerpt is a few pages of a list in ../shared/fixtures/eu-lists, cut with ``qpdf --pages`` (which
pages, and the original's path, in tests/data/eu-lists/SOURCES.tsv). The counts are the rows printed
on those pages and the sample values were read off the rendered pages by hand, not from a parser.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from fundgraph.errors import NoProjectTableError
from fundgraph.extract import read_list

DATA = Path(__file__).parent / "data" / "eu-lists"


@pytest.fixture(scope="module")
def bayern():
    return read_list(DATA / "DE2-bayern-pages-1-4-55.pdf")


@pytest.fixture(scope="module")
def netherlands():
    return read_list(DATA / "NL-esf-e1-pages-1-51-82.pdf")


def _find(extracted, **values):
    found = [r for r in extracted.records if all(getattr(r, k) == v for k, v in values.items())]
    assert len(found) == 1, values
    return found[0]


def test_bayern_rows_without_identifier_and_an_amount_in_either_column(bayern):
    # 32 rows on page 1, 26 on page 4, 24 on page 55; no operation identifier in this list.
    assert len(bayern.records) == 82
    assert [sum(1 for r in bayern.records if r.source.pages == (page,)) for page in (1, 2, 3)] == [32, 26, 24]
    assert all(r.case_id is None and r.currency == "EUR" for r in bayern.records)
    first = bayern.records[0]
    assert (first.beneficiary, first.title, first.granted_amount, first.paid_amount) == (
        "Achatz Heidi und Alois", "Achatz Heidi und Alois", None, Decimal("148000.00"))
    wrapped = _find(bayern, beneficiary="Bayerisches Staatsministerium für Umwelt und Verbraucherschutz")
    assert wrapped.title == ("Enerieeffizienzpotentiale der Bioökonomie nutzen: Identifizierung biotechnologisch "
                             "nutzbarer Enzymklassen in Metagenombanken (SESMET)")
    assert (wrapped.granted_amount, wrapped.paid_amount) == (None, Decimal("77509.87"))
    granted = _find(bayern, title="Modellversuch Smart Grid Solar in Hof und Arzberg - Aufbauphase")
    assert granted.beneficiary == "Bayerisches Zentrum für angewandte Energieforschung e.V."
    assert (granted.granted_amount, granted.paid_amount) == (Decimal("4773919.15"), None)
    assert _find(bayern, title="Druckbare Si-Schichten für Photovoltaik und Elektronik").beneficiary == (
        "Bayerisches Zentrum für angewandte Energieforschung e.V. (ZAE)")
    assert _find(bayern, beneficiary='Berggasthof "Sonnenalm" Betriebsgesellschaft mbH').paid_amount == 900
    last = bayern.records[-1]
    assert (last.beneficiary, last.title, last.paid_amount) == (
        "Zwingmann Rohstoff-Recycling GmbH", "Umweltberatungs- und Auditprogramm", Decimal("900.00"))
    assert any("'Ausbezahlter Betrag zum Projektende': numbers 1.234.567,89" in line for line in bayern.explanation)


def test_netherlands_euro_amounts_withdrawn_rows_and_a_title_that_says_total(netherlands):
    assert [sum(1 for r in netherlands.records if r.source.pages == (page,)) for page in (1, 2, 3)] == [51, 51, 17]
    assert len({r.case_id for r in netherlands.records}) == 119
    withdrawn = _find(netherlands, case_id="2011ESFN3758")  # "Intrekking": no amount determined
    assert (withdrawn.beneficiary, withdrawn.title, withdrawn.granted_amount, withdrawn.paid_amount) == (
        "ZPPB", "xxxx", Decimal(18000), None)
    row = _find(netherlands, case_id="2011ESFN3760")
    assert (row.beneficiary, row.title, row.granted_amount, row.paid_amount, row.currency) == (
        "de Kijvelanden", "Productive Ward Kijvelanden", Decimal(18000), Decimal(12656), "EUR")
    assert _find(netherlands, case_id="2011ESFN5523").paid_amount == 0  # "€ 0" is printed: zero, not absent
    # "Total Productive Maintenance" is an operation's title, not the totals row.
    assert _find(netherlands, case_id="2011ESFN3807").title == "Total Productive Maintenance"
    assert netherlands.totals is None
    last = netherlands.records[-1]
    assert (last.case_id, last.beneficiary, last.title) == (  # the list's own mojibake, as printed
        "2012ESFN342", "PCC Conserveringswerken BV", "Bedrijfsproces verbetering en efficiÃ«nter werken")


def test_netherlands_a_beneficiary_clipped_by_its_cell_keeps_its_hidden_letters_out_of_the_title():
    """Excel clips a beneficiary too long for its cell at the cell's edge (a clipping path, "re W* n");
    its hidden letters lie under the title cell and were read into the title ("lBeouuswenen aan …").
    Each cell reads as the page shows it (checked on the rendered pages), hidden letters left out."""
    extracted = read_list(DATA / "NL-esf-e1-pages-30-32-66.pdf")
    assert [sum(1 for r in extracted.records if r.source.pages == (page,)) for page in (1, 2, 3)] == [51, 51, 51]
    shown = {
        "2011ESFN2576": ("Vereniging samenwerkingsverband praktijkopleiding bouw nieuw",
                         "Bouwen aan Overijssel regio IJssel-Vecht"),
        "2011ESFN2593": ("RBOI Rotterdam, Adviesbureau voor Ruimtelijk Beleid, Ontwikkel",
                         "RBOI Rotterdam; oplossingsgericht, innovatief en d"),
        "2011ESFN2695": ("Stichting Nijmeegs Interconfessioneel ziekenhuis Canisius-Wilhel",
                         "Energiebronnen in kaart bij CWZ"),
        "2011ESFN2737": ("RBOI Middelburg, Adviesbureau voor Ruimtelijk Beleid, Ontwikke",
                         "RBOI Middelburg; oplossingsgericht, innovatief en"),
        "2011ESFN4596": ("Stichting Katholiek Voortgezet Onderwijs Breda e.o., Scholengem",
                         "Realisatie flexibele zorgschil"),
        "2011ESFN4606": ("Stichting Veldvest voor bijzonder onderwijs in Veldhoven en omg", "Veldvest in control"),
    }
    for case_id, (beneficiary, title) in shown.items():
        row = _find(extracted, case_id=case_id)
        assert (row.beneficiary, row.title) == (beneficiary, title), case_id


@pytest.fixture(scope="module")
def malta():
    return read_list(DATA / "MT-erdf-opi-pages-1-3.pdf")


def test_malta_committed_amounts_rates_years_and_a_rounded_total(malta):
    assert [r.case_id for r in malta.records][:3] == ["ERDF.04.008", "ERDF.05.016", "ERDF.05.018"]
    assert len(malta.records) == 16 and malta.records[-1].case_id == "CF.011.013"
    first = malta.records[0]
    assert (first.beneficiary, first.title, first.granted_amount, first.currency, first.cofinancing_rate,
            first.priority_number, first.postcode, first.paid_amount, first.start_date) == (
        "Regulator for Energy and Water Services (REWS)", "Promotion of RES in the Domestic Sector (2016-2018)",
        Decimal("15524474.00"), "EUR", 80, 4, "MRS 9065", None, None)  # "n/a" paid; dates are years only
    last = malta.records[-1]
    assert (last.beneficiary, last.title, last.granted_amount, last.cofinancing_rate) == (
        "Transport Malta-Roads and Infrastructure Directorate", "Removal of bottleneck on TEN-T (Node EA15-Kappara)",
        Decimal("33347855.61"), 85)
    # "Total € 107,687,820" under rows that add up to 107,687,820.39: a rounding warning, not an error.
    assert malta.totals.granted_amount == 107687820 and malta.totals.page == 3
    assert any("rounding difference of 0.39" in w for w in malta.warnings)
    assert any("'Operation Start Date' gives years only ('2015')" in w for w in malta.warnings)
    assert "column 'Year of Allocation' not matched to any field (ignored)" in malta.explanation


def test_bremen_two_level_header_and_rows_with_one_amount_of_two():
    bremen = read_list(DATA / "DE5-bremen-pages-1-2-46.pdf")
    assert [sum(1 for r in bremen.records if r.source.pages == (page,)) for page in (1, 2, 3)] == [11, 18, 3]
    assert bremen.columns["granted_amount"].endswith("VORGESEHENE ÖFFENTLICHE BETEILIGUNG")
    assert bremen.columns["paid_amount"].endswith("ENDGÜLTIGE BETEILIGUNG NACH ABSCHLUSS DES PROJEKTS")
    first = bremen.records[0]
    assert (first.beneficiary, first.title, first.granted_amount, first.paid_amount) == (
        "A. Weidelt Systemtechnik GmbH & Co. KG", "Einzelbetriebliche Förderung nach dem Landesinvestitionsförderprogramm "
        "(LIP)", None, Decimal("159965.00"))
    granted = _find(bremen, beneficiary="AES Aircraft Elektro/Elektronik System GmbH", granted_amount=Decimal(255000))
    assert granted.paid_amount is None
    fish = _find(bremen, granted_amount=Decimal("15000.00"))
    assert (fish.beneficiary, fish.title) == (
        "Alfred-Wegener-Institut für Polar- und Meeresforschung (AWI)",
        "Förderprogramm Angewandte Umweltforschung (AUF): Alternative Futtermittel für die Aquakultur mariner "
        "Fischlarven (Fischfutter)")
    assert _find(bremen, paid_amount=Decimal("1712164.39")).title == (
        "Stärkung des Stadtteilzentrums Walle - Umbau Wartburgstraße")
    assert bremen.records[-1].beneficiary == "42DIGITAL GmbH" and bremen.records[-1].paid_amount == 3128


def test_hessen_rows_ruled_cell_by_cell_with_wrapped_beneficiaries():
    hessen = read_list(DATA / "DE7-hessen-pages-3-37.pdf")
    assert [sum(1 for r in hessen.records if r.source.pages == (page,)) for page in (1, 2)] == [25, 6]
    first = hessen.records[0]
    assert (first.beneficiary, first.title, first.granted_amount, first.paid_amount) == (
        "Bildungs- und Technologiezentrum für Elektro- und Informationstechnik e.V., Lauterbach",
        "Neubau eines Internats für das BZL Lauterbach", Decimal("1045278.00"), None)
    btq = _find(hessen, granted_amount=Decimal("99016.42"))
    assert (btq.beneficiary, btq.title) == ("BTQ Kassel Beratungsstelle für Technologiefolgen u. Qualifizierung im "
                                            "ver.di Bildungswerk im Lande Hessen e. V., Kassel",
                                            "Neue Technologien und Wettbewerbsfähigkeit 2010")
    assert _find(hessen, paid_amount=Decimal("309900.00")).beneficiary == (
        "Christoph Pappert GmbH & Co. KG (BsG) Pappert Hydrocut GmbH & Co. KG (BtG), Dipperz")
    assert _find(hessen, paid_amount=Decimal("96350.00")).beneficiary == (
        "Bildungszentrum des Hessischen Handels gGmbH, Frankfurt am Main")
    last = hessen.records[-1]
    assert (last.beneficiary, last.title, last.paid_amount) == (
        "3D-formen, Inhaber Jakob Wall, Fulda", "Erweiterung einer Betriebsstätte in 36039 Fulda", Decimal("752800.00"))


def test_kaernten_bilingual_header_in_cells_ruled_one_by_one():
    kaernten = read_list(DATA / "AT21-kaernten-pages-1-13.pdf")
    assert [sum(1 for r in kaernten.records if r.source.pages == (page,)) for page in (1, 2)] == [23, 2]
    assert kaernten.columns["beneficiary"] == "Begünstigte/r beneficiary"
    first = kaernten.records[0]
    assert (first.beneficiary, first.title, first.granted_amount, first.status, first.currency) == (
        "Knauf AMF Deckensysteme Ges.m.b.H.", "Betriebliches Forschungs- und Entwicklungsprojekt",
        Decimal("99164.00"), "G", "EUR")
    assert _find(kaernten, granted_amount=Decimal("1646300.00")).beneficiary == "ABRG Asamer-Becker-Recycling GmbH"
    last = kaernten.records[-1]
    assert (last.beneficiary, last.title, last.granted_amount, last.status) == (
        "Wild GmbH", "Unternehmensinvestition mit Innovationsbezug", Decimal("450330.00"), "G")


def test_salzburg_rows_wrapped_in_either_cell_and_the_footnote_under_the_last_page():
    # Pages 1, 2 and 10 of 10 (rendered and read by hand): 23, 22 and 19 rows; page 2 wraps a title
    # (row 6) and a beneficiary (row 14) onto a second line; page 10 ends with the footnote
    # "* Bemessungsgrundlage für EU-Kofinanzierung / *basis for EU-cofinancing", which is no row.
    salzburg = read_list(DATA / "AT32-salzburg-pages-1-2-10.pdf")
    assert [sum(1 for r in salzburg.records if r.source.pages == (page,)) for page in (1, 2, 3)] == [23, 22, 19]
    assert len(salzburg.records) == 64
    assert all(r.currency == "EUR" and r.status == "A" for r in salzburg.records)
    assert "Verzeichnis der Begünstigten für das operationelle Programm Salzburg 2007-2013" in (
        salzburg.document.title)
    first = salzburg.records[0]
    assert (first.beneficiary, first.title, first.granted_amount) == (
        "Adler Pharma Produktion und Vertrieb GmbH und Adler Holding GmbH",
        "Unternehmensinvestition mit Forschungs-/Technologiebezug", Decimal("625600.00"))
    arwoe = _find(salzburg, granted_amount=Decimal("4200.00"))  # page 1, row 12
    assert (arwoe.beneficiary, arwoe.title) == (
        "ARWÖ-Plast Kunststofferzeugungs- und Vertriebsgesellschaft m.b.H.", "Innovationsdienstleistung für Unternehmen")
    bund = _find(salzburg, beneficiary="Bund, vertreten durch BKA IV/4")  # page 2, row 6
    assert (bund.title, bund.granted_amount) == (
        "Projekt zur Vorbereitung, Durchführung, Begleitung und Kontrolle des Programms", Decimal("255911.92"))
    scherer = _find(salzburg, granted_amount=Decimal("315920.90"))  # page 2, row 14
    assert (scherer.beneficiary, scherer.title) == (
        "Ernst Scherer Zimmerei Beteiligungsgesellschaft m.b.H. und Scherer Haus GmbH",
        "Unternehmensinvestition mit Innovationsbezug")
    assert _find(salzburg, granted_amount=Decimal("173362.90")).beneficiary == "Wilhelm Meißnitzer"  # page 10, row 18
    last = salzburg.records[-1]
    assert (last.beneficiary, last.title, last.granted_amount, last.source.pages) == (
        "Windhager Zentralheizung Technik GmbH", "Betriebliches Forschungs- und Entwicklungsprojekt",
        Decimal("174194.00"), (3,))
    assert not any("Bemessungsgrundlage" in (r.beneficiary or "") + (r.title or "") for r in salzburg.records)


@pytest.fixture(scope="module")
def tirol():
    return read_list(DATA / "AT33-tirol-pages-1-13.pdf")


def test_tirol_committed_and_paid_rows_and_both_cells_wrapped(tirol):
    # Pages 1 and 13 of 13 (rendered and read by hand): 23 and 16 rows, status G (genehmigt) or A
    # (ausbezahlt); the last row of page 1 wraps both its beneficiary and its title, page 13 row 15 its
    # beneficiary; page 13 ends with the footnote, which is no row.
    assert [sum(1 for r in tirol.records if r.source.pages == (page,)) for page in (1, 2)] == [23, 16]
    assert len(tirol.records) == 39
    assert all(r.currency == "EUR" for r in tirol.records)
    assert [r.status for r in tirol.records].count("G") == 22  # 12 on page 1, 10 on page 13
    first = tirol.records[0]
    assert (first.beneficiary, first.title, first.granted_amount, first.status) == (
        '"Steinsee" Stahl- und Anlagenbau GmbH & Co KG', "Projekt im Bereich Technologietransfer / KMU-Kooperation",
        Decimal("7941.12"), "A")
    alpex = _find(tirol, granted_amount=Decimal("91731.00"))  # page 1, row 12
    assert (alpex.beneficiary, alpex.title, alpex.status) == (
        "Alpex Technologies GmbH", "Betriebliches Forschungs- und Entwicklungsprojekt", "A")
    amt = tirol.records[22]  # page 1, row 23
    assert (amt.beneficiary, amt.title, amt.granted_amount, amt.status, amt.source.pages) == (
        "Amt der Tiroler Landesregierung, Abt. Landesentwicklung und Zukunftsstrategie",
        "Projekt zur Vorbereitung, Durchführung, Begleitung und Kontrolle des Programms", Decimal("8000.00"), "G",
        (1,))
    wald = _find(tirol, granted_amount=Decimal("228165.52"))  # page 13, row 4
    assert (wald.beneficiary, wald.title, wald.status) == (
        "Waldpflegeverein Tirol", "Investition - Risikoprävention in Bezug auf Naturgefahren", "A")
    woergartner = _find(tirol, granted_amount=Decimal("231400.00"))  # page 13, row 15
    assert (woergartner.beneficiary, woergartner.title, woergartner.status) == (
        "WP-Wörgartner Produktions-GmbH und Werkzeugbau Wörgartner GmbH und Wörgartner Gesellschaft m.b.H.",
        "Unternehmensinvestition mit Forschungs-/Technologiebezug", "A")
    last = tirol.records[-1]
    assert (last.beneficiary, last.title, last.granted_amount, last.status) == (
        "Zillertal Tourismus GmbH", "Innovationsdienstleistung für Unternehmen", Decimal("26700.00"), "G")
    assert not any("Bemessungsgrundlage" in (r.beneficiary or "") + (r.title or "") for r in tirol.records)


def test_tirol_title_reads_the_hyphen_the_page_shows(tirol):
    # The title prints "Tirol 2007-2013"; its text layer holds a soft hyphen (U+00AD) there.
    assert "Verzeichnis der Begünstigten für das operationelle Programm Tirol 2007-2013" in tirol.document.title


def test_baden_wuerttemberg_title_in_the_frame_and_a_group_cell_over_three_columns():
    # The table's title ("Verzeichnis der Begünstigten in Baden-Württemberg/ Deutschland") is the first
    # row of its frame, across every column; "Betrag der für das Vorhaben bereitgestellten öffentlichen
    # Beteiligungen … (EFRE)" is a group cell over the year and both amounts: neither names a column.
    bw = read_list(DATA / "DE1-baden-wuerttemberg-pages-1-26-73.pdf")
    assert [sum(1 for r in bw.records if r.source.pages == (page,)) for page in (1, 2, 3)] == [19, 21, 6]
    assert (bw.columns["beneficiary"], bw.columns["title"], bw.columns["granted_amount"]) == (
        "Name des Begünstigten", "Bezeichnung des Vorhabens", "Bewilligter Betrag")
    assert "Verzeichnis der Begünstigten in Baden-Württemberg/ Deutschland" in bw.document.title
    assert not any(r.fund for r in bw.records)  # "(EFRE)" in the group cell is not a column of funds
    first = bw.records[0]
    assert (first.beneficiary, first.title, first.granted_amount, first.paid_amount) == (
        "Albert-Ludwigs-Universität Freiburg", "Umweltfreundliche Hochleistungsklebstoffe mit Nanozellulose",
        None, Decimal("199902.00"))
    assert _find(bw, beneficiary="Land Baden-Württemberg", title="Vorbereitung, Durchführung, Begleitung und "
                 "Kontrolle").paid_amount == Decimal("10766153.59")
    reber = _find(bw, paid_amount=Decimal("5183.62"))
    assert (reber.beneficiary, reber.title) == (
        "Reber Werkzeugschleiferei e.K. Inh. Werner Gruber",
        "Erwerb einer Hochpräzisions-Werkzeugschleifmaschine mit hochgenauer Filtrations- und "
        "Temperaturregelanlage sowie Messmaschine")
    assert _find(bw, paid_amount=Decimal("2297.22")).title == (
        "Kauf einer modernen Reinigungsmaschine zur umweltgerechten Beseitigung und Entsorgung von "
        "Ölverschmutzungen auf Straßen und befestigten Flächen")
    last = bw.records[-1]
    assert (last.beneficiary, last.title, last.paid_amount) == (
        "MSB Holding GmbH", "Kauf eines neuen Schweißroboters", Decimal("2742.98"))


def test_saarland_title_row_in_the_frame_and_amounts_of_one_row_set_apart():
    saarland = read_list(DATA / "DEC-saarland-pages-1-2-33.pdf")
    # 13 rows on page 1 (the last continues on page 2), 18 more on page 2, 11 on the list's last page.
    assert [sum(1 for r in saarland.records if r.source.pages[0] == page) for page in (1, 2, 3)] == [13, 18, 11]
    assert saarland.columns["title"] == "Vorhaben"
    # The header is hyphenated by the word processor that hyphenates the rows ("Ge-|samtbeträge"): joined.
    assert saarland.columns["paid_amount"] == "Bei Abschluss des Vorhabens gezahlte Gesamtbeträge"
    assert any("'Bei Abschluss des Vorhabens gezahlte Gesamtbeträge'" in line for line in saarland.explanation)
    assert all(r.currency == "EUR" for r in saarland.records)
    first = saarland.records[0]
    assert (first.beneficiary, first.title, first.granted_amount, first.paid_amount) == (
        "Abwasserzweckverband Illtal (AVI), Illingen", "Einführung eines Umwelt-Managementsystems",
        Decimal("5696.05"), Decimal("5677.64"))
    across = _find(saarland, granted_amount=Decimal("169816.00"))
    assert across.source.pages == (1, 2) and across.paid_amount is None
    assert (across.beneficiary, across.title) == (
        "ALME GERIMA GmbH, St. Wendel", "Entwicklung von Schleifmaschinen für eine schnelle, reproduzierbare und "
        "wirtschaftliche Anarbeitung von Radien an Kanten von Stahlplatten und Stahlprofilen")
    assert _find(saarland, granted_amount=Decimal("15600.00"), paid_amount=None).beneficiary == (
        "ARGUS concept GmbH, Saarbrücken")
    # Justified text hyphenated by its word processor: the engine's hyphens are dropped, typed ones kept.
    assert _find(saarland, granted_amount=Decimal("77350.00")).title == (
        "Technische Durchführbarkeitsstudie zur Erforschung und Entwicklung eines bewegungserhaltenden, "
        "minimal-invasiven Implantat-Systems für die Indikationen der lumbalen Wirbelsäule")
    assert _find(saarland, granted_amount=Decimal("420312.50")).beneficiary == (
        "Anette+Gottfried Hares Grundstücksgesellschaft Bostalsee als Mitunternehmer der Golfpark Bostalsee "
        "GmbH, Heidehof 3, 66625 Nohfelden")
    assert _find(saarland, granted_amount=Decimal("216237.00")).title == (
        "Entwicklung eines montage- und transportfreundlichen Turmkrans mit energieeffizienter Antriebstechnik")
    assert any("the wrap 'Ar-|beitswelt' could be a typed hyphen or a word hyphenated" in w
               for w in saarland.warnings)
    last = saarland.records[-1]
    assert _find(saarland, granted_amount=Decimal("1326687.72")).beneficiary == (
        "ZeMA – Zentrum für Mechatronik und Automatisierungstechnik gemeinnützige GmbH, Saarbrücken")
    assert (last.beneficiary, last.title, last.granted_amount, last.paid_amount) == (
        "Zentrale für Produktivität und Technologie Saar e.V. (ZPT) Cluster „automotive.saarland“, Saarbrücken",
        'Fortführung und Weiterentwicklung des Clusters "automotive.saarland“', Decimal("300000.00"),
        Decimal("271523.72"))


def test_saarland_amounts_of_one_row_half_a_line_apart_start_one_row():
    # Page 9: "Gemeinde Saarwellingen" has its amount granted half a line above its amount paid. (Its first
    # line, "den", ends the row of page 8, so in this excerpt it is appended to the last row of page 1.)
    rows = read_list(DATA / "DEC-saarland-pages-1-9.pdf").records
    saarwellingen = [r for r in rows if r.beneficiary.startswith("Gemeinde Saarwellin")]
    assert [(r.granted_amount, r.paid_amount) for r in saarwellingen] == [
        (Decimal("48671.73"), Decimal("48671.73")), (Decimal("60075.02"), Decimal("58721.59"))]
    assert [sum(1 for r in rows if r.source.pages[0] == page) for page in (1, 2)] == [13, 24]


def test_niedersachsen_header_under_two_title_rows_on_every_page():
    # Every page repeats the frame's two title rows, the group cell and the header (pages 14 and 79 of 79).
    ni = read_list(DATA / "DE9-niedersachsen-pages-1-14-79.pdf")
    assert [sum(1 for r in ni.records if r.source.pages == (page,)) for page in (1, 2, 3)] == [58, 56, 55]
    assert (ni.columns["beneficiary"], ni.columns["title"], ni.columns["paid_amount"]) == (
        "NAME DES BEGÜNSTIGTEN", "BEZEICHNUNG DES VORHABENS", "Bei Abschluss des Vorhabens gezahlte Gesamtbeträge")
    first = ni.records[0]
    assert (first.beneficiary, first.title, first.granted_amount, first.paid_amount) == (
        "Kapitalbeteiligungsgesellschaft Niedersachsen mbH", "Beteiligungsfonds Zielgebiet RWB",
        Decimal("40000000.00"), None)
    assert _find(ni, beneficiary="A & T Service GmbH i. Gr.").title == (
        "Errichtung e. Halle, Anschaffung v. Maschinen, Anlagen und Einrichtung")
    page14 = [r for r in ni.records if r.source.pages == (2,)]
    assert (page14[0].beneficiary, page14[0].title, page14[0].paid_amount) == (
        "ABR Metallguß GmbH", "Verbesserung der Marktposition, Marketing und Werbung für Neukundengewinnung",
        Decimal("4400.00"))
    assert _find(ni, paid_amount=Decimal("5600.00"), beneficiary="ACS-Vertrieb GmbH").title == (
        "Strategische und umfassende Beratung zu den Designprozessen im Status der Produktentwicklung")
    assert _find(ni, granted_amount=Decimal("1443507.65")).title == (
        "Ausbau Str. Am Dock, Rückbau südl. Georgstr. Umgestaltung Anschl Am Dock an Ledastr. u. nördl. "
        "Georgstr. (Kreisel)")
    last = ni.records[-1]
    assert (last.beneficiary, last.title, last.granted_amount, last.paid_amount) == (
        "Stadt Wilhelmshaven", "Sanierung des Technischen Denkmals Kaiser-Wilhelm-Brücke", Decimal("5515890.12"), None)


def test_thueringen_dense_rows_and_a_two_row_header_on_every_page():
    # The original's cross-reference table is damaged (qpdf and pdfminer rebuild it); 137 pages.
    th = read_list(DATA / "DEG-thueringen-pages-1-4-137.pdf")
    assert [sum(1 for r in th.records if r.source.pages == (page,)) for page in (1, 2, 3)] == [71, 78, 46]
    assert th.columns["title"] == "Vorhaben Bezeichnung des Vorhabens"
    first = th.records[0]
    assert (first.beneficiary, first.title, first.granted_amount, first.paid_amount, first.currency) == (
        "-4H - JENA engineering GmbH", "Durchführung Forschung und Entwicklung", Decimal("198757.75"),
        Decimal("0.00"), "EUR")  # "0,00" is printed: zero, not absent
    page4 = [r for r in th.records if r.source.pages == (2,)]
    assert [(r.beneficiary, r.title, r.paid_amount) for r in page4[:1]] == [
        ("Agnilaser GmbH", "Markterschließung Messeförderung", Decimal("2295.00"))]
    assert _find(th, granted_amount=Decimal("1465661.67")).beneficiary == "AGOR GmbH"
    assert _find(th, granted_amount=Decimal("196730.12")).beneficiary == "ökoDENT® GmbH"
    last = th.records[-1]
    assert (last.beneficiary, last.title, last.paid_amount) == (
        "ÜAG Überbetriebliche Ausbildungs gesellschaft - Berufs- und Arbeitsförderungsgesellschaft gGmbH",
        "Geräteausstattung Aus- und Weiterbildungseinrichtungen", Decimal("144224.70"))


def test_wallonia_has_no_operation_names_and_says_so_in_its_own_words():
    # Each page is one measure ("Mesure 1.01 : Stimulation des Investissements …", a heading above the
    # frame) listing beneficiaries and amounts: no column names the operation.
    with pytest.raises(NoProjectTableError) as raised:
        read_list(DATA / "BE3-wallonia-page-1.pdf")
    message = str(raised.value)
    assert "page 1: no list of operations: no column for the name of the operation (a header such as " \
           "\"Intitulé de l'opération\")" in message
    assert "'Bénéficiaires', 'Date de décision', \"Montant de l'investissement total\"" in message
    assert "Mesure" not in message and "\n" not in message


def test_burgenland_a_hyphen_drawn_across_its_cell_rule_is_no_row():
    # Page 37: the description's "Medien-" ends with its hyphen's centre just past the column rule; it
    # used to start a row of its own in the amount column ("required cell is empty", page 37, row 232).
    bgld = read_list(DATA / "AT11-burgenland-pages-1-37.pdf")
    assert [sum(1 for r in bgld.records if r.source.pages == (page,)) for page in (1, 2)] == [8, 3]
    first = bgld.records[0]
    assert (first.beneficiary, first.title, first.granted_amount, first.status, first.currency) == (
        "A.T.C. Produktion & Handel GmbH", "Umsetzungsberatung", Decimal("1200.00"), "A", "EUR")
    assert _find(bgld, granted_amount=Decimal("1050.00")).beneficiary == 'ALONDO "Bio.k." Lebensmittelproduktions GmbH'
    assert _find(bgld, granted_amount=Decimal("532000.00")).title == (
        "Maßnahmen zur Entwicklung und Vermarktung des Natur- und Kulturerlebnis- sowie Familienangebotes")
    last = bgld.records[-1]
    assert (last.beneficiary, last.title, last.granted_amount) == (
        "Landesverband Burgenland Tourismus", "Relaunch der TOP Angebote im Tourismus im Burgenland - Gesundheit "
        "und Rad", Decimal("404118.72"))
    assert "Printproduktionen, Medien- bzw. Wirtschaftskooperationen, Special Interest Medien, PR-Kampagne)." in (
        last.summary)


def test_scotland_two_ruled_tables_on_one_page_each_under_its_heading():
    # Page 5 holds two tables, "Strategic Intervention - Green Infrastructure" and "… - Circular Economy",
    # each with its header; the heading and header of the second are no row (they made 'onomy' an amount).
    scotland = read_list(DATA / "UK-scotland-pages-1-5.pdf")
    assert [sum(1 for r in scotland.records if r.source.pages == (page,)) for page in (1, 2)] == [6, 8]
    assert all(r.currency == "GBP" for r in scotland.records)
    first = scotland.records[0]
    assert (first.title, first.beneficiary, first.granted_amount, first.total_budget) == (
        "Active and Low Carbon Travel Hubs – LUPS", "Transport Scotland", Decimal("5417475.30"),
        Decimal("13543688.24"))
    green = _find(scotland, granted_amount=Decimal("7178344.20"))
    assert (green.title, green.beneficiary, green.total_budget, green.postcode, green.cofinancing_rate,
            str(green.start_date), str(green.end_date)) == (
        "Green Infrastructure Challenge Fund – LUPS", "Scottish Natural Heritage", Decimal("17945860.50"),
        "IV3 8NW", 40, "2015-04-01", "2019-06-30")
    circular = _find(scotland, granted_amount=Decimal("9112153.67"))
    assert (circular.title, circular.beneficiary, circular.total_budget) == (
        "Circular Economy LUPS", "Zero Waste Scotland", Decimal("22780384.18"))
    assert scotland.records[-1].title == "Strategic Intervention Management"


def test_scotland_an_amount_wrapped_in_its_cell_starts_no_row():
    # Page 8's last row prints its grant "£10,426,264.0" / "0" on two lines of its cell (cut at the cell's edge):
    # the "0" started a phantom row that took the title's, beneficiary's and dates' continuations with it.
    scotland = read_list(DATA / "UK-scotland-pages-1-8.pdf")
    assert [sum(1 for r in scotland.records if r.source.pages == (page,)) for page in (1, 2)] == [6, 7]
    last = scotland.records[-1]
    assert (last.title, last.beneficiary, last.granted_amount, last.total_budget, last.cofinancing_rate,
            last.postcode, str(last.start_date), str(last.end_date), last.summary) == (
        "Assisting SME's in H&I to Internationalise", "Highlands and Islands Enterprise", Decimal("10426264.00"),
        Decimal("3749029.00"), 36, "IV1 1BA", "2015-04-01", "2018-12-31",
        "To support the capacity of SMEs to grow in regional, national and international markets, and to engage in "
        "more innovative activity")
    # The publisher printed this row's grant above its total (one of the list's swapped pairs): said, not hidden.
    assert any("row 13: granted amount 10426264.00 exceeds total budget 3749029.00" in w for w in scotland.warnings)
    before = scotland.records[-2]
    assert (before.title, before.beneficiary, before.granted_amount, before.total_budget) == (
        "SME Holding Fund Business Unit", "Scottish Government", Decimal("27600000"), Decimal("69000000"))


def test_scotland_an_amount_wrapped_in_its_cell_runs_on_whatever_the_documents_words():
    # Page 16 prints a grant "£10,732,199.6" / "3" on two lines of its cell. Page 10 shows "3" as a word ("over the
    # next 3 years"), and the document's vocabulary read the wrap as a space: "£10,732,199.6 3" did not parse and
    # the grant was lost. A number with digit groups or decimals runs on (pages 1, 10 and 16 of the list).
    scotland = read_list(DATA / "UK-scotland-pages-1-10-16.pdf")
    assert [sum(1 for r in scotland.records if r.source.pages == (page,)) for page in (1, 2, 3)] == [6, 6, 6]
    fund = _find(scotland, title="National Third Sector Fund (LUPS)")
    assert (fund.beneficiary, fund.granted_amount, fund.total_budget, fund.cofinancing_rate, fund.postcode,
            str(fund.start_date), str(fund.end_date), fund.source.pages) == (
        "Skills Development Scotland", Decimal("10732199.63"), Decimal("26830499.08"), 40, "G2 1DY", "2015-04-01",
        "2019-06-30", (3,))
    assert fund.summary.startswith("A fund to support national third sector organisations to deliver support to "
                                   "unemployed and inactive participants mainly in stages 1 and 2 of the employability")
    assert fund.summary.endswith("ex-offenders; substance abuse; and geography.")
    below = _find(scotland, title="National Third Sector Fund (H&I)")
    assert (below.granted_amount, below.total_budget, below.cofinancing_rate) == (
        Decimal("1183077.13"), Decimal("2366154.25"), 50)


def test_scotland_a_currency_sign_alone_on_its_line_starts_no_row():
    # Page 18 prints the grant of "Fife Employability Pathway Delivery" as "£" / "3,766,189.60" on two lines of its
    # cell: the amount's line started a row of its own, splitting the operation in two (one without a beneficiary,
    # the whole publication's one Scotland row with an empty Kohesio Beneficiary_Name). Pages 16-18 of the list.
    scotland = read_list(DATA / "UK-scotland-pages-16-18.pdf", unreadable_cells="absent")
    assert [sum(1 for r in scotland.records if r.source.pages[0] == page) for page in (1, 2, 3)] == [6, 8, 10]
    assert all(r.beneficiary for r in scotland.records)
    fife = _find(scotland, title="Fife Employability Pathway Delivery")
    assert (fife.beneficiary, fife.granted_amount, fife.total_budget, fife.cofinancing_rate, fife.postcode,
            str(fife.start_date), str(fife.end_date), fife.summary, fife.source.pages) == (
        "Fife Council", Decimal("3766189.60"), Decimal("9415474"), 40, "KY7 5LT", "2015-04-01", "2019-03-31",
        "Fife Employability Pipeline aim to provide stages 1-5 support ranging from action plans, training, "
        "mentoring, barrier removal and placements.", (3,))
    above = _find(scotland, title="Fife Pathway Management")
    assert (above.beneficiary, above.granted_amount, above.total_budget) == (
        "Fife Council", Decimal("100310.40"), Decimal("250776"))


def test_schleswig_holstein_a_glyph_without_unicode_read_from_the_fonts_own_cmap():
    # Page 68 draws "Kolle´s" with a glyph pdfminer leaves as (cid:141): the embedded Arial's cmap maps it
    # to U+00B4. Its hyphen glyph is mapped to both U+002D and U+00AD: the text is "B1 - Förderung …".
    sh = read_list(DATA / "DEF-schleswig-holstein-esf-pages-1-68-276.pdf")
    assert [sum(1 for r in sh.records if r.source.pages == (page,)) for page in (1, 2, 3)] == [12, 11, 5]
    assert not any("\u00ad" in r.title or "(cid:" in r.beneficiary for r in sh.records)
    first = sh.records[0]
    assert (first.beneficiary, first.title, first.paid_amount) == (
        '"Mein Inselhotel" Norddorf', "A2 - Potenzialberatung", Decimal("2100.00"))
    assert _find(sh, paid_amount=Decimal("2700.00"), title="A2 - Potenzialberatung",
                 beneficiary="1. Eckernförder Tages- und Dauerpflege für Senioren Eckernförde")
    kolle = [r for r in sh.records if r.beneficiary == '"Kolle´s Alter Muschelsaal GbR" Büsum']
    assert [(r.title, r.paid_amount) for r in kolle] == [
        ("B1 - Förderung zusätzlicher betrieblicher Ausbildungsplätze", Decimal("1440.00"))] * 2
    last = sh.records[-1]
    assert (last.beneficiary, last.title, last.paid_amount) == (
        "Landesverband der Volkshochschulen Schleswig-Holsteins e.V. Kiel",
        "C3 - Förderung der Alphabetisierung deutschsprachiger Erwachsener - Verlängerung 2014", Decimal("108328.46"))


def test_brandenburg_header_page_rows_are_rows_not_header():
    # Page 2 of the list (its first table page, after a cover) used to be taken whole as the header, and
    # page 3's rows read under columns named by page 2's text ("4909 operations", all wrong).
    bb = read_list(DATA / "DE4-brandenburg-pages-2-3-263.pdf")
    assert [sum(1 for r in bb.records if r.source.pages == (page,)) for page in (1, 2, 3)] == [22, 23, 17]
    assert (bb.columns["beneficiary"], bb.columns["title"], bb.columns["granted_amount"]) == (
        "Name des Begünstigten", "Bezeichnung des Vorhabens", "Gewährte Beträge")
    first = bb.records[0]
    assert (first.beneficiary, first.title, first.granted_amount, first.paid_amount, first.currency) == (
        '"Admiral" Objekt Wäsche und Arbeitskleidung GmbH', 'Messeteilnahme "Alles für den Gast 2013" in Salzburg '
        '(Österr.)', Decimal("1950.00"), Decimal("1950.00"), "EUR")
    assert _find(bb, granted_amount=Decimal("39403.20")).beneficiary == (
        '"Diagnostik Netzwerk Berlin-Brandenburg"(DiagnostikNet-BB) e.V.')
    assert _find(bb, granted_amount=Decimal("105556.70")).title == (
        "Erweiterung einer Betriebsstätte zur Herstellung von Fleisch- und Wurstwaren")
    assert _find(bb, granted_amount=Decimal("25500.00")).title == (
        "Erweiterung einer Betriebsstätte für die Instandhaltung undReparatur von Kfz")  # as printed
    last = bb.records[-1]
    assert (last.beneficiary, last.title, last.granted_amount) == (
        "Zweckverband Wasserversorgung und Abwasserentsorgung Eberswalde",
        "Wasserwerk Eberswalde, Ertüchigung Reinwasserbehälter 2", Decimal("255632.41"))
