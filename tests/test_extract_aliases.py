"""Header aliases per language: real headers of real lists (../shared/fixtures/eu-lists) matched to fields.

One row per language wording; adding a language to ``extract/aliases.py`` adds a row here with a header
as a real list of that language prints it.
"""

from __future__ import annotations

import re

import pytest

from fundgraph.extract.aliases import ALIASES, LANGUAGES, NEVER, fold
from fundgraph.extract.columns import (explain_columns, header_language, match_headers, missing_columns_message,
                                       normalise_header)

# (language, the headers of one list as printed, the fields expected per column; None = left unmatched)
REAL_HEADERS = [
    ("sv", ["Ärende-ID", "Projektnamn", "Projektägare", "Beviljat belopp (kr)", "Total budget (kr)", "Fond",
            "Prioritering", "Kommuner", "Län", "Sammanfattning"],
     ["case_id", "title", "beneficiary", "granted_amount", "total_budget", "fund", "priority", "municipalities",
      "counties", "summary"]),
    ("de", ["Begünstigte/r beneficiary", "Adresse Begünstigte/r adress of beneficiary", "Projekttitel project name",
            "Projektbeschreibung project description", "öffentliche Beteiligung (EU+nationale Kofinanzierung)* "
            "allocated public funding (EU+national co-financing)* (in Euro)",
            "Status G = genehmigt A = ausbezahlt G = commited A = paid out", "Förderstelle funding agency"],
     ["beneficiary", None, "title", "summary", "granted_amount", "status", None]),  # AT, Burgenland
    ("de", ["Name des Begünstigten", "Bezeichnung des Vorhabens", "Jahr der Bewilligung / Jahr der Schlusszahlung",
            "Bewilligter Betrag", "Ausgezahlter Betrag bei Projektabschluss"],
     ["beneficiary", "title", None, "granted_amount", "paid_amount"]),  # DE, Baden-Württemberg
    ("de", ["Name der bzw. des Begünstigten", "Bezeichnung des Vorhabens", "Jahr der Bewilligung / Restzahlung",
            "Gewährte Beträge 1)", "Bei Abschluss des Vorhabens gezahlte Gesamtbeträge 2)"],
     ["beneficiary", "title", None, "granted_amount", "paid_amount"]),  # DE, Schleswig-Holstein
    ("de", ["Name des Begünstigten", "Bezeichnung des Vorhabens", "Zusammenfassung des Vorhabens",
            "Datum des Beginns des Vorhabens", "Datum des Endes des Vorhabens",
            "Gesamtbetrag der förderfähigen Ausgaben des Vorhabens in €", "Unions- Kofinan- zierungssatz",
            "Kategorie der Region", "PLZ", "Land"],
     ["beneficiary", "title", "summary", "start_date", "end_date", "total_budget", "cofinancing_rate", None,
      "postcode", "country"]),  # DE, Niedersachsen ESF 2014-2020 (the end date's genitive was missed)
    ("nl", ["Project_Nummer", "Actie", "Tijdvak", "Naam Aanvrager", "Naam Project", "Jaar van verlening",
            "Verleend Subsidiebedrag", "Jaar van vaststelling", "Totaal vastgesteld subsidie-bedrag"],
     ["case_id", None, None, "beneficiary", "title", None, "granted_amount", None, "paid_amount"]),
    ("en", ["Operation Name", "Recipient organisation", "ESF/ ERDF Grant requested", "Total eligible expenditure",
            "Description", "Postcode", "Union co-financing rate", "Start and end dates"],
     ["title", "beneficiary", "granted_amount", "total_budget", "summary", "postcode", "cofinancing_rate",
      "start_date"]),  # UK, Scotland
    ("en", ["Project Ref. No.", "Priority Axis", "Name of Beneficiary", "Name of Operation", "Allocation €",
            "Start Date", "End Date", "Public Expenditure Paid to Beneficiary €", "Co-financing Rate [ERDF Fund] **"],
     ["case_id", "priority", "beneficiary", "title", "granted_amount", "start_date", "end_date", "paid_amount",
      "cofinancing_rate"]),  # Malta
    ("fr", ["Bénéficiaires", "Date de décision", "Montant de l'investissement total",
            "Montant des aides décidées Montants cofinancés", "Montant des aides décidées Feder", "Date de clôture"],
     ["beneficiary", None, "total_budget", "granted_amount", "eu_amount", "end_date"]),  # BE, Wallonia
    ("da", ["Projektitel / Operation name", "Startdato / Operation start date", "Slutdato / Operation end date",
            "Prioritetsakse / Priority axis", "Budget / Budget", "EU-medfinansiering / Union co-financing",
            "EU-medfinansieringssats / Union co-financing rate", "Projektbeskrivelse", "Fond / Fund",
            "Kontraktansvarlig partner / Beneficiary name", "Postnr / Operation postcode", "Kontaktperson / Contacts"],
     ["title", "start_date", "end_date", "priority", "total_budget", "eu_amount", "cofinancing_rate", "summary",
      "fund", "beneficiary", "postcode", None]),
    ("fi", ["Koodi", "Rahasto", "Hankkeen nimi", "Tila", "Aloituspvm", "Päättymispvm", "Toteuttajan nimi",
            "Myönnetty EU- ja valtion rahoitus"],
     [None, "fund", "title", "status", "start_date", "end_date", "beneficiary", "granted_amount"]),
    ("pl", ["Tytuł projektu", "Nazwa beneficjenta", "Wartość projektu", "Dofinansowanie z EU", "Dziedzina"],
     ["title", "beneficiary", "total_budget", "granted_amount", None]),
    ("el", ["ΕΠΙΧΕΙΡΗΣΙΑΚΟ ΠΡΟΓΡΑΜΜΑ/ OPERATIONAL PROGRAMME", "ΑΞΟΝΑΣ ΠΡΟΤΕΡΑΙΟΤΗΤΑΣ/PRIORITY", "TAMEIO/ FUND",
            "ΟΝΟΜΑΣΙΑ ΔΙΚΑΙΟΥΧΟΥ / BENEFICIARY NAME", "ΟΝΟΜΑΣΙΑ ΠΡΑΞΗΣ / OPERATION NAME",
            "ΣΥΝΟΨΗ ΠΡΑΞΗΣ/ OPERATION SUMMARY", "ΗΜ/ΝΙΑ ΕΝΑΡΞΗΣ ΤΗΣ ΠΡΑΞΗΣ / OPERATION START DATE",
            "ΚΑΤΑΛΗΚΤΙΚΗ ΗΜΕΡΟΜΗΝΙΑ ΠΡΑΞΗΣ / OPERATION END DATE",
            "ΣΥΝΟΛΙΚΗ ΕΠΙΛΕΞΙΜΗ ΔΑΠΑΝΗ ΠΟΥ ΔΙΑΤΕΘΗΚΕ ΣΤΗΝ ΠΡΑΞΗ (ΠΡΟΫΠΟΛΟΓΙΣΜΟΣ)/ TOTAL ELIGIBLE EXPENDITURE "
            "ALLOCATED TO THE OPERATION",
            "ΠΟΣΟΣΤΟ ΣΥΓΧΡΗΜΑΤΟΔΟΤΗΣΗΣ ΤΗΣ ΕΝΩΣΗΣ ΑΝΑ ΑΞΟΝΑ ΠΡΟΤΕΡΑΙΟΤΗΤΑΣ/ UNION Co-FINANCING RATE AS PER PRIORITY AXIS",
            "ΤΑΧΥΔΡΟΜΙΚΟΣ ΚΩΔΙΚΑΣ ή ΆΛΛΗ ΚΑΤΑΛΛΗΛΗ ΕΝΔΕΙΞΗ ΤΟΠΟΘΕΣΙΑΣ/ POSTCODE OR OTHER APPROPRIATE LOCATION "
            "INDICATOR", "ΧΩΡΑ/ COUNTRY"],
     ["programme", "priority", "fund", "beneficiary", "title", "summary", "start_date", "end_date", "total_budget",
      "cofinancing_rate", "postcode", "country"]),
]

# One header per language the table covers, as a list in that language words it (from the regulation's
# language versions where no real list of that language is at hand).
ONE_PER_LANGUAGE = [
    ("cs", "Název projektu", "title"), ("cs", "Žadatel", "beneficiary"), ("cs", "Celkové způsobilé výdaje", "total_budget"),
    ("sl", "Naziv operacije", "title"), ("sl", "Upravičenec", "beneficiary"), ("sl", "Skupna vrednost", "total_budget"),
    ("lv", "Projekta nosaukums", "title"), ("lv", "Finansējuma saņēmējs", "beneficiary"),
    ("lv", "Kopējās attiecināmās izmaksas", "total_budget"),
    ("it", "Denominazione dell'operazione", "title"), ("it", "Beneficiario", "beneficiary"),
    ("it", "Costo totale ammesso", "total_budget"), ("es", "Nombre de la operación", "title"),
    ("es", "Beneficiario", "beneficiary"), ("es", "Gasto subvencionable", "total_budget"),
    ("pt", "Designação da operação", "title"), ("pt", "Beneficiário", "beneficiary"),
    ("pt", "Investimento elegível", "total_budget"), ("hr", "Naziv projekta", "title"),
    ("hr", "Korisnik", "beneficiary"), ("hr", "Ukupna vrijednost projekta", "total_budget"),
    ("ro", "Titlul proiectului", "title"), ("ro", "Beneficiar", "beneficiary"), ("ro", "Valoare totală", "total_budget"),
    ("fr", "Intitulé de l'opération", "title"), ("fi", "Tuensaaja", "beneficiary"),
    ("da", "Tilsagnsmodtager", "beneficiary"), ("sv", "Stödmottagare", "beneficiary"),
]


@pytest.mark.parametrize("language, headers, fields", REAL_HEADERS, ids=[f"{r[0]}-{r[1][0][:20]}" for r in REAL_HEADERS])
def test_real_headers_match_their_fields(language, headers, fields):
    matched, unmatched = match_headers(headers)
    assert [matched[i].field if i in matched else None for i in range(len(headers))] == fields
    assert unmatched == [h for h, f in zip(headers, fields) if f is None]
    assert header_language(headers) in (language, "en")


@pytest.mark.parametrize("language, header, field", ONE_PER_LANGUAGE)
def test_one_wording_per_language(language, header, field):
    matched, _ = match_headers([header])
    assert matched[0].field == field
    assert any(re.search(pattern, fold(header)) for pattern in ALIASES[field][language].patterns)


@pytest.mark.parametrize("header, not_field", [
    ("Name des Begünstigten", "title"), ("NAME DES BEGÜNSTIGTEN", "title"), ("Naam Aanvrager", "title"),
    ("ΟΝΟΜΑΣΙΑ ΔΙΚΑΙΟΥΧΟΥ / BENEFICIARY NAME", "title"), ("Co-financing Rate [ERDF Fund] **", "fund"),
    ("Status G = genehmigt A = ausbezahlt", "paid_amount"), ("Jahr der Bewilligung", "granted_amount"),
    ("Adresse Begünstigte/r", "beneficiary"), ("Union co-financing rate", "eu_amount"),
])
def test_patterns_that_must_not_match(header, not_field):
    matched, _ = match_headers([header])
    assert all(column.field != not_field for column in matched.values())


def test_every_language_words_the_core_fields():
    for field in ("case_id", "title", "beneficiary", "granted_amount", "total_budget", "start_date", "end_date"):
        assert set(ALIASES[field]) == set(LANGUAGES), field
    assert set(NEVER) <= set(ALIASES)


def test_units_scale_amounts_and_name_currencies():
    for header, scale, currency in [("Beviljat stöd (tkr)", 1000, "SEK"), ("Bewilligter Betrag in Euro", 1, "EUR"),
                                    ("Gewährte Beträge (TEUR)", 1000, "EUR"), ("Grant awarded £000", 1000, "GBP"),
                                    ("Montant accordé (€)", 1, "EUR"), ("Total budget (kr)", 1, "SEK")]:
        column = match_headers([header])[0][0]
        assert (column.scale, column.currency) == (scale, currency), header
    assert normalise_header("Kommun(er)") == ("kommuner", 1)
    assert fold("Begünstigte/r") == "begunstigte r" and fold("Wartość") == "wartosc"


def test_missing_columns_named_in_the_lists_own_words():
    message = missing_columns_message(["Name des Begünstigten", "Jahr der Bewilligung", "Förderstelle"])
    assert message == ("no column for the name of the operation (a header such as 'Bezeichnung des Vorhabens'); "
                       "the amount granted (a header such as 'Bewilligter Betrag'); the table's headers: "
                       "'Name des Begünstigten', 'Jahr der Bewilligung', 'Förderstelle'")
    assert "'Nom du bénéficiaire'" not in missing_columns_message(["Bénéficiaires", "Date de décision"])
    assert "Intitulé de l'opération" in missing_columns_message(["Bénéficiaires", "Date de décision"])
    long = missing_columns_message(["Begünstigter", "Lorem ipsum dolor " * 200] + [f"Spalte {i}" for i in range(20)])
    assert len(long) < 500 and "and 14 more" in long and "granted_amount" not in long


def test_explain_says_which_header_fed_which_field():
    matched, unmatched = match_headers(["Name des Begünstigten", "Bezeichnung des Vorhabens", "Bewilligter Betrag",
                                        "Jahr der Bewilligung"])
    lines = explain_columns(matched, unmatched)
    assert lines[0] == "column 'Name des Begünstigten' -> beneficiary (beneficiary; matched de wording 'begunstigt')"
    assert lines[-1] == "column 'Jahr der Bewilligung' not matched to any field (ignored)"


@pytest.mark.parametrize("header, field, scale", [
    ("Ärende-ID", "case_id", 1), ("Diarienummer", "case_id", 1), ("Dnr", "case_id", 1),
    ("Projektnamn", "title", 1), ("Projekttitel", "title", 1),
    ("Projektägare", "beneficiary", 1), ("Sökande", "beneficiary", 1), ("Stödmottagare", "beneficiary", 1),
    ("Beviljat belopp (kr)", "granted_amount", 1), ("Beslutat belopp", "granted_amount", 1),
    ("Beviljat stöd (tkr)", "granted_amount", 1000),
    ("Total budget (kr)", "total_budget", 1), ("Total kostnad (kr)", "total_budget", 1),
    ("Fond", "fund", 1), ("Program", "fund", 1), ("Prioritering", "priority", 1),
    ("Kommuner", "municipalities", 1), ("Kommun(er)", "municipalities", 1), ("Län", "counties", 1),
    ("Sammanfattning", "summary", 1), ("Beskrivning", "summary", 1)])
def test_swedish_wordings_of_the_regions_lists(header, field, scale):
    matched, unmatched = match_headers([header])
    assert matched[0].field == field and matched[0].scale == scale and matched[0].header == header
    assert unmatched == []


def test_headers_matched_as_a_row_report_the_rest():
    headers = ["Diarienummer", "Sökande", "Projekttitel", "Beslutat belopp", "Total kostnad (kr)", "Program",
               "Kommun(er)", "Beskrivning", "Kontaktperson"]
    matched, unmatched = match_headers(headers)
    assert [matched[i].field for i in sorted(matched)] == [
        "case_id", "beneficiary", "title", "granted_amount", "total_budget", "fund", "municipalities",
        "summary"]
    assert unmatched == ["Kontaktperson"]
