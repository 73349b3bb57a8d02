"""The header wordings of lists of operations, per record field and language: the one table to extend.

Every managing authority words its headers in its own language, and many print two languages in one
cell ("Begünstigte/r beneficiary"). ``ALIASES`` gives, for each record field, per language (ISO 639-1),
an example header as such a list prints it (used in messages, so that a German list is told what
German header it lacks) and the patterns that recognise the field, strongest first. ``NEVER`` gives,
per field, patterns that rule the field out whatever else matches: "Name des Begünstigten" is never
the operation's name, "Co-financing Rate [ERDF]" never the fund.

Patterns are regular expressions searched in the header *folded* as ``fold`` does: casefolded,
diacritics dropped (ä → a, é → e, ß → ss; Greek loses its tonos), punctuation turned into spaces and
runs of spaces collapsed. Patterns are folded the same way before compiling, so they may be written
with or without diacritics; do not use upper-case escapes (``\\D``, ``\\W``, ``\\S``), which folding
would turn into their opposites.

To add a language: one ``"xx": W("Example header", r"pattern", ...)`` entry per field it words, and a
row in ``tests/test_extract_aliases.py`` with a header of a real list in that language. Sources of the
wordings: the lists in ``../shared/fixtures/eu-lists`` (AT, BE, CZ, DE, DK, EL, FI, FR, IE, LV, MT, NL,
PL, SI, UK), the Swedish regional lists, and the field names of CPR 2021/1060 Annex XVII ("name of the
beneficiary", "name of the operation", "total cost", "Union co-financing rate", "start date", ...) in
the official language versions of the regulation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True, init=False)
class W:
    """One language's wording of a field: an example header as lists print it, and patterns, strongest
    first: ``W("Stödmottagare", r"stodmottagare", r"mottagare")``."""

    example: str
    patterns: tuple[str, ...]

    def __init__(self, example: str, *patterns: str):
        object.__setattr__(self, "example", example)
        object.__setattr__(self, "patterns", patterns)


#: Record field -> language -> wording. Languages: sv en de fr nl da fi pl cs sl lv el it es pt hr ro.
ALIASES: dict[str, dict[str, W]] = {
    "case_id": {
        "sv": W("Ärende-ID", r"arende ?(id|nr|nummer)", r"diarie ?(nr|nummer)", r"\bdnr\b", r"projekt ?(id|nr|nummer)\b",
                r"\barende\b", r"\bdiarie"),
        "en": W("Project reference", r"\b(project|operation|case) ?(ref(erence)?|id|no|number|code)\b",
                r"\b(ref(erence)?|id)\b"),
        "de": W("Projektnummer", r"projekt ?(nummer|nr|kennung)\b", r"vorhaben ?(nummer|nr)\b", r"aktenzeichen",
                r"kennziffer|\bf(o|oe)rderkennzeichen"),
        # "\b": "Date de fin de l'opération" holds "n de l operation" too.
        "fr": W("Numéro de l'opération", r"\b(numero|n|code|identifiant|reference) (de l |du )?(operation|projet|dossier)",
                r"\bidentifiant\b"),
        "nl": W("Projectnummer", r"project ?(nummer|nr|code)\b", r"\bdossier ?nummer\b", r"\bkenmerk\b"),
        "da": W("Journalnummer", r"journal ?(nr|nummer)", r"\bsags ?(nr|nummer)\b", r"projekt ?(nr|nummer)\b"),
        "fi": W("Hankekoodi", r"hanke ?(koodi|numero|tunnus)", r"\bdiaarinumero\b"),
        "pl": W("Numer projektu", r"numer (umowy|projektu|wniosku)", r"\bnr (umowy|projektu)\b"),
        "cs": W("Registrační číslo projektu", r"(registracni )?cislo projektu", r"\bkod projektu\b"),
        "sl": W("Šifra projekta", r"sifra (projekta|operacije)", r"stevilka (projekta|operacije)"),
        "lv": W("Projekta numurs", r"projekta (numurs|nr|identifikacijas)", r"\bligum(a|s) (numurs|nr)\b"),
        "el": W("Κωδικός πράξης", r"κωδικος (πραξης|εργου|mis)", r"\bmis\b"),
        "it": W("Codice progetto", r"(codice|cup|identificativo) (del )?(progetto|operazione)", r"\bcup\b"),
        "es": W("Código de la operación", r"codigo (de la )?(operacion|proyecto)", r"\bexpediente\b"),
        "pt": W("Código da operação", r"codigo (da )?(operacao|projeto)", r"\bn (da )?operacao\b"),
        "hr": W("Referentni broj", r"referentni broj|kod projekta|broj (projekta|ugovora)"),
        "ro": W("Cod SMIS", r"cod (smis|proiect)", r"\bsmis\b"),
    },
    "title": {
        "sv": W("Projektnamn", r"projekt ?(namn|titel)", r"\b(namn|titel|rubrik)\b"),
        "en": W("Name of operation", r"(name|title) of (the )?(operation|project)", r"(operation|project) (name|title)",
                r"\b(name|title)\b"),
        "de": W("Bezeichnung des Vorhabens", r"bezeichnung (des|der) (vorhabens|projekts|operation|massnahme)",
                r"(name|titel) (des|der) (projekts|projektes|vorhabens)", r"projekt ?(titel|name|bezeichnung)",
                r"\bvorhaben\b", r"\bbezeichnung\b|\btitel\b"),
        "fr": W("Intitulé de l'opération", r"(intitule|nom|titre) (de l |du )?(operation|projet)", r"\bintitule\b"),
        "nl": W("Naam project", r"(naam|titel) (van het )?(project|operatie|concrete actie)", r"project ?(naam|titel)",
                r"\bnaam\b"),
        "da": W("Projekttitel", r"projekt ?(titel|navn)", r"\b(titel|navn)\b"),
        "fi": W("Hankkeen nimi", r"hankkeen nimi", r"\bnimi\b"),
        "pl": W("Tytuł projektu", r"tytul projektu|nazwa projektu", r"\btytul\b"),
        "cs": W("Název projektu", r"nazev (projektu|operace)", r"\bnazev\b"),
        "sl": W("Naziv projekta", r"(naziv|ime) (projekta|operacije)", r"\bnaziv\b"),
        "lv": W("Projekta nosaukums", r"projekta nosaukums", r"\bnosaukums\b"),
        "el": W("Τίτλος πράξης", r"(τιτλος|ονομασια) (της )?(πραξης|εργου)", r"\bτιτλος\b"),
        "it": W("Denominazione dell'operazione", r"(denominazione|titolo|nome) (dell )?(operazione|progetto)",
                r"\b(denominazione|titolo)\b"),
        "es": W("Nombre de la operación", r"(nombre|titulo|denominacion) (de la )?(operacion|proyecto)"),
        "pt": W("Designação da operação", r"(designacao|nome|titulo) (da )?(operacao|projeto)"),
        "hr": W("Naziv projekta", r"naziv (projekta|operacije)"),
        "ro": W("Titlul proiectului", r"(titlul|denumirea|numele) (proiectului|operatiunii)", r"\btitlu\b"),
    },
    "beneficiary": {
        "sv": W("Stödmottagare", r"projektagare|stodmottagare|sokande", r"agare|mottagare|organisation|huvudman|"
                r"projektansvarig"),
        "en": W("Beneficiary", r"beneficiar(y|ies)|recipient( organisation)?|lead (partner|applicant)",
                r"\bapplicant\b|organisation"),
        "de": W("Name des Begünstigten", r"begunstigt", r"zuwendungsempfanger|projekttrager|antragsteller"),
        "fr": W("Bénéficiaire", r"beneficiaire", r"porteur (de|du) projet|maitre d ouvrage"),
        # Flanders' "PROMOTOR_manueel": the promotor carries the project.
        "nl": W("Naam aanvrager", r"begunstigde|aanvrager|subsidieontvanger|penvoerder|\bpromotor\b"),
        "da": W("Tilsagnsmodtager", r"tilsagnsmodtager|stottemodtager|modtager|ansoger"),
        "fi": W("Tuensaaja", r"tuensaaja|toteuttaja|hakija"),
        "pl": W("Nazwa beneficjenta", r"beneficjent"),
        "cs": W("Žadatel", r"zadatel|prijemce|\bpříjemce"),
        "sl": W("Upravičenec", r"upravicenec|prejemnik"),
        "lv": W("Finansējuma saņēmējs", r"finansejuma sanemej|sanemej|\bsaņēmēj"),
        "el": W("Δικαιούχος", r"δικαιουχ"),
        "it": W("Beneficiario", r"beneficiari"),
        "es": W("Beneficiario", r"beneficiari"),
        "pt": W("Beneficiário", r"beneficiari"),
        "hr": W("Korisnik", r"korisnik|prijavitelj"),
        "ro": W("Beneficiar", r"beneficiar"),
    },
    "granted_amount": {
        "sv": W("Beviljat belopp", r"(beviljat|beviljade|beslutat|beslutade) (belopp|stod|medel|bidrag)",
                r"granted (amount|grant)|eu ?stod|stodbelopp",
                r"beviljat|beviljade|beslutat|beslutade|\bstod\b|bidrag|belopp"),
        "en": W("Grant awarded", r"(grants?|funding|support|amounts?) (awarded|allocated|approved|committed|granted|requested)",
                r"(allocated|approved|awarded|committed) (public )?(funding|grant|amount|support)",
                r"\ballocation\b|\bgrant\b|granted|funding"),
        "de": W("Bewilligter Betrag", r"(bewilligt|gewahrt|zugesagt|vorgesehen)\w* (betrag|betrage|zuwendung|"
                r"beteiligung|offentliche beteiligung|mittel|forderung)",
                r"offentlich\w* beteiligung|bereitgestellt\w* offentlich|f(o|oe)rderbetrag|zuwendung|bewilligungssumme|"
                r"bewilligung( offentlich\w*)? (mittel|betrag|summe)",
                r"\bbewilligt\w*|\bgewahrt\w*"),
        "fr": W("Montant de l'aide décidée", r"montant (des |de l )?aides? (decidee?s?|accordee?s?|attribuee?s?|programmee?s?)",
                r"(aide|subvention|soutien) (decidee?|accordee?|attribuee?)", r"montant (programme|accorde|ue)"),
        "nl": W("Verleend subsidiebedrag", r"verleend\w* (subsidie|bijdrage)\w*|toegekend\w* (subsidie|bijdrage)\w*",
                r"subsidiebedrag|beschikt\w* bedrag", r"\bsubsidie\b"),
        "da": W("Tilsagn", r"tilsagn\w*( kr| belob)?|bevilget\w*|stottebelob"),
        "fi": W("Myönnetty tuki", r"myonnetty\b.*\b(tuki|rahoitus)|myonnetty|julkinen tuki|tuki yhteensa"),
        "pl": W("Dofinansowanie", r"dofinansowani|kwota dofinansowania|wartosc dofinansowania"),
        "cs": W("Přidělená podpora", r"(pridelen|schvalen)\w* (podpora|dotace|prostredky)", r"\bpodpora\b|\bdotace\b"),
        "sl": W("Dodeljena sredstva", r"dodeljen\w* (sredstva|znesek)|odobren\w* (sredstva|znesek)"),
        "lv": W("Piešķirtais finansējums", r"pieskirt\w* (finansejums|atbalsts)|publiskais finansejums"),
        "el": W("Δημόσια δαπάνη", r"δημοσια δαπανη|ενταγμεν\w* (ποσο|προυπολογισμ)"),
        "it": W("Importo concesso", r"(importo|contributo|finanziamento) (concesso|ammesso|pubblico)"),
        "es": W("Ayuda concedida", r"(ayuda|subvencion|importe) (concedida|aprobada|asignada)"),
        "pt": W("Apoio aprovado", r"(apoio|fundo|montante) (aprovado|concedido|atribuido)"),
        "hr": W("Dodijeljena sredstva", r"dodijeljen\w* (sredstva|iznos)|ugovoren\w* (sredstva|iznos)"),
        "ro": W("Valoare finanțare nerambursabilă", r"(finantare|asistenta) nerambursabila|valoare (grant|finantare)"),
    },
    "total_budget": {
        "sv": W("Total budget", r"total ?(budget|kostnad|projektkostnad|projektbudget)",
                r"projektbudget|projektkostnad|omslutning|\bbudget\b|kostnad|\btotal\b"),
        "en": W("Total eligible expenditure", r"total (eligible )?(expenditure|cost|costs|budget|project cost)",
                r"eligible (expenditure|cost)|project (cost|budget)", r"\bbudget\b"),
        "de": W("Gesamtkosten", r"(zuwendungsfahig|forderfahig)\w* (gesamt)?(kosten|ausgaben)|gesamt ?(kosten|ausgaben|volumen|"
                r"investition)", r"projektkosten|investitionsvolumen|\bkosten\b"),
        "fr": W("Coût total", r"(cout|montant) total|montant (de l )?investissement total|cout eligible|"
                r"depenses? eligibles?( totales?)?", r"investissement"),
        "nl": W("Totale kosten", r"totale? (subsidiabele )?(kosten|projectkosten|begroting)|subsidiabele kost(en)?\b",
                r"projectkosten|\bbegroting\b"),
        "da": W("Samlet budget", r"samlet (budget|projektbudget|udgift)|totalbudget|samlede udgifter"),
        "fi": W("Kokonaiskustannukset", r"kokonais ?(kustannu|rahoitus|budjetti)|hyvaksytyt kustannukset"),
        "pl": W("Wartość projektu", r"(calkowita )?wartosc projektu|koszty? (calkowit|kwalifikowaln)"),
        # Czechia's "CZV projektu": celkové způsobilé výdaje (total eligible expenditure).
        "cs": W("Celkové výdaje", r"celkov\w* (vydaje|naklady|rozpocet)|zpusobil\w* vydaje|\bczv\b"),
        "sl": W("Skupna vrednost", r"skupna vrednost|celotna vrednost|upravicen\w* stroski"),
        "lv": W("Kopējās izmaksas", r"kopej\w* (izmaksas|attiecinam|finansejums)|attiecinamas izmaksas"),
        "el": W("Συνολικός προϋπολογισμός", r"συνολικ\w* (προυπολογισμ|κοστος|δαπανη)|επιλεξιμ\w* δαπαν"),
        "it": W("Costo totale", r"costo (totale|ammesso|complessivo)|spesa (ammissibile|totale)"),
        "es": W("Coste total", r"(coste|costo|gasto) (total|subvencionable)|importe total"),
        "pt": W("Custo total", r"(custo|investimento|despesa) (total|elegivel)"),
        "hr": W("Ukupna vrijednost", r"ukupn\w* (vrijednost|iznos|prihvatljiv)"),
        "ro": W("Valoare totală", r"valoare(a)? totala|cost total|cheltuieli eligibile"),
    },
    "eu_amount": {
        "sv": W("EU-medel", r"\beu ?(medel|bidrag)\b|regionalfonds?medel"),
        "en": W("EU contribution", r"\b(eu|union|erdf|esf|community) (contribution|amount|funding|grant|co ?financing|"
                r"allocated)\b"),
        "de": W("EU-Mittel", r"\b(eu|efre|esf) ?(mittel|anteil|beteiligung|betrag)\b"),
        "fr": W("Montant UE", r"\b(montant|participation|part|contribution) (ue|feder|fse|de l union)\b|\bfeder\b|\bfse\b"),
        "nl": W("EU-bijdrage", r"\b(eu|efro|esf) ?(bijdrage|subsidie|steun)\b"),
        "da": W("EU-støtte", r"\beu ?(stotte|midler|tilskud|medfinansiering)\b"),
        "fi": W("EU-rahoitus", r"\beu ?(rahoitus|tuki|osuus)\b"),
        "pl": W("Dofinansowanie UE", r"\b(dofinansowanie|wklad) (ue|unii)\b"),
        "cs": W("Příspěvek EU", r"\b(prispevek|podil) (eu|unie)\b"),
        "sl": W("Prispevek EU", r"\b(prispevek|sredstva) (eu|unije)\b"),
        "lv": W("ES finansējums", r"\bes (finansejums|lidzfinansejums)\b"),
        "el": W("Κοινοτική συνδρομή", r"κοινοτικ\w* (συνδρομη|συμμετοχη)|ενωσιακ\w* συνδρομη"),
        "it": W("Contributo UE", r"\b(contributo|quota) (ue|unione|fesr|fse)\b"),
        "es": W("Ayuda UE", r"\b(ayuda|contribucion) (ue|de la union|feder|fse)\b"),
        "pt": W("Contribuição da UE", r"\b(contribuicao|apoio) (da )?(ue|uniao|feder|fse)\b"),
        "hr": W("Doprinos EU", r"\b(doprinos|sredstva) (eu|unije)\b"),
        "ro": W("Contribuția UE", r"\bcontributia (ue|uniunii)\b"),
    },
    "paid_amount": {
        "sv": W("Utbetalt belopp", r"utbetal"),
        "en": W("Amount paid", r"(amount|expenditure|funding)s? paid|paid (out|to)|\bpaid\b"),
        "de": W("Ausgezahlter Betrag", r"(ausgezahlt|ausbezahlt|gezahlt)\w*( gesamt)?( betrag| betrage| gesamtbetrage)?|"
                r"endgultige beteiligung|auszahlung"),
        "fr": W("Montant payé", r"(montant|aides?) (des aides )?(payee?s?|verse)|\bpayee?s?\b"),
        "nl": W("Vastgesteld subsidiebedrag", r"vastgesteld\w*|uitbetaald\w*"),
        "da": W("Udbetalt", r"udbetal"),
        "fi": W("Maksettu tuki", r"maksettu"),
        "pl": W("Kwota wypłacona", r"wyplacon"),
        "cs": W("Proplacené prostředky", r"proplacen|vyplacen"),
        "sl": W("Izplačano", r"izplacan"),
        "lv": W("Izmaksāts", r"izmaksat"),
        "el": W("Πληρωμές", r"πληρωμ|καταβλη"),
        "it": W("Importo pagato", r"pagat|erogat"),
        "es": W("Importe pagado", r"pagad"),
        "pt": W("Montante pago", r"\bpago\b|pagamento"),
        "hr": W("Isplaćeno", r"isplacen"),
        "ro": W("Sume plătite", r"platit"),
    },
    "cofinancing_rate": {
        "sv": W("Medfinansieringsgrad", r"(med|stod)finansieringsgrad|stodandel"),
        "en": W("Union co-financing rate", r"co ?financ\w* rate|co ?finance rate|intervention rate"),
        # "Unions-Kofinan- zierungssatz pro Prioritäts-achse" (Thüringen, Schleswig-Holstein): hyphenated in the cell.
        "de": W("Kofinanzierungssatz", r"(ko)?finanzierungssatz|f(o|oe)rdersatz|(ko)?finanzierungsquote|"
                r"kofinan ?zierungs ?(satz|quote)"),
        "fr": W("Taux de cofinancement", r"taux (de )?(co ?financement|d intervention)"),
        "nl": W("Cofinancieringspercentage", r"co ?financierings(percentage|graad)|steunpercentage"),
        "da": W("Medfinansieringssats", r"medfinansierings(sats|procent|grad)"),
        "fi": W("Osarahoitusaste", r"osarahoitus(aste|osuus)|tukiprosentti"),
        "pl": W("Poziom dofinansowania", r"(poziom|stopa) (dofinansowania|wspolfinansowania)"),
        "cs": W("Míra spolufinancování", r"mira (spolu)?financovani"),
        "sl": W("Stopnja sofinanciranja", r"stopnja sofinanciranja"),
        "lv": W("Līdzfinansējuma likme", r"lidzfinansejuma (likme|procents)"),
        "el": W("Ποσοστό συγχρηματοδότησης", r"ποσοστο συγχρηματοδοτησης"),
        "it": W("Tasso di cofinanziamento", r"tasso (di )?cofinanziamento"),
        "es": W("Tasa de cofinanciación", r"tasa (de )?cofinanciacion"),
        "pt": W("Taxa de cofinanciamento", r"taxa (de )?cofinanciamento"),
        "hr": W("Stopa sufinanciranja", r"stopa sufinanciranja"),
        "ro": W("Rata de cofinanțare", r"rata (de )?cofinantare"),
    },
    "start_date": {
        "sv": W("Startdatum", r"start ?datum|projektstart|\bfrom\b|\bstart\b"),
        "en": W("Start date", r"start (and end )?dates?|date of start|\bstart\b|\bbegin"),
        "de": W("Beginn", r"(vorhabens|projekt)?beginn|startdatum|laufzeit von"),
        "fr": W("Date de début", r"date (de )?debut|debut (de l )?operation"),
        "nl": W("Startdatum", r"start ?datum|begindatum|aanvangsdatum"),
        "da": W("Startdato", r"start ?dato"),
        "fi": W("Alkamispäivä", r"alkamis ?(paiva|pvm)|\balkaa\b|aloitus"),
        "pl": W("Data rozpoczęcia", r"data rozpoczecia|rozpoczecie"),
        "cs": W("Datum zahájení", r"(datum|skutecne) zahajeni|zahajeni"),
        "sl": W("Datum začetka", r"datum zacetka|zacetek"),
        "lv": W("Sākuma datums", r"sakuma datums|uzsaksanas"),
        "el": W("Ημερομηνία έναρξης", r"εναρξη|εναρξης"),
        "it": W("Data di inizio", r"data (di )?inizio"),
        "es": W("Fecha de inicio", r"fecha (de )?inicio"),
        "pt": W("Data de início", r"data (de )?inicio"),
        "hr": W("Datum početka", r"datum pocetka|pocetak"),
        "ro": W("Data începerii", r"data (de )?inceput|data inceperii"),
    },
    "end_date": {
        "sv": W("Slutdatum", r"slut ?datum|projektslut|\btom\b|\bslut\b"),
        "en": W("End date", r"\bend date|date of (end|completion)|completion date|\bend\b"),
        # "Datum des Endes des Vorhabens" (Niedersachsen's ESF list): the genitive too.
        "de": W("Ende", r"(vorhabens|projekt)?endes?\b|enddatum|abschlussdatum|laufzeit bis"),
        "fr": W("Date de fin", r"date (de )?(fin|cloture)|fin (de l )?operation"),
        "nl": W("Einddatum", r"eind ?datum"),
        "da": W("Slutdato", r"slut ?dato"),
        "fi": W("Päättymispäivä", r"paattymis ?(paiva|pvm)|\bpaattyy\b"),
        "pl": W("Data zakończenia", r"data zakonczenia|zakonczenie"),
        "cs": W("Datum ukončení", r"(datum|skutecne|predpokladane) ukonceni|ukonceni"),
        "sl": W("Datum zaključka", r"datum (zakljucka|konca)|zakljucek"),
        "lv": W("Beigu datums", r"beigu datums|pabeigsanas"),
        "el": W("Ημερομηνία λήξης", r"ληξη|ληξης|ολοκληρωσης"),
        "it": W("Data di fine", r"data (di )?(fine|conclusione)"),
        "es": W("Fecha de finalización", r"fecha (de )?(fin|finalizacion)"),
        "pt": W("Data de fim", r"data (de )?(fim|conclusao)"),
        "hr": W("Datum završetka", r"datum zavrsetka|zavrsetak"),
        "ro": W("Data finalizării", r"data (de )?(sfarsit|finalizare|finalizarii)"),
    },
    "fund": {
        # Swedish regional lists head the fund column "Program" ("ERUF", "Interreg Aurora").
        "sv": W("Fond", r"\bfond(er)?\b|\bprogram\b", r"finansiar"),
        "en": W("Fund", r"\bfunds?\b"),
        "de": W("Fonds", r"\bfonds\b"),
        "fr": W("Fonds", r"\bfonds\b"),
        "nl": W("Fonds", r"\bfonds\b"),
        "da": W("Fond", r"\bfond\b"),
        "fi": W("Rahasto", r"\brahasto\b"),
        "pl": W("Fundusz", r"\bfundusz\b"),
        "cs": W("Fond", r"\bfond\b"),
        "sl": W("Sklad", r"\bsklad\b"),
        "lv": W("Fonds", r"\bfonds\b"),
        "el": W("Ταμείο", r"\bταμειο\b"),
        "it": W("Fondo", r"\bfondo\b"),
        "es": W("Fondo", r"\bfondo\b"),
        "pt": W("Fundo", r"\bfundo\b"),
        "hr": W("Fond", r"\bfond\b"),
        "ro": W("Fond", r"\bfond(ul)?\b"),
    },
    "programme": {
        "sv": W("Programnamn", r"programnamn|\bprogrammet\b"),
        "en": W("Operational programme", r"operational program|\bprogramme\b|\bprogram\b"),
        "de": W("Operationelles Programm", r"operationelles programm|\bprogramm\b"),
        "fr": W("Programme opérationnel", r"programme operationnel|\bprogramme\b"),
        "nl": W("Operationeel programma", r"\bprogramma\b"),
        "da": W("Program", r"\bprogram\b"),
        "fi": W("Ohjelma", r"\bohjelma\b"),
        "pl": W("Program operacyjny", r"program operacyjny|\bprogram\b"),
        "cs": W("Operační program", r"operacni program|\bprogram\b"),
        "sl": W("Operativni program", r"operativni program"),
        "lv": W("Darbības programma", r"darbibas programma"),
        "el": W("Επιχειρησιακό πρόγραμμα", r"επιχειρησιακο προγραμμα|\bπρογραμμα\b"),
        "it": W("Programma operativo", r"programma operativo|\bprogramma\b"),
        "es": W("Programa operativo", r"programa operativo|\bprograma\b"),
        "pt": W("Programa operacional", r"programa operacional|\bprograma\b"),
        "hr": W("Operativni program", r"operativni program"),
        "ro": W("Program operațional", r"program operational"),
    },
    "priority": {
        "sv": W("Prioritering", r"prioritering|prioriterat omrade|insatsomrade", r"priorit|\bmal\b"),
        "en": W("Priority axis", r"priority (axis|area)|\bpriority\b"),
        "de": W("Prioritätsachse", r"prioritat(sachse)?|\bachse\b"),
        "fr": W("Axe prioritaire", r"axe (prioritaire)?|\bpriorite\b|\bmesure\b"),
        "nl": W("Prioriteit", r"prioriteit(as)?"),
        "da": W("Prioritetsakse", r"prioritet(sakse)?|indsatsomrade"),
        "fi": W("Toimintalinja", r"toimintalinja|prioriteetti"),
        "pl": W("Oś priorytetowa", r"os priorytetowa|priorytet"),
        "cs": W("Prioritní osa", r"prioritni osa"),
        "sl": W("Prednostna os", r"prednostna (os|nalozba)"),
        "lv": W("Prioritārais virziens", r"prioritar\w* virziens"),
        "el": W("Άξονας προτεραιότητας", r"αξονας προτεραιοτητας"),
        "it": W("Asse prioritario", r"asse( prioritario)?\b"),
        "es": W("Eje prioritario", r"eje( prioritario)?\b"),
        "pt": W("Eixo prioritário", r"eixo( prioritario)?\b"),
        "hr": W("Prioritetna os", r"prioritetna os"),
        "ro": W("Axa prioritară", r"axa prioritara"),
    },
    "specific_objective": {
        "sv": W("Specifikt mål", r"specifikt mal"),
        "en": W("Specific objective", r"specific objective|investment priority"),
        "de": W("Spezifisches Ziel", r"spezifisches ziel|investitionsprioritat"),
        "fr": W("Objectif spécifique", r"objectif specifique|priorite d investissement"),
        "nl": W("Specifieke doelstelling", r"specifieke doelstelling|investeringsprioriteit"),
        "da": W("Specifikt mål", r"specifikt mal"),
        "fi": W("Erityistavoite", r"erityistavoite"),
        "pl": W("Cel szczegółowy", r"cel szczegolowy|priorytet inwestycyjny"),
        "cs": W("Specifický cíl", r"specificky cil"),
        "sl": W("Specifični cilj", r"specificni cilj"),
        "lv": W("Specifiskais atbalsta mērķis", r"specifisk\w* (atbalsta )?merk"),
        "el": W("Ειδικός στόχος", r"ειδικος στοχος"),
        "it": W("Obiettivo specifico", r"obiettivo specifico"),
        "es": W("Objetivo específico", r"objetivo especifico"),
        "pt": W("Objetivo específico", r"objetivo especifico"),
        "hr": W("Specifični cilj", r"specificni cilj"),
        "ro": W("Obiectiv specific", r"obiectiv(ul)? specific"),
    },
    "intervention_category": {
        "sv": W("Insatskategori", r"insatskategori|interventionskategori"),
        "en": W("Category of intervention", r"categor(y|ies) of intervention|intervention (field|category|code)"),
        "de": W("Interventionskategorie", r"interventions(kategorie|bereich|code)"),
        "fr": W("Catégorie d'intervention", r"categorie d intervention|domaine d intervention"),
        "nl": W("Steunverleningscategorie", r"(steunverlenings|interventie)categorie"),
        "da": W("Interventionskategori", r"interventionskategori|indsatsomrade kode"),
        "fi": W("Toimenpideluokka", r"toimenpide(luokka|kategoria)|toimintalaji"),
        "pl": W("Kategoria interwencji", r"(kategoria|zakres) interwencji"),
        "cs": W("Kategorie intervence", r"(kategorie|oblast) intervence"),
        "sl": W("Kategorija ukrepanja", r"kategorija (ukrepanja|intervencije)"),
        "lv": W("Intervences kategorija", r"intervences (kategorija|kods)"),
        "el": W("Κατηγορία παρέμβασης", r"(κατηγορια|πεδιο) παρεμβασης"),
        "it": W("Categoria di operazione", r"categori\w* (di )?(intervento|operazione)"),
        "es": W("Categoría de intervención", r"categoria (de )?intervencion"),
        "pt": W("Categoria de intervenção", r"categoria (de )?intervencao"),
        "hr": W("Kategorija intervencije", r"kategorija intervencije"),
        "ro": W("Categoria de intervenție", r"categori\w* de interventie"),
    },
    "country": {
        "sv": W("Land", r"^land$"), "en": W("Country", r"\bcountry\b"), "de": W("Staat", r"^(land|staat)$"),
        "fr": W("Pays", r"\bpays\b"), "nl": W("Land", r"^land$"), "da": W("Land", r"^land$"),
        "fi": W("Maa", r"^maa$"), "pl": W("Kraj", r"^kraj$"), "cs": W("Země", r"^zeme$"), "sl": W("Država", r"^drzava$"),
        "lv": W("Valsts", r"^valsts$"), "el": W("Χώρα", r"^χωρα$"), "it": W("Paese", r"^(paese|stato)$"),
        "es": W("País", r"^pais$"), "pt": W("País", r"^pais$"), "hr": W("Država", r"^drzava$"),
        "ro": W("Țara", r"^tara$"),
    },
    "nuts_code": {lang: W("NUTS", r"\bnuts\b") for lang in
                  ("sv", "en", "de", "fr", "nl", "da", "fi", "pl", "cs", "sl", "lv", "el", "it", "es", "pt", "hr", "ro")},
    "postcode": {
        "sv": W("Postnummer", r"post ?nummer|postnr"), "en": W("Postcode", r"post ?code|zip|postal code"),
        "de": W("PLZ", r"\bplz\b|postleitzahl"), "fr": W("Code postal", r"code postal|\bcp\b"),
        "nl": W("Postcode", r"post ?code"), "da": W("Postnummer", r"post ?nummer|postnr"),
        "fi": W("Postinumero", r"postinumero"), "pl": W("Kod pocztowy", r"kod pocztowy"),
        "cs": W("PSČ", r"\bpsc\b"), "sl": W("Poštna številka", r"postna stevilka"), "lv": W("Pasta indekss", r"pasta indekss"),
        "el": W("Ταχυδρομικός κώδικας", r"ταχυδρομικ\w* κωδικ|\bτκ\b"), "it": W("CAP", r"\bcap\b|codice postale"),
        "es": W("Código postal", r"codigo postal"), "pt": W("Código postal", r"codigo postal"),
        "hr": W("Poštanski broj", r"postanski broj"), "ro": W("Cod poștal", r"cod postal"),
    },
    "place": {
        "sv": W("Ort", r"^ort$|genomforandeort|\bplats\b"), "en": W("Location", r"\blocation\b|\btown\b|\bcity\b"),
        "de": W("Ort", r"\bort\b|standort|gemeinde|durchfuhrungsort"), "fr": W("Localisation", r"localisation|\blieu\b|\bcommune\b"),
        "nl": W("Plaats", r"\bplaats\b|vestigingsplaats|gemeente|locatie"), "da": W("Sted", r"\bsted\b|\bby\b|kommune"),
        "fi": W("Kunta", r"\bkunta\b|sijainti|paikkakunta"), "pl": W("Miejsce realizacji", r"miejsce realizacji|lokalizacja"),
        "cs": W("Místo realizace", r"misto realizace"), "sl": W("Kraj izvajanja", r"kraj izvajanja|lokacija"),
        "lv": W("Īstenošanas vieta", r"istenosanas vieta"), "el": W("Τόπος υλοποίησης", r"τοπος|περιφερεια|δημος"),
        "it": W("Luogo", r"\bluogo\b|\bcomune\b|localizzazione"), "es": W("Localización", r"localizacion|municipio|ubicacion"),
        "pt": W("Localização", r"localizacao|concelho|municipio"), "hr": W("Lokacija", r"lokacija|mjesto"),
        "ro": W("Localizare", r"localizare|localitate"),
    },
    "municipalities": {"sv": W("Kommuner", r"kommuner|kommun"), "en": W("Municipalities", r"municipalit")},
    "counties": {"sv": W("Län", r"\blan\b"), "en": W("County", r"\bcount(y|ies)\b")},
    "summary": {
        "sv": W("Sammanfattning", r"sammanfattning|beskrivning", r"syfte|om projektet|\binnehall\b"),
        "en": W("Project description", r"summary|description|\baims?\b"),
        "de": W("Projektbeschreibung", r"beschreibung|kurzbeschreibung|zusammenfassung|inhalt"),
        "fr": W("Résumé de l'opération", r"resume|description|objet"), "nl": W("Samenvatting", r"samenvatting|omschrijving|beschrijving|\b(project)?inhoud\b"),
        "da": W("Resumé", r"resume|beskrivelse|formal"), "fi": W("Tiivistelmä", r"tiivistelma|kuvaus"),
        "pl": W("Opis projektu", r"\bopis\b|streszczenie"), "cs": W("Popis projektu", r"\bpopis\b|shrnuti"),
        "sl": W("Povzetek", r"povzetek|\bopis\b"), "lv": W("Apraksts", r"apraksts|kopsavilkums"),
        "el": W("Περιγραφή", r"περιγραφη|συνοψη"), "it": W("Sintesi", r"sintesi|descrizione"),
        "es": W("Resumen", r"resumen|descripcion"), "pt": W("Resumo", r"resumo|descricao"),
        "hr": W("Sažetak", r"sazetak|\bopis\b"), "ro": W("Rezumat", r"rezumat|descriere"),
    },
    "status": {
        "sv": W("Status", r"\bstatus\b"), "en": W("Status", r"\bstatus\b|\bstate\b"), "de": W("Status", r"\bstatus\b|\bstand\b"),
        "fr": W("Statut", r"\bstatut\b|\betat\b"), "nl": W("Status", r"\bstatus\b"), "da": W("Status", r"\bstatus\b"),
        "fi": W("Tila", r"^tila$"), "pl": W("Status", r"\bstatus\b"), "cs": W("Stav", r"nazev stavu|\bstav(u)?\b"),
        "sl": W("Status", r"\bstatus\b"), "lv": W("Statuss", r"\bstatuss\b"), "el": W("Κατάσταση", r"κατασταση"),
        "it": W("Stato", r"^stato( del progetto)?$"), "es": W("Estado", r"\bestado\b"), "pt": W("Estado", r"\bestado\b"),
        "hr": W("Status", r"\bstatus\b"), "ro": W("Stadiu", r"\bstadiu\b|\bstatus\b"),
    },
}

_BENEFICIARY_WORDS = (r"begunstigt|beneficiar|beneficjent|aanvrager|δικαιουχ|stodmottagare|tuensaaja|toteuttaja|"
                      r"upravicenec|korisnik|zadatel|prijemce|sanemej|tilsagnsmodtager|projektagare|sokande")
_RATE_WORDS = r"\brate\b|\bsatz\b|\bquote\b|\btaux\b|percent|procent|%|\btasso\b|\btasa\b|\btaxa\b|\bstopa\b|\bmira\b"

#: Record field -> patterns that rule the field out (folded like the headers).
NEVER: dict[str, tuple[str, ...]] = {
    # "Name des Begünstigten", "Naam aanvrager", "beneficiary name": the beneficiary's name, not the operation's.
    "title": (_BENEFICIARY_WORDS, r"adress|anschrift|\bcontact",
              r"\b(betrag|betrage|amount|montant|bedrag|belopp|beteiligung)\b"),
    "case_id": (_BENEFICIARY_WORDS, r"\bpostcode\b|\bplz\b"),
    "beneficiary": (r"adress|anschrift|address|\bsitz\b|\bort\b|\bplz\b|postcode|code postal|kontakt|contact", _RATE_WORDS,
                    r"\b(amount|betrag|betrage|montant|bedrag|belopp)\b|\bauszahlung\b"),
    # Malta's "Co-financing Rate [ERDF ... Fund]" is a rate; "ESF/ERDF Grant requested" an amount.
    "fund": (_RATE_WORDS, r"\b(grant|amount|betrag|montant|bedrag|belopp|mittel|expenditure)\b"),
    "programme": (_RATE_WORDS, r"\b(grant|amount|betrag|montant)\b"),
    # Malta's "Public Expenditure Paid to Beneficiary / Amounts Committed" is the amount committed: "paid"
    # in a parent header does not rule it out (the longer "amounts committed" wins).
    "granted_amount": (_RATE_WORDS, r"\bstatus\b|\bjahr\b|\bjaar\b|\byear\b|\bdate\b|\bdatum\b|"
                       r"ausgezahlt|ausbezahlt|vastgesteld"),
    "total_budget": (_RATE_WORDS, r"\bjahr\b|\byear\b|gezahlt|\bpaid\b|\bpayee"),
    # A rate word rules the EU amount out unless the header says it is an amount ("Montant UE programmé -
    # Union co-financing rate", France: a mistranslation; its cells are euros).
    "eu_amount": (rf"^(?!.*\b(montant|amount|betrag)\b).*({_RATE_WORDS})", r"\bpayee|\bpaid\b|gezahlt"),
    # "Status G = genehmigt, A = ausbezahlt": a status column whose legend names payment.
    "paid_amount": (_RATE_WORDS, r"\bstatus\b|\bjahr\b|\bjaar\b|\byear\b|\bdatum\b|\bdate\b"),
    # France's "Montant UE programmé - Union co-financing rate" holds the EU amount, not a rate.
    "cofinancing_rate": (r"\b(montant|amount|betrag|bedrag|belopp|kwota|importo|importe|montante|castka)\b",),
    "start_date": (r"\bstatus\b|\bamount\b|\bbetrag\b",),
    "end_date": (r"\bstatus\b|\bamount\b|\bbetrag\b|start and end",),
    "summary": (_BENEFICIARY_WORDS,),
    "status": (r"\bdatum\b|\bdate\b",),
    # "Unions-Kofinanzierungssatz pro Prioritätsachse" is a rate, not the priority.
    "priority": (r"\binvestment priority\b|investitionsprioritat|priorite d investissement", _RATE_WORDS,
                 r"kofinan|co ?financ|cofinanc"),
    "place": (_BENEFICIARY_WORDS,),
}

LANGUAGES = ("sv", "en", "de", "fr", "nl", "da", "fi", "pl", "cs", "sl", "lv", "el", "it", "es", "pt", "hr", "ro")
"""The languages the table covers (ISO 639-1); every language of a core field is one of them."""

_BRACKETS = re.compile(r"[()\[\]]")
_PUNCTUATION = re.compile(r"[^\w%€£$ ]+")
# Letters NFKD does not decompose, written as their base letters (Danish, Norwegian, Polish, Croatian, German).
_LETTERS = str.maketrans({"ς": "σ", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "ð": "d",
                          "þ": "th"})


def fold(text: str) -> str:
    """Header text as patterns see it: casefolded, diacritics dropped, punctuation turned to spaces,
    spaces collapsed. "Begünstigte/r" -> "begunstigte r"; "Coût total (€)" -> "cout total €"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_LETTERS)
    text = _BRACKETS.sub("", text)  # "Kommun(er)" -> "kommuner"
    return " ".join(_PUNCTUATION.sub(" ", text).replace("_", " ").split())


def _fold_pattern(pattern: str) -> str:
    text = unicodedata.normalize("NFKD", pattern.casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).translate(_LETTERS)


class CompiledWording(NamedTuple):
    """A compiled pattern of ``ALIASES``: field, language, rank (0 strongest) and the regular expression."""

    field: str
    language: str
    rank: int
    regex: re.Pattern


COMPILED: tuple[CompiledWording, ...] = tuple(
    CompiledWording(field, language, rank, re.compile(_fold_pattern(pattern)))
    for field, languages in ALIASES.items() for language, wording in languages.items()
    for rank, pattern in enumerate(wording.patterns))
"""Every pattern of ``ALIASES``, compiled once."""

COMPILED_NEVER: dict[str, tuple[re.Pattern, ...]] = {
    field: tuple(re.compile(_fold_pattern(p)) for p in patterns) for field, patterns in NEVER.items()}
"""Every pattern of ``NEVER``, compiled once."""


def example(field: str, language: str) -> str:
    """The header a list in ``language`` would print for ``field`` (English when the table has no entry)."""
    wordings = ALIASES[field]
    return (wordings.get(language) or wordings["en"]).example

#: Words that mark an operation withdrawn, cancelled or ended without payment, per language (folded);
#: such a row may leave its amount empty (the amount is then absent, never 0).
WITHDRAWN: dict[str, str] = {
    "sv": r"aterkallad|aterkallat|avbrutet|avbruten|\bstrukit|\butgar\b", "en": r"withdrawn|cancell?ed|terminated|revoked",
    "de": r"zuruckgezogen|zuruckgenommen|widerrufen|storniert|verzicht|aufgehoben|ruckabgewickelt",
    "fr": r"retire|annule|abandonne|desistement|resilie", "nl": r"ingetrokken|intrekking|vervallen|geannuleerd|afgewezen",
    "da": r"tilbagetrukket|annulleret|bortfaldet", "fi": r"peruttu|peruutettu|keskeytetty",
    "pl": r"wycofan|rozwiazan|anulowan", "cs": r"stazen|zrusen|ukonceno predcasne", "sl": r"umaknjen|preklican",
    "lv": r"atsaukt|izbeigt", "el": r"αποσυρθ|ανακλη|απενταξ", "it": r"ritirat|revocat|annullat|rinuncia",
    "es": r"retirad|anulad|renuncia|revocad", "pt": r"retirad|anulad|desistencia|revogad",
    "hr": r"povucen|ponisten|raskinut", "ro": r"retras|anulat|reziliat",
}
WITHDRAWN_PATTERN = re.compile("|".join(_fold_pattern(p) for p in WITHDRAWN.values()))
"""Any of ``WITHDRAWN``, compiled once; search it in folded text."""

#: How a totals row labels itself, per language (folded): a word for "total", or a count of operations.
TOTALS_WORDS: dict[str, str] = {
    "sv": r"totalsumma|totalt|summa|total", "en": r"grand total|totals?|sum", "de": r"gesamtsumme|summe|gesamt|insgesamt",
    "fr": r"total general|total|somme", "nl": r"totaal|totalen", "da": r"i alt|total", "fi": r"yhteensa",
    "pl": r"razem|suma", "cs": r"celkem", "sl": r"skupaj", "lv": r"kopa|pavisam", "el": r"συνολο|γενικο συνολο",
    "it": r"totale", "es": r"total", "pt": r"total", "hr": r"ukupno", "ro": r"total",
}
OPERATION_WORDS = (r"projekt|projects?|arenden|operations?|vorhaben|projekte|projets|projecten|hankkeet|"
                   r"projektow|projektu|projekti|projekata|proiecte|πραξεις")
TOTALS_LABEL = re.compile(rf"^(?:\d+ (?:{OPERATION_WORDS}) ?)?(?:{'|'.join(TOTALS_WORDS.values())})?(?: (?:{OPERATION_WORDS}))?$")
"""A cell that holds only a totals label ("TOTALSUMMA:", "17 PROJEKT", "Summe"), matched on folded text."""
TOTALS_WORD = re.compile(rf"(?:^| )(?:{'|'.join(TOTALS_WORDS.values())})(?: |$)|^\d{{1,6}} (?:{OPERATION_WORDS})(?: |$)")
"""A totals word anywhere in folded text, or a count of operations starting it ("17 projekt …"). A count has at
most six digits and stands first: a row's case id or amount before a title beginning "Projekt ..." ("10000000
projekt", "1 000 projekt") and a priority "Prioritering 1: projekt …" are no count."""

#: Cells that say "no value" (folded): the field is then absent, never 0. A cell of only dashes folds to "".
NOT_GIVEN = frozenset({"", "n a", "na", "k a", "nv", "n v", "ei", "nd", "n d", "keine angabe", "not applicable",
                       "nicht zutreffend", "sans objet", "ej tillamplig", "niet van toepassing", "none", "nil"})
