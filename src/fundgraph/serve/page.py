"""The reader's view of a description: labels instead of IRIs, amounts as "10 000 000 kr", links.

``resource_page`` turns a ``describe.Description`` into plain values for ``resource.html``; the
template only lays them out (and Jinja escapes every value, since the data is untrusted text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Callable

from markupsafe import Markup
from pyoxigraph import BlankNode, Literal, NamedNode

from ..mapping.vocab import PREFIXES, RDF, SCHEMA, SPDX, XSD
from .describe import Description, GraphDescription, best_label

NBSP = "\u00a0"
DEFAULT_LANGUAGE = "sv"
PAGE_LANGUAGES = ("sv", "en")
"""The languages pages are written in (``web.i18n.LANGUAGES`` is this)."""
RDF_TYPE = NamedNode(RDF + "type")
SCHEMA_VALUE = NamedNode(SCHEMA + "value")
SCHEMA_CURRENCY = NamedNode(SCHEMA + "currency")
NUMERIC = {XSD + t for t in ("decimal", "integer", "int", "long", "nonNegativeInteger", "positiveInteger")}
CURRENCY_SYMBOL = {"SEK": "kr"}

_FG = "https://w3id.org/fundgraph/ns#"
_DCT = "http://purl.org/dc/terms/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_OWL = "http://www.w3.org/2002/07/owl#"
_DCAT = "http://www.w3.org/ns/dcat#"
_VOID = "http://rdfs.org/ns/void#"
# Names for the common terms of other vocabularies that the store does not label (the ontology labels its
# own fg: terms in Swedish and English): (Swedish, English).
TERM_NAMES: dict[str, tuple[str, str]] = {
    RDF + "type": ("typ", "type"), _DCT + "title": ("titel", "title"), _DCT + "identifier": ("identifierare", "identifier"),
    _DCT + "abstract": ("sammanfattning", "summary"), "http://www.w3.org/ns/prov#wasDerivedFrom": ("källa", "source"),
    "http://www.w3.org/2000/01/rdf-schema#label": ("namn", "name"), _SKOS + "prefLabel": ("namn", "name"),
    _SKOS + "altLabel": ("även kallad", "also called"), _SKOS + "inScheme": ("ingår i", "in scheme"),
    _SKOS + "topConceptOf": ("överst i", "top concept of"), _SKOS + "notation": ("kod", "code"),
    _SKOS + "broader": ("ingår i", "part of"), _SKOS + "exactMatch": ("samma som", "same as"),
    _SKOS + "closeMatch": ("nästan samma som", "close to"), _SKOS + "broadMatch": ("inom", "within"),
    _SKOS + "relatedMatch": ("relaterat till", "related to"), _SKOS + "definition": ("definition", "definition"),
    _SKOS + "scopeNote": ("användning", "scope note"),
    _OWL + "sameAs": ("samma som", "same as"), SCHEMA + "funding": ("bidrag", "funding"),
    _SKOS + "Concept": ("begrepp", "concept"), _SKOS + "ConceptScheme": ("begreppssystem", "concept scheme"),
    "http://www.w3.org/ns/org#Organization": ("organisation", "organisation"),
    _DCAT + "Catalog": ("datakatalog", "data catalogue"), _DCAT + "Dataset": ("datamängd", "dataset"),
    _DCAT + "Distribution": ("distribution", "distribution"), _DCAT + "DataService": ("datatjänst", "data service"),
    "http://www.w3.org/2006/vcard/ns#Organization": ("kontaktpunkt", "contact point"),
    "http://www.w3.org/2006/vcard/ns#Kind": ("kontaktuppgifter", "contact details"),
    _DCT + "PeriodOfTime": ("tidsperiod", "period of time"), "http://rdfs.org/ns/void#Dataset": ("datamängd (VoID)", "dataset (VoID)"),
    "http://spdx.org/rdf/terms#Checksum": ("kontrollsumma", "checksum"),
}
_TERMS_BY_NAMESPACE = {  # names for the catalogue's and the provenance's terms: local name → (Swedish, English)
    _DCT: {"publisher": ("utgivare", "publisher"), "license": ("licens", "licence"),
           "description": ("beskrivning", "description"), "issued": ("först publicerad", "first published"),
           "modified": ("senast ändrad", "last modified"), "language": ("språk", "language"),
           "spatial": ("geografiskt område", "spatial coverage"), "temporal": ("tidsperiod", "time period"),
           "accrualPeriodicity": ("uppdateringsfrekvens", "update frequency"),
           "accessRights": ("åtkomst", "access rights"), "conformsTo": ("följer", "conforms to"),
           "format": ("format", "format"), "type": ("typ", "type"), "isPartOf": ("ingår i", "part of"),
           "LicenseDocument": ("licens", "licence"), "Location": ("plats", "location"),
           "Standard": ("standard", "standard"), "MediaTypeOrExtent": ("filtyp", "file type"),
           "MediaType": ("medietyp", "media type")},
    _DCAT: {"dataset": ("datamängd", "dataset"), "service": ("datatjänst", "data service"),
            "distribution": ("distribution", "distribution"), "contactPoint": ("kontaktuppgift", "contact point"),
            "theme": ("tema", "theme"), "keyword": ("nyckelord", "keyword"),
            "landingPage": ("webbsida", "landing page"), "downloadURL": ("ladda ner", "download"),
            "accessURL": ("åtkomstadress", "access URL"), "mediaType": ("medietyp", "media type"),
            "compressFormat": ("komprimering", "compression"), "byteSize": ("storlek", "size"),
            "accessService": ("datatjänst", "data service"), "endpointURL": ("ändpunkt", "endpoint"),
            "endpointDescription": ("beskrivning av ändpunkten", "endpoint description"),
            "servesDataset": ("ger tillgång till", "serves"), "themeTaxonomy": ("teman ur", "themes from"),
            "startDate": ("från", "from"), "endDate": ("till", "to")},
    "http://xmlns.com/foaf/0.1/": {"homepage": ("webbplats", "home page"), "name": ("namn", "name"),
                                   "page": ("dokumentation", "documentation"), "Agent": ("aktör", "agent"),
                                   "Organization": ("organisation", "organisation"),
                                   "Document": ("dokument", "document")},
    SPDX: {"checksum": ("kontrollsumma", "checksum"), "algorithm": ("algoritm", "algorithm"),
           "checksumValue": ("värde", "value"), "ChecksumAlgorithm": ("algoritm", "algorithm")},
    "http://www.w3.org/2006/vcard/ns#": {"fn": ("namn", "name"), "hasEmail": ("e-post", "e-mail"),
                                        "hasURL": ("webbsida", "web page")},
    "http://data.europa.eu/r5r/": {"availability": ("planerad tillgänglighet", "planned availability")},
    "http://purl.org/vocab/vann/": {"preferredNamespacePrefix": ("föredraget prefix", "preferred namespace prefix"),
                                   "preferredNamespaceUri": ("föredragen namnrymd", "preferred namespace IRI")},
    SCHEMA: {"funder": ("finansiär", "funder"), "amount": ("belopp", "amount"),
             "fundedItem": ("finansierar", "funds"), "value": ("värde", "value"), "currency": ("valuta", "currency"),
             "MonetaryGrant": ("bidrag", "grant"), "MonetaryAmount": ("belopp", "amount")},
    "http://www.w3.org/2000/01/rdf-schema#": {"seeAlso": ("se även", "see also"), "domain": ("gäller för", "domain"),
                                             "range": ("värden av typ", "range"), "comment": ("kommentar", "comment"),
                                             "subClassOf": ("underklass till", "subclass of"),
                                             "subPropertyOf": ("underegenskap till", "subproperty of")},
    _OWL: {"Class": ("klass", "class"), "ObjectProperty": ("egenskap (länk)", "object property"),
           "DatatypeProperty": ("egenskap (värde)", "datatype property"),
           "AnnotationProperty": ("egenskap (anteckning)", "annotation property"),
           "FunctionalProperty": ("egenskap med ett värde", "functional property"),
           "Ontology": ("ontologi", "ontology"), "versionInfo": ("version", "version")},
    _VOID: {"triples": ("tripler", "triples"), "entities": ("entiteter", "entities"), "classes": ("klasser", "classes"),
            "properties": ("egenskaper", "properties"), "distinctSubjects": ("olika subjekt", "distinct subjects"),
            "distinctObjects": ("olika objekt", "distinct objects"), "dataDump": ("datadump", "data dump"),
            "sparqlEndpoint": ("SPARQL-ändpunkt", "SPARQL endpoint"), "uriSpace": ("IRI-rymd", "IRI space"),
            "vocabulary": ("vokabulär", "vocabulary"), "classPartition": ("per klass", "by class"),
            "propertyPartition": ("per egenskap", "by property"), "class": ("klass", "class"),
            "property": ("egenskap", "property"), "exampleResource": ("exempel", "example"),
            "feature": ("format", "feature"), "subset": ("delmängd", "subset")},
}
TERM_NAMES.update({namespace + local: names for namespace, terms in _TERMS_BY_NAMESPACE.items()
                   for local, names in terms.items()})
TYPE_NAMES: dict[str, dict[str, tuple[str, str]]] = {  # what a property is called on a resource of this type
    _FG + "Project": {_DCT + "identifier": ("ärende-id", "identifier")},  # a project's identifier is its case id
    _FG + "Municipality": {_SKOS + "notation": ("kommunkod", "municipality code (kommunkod)")},
    _FG + "County": {_SKOS + "notation": ("länskod", "county code")},
    _FG + "Fund": {_SKOS + "notation": ("fondkod", "fund code")}, _FG + "Priority": {_SKOS + "notation": ("nummer", "number")},
}
"""Names of properties whose ``TERM_NAMES`` name is too general for a resource of the type (the type's IRI)."""
GENERIC_TYPES = {_SKOS + "Concept", "http://www.w3.org/ns/org#Organization", "http://www.w3.org/2006/vcard/ns#Kind"}
"""Types not shown in the reading view when a resource has a more specific one (a municipality is a concept)."""

# What a reader looks for first on a project page; other properties follow by name.
READING_ORDER = [_DCT + "title", _DCT + "identifier", _FG + "beneficiary", _FG + "grantedAmount", _FG + "totalBudget",
                 _FG + "fund", _FG + "priority", _FG + "municipality", _FG + "county", _DCT + "abstract"]
# The key facts of a concept or organisation, shown up top: codes, where it belongs, other names, links out.
_ALT_LABEL = _SKOS + "altLabel"
KEY_FACTS = [_SKOS + "notation", _FG + "iso31662", _SKOS + "broader", _FG + "governs", _ALT_LABEL,
             _SKOS + "exactMatch", _OWL + "sameAs", _SKOS + "closeMatch", _SKOS + "broadMatch", _SKOS + "inScheme"]
EXTERNAL_NAMES = (  # (IRI prefix, how a link to it reads)
    ("http://www.wikidata.org/entity/", "Wikidata {}"), ("http://data.europa.eu/nuts/code/", "NUTS {}"),
    ("http://publications.europa.eu/resource/authority/eu-programme/", "EU {}"),
    ("http://dataportal.se/organisation/", "dataportal.se {}"),
)
MATCHED_TABLES = {  # IRI prefix → the table, (Swedish, English), said beside the name of a concept of ours it matches
    "http://publications.europa.eu/resource/authority/eu-programme/": ("EU:s programtabell", "EU programme table"),
}


_EU = "http://publications.europa.eu/resource/authority/"
CODE_LABELS: dict[str, tuple[str, str]] = {  # code-list values the catalogue uses: (Swedish, English)
    _EU + "licence/CC0": ("CC0 1.0 (fri användning)", "CC0 1.0 (public domain)"),
    _EU + "licence/CC_BY_4_0": ("CC BY 4.0", "CC BY 4.0"),
    _EU + "access-right/PUBLIC": ("öppen", "public"), _EU + "frequency/IRREG": ("oregelbunden", "irregular"),
    _EU + "language/SWE": ("svenska", "Swedish"), _EU + "language/ENG": ("engelska", "English"),
    _EU + "country/SWE": ("Sverige", "Sweden"),
    _EU + "planned-availability/STABLE": ("stabil", "stable"),
    _EU + "data-theme": ("EU:s datateman", "EU data themes"),  # the scheme's only title is "Data theme"@en
    "https://w3id.org/fundgraph/ns": ("fundgraphs vokabulär", "the fundgraph vocabulary"),
    "https://www.w3.org/TR/sparql11-protocol/": ("SPARQL 1.1-protokollet", "the SPARQL 1.1 Protocol"),
}
CODE_PREFIXES = (  # code lists whose codes read as they are: "RDF_TURTLE", "text/turtle"
    _EU + "file-type/", "https://www.iana.org/assignments/media-types/", "http://purl.org/adms/publishertype/",
)
MONTHS = {"sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
                 "november", "december"),
          "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December")}


def format_date(iso: str, language: str) -> str:
    """An ISO 8601 date or date-time ("2026-12-07T11:07:05+00:00") as "7 december 2026" (sv) or
    "7 December 2026" (en); the text unchanged if it is not one."""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {MONTHS['en' if language == 'en' else 'sv'][day.month - 1]} {day.year}"


def code_label(iri: str, language: str) -> str | None:
    """How a code-list value reads ("svenska", "CC0 1.0 (public domain)", "RDF_TURTLE"), or None."""
    names = CODE_LABELS.get(iri)
    if names is not None:
        return names[1 if language == "en" else 0]
    for prefix in CODE_PREFIXES:
        if iri.startswith(prefix) and len(iri) > len(prefix):
            return iri[len(prefix):]
    return None


def term_name(iri: str, language: str) -> str | None:
    """The ``TERM_NAMES`` name of ``iri`` in ``language`` ("sv" or "en"), or None."""
    names = TERM_NAMES.get(iri)
    return None if names is None else names[1 if language == "en" else 0]


def external_name(iri: str) -> str | None:
    """How a link to a well-known external IRI reads ("Wikidata Q430780", "NUTS SE331"), or None."""
    for prefix, pattern in EXTERNAL_NAMES:
        if iri.startswith(prefix) and len(iri) > len(prefix):
            return pattern.format(iri[len(prefix):])
    return None


@dataclass
class Value:
    """One value shown on a page: its ``text``, a link ``href`` (None for literals), ``language`` tag,
    ``kind`` ("link", "text", "amount", "number") and, for an IRI, the ``iri`` itself."""

    text: str
    href: str | None = None
    language: str = ""
    kind: str = "text"
    iri: str | None = None

    def __html__(self) -> Markup:
        """The value as templates show it (``{{ value }}``): a link, a language-tagged span, or a span (class
        "amount" for amounts and numbers), every part escaped. Written here rather than as a Jinja macro: a
        page shows dozens of values and a macro call costs more than the markup."""
        return Markup(self.html())

    def html(self) -> str:
        """``__html__``'s markup as a plain str (for markup built from many values: ``ResourcePage.facts_html``)."""
        amount = ' class="amount"' if self.kind == "amount" else ""
        if self.href:
            return f'<a href="{escape_text(self.href)}"{amount}>{escape_text(self.text)}</a>'
        if self.language:
            return f'<span lang="{escape_text(self.language)}">{escape_text(self.text)}</span>'
        if self.kind == "number":
            amount = ' class="amount"'
        return f"<span{amount}>{escape_text(self.text)}</span>"


def escape_text(text: str) -> str:
    """``text`` escaped for HTML as markupsafe's ``escape`` (Jinja's autoescaping) escapes it (& < > ' "), as a
    plain str: markup built in Python from many parts makes one Markup, not one per part."""
    return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;")
            .replace('"', "&#34;"))


@dataclass
class OtherNames:
    """A resource's other names (skos:altLabel) as its key facts show them: ``own``, the names in the page's
    language and those without a language; ``languages``, (language tag, names) for the other languages, the site's
    other language first (English on a Swedish page, Swedish on an English one), then by tag. Each text once (a fund has the same acronym in many languages: it is
    shown in the first group that has it), never the page's title, sorted within a group."""

    own: list[Value]
    languages: list[tuple[str, list[Value]]]

    @property
    def count(self) -> int:
        """How many names ``languages`` holds."""
        return sum(len(names) for _, names in self.languages)


def other_names(values: list[Value], language: str, title: str = "") -> OtherNames:
    """``values`` (literals, ``Value.language`` their tags) grouped for a reader of ``language`` ("sv" or "en"):
    see ``OtherNames``."""
    def rank(tag: str) -> tuple[int, str]:
        primary = tag.lower().split("-")[0]
        return (0 if primary in (language, "") else 1 if primary in PAGE_LANGUAGES else 2, tag.lower())

    seen = {title.casefold()}
    groups: dict[str, list[Value]] = {}
    for value in sorted(values, key=lambda v: (rank(v.language), v.text.casefold())):
        key = value.text.casefold()
        if key not in seen:
            seen.add(key)
            groups.setdefault("" if rank(value.language)[0] == 0 else value.language.lower(), []).append(value)
    return OtherNames(groups.pop("", []), list(groups.items()))


@dataclass
class Property:
    """A predicate with its values: ``name`` (label or CURIE), ``iri``, ``href``, ``values``; ``other_names``
    those values grouped by language, for the key facts of a property of names (skos:altLabel), else None."""

    name: str
    iri: str
    href: str
    values: list[Value] = field(default_factory=list)
    other_names: OtherNames | None = None


@dataclass
class ResourcePage:
    """Everything ``resource.html`` shows about one resource.

    ``title``; ``iri``; ``types`` (Values, in words, generic ones dropped when there is a specific
    one); ``properties`` (outgoing, type and title excluded); ``incoming`` (Properties whose values are
    the resources pointing here via that predicate); ``incoming_truncated``; ``figures`` (this
    resource's totals from figures.json, or None); ``key_facts`` (the ``KEY_FACTS`` among
    ``properties``, in that order, for the top of the page); ``description`` (what the page was built
    from, for the reading views).
    """

    title: str
    iri: str
    types: list[Value]
    properties: list[Property]
    incoming: list[Property]
    incoming_truncated: bool
    figures: dict | None = None
    key_facts: list[Property] = field(default_factory=list)
    description: Description | None = None

    def facts_html(self) -> Markup:
        """The entries of the page's list of all facts (``properties``): per property a <dt> linking to it and a
        <dd> per value, each on a line of its own. Pre-rendered rather than a loop in resource.html: a project
        page has dozens of values, and a Jinja loop costs more than the markup."""
        lines = []
        for prop in self.properties:
            lines.append(f'\n    <dt><a href="{escape_text(prop.href)}" title="{escape_text(prop.iri)}">'
                         f'{escape_text(prop.name)}</a></dt>')
            lines.extend(f"\n    <dd>{value.html()}</dd>" for value in prop.values)
        return Markup("".join(lines))

    def incoming_html(self) -> Markup:
        """The page's resources linking here (``incoming``), pre-rendered as ``facts_html``: per property a
        heading with the count, then a list item per resource (a municipality's page lists up to a thousand)."""
        lines = []
        for prop in self.incoming:
            lines.append(f'\n    <h3><a href="{escape_text(prop.href)}" title="{escape_text(prop.iri)}">'
                         f'{escape_text(prop.name)}</a> ({len(prop.values)})</h3>\n    <ul>')
            lines.extend(f"\n      <li>{value.html()}</li>" for value in prop.values)
            lines.append("\n    </ul>")
        return Markup("".join(lines))


@dataclass
class GraphPage:
    """Everything ``graph.html`` shows about a named graph: ``title``, ``iri``, ``subjects`` (one
    (subject Value, [Property]) pair per subject in the graph) and ``truncated``."""

    title: str
    iri: str
    subjects: list[tuple[Value, list[Property]]]
    truncated: bool


def format_amount(lexical: str, currency: str | None = None) -> str:
    """"10000000" → "10 000 000" (+ " kr" for SEK), Swedish style with no-break spaces; "1234.5" → "1 234,50"."""
    try:
        number = Decimal(lexical)
    except InvalidOperation:
        return lexical
    if number == number.to_integral_value():
        text = f"{int(number):,}".replace(",", NBSP)
    else:
        text = f"{number:,.2f}".replace(",", NBSP).replace(".", ",")
    if currency:
        text += NBSP + CURRENCY_SYMBOL.get(currency, currency)
    return text


def curie(iri: str) -> str:
    """``iri`` shortened with ``mapping.vocab.PREFIXES`` ("fg:Project"), else unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _namer(description, local_href: Callable[[str], str], language: str, vocabulary: dict | None = None):
    """(name_of, value_of) for the terms of ``description`` on a page in ``language``; ``vocabulary`` (term →
    label pairs, ``describe.Describer.vocabulary``) names what the description does not label."""

    def name_of(term) -> str:
        return (description.label(term, language)
                or best_label([literal for _, literal in (vocabulary or {}).get(term, ())], language)
                or term_name(term.value, language) or curie(term.value))

    def value_of(term) -> Value:
        if isinstance(term, Literal):
            if term.datatype.value in NUMERIC:
                return Value(format_amount(term.value), kind="number")
            if term.datatype.value in (XSD + "date", XSD + "dateTime"):
                return Value(format_date(term.value, language), kind="date")
            return Value(term.value, language=term.language or "")
        if isinstance(term, BlankNode):
            return Value(f"_:{term.value}")
        owned = getattr(description, "owned", {})
        if isinstance(term, NamedNode) and term in owned:
            amount = _amount(owned[term])
            if amount is not None:
                return Value(amount, local_href(term.value), kind="amount", iri=term.value)
            checksum = _checksum(owned[term])
            if checksum is not None:
                return Value(checksum, local_href(term.value), kind="checksum", iri=term.value)
            period = _period(owned[term], language)
            if period is not None:
                return Value(period, local_href(term.value), kind="period", iri=term.value)
            partitioned = _partitioned(owned[term])
            if partitioned is not None:  # a VoID partition reads as the class or property it counts
                return Value(name_of(partitioned), local_href(term.value), kind="link", iri=term.value)
        label = code_label(term.value, language) or description.label(term, language) or term_name(term.value,
                                                                                                   language)
        matched = getattr(description, "matched_label", None)
        table = next((names for prefix, names in MATCHED_TABLES.items() if term.value.startswith(prefix)), None)
        if label is None and table is not None and matched is not None and (named := matched(term, language)):
            # "Europeiska regionala utvecklingsfonden (Eruf) (2021/2027) (EU:s programtabell)"
            return Value(f"{named} ({table[1 if language == 'en' else 0]})", local_href(term.value), kind="link",
                         iri=term.value)
        external = external_name(term.value)
        if external:  # say where a link out goes: "Västerbotten (NUTS SE331)"
            label = f"{label} ({external})" if label else external
        if label is None and term.value.startswith(description.subject.value + "/"):
            label = term.value.rsplit("/", 1)[-1].replace("-", " ")
        href = local_href(term.value)
        return Value(label or (href if href != term.value else curie(term.value)), href, kind="link",
                     iri=term.value)

    return name_of, value_of


def resource_page(description: Description, local_href: Callable[[str], str],
                  figures: dict | None = None, language: str = DEFAULT_LANGUAGE,
                  vocabulary: dict | None = None) -> ResourcePage:
    """Build the page of ``description`` for a reader of ``language`` ("sv" or "en": labels in it
    first); ``local_href`` maps an IRI to the link to use for it; ``vocabulary`` names the ontology's terms on
    a page of the catalogue (whose description is read from catalog.ttl and void.ttl, without the ontology)."""
    name_of, value_of = _namer(description, local_href, language, vocabulary)
    title = (description.label(description.subject, language) or _title_fallback(description, language)
             or curie(description.subject.value).rsplit("/", 1)[-1])
    type_terms = [o for p, o in description.outgoing if p == RDF_TYPE]
    specific = [o for o in type_terms if o.value not in GENERIC_TYPES]
    types = [value_of(o) for o in (specific or type_terms)]
    grouped: dict[NamedNode, Property] = {}
    for p, o in description.outgoing:
        if p == RDF_TYPE:
            continue
        prop = grouped.setdefault(p, Property(name_of(p), p.value, local_href(p.value)))
        prop.values.append(value_of(o))
    properties = sorted(grouped.values(), key=_reading_order)
    for prop in properties:
        if all(v.kind == "link" for v in prop.values):
            prop.values.sort(key=lambda v: v.text.casefold())
    incoming: dict[NamedNode, Property] = {}
    for x, p in description.incoming:
        prop = incoming.setdefault(p, Property(name_of(p), p.value, local_href(p.value)))
        prop.values.append(value_of(x))
    for prop in incoming.values():
        prop.values.sort(key=lambda v: v.text.casefold())
    if figures is not None:
        figures = {**figures, "granted_text": " + ".join(format_amount(v, c) for c, v in sorted(figures.get("granted_amount", {}).items())) or "–"}
    for type_term in type_terms:
        for predicate, names in TYPE_NAMES.get(type_term.value, {}).items():
            if NamedNode(predicate) in grouped:
                grouped[NamedNode(predicate)].name = names[1 if language == "en" else 0]
    key_facts = sorted((p for p in properties if p.iri in KEY_FACTS), key=lambda p: KEY_FACTS.index(p.iri))
    for prop in key_facts:
        if prop.iri == _ALT_LABEL:
            prop.other_names = other_names(prop.values, language, title)
    return ResourcePage(title, description.subject.value, types, properties, list(incoming.values()),
                        description.incoming_truncated, figures, key_facts, description)


def graph_page(description: GraphDescription, local_href: Callable[[str], str],
               language: str = DEFAULT_LANGUAGE) -> GraphPage:
    """Build the page of a named graph's ``description``: its triples grouped by subject."""
    name_of, value_of = _namer(description, local_href, language)
    subjects: dict[object, dict[NamedNode, Property]] = {}
    for triple in description.content:
        props = subjects.setdefault(triple.subject, {})
        p = triple.predicate
        props.setdefault(p, Property(name_of(p), p.value, local_href(p.value))).values.append(value_of(triple.object))
    title = curie(description.subject.value).rsplit("/", 1)[-1]
    return GraphPage(title, description.subject.value,
                     [(value_of(s), sorted(props.values(), key=_reading_order)) for s, props in subjects.items()],
                     description.truncated)


def _reading_order(prop: Property) -> tuple[int, str, str]:
    # The IRI breaks ties between properties of the same label, so the order is the same on every store
    # (stores return rows in different orders).
    try:
        return READING_ORDER.index(prop.iri), "", ""
    except ValueError:
        return len(READING_ORDER), prop.name.casefold(), prop.iri


TITLE_FALLBACKS = (_FG + "fileName", _DCT + "identifier")
"""What names a resource that has no label: a source document by its file name, else its identifier."""
_OPERATION_NAMES = {"sv": ("Insats {case_id}", "Insats utan titel"), "en": ("Operation {case_id}", "Untitled operation")}


def operation_name(title: str | None, case_id: str | None, language: str) -> str:
    """What names an operation (project) on a page: its title as the list prints it, else — a list may leave
    it blank (issue 12) — "Insats {case id}" / "Operation {case id}", else "Insats utan titel" /
    "Untitled operation". Pages only: the data states no title the list does not give."""
    if title:
        return title
    named, unnamed = _OPERATION_NAMES["en" if language == "en" else "sv"]
    return named.format(case_id=case_id) if case_id else unnamed


def _title_fallback(description, language: str = DEFAULT_LANGUAGE) -> str | None:
    if any(p == RDF_TYPE and o.value == _FG + "Project" for p, o in description.outgoing):
        identifier = next((o.value for p, o in description.outgoing if p.value == _DCT + "identifier"), None)
        return operation_name(None, identifier, language)
    for predicate in TITLE_FALLBACKS:
        for p, o in description.outgoing:
            if p.value == predicate and isinstance(o, Literal):
                return o.value
    return None


def _period(pairs: list[tuple[NamedNode, object]], language: str) -> str | None:
    """"1 januari 2021 – 31 december 2027" for a dct:PeriodOfTime node's pairs, else None."""
    values = {p.value: o for p, o in pairs}
    start, end = values.get(_DCAT + "startDate"), values.get(_DCAT + "endDate")
    if not isinstance(start, Literal) and not isinstance(end, Literal):
        return None
    return " – ".join(format_date(v.value, language) if isinstance(v, Literal) else "…" for v in (start, end))


def _partitioned(pairs: list[tuple[NamedNode, object]]) -> NamedNode | None:
    """The class or property a void:classPartition / void:propertyPartition node's pairs partition by, else None."""
    values = {p.value: o for p, o in pairs}
    found = values.get(_VOID + "class") or values.get(_VOID + "property")
    return found if isinstance(found, NamedNode) else None


def _checksum(pairs: list[tuple[NamedNode, object]]) -> str | None:
    """"SHA-256 e9e9…" for an spdx:Checksum node's (predicate, object) pairs, else None."""
    values = {p.value: o for p, o in pairs}
    digest, algorithm = values.get(SPDX + "checksumValue"), values.get(SPDX + "algorithm")
    if not isinstance(digest, Literal):
        return None
    name = algorithm.value.rsplit("_", 1)[-1].upper().replace("SHA", "SHA-") if algorithm is not None else ""
    return f"{name} {digest.value}".strip()


def _amount(pairs: list[tuple[NamedNode, object]]) -> str | None:
    values = dict(pairs)
    value, currency = values.get(SCHEMA_VALUE), values.get(SCHEMA_CURRENCY)
    if not isinstance(value, Literal):
        return None
    return format_amount(value.value, currency.value if currency is not None else None)
