"""Interface text in Swedish (the default) and English, and number formatting for each language.

The language of a page comes from ``?lang=sv|en`` (which the web blueprint also remembers in the
``lang`` cookie), else that cookie, else the browser's Accept-Language, else Swedish. Data values (titles, summaries, labels of concepts)
are shown as published; only the interface text is translated. Amounts follow each language's
conventions: Swedish "72 750 869 kr" (space as thousands separator, Språkrådet's recommendation),
English "SEK 72,750,869".
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from werkzeug.datastructures import LanguageAccept

from ..page import DEFAULT_LANGUAGE, NBSP  # one definition for the pages and their interface text
from ..page import PAGE_LANGUAGES as LANGUAGES
from ..page import format_date  # noqa: F401 - dates read the same on every page; the web front formats them here

COOKIE = "lang"

TEXTS: dict[str, dict[str, str]] = {
    "site_name": {"sv": "Beviljade projekt", "en": "Granted projects"},
    "site_tagline": {"sv": "Öppna länkade data om projekt som beviljats EU-medel och regionala medel",
                     "en": "Linked open data on projects granted EU and regional funding"},
    "skip_to_content": {"sv": "Hoppa till innehållet", "en": "Skip to content"},
    "nav_label": {"sv": "Huvudmeny", "en": "Main menu"},
    "nav_home": {"sv": "Översikt", "en": "Overview"},
    "nav_projects": {"sv": "Projekt", "en": "Projects"},
    "nav_sparql": {"sv": "SPARQL", "en": "SPARQL"},
    "nav_data": {"sv": "Ladda ner", "en": "Download"},
    "language_label": {"sv": "Språk", "en": "Language"},
    "switch_language": {"sv": "In English", "en": "På svenska"},
    "footer_data_by": {"sv": "Data publicerade av", "en": "Data published by"},
    "footer_licence": {"sv": "Licens", "en": "Licence"},
    "footer_catalogue": {"sv": "Datakatalog (DCAT-AP)", "en": "Data catalogue (DCAT-AP)"},
    "footer_published": {"sv": "Publicerad", "en": "Published"},
    # landing page
    "landing_intro": {
        "sv": "Här finns alla projekt i regionens listor över beviljade projekt: vem som fått pengarna, hur mycket, "
              "ur vilken fond, för vilken prioritering och i vilka kommuner. Datan är öppen och länkad: varje projekt, "
              "stödmottagare och kommun har en egen adress som går att läsa av både människor och program.",
        "en": "This site holds every project in the region's lists of granted projects: who received the money, how "
              "much, from which fund, for which priority and in which municipalities. The data is open and linked: "
              "every project, beneficiary and municipality has its own address, readable by people and programs."},
    "published_on": {"sv": "Publicerad {date}.", "en": "Published on {date}."},
    "figures_heading": {"sv": "Datamängden i siffror", "en": "The dataset in figures"},
    "figure_projects": {"sv": "projekt", "en": "projects"},
    "figure_granted": {"sv": "beviljat belopp", "en": "granted amount"},
    "figure_budget": {"sv": "total budget", "en": "total budget"},
    "figure_beneficiaries": {"sv": "stödmottagare", "en": "beneficiaries"},
    "charts_heading": {"sv": "Beviljat belopp", "en": "Granted amount"},
    "chart_by_fund": {"sv": "Beviljat belopp per fond", "en": "Granted amount per fund"},
    "chart_by_priority": {"sv": "Beviljat belopp per prioritering", "en": "Granted amount per priority"},
    "chart_by_municipality": {"sv": "Beviljat belopp per kommun", "en": "Granted amount per municipality"},
    "chart_desc": {"sv": "Stapeldiagram över {count} {what}, störst först. Högst: {top} med {amount}.",
                   "en": "Bar chart of {count} {what}, largest first. Highest: {top} with {amount}."},
    "chart_what_fund": {"sv": "fonder", "en": "funds"},
    "chart_what_priority": {"sv": "prioriteringar", "en": "priorities"},
    "chart_what_municipality": {"sv": "kommuner", "en": "municipalities"},
    "chart_top_of": {"sv": "De {shown} kommuner med störst belopp av {total}.",
                     "en": "The {shown} municipalities with the largest amounts, of {total}."},
    "chart_municipality_note": {
        "sv": "Ett projekt som verkar i flera kommuner räknas fullt i var och en, så summan över kommuner är större "
              "än det totala beviljade beloppet.",
        "en": "A project working in several municipalities counts in full in each, so the sum over municipalities "
              "exceeds the total granted amount."},
    "show_table": {"sv": "Visa som tabell", "en": "Show as a table"},
    "col_name": {"sv": "Namn", "en": "Name"},
    "col_projects": {"sv": "Projekt", "en": "Projects"},
    "col_granted": {"sv": "Beviljat belopp", "en": "Granted amount"},
    "col_budget": {"sv": "Total budget", "en": "Total budget"},
    "use_heading": {"sv": "Använd datan", "en": "Use the data"},
    "use_browse": {"sv": "Bläddra och sök bland projekten", "en": "Browse and search the projects"},
    "use_browse_text": {"sv": "Filtrera på fond, prioritering, kommun eller stödmottagare och ladda ner urvalet som CSV.",
                        "en": "Filter by fund, priority, municipality or beneficiary and download the selection as CSV."},
    "use_dumps": {"sv": "Ladda ner hela datamängden", "en": "Download the whole dataset"},
    "use_catalogue": {"sv": "Datakatalogen (DCAT-AP), för dataportaler", "en": "The data catalogue (DCAT-AP), for data portals"},
    "use_sparql": {"sv": "Fråga med SPARQL", "en": "Query with SPARQL"},
    "use_sparql_text": {"sv": "Ställ egna frågor mot SPARQL-ändpunkten, till exempel:",
                        "en": "Ask your own questions at the SPARQL endpoint, for example:"},
    "no_figures": {"sv": "Siffrorna saknas: datamängden är inte publicerad med figures.json.",
                   "en": "The figures are missing: the dataset was not published with figures.json."},
    # example queries (titles; the queries themselves live in web/examples.py)
    "example_count": {"sv": "Antal projekt och beviljat belopp per fond", "en": "Projects and granted amount per fund"},
    "example_municipality": {"sv": "Projekt i Skellefteå med belopp", "en": "Projects in Skellefteå with amounts"},
    "example_beneficiary": {"sv": "Stödmottagare med flest projekt", "en": "Beneficiaries with the most projects"},
    # browse page
    "projects_heading": {"sv": "Projekt", "en": "Projects"},
    "filters_heading": {"sv": "Sök och filtrera", "en": "Search and filter"},
    "search_label": {"sv": "Sök i titel och sammanfattning", "en": "Search titles and summaries"},
    "filter_fund": {"sv": "Fond", "en": "Fund"},
    "filter_priority": {"sv": "Prioritering", "en": "Priority"},
    "filter_municipality": {"sv": "Kommun", "en": "Municipality"},
    "filter_beneficiary": {"sv": "Stödmottagare", "en": "Beneficiary"},
    "filter_any": {"sv": "Alla", "en": "All"},
    "sort_label": {"sv": "Sortera efter", "en": "Sort by"},
    "sort_title": {"sv": "Titel", "en": "Title"},
    "sort_granted": {"sv": "Beviljat belopp", "en": "Granted amount"},
    "sort_budget": {"sv": "Total budget", "en": "Total budget"},
    "sort_case_id": {"sv": "Ärende-id", "en": "Case id"},
    "order_label": {"sv": "Ordning", "en": "Order"},
    "order_asc": {"sv": "Stigande", "en": "Ascending"},
    "order_desc": {"sv": "Fallande", "en": "Descending"},
    "active_filters": {"sv": "Valda filter", "en": "Active filters"},
    "remove_filter": {"sv": "Ta bort filtret {what}", "en": "Remove the filter {what}"},
    "apply_filters": {"sv": "Visa projekt", "en": "Show projects"},
    "clear_filters": {"sv": "Rensa filter", "en": "Clear filters"},
    "results_count": {"sv": "{count} projekt", "en": "{count} projects"},
    "results_more": {"sv": "Mer än {count} projekt", "en": "More than {count} projects"},
    "results_page": {"sv": "Sida {page}", "en": "Page {page}"},
    "results_matching": {"sv": "Matchande projekt, sida {page}", "en": "Matching projects, page {page}"},
    "results_table_caption": {"sv": "Projekt som matchar urvalet", "en": "Projects matching the selection"},
    "col_title": {"sv": "Titel", "en": "Title"},
    "col_case_id": {"sv": "Ärende-id", "en": "Case id"},
    "col_beneficiary": {"sv": "Stödmottagare", "en": "Beneficiary"},
    "col_fund": {"sv": "Fond", "en": "Fund"},
    "col_municipalities": {"sv": "Kommuner", "en": "Municipalities"},
    "no_results": {"sv": "Inga projekt matchar urvalet.", "en": "No projects match the selection."},
    "page_nav_label": {"sv": "Sidor", "en": "Pages"},
    "page_previous": {"sv": "Föregående sida", "en": "Previous page"},
    "page_next": {"sv": "Nästa sida", "en": "Next page"},
    "download_csv": {"sv": "Ladda ner urvalet som CSV", "en": "Download the selection as CSV"},
    "query_heading": {"sv": "SPARQL-frågan bakom urvalet", "en": "The SPARQL query behind the selection"},
    "query_run": {"sv": "Kör frågan i SPARQL-redigeraren", "en": "Run the query in the SPARQL editor"},
    "query_results_csv": {"sv": "Frågans svar direkt från SPARQL-ändpunkten (CSV)",
                          "en": "The query's results straight from the SPARQL endpoint (CSV)"},
    "sorted_by": {"sv": "sorterat efter", "en": "sorted by"},
    "bad_filter": {"sv": "Okänt filtervärde för {field}: det finns inget sådant i datamängden.",
                   "en": "Unknown filter value for {field}: there is no such thing in the dataset."},
    "browse_timeout": {"sv": "Urvalet tog för lång tid att ta fram just nu. Försök igen om en stund, eller "
                              "snäva in det med ett filter eller en sökning.",
                       "en": "The selection took too long to produce just now. Try again shortly, or narrow it "
                             "with a filter or a search."},
    # resource pages
    "project_amounts": {"sv": "Belopp", "en": "Amounts"},
    "project_share": {"sv": "Beviljat belopp är {share} av den totala budgeten.",
                      "en": "The granted amount is {share} of the total budget."},
    "project_counties": {"sv": "Län", "en": "Counties"},
    "project_summary": {"sv": "Sammanfattning", "en": "Summary"},
    "project_where": {"sv": "Kommuner", "en": "Municipalities"},
    "project_source": {"sv": "Källa", "en": "Source"},
    "project_source_page": {"sv": "sidan {pages}", "en": "page {pages}"},
    "municipality_projects": {"sv": "Projekt i kommunen", "en": "Projects in the municipality"},
    "municipality_totals": {"sv": "{count} projekt med sammanlagt {granted} beviljat.",
                            "en": "{count} projects granted {granted} in all."},
    "browse_these": {"sv": "Bläddra bland dessa projekt", "en": "Browse these projects"},
    "municipality_shown": {"sv": "Här visas {shown} av kommunens projekt. Alla, sorterade och filtrerbara, finns via länken nedan.",
                           "en": "{shown} of the municipality's projects are shown here. All of them, sorted and filterable, are behind the link below."},
    "all_facts": {"sv": "Alla uppgifter", "en": "All facts"},
    "other_names_languages": {"sv": "på andra språk ({count})", "en": "in other languages ({count})"},
    "reading_facts": {"sv": "Uppgifter", "en": "Facts"},
    "org_listed_as": {"sv": "Namn i listan", "en": "Name in the list"},
    "org_kind": {"sv": "Slag", "en": "Kind"},
    "org_governs": {"sv": "Ansvarar för", "en": "Governs"},
    "org_identifiers": {"sv": "Samma organisation i", "en": "The same organisation in"},
    "doc_file_name": {"sv": "Filnamn", "en": "File name"},
    "doc_pages": {"sv": "Sidor", "en": "Pages"},
    "doc_projects": {"sv": "Projekt i dokumentet", "en": "Projects in the document"},
    "doc_published": {"sv": "Publicerad här", "en": "Published here"},
    "doc_publisher": {"sv": "Utgivare", "en": "Publisher"},
    "fund_managing_authority": {"sv": "Förvaltande myndighet", "en": "Managing authority"},
    "fund_managing_authority_source": {"sv": "Källa för förvaltande myndighet", "en": "Source of the managing authority"},
    "doc_format": {"sv": "Format", "en": "Format"},
    "doc_checksum": {"sv": "Kontrollsumma (SHA-256)", "en": "Checksum (SHA-256)"},
    "chart_by_fund_year": {"sv": "Beviljat per fond och år", "en": "Granted by fund and year"},
    "chart_of_listed": {"sv": "Diagrammet räknar de {shown} projekt som visas nedan.",
                        "en": "The chart counts the {shown} projects listed below."},
    "col_year": {"sv": "År", "en": "Year"},
    "year_unknown": {"sv": "år anges inte", "en": "year not given"},
    "listing_projects": {"sv": "Projekt", "en": "Projects"},
    "listing_shown": {"sv": "Här visas {shown} projekt, de med störst beviljat belopp. Alla finns via länken nedan.",
                      "en": "The {shown} projects with the largest grants are shown here. All of them are behind the "
                            "link below."},
    "places_more": {"sv": "och {more} till", "en": "and {more} more"},
    "catalogue_download": {"sv": "Ladda ner filen", "en": "Download the file"},
    "catalogue_size": {"sv": "Storlek", "en": "Size"},
    "catalogue_endpoint": {"sv": "SPARQL-ändpunkten", "en": "the SPARQL endpoint"},
    "catalogue_distributions": {"sv": "Filer att ladda ner", "en": "Files to download"},
    "linking_here": {"sv": "Pekar hit", "en": "Linking here"},
    "more_linking": {"sv": "… och fler: fråga med SPARQL för att få alla.", "en": "… and more: ask SPARQL for all of them."},
    "rdf_forms": {"sv": "Som data", "en": "As data"},
    "graph_heading": {"sv": "Namngiven graf", "en": "Named graph"},
    "graph_intro": {"sv": "Härkomsten för ett källdokument: vad som lästes ur det och på vilken sida.",
                    "en": "The provenance of one source document: what was read from it and on which page."},
    # error pages: a title and an explanation per status; the server's own message follows as detail
    "error_400": {"sv": "Felaktig förfrågan", "en": "Bad request"},
    "error_400_text": {"sv": "Förfrågan kunde inte tolkas.", "en": "The request could not be understood."},
    "error_403": {"sv": "Inte tillåtet", "en": "Not allowed"},
    "error_403_text": {"sv": "Det här går inte att göra här.", "en": "This cannot be done here."},
    "error_414": {"sv": "För lång adress", "en": "Address too long"},
    "error_414_text": {"sv": "Adressen är längre än servern tar emot.", "en": "The address is longer than the server "
                                                                             "accepts."},
    "error_415": {"sv": "Formatet tas inte emot", "en": "Unsupported media type"},
    "error_415_text": {"sv": "Förfrågans innehåll har ett format som servern inte tar emot.",
                       "en": "The request's body is in a format the server does not take."},
    "error_404": {"sv": "Sidan finns inte", "en": "Not found"},
    "error_404_text": {"sv": "Det finns inget på den här adressen. Kontrollera adressen eller börja från översikten.",
                       "en": "There is nothing at this address. Check the address or start from the overview."},
    "error_405": {"sv": "Metoden stöds inte", "en": "Method not allowed"},
    "error_405_text": {"sv": "Adressen finns men tar inte emot den här sortens förfrågan.",
                       "en": "The address exists but does not take this kind of request."},
    "error_406": {"sv": "Formatet finns inte", "en": "Not acceptable"},
    "error_406_text": {"sv": "Det begärda formatet kan inte levereras här.",
                       "en": "The requested format cannot be delivered here."},
    "error_413": {"sv": "För stort svar", "en": "Result too large"},
    "error_413_text": {"sv": "Svaret har fler rader än servern lämnar ut. Begränsa frågan, till exempel med LIMIT.",
                       "en": "The result has more rows than the server returns. Narrow the query, e.g. with LIMIT."},
    "error_500": {"sv": "Serverfel", "en": "Server error"},
    "error_500_text": {"sv": "Något gick fel hos oss. Felet är loggat.", "en": "Something went wrong on our side. "
                                                                               "It has been logged."},
    "error_502": {"sv": "Datakällan svarar inte", "en": "Data source not answering"},
    "error_502_text": {"sv": "Servern fick inget svar från sin datakälla. Försök igen om en stund.",
                       "en": "The server got no answer from its data source. Try again shortly."},
    "error_503": {"sv": "Tillfälligt otillgänglig", "en": "Temporarily unavailable"},
    "error_503_text": {"sv": "Servern kunde inte svara just nu. Försök igen eller förenkla frågan.",
                       "en": "The server could not answer just now. Try again or simplify the query."},
    "error_detail": {"sv": "Teknisk beskrivning", "en": "Details"},
    # SPARQL page
    "sparql_heading": {"sv": "SPARQL-fråga", "en": "SPARQL query"},
    "sparql_examples": {"sv": "Exempelfrågor", "en": "Example queries"},
    "sparql_results": {"sv": "Frågans svar", "en": "Query results"},
    "sparql_rows": {"sv": "{count} rader", "en": "{count} rows"},
    "sparql_run": {"sv": "Kör frågan", "en": "Run the query"},
    "sparql_your_query": {"sv": "Din fråga", "en": "Your query"},
    "sparql_format": {"sv": "Svarets format", "en": "Result format"},
    "sparql_format_accept": {"sv": "(efter Accept)", "en": "(by Accept)"},
    "sparql_endpoint": {"sv": "Ändpunkt", "en": "Endpoint"},
    "sparql_error_at": {"sv": "Felet är markerat på rad {line}, kolumn {column}.",
                        "en": "The error is marked at line {line}, column {column}."},
    "sparql_fix": {"sv": "Rätta frågan och kör den igen", "en": "Fix the query and run it again"},
}


def select_language(args: Mapping[str, str], cookies: Mapping[str, str],
                    accept_languages: LanguageAccept | None = None) -> str:
    """Return "sv" or "en": ``?lang=`` if valid, else the ``lang`` cookie if valid (an explicit choice), else
    the best of the two by ``accept_languages`` (the request's Accept-Language, RFC 9110 §12.5.4; "en-GB"
    matches "en"), else Swedish."""
    for candidate in (args.get("lang"), cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    if accept_languages:
        best = accept_languages.best_match(LANGUAGES)
        if best is None:  # only regional tags, e.g. "en-US": match on the primary subtag
            primary = LanguageAccept([(tag.split("-")[0].lower(), q) for tag, q in accept_languages])
            best = primary.best_match(LANGUAGES)
        if best in LANGUAGES:
            return best
    return DEFAULT_LANGUAGE


def has_text(key: str) -> bool:
    """Whether there is interface text ``key``."""
    return key in TEXTS


def translate(lang: str, key: str, **values: object) -> str:
    """Return the interface text ``key`` in ``lang`` with ``{placeholders}`` filled from ``values``.

    Raises KeyError for an unknown key, so that a missing text fails the page's tests, not a reader.
    """
    text = TEXTS[key][lang]
    return text.format(**values) if values else text


def format_number(value: int | float, lang: str) -> str:
    """Whole number with thousands separators: "72 750 869" (sv, no-break spaces) or "72,750,869" (en)."""
    grouped = f"{round(value):,}"
    return grouped.replace(",", NBSP) if lang == "sv" else grouped


def format_sek(value: int | float | Decimal | str, lang: str) -> str:
    """Amount in Swedish kronor: "72 750 869 kr" (sv) or "SEK 72,750,869" (en), with no-break spaces."""
    return format_money(value, "SEK", lang)


def format_amounts(by_currency: dict[str, str] | None, lang: str) -> str:
    """Sums by currency (figures.json's ``{"SEK": "72750869"}``) for people: each in its own currency,
    joined by " + "; "–" (not given) when there is none."""
    if not by_currency:
        return "–"
    return " + ".join(format_money(v, c, lang) for c, v in sorted(by_currency.items()))


CURRENCY_SIGNS = {"sv": {"SEK": "kr", "DKK": "kr.", "EUR": "€"}, "en": {}}
"""How a currency is written after (sv) or before (en) the number; other currencies by their ISO 4217 code."""


def format_money(value: Decimal | int | str, currency: str | None, lang: str) -> str:
    """An amount in ``currency`` (ISO 4217, or None when the list gives none) for a page in ``lang``:
    "10 000 000 kr", "1 234,50 €" (sv, amount then sign) or "SEK 10,000,000", "EUR 1,234.50" (en, code
    first). Whole amounts have no decimals, others two. Raises decimal.InvalidOperation for a non-number."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        text = format_number(int(number), lang)
    else:
        text = f"{number:,.2f}"
        text = text.replace(",", NBSP).replace(".", ",") if lang == "sv" else text
    if not currency:
        return text
    sign = CURRENCY_SIGNS.get(lang, {}).get(currency, currency)
    return f"{text}{NBSP}{sign}" if lang == "sv" else f"{sign}{NBSP}{text}"


def format_percent(part: int | float, whole: int | float, lang: str) -> str:
    """``part`` as a whole-number percentage of ``whole``: "50 %" (sv) or "50%" (en); "–" if whole is 0."""
    if not whole:
        return "–"
    percent = round(100 * part / whole)
    return f"{percent}{NBSP}%" if lang == "sv" else f"{percent}%"


def format_bytes(size: int, lang: str) -> str:
    """A file size for people, in SI units: "246 kB", "1,2 MB" (sv, decimal comma) or "1.2 MB" (en)."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= factor:
            value = size / factor
            text = f"{value:.1f}" if value < 10 else f"{round(value)}"
            return f"{text.replace('.', ',') if lang == 'sv' else text}{NBSP}{unit}"
    return f"{size}{NBSP}B"
