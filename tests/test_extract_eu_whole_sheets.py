"""The whole real spreadsheet and CSV lists of ../shared/fixtures/eu-lists read: every operation, and a sample
of rows exact (issue 12's "done when").

tests/test_extract_eu_sheets.py reads the excerpts in tests/data/eu-lists; four of them are the whole files
(Denmark, Ireland, Latvia, Slovenia: the same bytes), so these cover the other twelve. Each file's number of
operations was counted off the source with other tools than fundgraph's readers — python-calamine's raw cells
for the workbooks, Python's csv module in the file's own encoding for the CSV files — and the comment above it
says what was counted. The sample rows (first, middle, last operation) give beneficiary, title and every amount
as those tools show the cells, white space collapsed as a record holds text; an amount field not given is
absent from its record (Greece's line 2220 prints no amount).

CI has ../shared beside the repository; elsewhere FUNDGRAPH_SHARED names the folder holding fixtures/eu-lists.
Without it these tests skip. Reading all twelve takes about 20 s on an idle machine.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from fundgraph.extract import read_list
from fundgraph.extract.records import AMOUNT_FIELDS

SHARED = Path(os.environ.get("FUNDGRAPH_SHARED") or Path(__file__).resolve().parents[2] / "shared")
LISTS = SHARED / "fixtures" / "eu-lists"
#: Read with ``unreadable_cells = "absent"``: the export misplaces cells (tests/test_extract_eu_sheets.py).
ABSENT = {"FI.finland__ERDF_2014-2020__projektilista-csv-final.original.csv"}

WHOLE = {  # file: (operations, [(sheet row or line, beneficiary, title, {amount field: value})])
    # sheet 'Tabelle1': rows 2-50 under the header
    'AT.austria__ERDF_2014-2020__Vorhabensliste_IWB_EFRE_AT2014-2020_Download.xlsx': (49, [
        (2, 'TR Flachdachbau GmbH', 'Ankauf einer Doppelbiegeanlage', {'total_budget': '403514.06'}),
        (26, 'Etivera Verpackungstechnik GmbH, Etivera Dienstleistungszentrum GmbH, Etivera Etikettenproduktions GmbH', 'ETIVERA Innovationspark', {'total_budget': '15290000'}),
        (50, 'Energiewerkstatt Consulting GmbH', 'Wind Turbine Performance Testing, Messtechnische Erfassung von negativen Auswirkungen auf das Leistungsverhalten bestehender Windenergieanlagen', {'total_budget': '349260.5'}),
    ]),
    # rows 2-450, row 42 repeating row 41 in every cell (read once)
    'BE.belgium__BE2.vlaams.gewest__ERDF_2007-2013__ERDF_Flandern_2007-2013.xlsx': (448, [
        (2, 'Provincie Limburg', 'Innovatienetwerk Duurzaam Wonen en Bouwen Limburg', {'total_budget': '1090141.18', 'eu_amount': '436056.47'}),
        (227, 'Kempens Landschap', 'De kolonies, over de grenzen heen getild', {'total_budget': '40468.17', 'eu_amount': '16187.27'}),
        (450, 'Bio-Incubator Leuven', 'Bio-Incubator III', {'total_budget': '5064411.45', 'eu_amount': '1222090.23'}),
    ]),
    # rows 2-1773 (a table of programme codes follows after an empty row)
    'CZ.czech-republic__2014-2020__ERDF_Czech_Republic_2014-2020.xlsx': (1772, [
        (2, 'Úřad práce České republiky', 'Záruky pro mladé v Moravskoslezském kraji', {'total_budget': '176681518', 'eu_amount': '150179290.3'}),
        (888, 'Prostor plus o.p.s.', 'Práce, hodnoty, image - budování kapacit', {'total_budget': '2677077.5', 'eu_amount': '2432472.92'}),
        (1773, 'Platforma pro sociální bydlení, z. s.', 'Posílení a rozvoj kapacity Platformy pro sociální bydlení', {'total_budget': '1663270', 'eu_amount': '1290073.79'}),
    ]),
    # rows 5-390 under a two-row (German, English) header
    'DE.germany__DE3.berlin__ERDF_2014-2020__ERDF_Berlin_2014-2020.xlsx': (386, [
        (5, 'Senatsverwaltung für Wirtschaft, Technologie und Forschung', 'ProFIT Darlehen', {'total_budget': '49534418.62'}),
        (198, 'Andrea Wild', 'Modenschau (FTL Moda) im Rahmen der New York Fashion Week 2015', {'total_budget': '30000'}),
        (390, 'Technische Universität Berlin - Der Präsident - Servicebereich Forschung', 'Fasergekoppelte und halbleiterbasierte Einzelphotonenquelle für sichere Quantenkommunikation (FI-SEQUR)', {'total_budget': '564410.03'}),
    ]),
    # rows 9-1766 under a German header (row 7) and its English one (row 8)
    'DE.germany__DE9.niedersachsen__ESF_2014-2020__ESF_Niedersachsen_2014-2020.xlsx': (1758, [
        (9, 'A + W Bildungszentrum Sozialwerk der KAB/CAJ e. V.', 'Jugendwerkstatt II "Metallbau/ Lager/ Handel" in Sögel', {'total_budget': '569675.71'}),
        (888, 'LAP GmbH Laser Applikationen', 'Business Survival Training TN4', {'total_budget': '2387'}),
        (1766, '3P Services GmbH & Co. KG', 'Qualitätsbeauftragte/r für Dienstleistungen', {'total_budget': '2992'}),
    ]),
    # rows 10-40, 31 rows
    'DE.germany__DEF.schleswig-holstein__ERDF_2014-2020__LPW-Liste_der_Vorhaben_Schleswig_Holstein.xlsx': (31, [
        (10, 'Gesellschaft für Arbeitsmarkt- und Strukturpolitik Institut d. Schl.-Holst. Unternv. e.V. (gefas)', 'LPW-E/1.1.1/222 - Kompetenzzentrum Fachkräftesicherung und Weiterbildung Schleswig-Holstein', {'total_budget': '1978677.04'}),
        (25, 'TRIOPTICS GmbH', 'LPW-E/1.2.3/310 - WaveScan', {'total_budget': '537465.95'}),
        (40, 'DGB Bezirk Nord', 'LPW-E/5.1/170 - Unterstützung bei der Begleitung des OP EFRE Schleswig-Holstein 2014-2020', {'total_budget': '118179.04'}),
    ]),
    # 2 923 non-empty rows - 5 title/header rows - 6 footer rows
    'DE.germany__DEG.thueringen__ESF_2014-2020__liste_der_vorhaben_stand_01.07.2016.xls': (2912, [
        (10, '1. gemeinnütziger Aus- und Weiterbildungsverbund Altenburg - AWA- e. V.', 'Praxisnahe Berufsorientierung in den Schuljahren 2015/2016 und 2016/2017 in der Gebietskörperschaft Altenburger Land', {'total_budget': '13074'}),
        (1466, 'Begünstigte oder Begünstigter (Gründerrichtlinie A)', 'Gründungsberatungen durch Gewährung von Existenzgründerpässen - Maler im Reisegewerbe und Hausmeisterdienst -', {'total_budget': '1500'}),
        (2921, 'ÜAG gGmbH - über alle Grenzen -', 'Qualifizierung von Mitarbeitern/innen der Firma IAB Weimar gGmbH in Englischkursen unterschiedlicher Niveaustufen (5 Kurse)', {'total_budget': '412738.56'}),
    ]),
    # rows 2-1835
    'FR.france__2014-2020__20160711_listeoperations_FEDER_FSE_14-20.xls': (1834, [
        (2, 'FCIP FORM CONT INSERT PROFESSIONNELLE ACADEMIE DE CRETEIL', 'CRAC : Classes Relais Arts et Culture', {'total_budget': '71403.54', 'eu_amount': '34972.64'}),
        (919, "Conseil régional d'Auvergne", 'Formation mensuisier poseur agenceur tous matériaux (AFPA)', {'total_budget': '68737.5', 'eu_amount': '68737.5'}),
        (1835, 'Sarl Tsingoni Hotel', "Complexe hotelier 'Tsingoni Hotel'", {'total_budget': '1414447.11', 'eu_amount': '500000'}),
    ]),
    # 6 913 data rows, rows 740 and 2752 holding only the second line of the beneficiary above
    'DE.germany__DE3.berlin__funds-data__ERDF.2007.2013.ods': (6911, [
        (2, 'A & S Umann GmbH', 'Coterie Messe New-York-City 14.09. bis 16.09.2014 Marktvorbereitung durch Einzelmaßnahmen', {'granted_amount': '2254.62', 'paid_amount': '2254.62'}),
        (3459, 'Jannasch Kandy', 'Elektrotechniker', {'granted_amount': '5000', 'paid_amount': '5000'}),
        (6914, '4Cost GmbH', 'Entwicklung und Vertrieb von parametrischer Kostenschä tzsoftwaresowie Beratung bei parametrischen und Bottom up-Kostenschätzungen', {'granted_amount': '190000', 'paid_amount': '190000'}),
    ]),
    # 2 882 lines - the header (unreadable_cells = "absent": ten start dates the export misplaced)
    'FI.finland__ERDF_2014-2020__projektilista-csv-final.original.csv': (2881, [
        (2, 'Mikkelin Ammattikorkeakoulu Oy', 'Reaktoritekniikkaan perustuvat uudet prosessit |prosessikemikaalit ja (rainattavat)biotuotteet - Reaktek', {'granted_amount': '443909'}),
        (1442, 'LLP FARM MACHINERY GROUP OY', 'FMG ja Venäjän markkinat 2016', {'granted_amount': '53250'}),
        (2882, 'Rovaniemen Koulutuskuntayhtymä', 'OSMA - Osaamista maahanmuuttajille työelämälähtöisesti', {'granted_amount': '300000'}),
    ]),
    # 2 030 records of Python's csv module (cp1253) - the header
    'EL.greece__2014-2020__ListOfOperations_20160513.csv': (2029, [
        (12, 'ΕΙΔΙΚΗ ΥΠΗΡΕΣΙΑ ΚΡΑΤΙΚΩΝ ΕΝΙΣΧΥΣΕΩΝ', '5000306-Εκπόνηση μελετών - Παροχή υπηρεσιών τεχνικών συμβούλων 2014-2020 της Ειδικής Υπηρεσίας Κρατικών Ενισχύσεων', {'total_budget': '1912.96'}),
        (2220, 'ΕΙΔΙΚΗ ΥΠΗΡΕΣΙΑ ΔΙΑΧΕΙΡΙΣΗΣ Ε.Π. ΠΕΡΙΦΕΡΕΙΑΣ ΠΕΛΟΠΟΝΝΗΣΟΥ', '5000955-ΥΠΟΣΤΗΡΙΞΗ ΤΗΣ ΕΥΔ Ε.Π. ΠΕΡΙΦΕΡΕΙΑΣ ΠΕΛΟΠΟΝΝΗΣΟΥ ΓΙΑ ΤΗΝ ΕΚΤΕΛΕΣΗ ΠΡΟΓΡΑΜΜΑΤΟΣ ΕΠΙΤΟΠΙΩΝ ΕΠΑΛΗΘΕΥΣΕΩΝ, ΤΟΥ ΣΥΓΧΡΗΜΑΤΟΔΟΤΟΥΜΕΝΟΥ ΠΡΟΓΡΑΜΜΑΤΟΣ ΠΕΡΙΦΕΡΕΙΑΣ ΠΕΛΟΠΟΝΝΗΣΟΥ ΣΤΟ ΠΛΑΙΣΙΟ ΤΟΥ Ε.Π. ΔΕΠΙΝ 2007-2013', {}),
        (4447, 'ΕΥΔ ΤΩΝ ΕΠΙΧΕΙΡΗΣΙΑΚΩΝ ΠΡΟΓΡΑΜΜΑΤΩΝ ΤΟΥ ΣΤΟΧΟΥ ΕΥΡΩΠΑΪΚΗ ΕΔΑΦΙΚΗ ΣΥΝΕΡΓΑΣΙΑ', '5000601-Technical Assistance of the INTERREG V-A GREECE-BULGARIA 2014-2020 Cooperation Programme GREECE', {'total_budget': '50631442.2'}),
    ]),
    # 750 lines - the header
    'PL.poland__Poland_ERDF_2014_2020.csv': (749, [
        (2, 'GENERALNA DYREKCJA DRÓG KRAJOWYCH I AUTOSTRAD', 'Budowa drogi ekspresowej S51 Olsztyn - Olsztynek', {'granted_amount': '867306201.54', 'total_budget': '1568930487.38'}),
        (376, '"FERRO - TERM" SP. Z O.O.', 'Modernizacja i przystosowanie istniejącej linii technologicznej dla celów weryfikacji technologii i uruchomienia produkcji innowacyjnych filtrów ceramiczno-węglowych do filtracji ciekłych stopów metali', {'granted_amount': '1975962.58', 'total_budget': '3518359.45'}),
        (750, 'GMINNY OŚRODEK KULTURY W PERZOWIE', 'Przegląd amatorskich zespołów muzycznych południowej Wielkopolski', {'granted_amount': '5135.5', 'total_budget': '10271'}),
    ]),
}

@pytest.fixture(scope="module")
def whole():
    if not LISTS.is_dir():
        pytest.skip(f"no {LISTS} (set FUNDGRAPH_SHARED to the folder holding fixtures/eu-lists)")
    cache = {}

    def read(name):
        if name not in cache:
            cache[name] = read_list(LISTS / name, unreadable_cells="absent" if name in ABSENT else None)
        return cache[name]
    return read


@pytest.mark.parametrize("name", sorted(WHOLE))
def test_every_operation_of_the_whole_list_is_read_and_sample_rows_are_exact(whole, name):
    operations, samples = WHOLE[name]
    records = whole(name).records
    assert len(records) == operations
    at = {(r.source.rows or r.source.lines)[0]: r for r in records}
    for row, beneficiary, title, amounts in samples:
        record = at[row]
        assert (record.beneficiary, record.title) == (beneficiary, title), row
        assert {f: getattr(record, f) for f in AMOUNT_FIELDS if getattr(record, f) is not None} == {
            f: Decimal(v) for f, v in amounts.items()}, row


def test_every_whole_spreadsheet_or_csv_list_is_covered():
    """The whole files are the excerpts' sources: each is tested here or, when its excerpt is the whole file, there."""
    if not LISTS.is_dir():
        pytest.skip(f"no {LISTS}")
    sheets = {p.name for p in LISTS.iterdir() if p.suffix in (".xlsx", ".xls", ".ods", ".csv")}
    excerpt_is_whole = {name for name in sheets
                        if (Path(__file__).parent / "data" / "eu-lists" / name).read_bytes() == (LISTS / name).read_bytes()}
    assert excerpt_is_whole == {"DK.denmark__2014-2020__ERDF_Denmark_2014-2020.original.csv",
                                "IE.ireland__National_ESF_2014-2020__List_of_Operations_October_2016.xlsx",
                                "LV.latvia__2014-2020__all_funds_Latvia_2014-2020.xls",
                                "SI.slovenia__2014-2020__seznam-projektov-28-6-2016.xls"}
    assert sheets - excerpt_is_whole == set(WHOLE)


def test_the_one_swiss_operation_of_thueringen_is_as_printed_and_named(whole):
    """Thüringen's ESF list prints "CH" in row 186's country cell beside the postcode "07747 Jena" (every other row:
    "DE"): no misreading, the publisher's slip; kept as printed, with a warning naming the row."""
    result = whole("DE.germany__DEG.thueringen__ESF_2014-2020__liste_der_vorhaben_stand_01.07.2016.xls")
    (swiss,) = [r for r in result.records if r.country == "CH"]
    assert (swiss.source.rows, swiss.postcode, swiss.total_budget) == ((186,), "07747 Jena", Decimal("1500"))
    assert [w for w in result.warnings if "country 'CH'" in w] == [
        "DE.germany__DEG.thueringen__ESF_2014-2020__liste_der_vorhaben_stand_01.07.2016.xls, sheet 'Bericht', row 186: "
        "country 'CH' where the list's 2911 other operations say 'DE': kept as printed"]
