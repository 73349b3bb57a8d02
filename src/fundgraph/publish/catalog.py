"""The DCAT-AP-SE catalogue of a publication: catalogue, dataset, distributions, SPARQL data service.

Follows DCAT-AP 3.0.1 (https://semiceu.github.io/DCAT-AP/releases/3.0.1/) and the Swedish profile
DCAT-AP-SE with dataportal.se's harvesting rules (RDF/XML from one URL; absolute IRIs; no blank node for
catalogue, dataset, distribution, data service, publisher or contact point — here there are no blank nodes
at all; publisher IRI ``http://dataportal.se/organisation/SE<orgnr>``). Code-list values come from the EU
Publications Office authority tables (data-theme, file-type, language, frequency, access-right) and ADMS
publisher types; each is typed with the class DCAT-AP's range shapes expect, so the catalogue validates on
its own without the code lists loaded.

The publisher is stated ``owl:sameAs`` the organisation node the data uses for it
(``mapping.publisher_iri``) and its Wikidata entity. The catalogue is small (tens of triples per distribution)
and built with rdflib. Facts about the data
(spatial coverage, source documents) are passed in, computed from the store by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
import pyoxigraph
import pyshacl
from rdflib import OWL, RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SH, SKOS

from .. import formats
from ..config import PUBLISHER_TYPES, Settings
from ..errors import InputError, PublishError
from ..mapping import iris, publisher_iri
from ..mapping.vocab import FG
from ..resources import resource_dir
from ..validate.report import ValidationReport, ValidationResult, compact
from .dumps import GZIPPED, TRIPLE_FORMATS, dump_name
from .files import GZIP_MEDIA_TYPE, FileInfo
from .tables import KOHESIO_CSV, PROJECTS_CSV, PROJECTS_CSVW

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/"
PLANNED_AVAILABILITY = "http://publications.europa.eu/resource/authority/planned-availability/"
"""The EU planned-availability table, the code list DCAT-AP's mdr shapes (3.0.1 and 2.1.1) want for
dcatap:availability (not the r5r "availability" IRIs of the DCAT-AP text)."""
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
LICENCE = "http://publications.europa.eu/resource/authority/licence/"
LICENCE_TYPE = "http://purl.org/adms/licencetype/"
LICENCE_TYPES = {  # EU licence table code → ADMS licence type (what the recommended shapes ask of a licence)
    "CC0": "PublicDomain", "CC_BY_4_0": "Attribution", "CC_BYSA_4_0": "ShareAlike",
}
DCAT_AP_VERSIONS = ("3.0.1", "2.1.1")
"""The DCAT-AP versions the catalogue can be written for (``Settings.dcat_ap``). They differ where the 2.1.1
shapes ask what 3.0.1 forbids: dcat:byteSize typed xsd:decimal (3.0.1: xsd:nonNegativeInteger) and SHA-1
checksums only (3.0.1: any SPDX algorithm; fundgraph gives SHA-256)."""
DATAPORTAL_ORGANISATION = "http://dataportal.se/organisation/SE"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
CSVW = "http://www.w3.org/ns/csvw"
"""CSV on the Web (W3C Recommendations "Model for Tabular Data and Metadata on the Web" and "Metadata
Vocabulary for Tabular Data"): what a CSV distribution with a CSVW metadata file, and that file, conform to."""
CSVW_METADATA_FORMAT = formats.Format("csvm", "application/csvm+json", "json", None, None, "JSON", False,
                                      "CSVW metadata")
"""The CSVW metadata file's format: media type application/csvm+json (registered by the Metadata Vocabulary
for Tabular Data, appendix C), EU file type JSON. Not in ``formats.FORMATS``: it is only ever downloaded."""
CATALOG_SHAPES = "dcat-ap-se.ttl"
"""fundgraph's DCAT-AP-SE shapes for catalogues, in shapes/catalog/ (not applied to the data)."""

THEMES = {  # EU data-theme table: code → its English and Swedish preferred labels
    "REGI": ("Regions and cities", "Regioner och städer"),
    "ECON": ("Economy and finance", "Ekonomi och finans"),
    "GOVE": ("Government and public sector", "Regeringen och den offentliga sektorn"),
}
KEYWORDS = {
    "sv": ("beviljade projekt", "projektstöd", "strukturfonder", "eruf", "esf+", "interreg", "regional utveckling"),
    "en": ("granted projects", "project funding", "structural funds", "erdf", "esf+", "interreg",
           "regional development"),
}


@dataclass(frozen=True)
class DistributionSpec:
    """A file described as a dcat:Distribution: its name, format, whether gzipped, and titles."""

    file_name: str
    format: formats.Format
    gzipped: bool
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str


_DUMP_SV = ("Hela datamängden – projekt, stödmottagare, fonder, prioriteringar, platser och källdokument – "
            "som RDF i formatet {label}{how}. Samma data som SPARQL-ändpunkten svarar på.")
_DUMP_EN = ("The whole dataset – projects, beneficiaries, funds, priorities, places and source documents – "
            "as RDF in {label}{how}. The same data the SPARQL endpoint answers from.")


def _dump_spec(fmt: formats.Format, gzipped: bool, how_sv: str = "", how_en: str = "") -> DistributionSpec:
    name = dump_name(fmt) + (".gz" if gzipped else "")
    suffix = " (gzip)" if gzipped else ""
    if gzipped:
        how_sv, how_en = ", komprimerad med gzip", ", compressed with gzip"
    return DistributionSpec(name, fmt, gzipped, f"Alla data som {fmt.label}{suffix}", f"All data as {fmt.label}{suffix}",
                            _DUMP_SV.format(label=fmt.label, how=how_sv), _DUMP_EN.format(label=fmt.label, how=how_en))


def _dump_distributions() -> tuple[DistributionSpec, ...]:
    """One distribution per dataset dump, named as ``dumps.write_dumps`` names the files (so the two cannot
    drift): N-Quads, then each triple format and, after it, its gzip copy if it has one."""
    specs = [replace(_dump_spec(formats.NQUADS, False, ", en namngiven graf per källdokument",
                                ", one named graph per source document"),
                     title_sv="Alla data som N-Quads, en namngiven graf per dokument",
                     title_en="All data as N-Quads, one named graph per document")]
    for fmt in TRIPLE_FORMATS:
        specs.append(_dump_spec(fmt, False))
        if fmt in GZIPPED:
            specs.append(_dump_spec(fmt, True))
    return tuple(specs)


DISTRIBUTIONS: tuple[DistributionSpec, ...] = _dump_distributions() + (
    DistributionSpec(PROJECTS_CSV, formats.CSV, False, "Projekt som CSV, en rad per projekt",
                     "Projects as CSV, one row per project",
                     "En rad per projekt med ärende-id, titel, stödmottagare, belopp, fond, prioritering, kommuner "
                     "och län; kolumnerna beskrivs i projects.csv-metadata.json (CSVW).",
                     "One row per project with case id, title, beneficiary, amounts, fund, priority, municipalities "
                     "and counties; the columns are described in projects.csv-metadata.json (CSVW)."),
    DistributionSpec(KOHESIO_CSV, formats.CSV, False, "Projekt som CSV i Kohesios mall",
                     "Projects as CSV in Kohesio's template",
                     "Projekten i den CSV-mall som EU:s projektportal Kohesio läser in och som dess validator "
                     "kontrollerar, med växelkurs för belopp i andra valutor än euro.",
                     "The projects in the CSV template that Kohesio, the EU's portal of cohesion policy projects, "
                     "loads and its validator checks, with an exchange rate for amounts not in euro."),
    DistributionSpec(PROJECTS_CSVW, CSVW_METADATA_FORMAT, False,
                     "Beskrivning av projects.csv enligt CSV on the Web (CSVW)",
                     "Description of projects.csv in CSV on the Web (CSVW) metadata",
                     "Kolumnernas namn, datatyper och betydelse i projects.csv, enligt W3C:s CSV on the Web.",
                     "The names, datatypes and meaning of the columns of projects.csv, in W3C CSV on the Web."),
)
CSVW_METADATA = {PROJECTS_CSV: PROJECTS_CSVW}
"""CSV distributions described by a CSVW metadata file. DCAT-AP 3.0.1 has no property for "the schema
file of this distribution", so: the CSV ``dct:conformsTo`` CSVW (a dct:Standard) and has the metadata file
as its documentation (``foaf:page``, a foaf:Document); the metadata file is a distribution of its own
(media type application/csvm+json, also conforming to CSVW), so harvesters list and checksum it."""


def publisher_agent_iri(settings: Settings) -> str:
    """The publisher's IRI in the catalogue: dataportal.se's ``SE<10 digits>`` form when an organisation number is
    set (DCAT-AP-SE harvesting, "Identifierare för utgivande organisationer"), else ``{base}publisher``."""
    digits = re.sub(r"\D", "", settings.publisher.organisation_number)
    if digits:
        return DATAPORTAL_ORGANISATION + digits
    return iris.publisher(settings.base_iri)


@dataclass(frozen=True)
class CatalogFacts:
    """What the catalogue says about the data, besides settings.

    ``files``: published files by name (only those in DISTRIBUTIONS become distributions, and all of those
    must be present); ``spatial``: IRIs of places the data covers (counties' NUTS and Wikidata IRIs);
    ``documents``: IRIs of the source documents; ``issued``: first publication; ``modified``: this one.
    """

    files: Mapping[str, FileInfo]
    spatial: tuple[str, ...]
    documents: tuple[str, ...]
    issued: datetime
    modified: datetime


def build_catalog(settings: Settings, facts: CatalogFacts) -> Graph:
    """Return the catalogue as an rdflib Graph (no blank nodes; every IRI absolute).

    Raises PublishError naming the setting when a value a mandatory DCAT-AP-SE property needs is empty,
    and naming the file when a distribution's file is missing from ``facts.files``.
    """
    base = settings.base_iri
    pub = settings.publisher
    _require(pub.name, "foaf:name of the publisher", "publisher.name")
    for value, prop, key in ((pub.catalog_title_sv, "dct:title of the catalogue", "publisher.catalog_title_sv"),
                             (pub.catalog_description_sv, "dct:description of the catalogue",
                              "publisher.catalog_description_sv"),
                             (pub.dataset_title_sv, "dct:title of the dataset", "publisher.dataset_title_sv"),
                             (pub.dataset_description_sv, "dct:description of the dataset",
                              "publisher.dataset_description_sv"),
                             (pub.licence, "dct:license of the catalogue", "publisher.licence"),
                             (pub.type, "dct:type of the publisher", "publisher.type")):
        _require(value, prop, key)
    _require(pub.contact_email or pub.contact_page, "vcard:hasEmail or vcard:hasURL of the contact point",
             "publisher.contact_email or publisher.contact_page")

    g = Graph(bind_namespaces="core")
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("skos", SKOS), ("spdx", SPDX),
                       ("vcard", VCARD), ("xsd", XSD), ("owl", OWL), ("rdf", RDF), ("dcatap", DCATAP),
                       ("prov", PROV)):
        g.bind(prefix, ns)

    catalog = URIRef(iris.catalog(base))
    dataset = URIRef(iris.dataset(base))
    service = URIRef(iris.data_service(base))
    publisher = URIRef(publisher_agent_iri(settings))
    contact = URIRef(iris.contact_point(base))
    licence = URIRef(pub.licence)
    issued = Literal(facts.issued.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    modified = Literal(facts.modified.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    swedish = URIRef(LANGUAGE + "SWE")
    english = URIRef(LANGUAGE + "ENG")
    homepage = URIRef(base)

    def text(node: URIRef, prop: URIRef, sv: str, en: str) -> None:
        g.add((node, prop, Literal(sv, lang="sv")))
        if en:
            g.add((node, prop, Literal(en, lang="en")))

    # Catalogue
    g.add((catalog, RDF.type, DCAT.Catalog))
    text(catalog, DCTERMS.title, pub.catalog_title_sv, pub.catalog_title_en)
    text(catalog, DCTERMS.description, pub.catalog_description_sv, pub.catalog_description_en)
    for prop, obj in ((DCTERMS.publisher, publisher), (DCAT.dataset, dataset), (DCAT.service, service),
                      (DCTERMS.license, licence), (FOAF.homepage, homepage), (DCTERMS.language, swedish),
                      (DCTERMS.language, english), (DCTERMS.issued, issued), (DCTERMS.modified, modified),
                      (DCAT.themeTaxonomy, URIRef(DATA_THEME.rstrip("/")))):
        g.add((catalog, prop, obj))

    # Dataset
    g.add((dataset, RDF.type, DCAT.Dataset))
    text(dataset, DCTERMS.title, pub.dataset_title_sv, pub.dataset_title_en)
    text(dataset, DCTERMS.description, pub.dataset_description_sv, pub.dataset_description_en)
    g.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    for prop, obj in ((DCTERMS.publisher, publisher), (DCAT.contactPoint, contact), (DCTERMS.license, licence),
                      (DCTERMS.language, swedish), (DCTERMS.issued, issued), (DCTERMS.modified, modified),
                      (DCAT.landingPage, homepage),
                      (DCTERMS.accessRights, URIRef(ACCESS_RIGHT + "PUBLIC")),
                      (DCTERMS.accrualPeriodicity, URIRef(FREQUENCY + "IRREG")),
                      (DCTERMS.conformsTo, URIRef(FG.rstrip("#")))):
        g.add((dataset, prop, obj))
    _themes_and_keywords(g, dataset)
    # The publisher's country from the EU country table (the managed code list DCAT-AP's mdr shapes look for), then the
    # counties' NUTS and Wikidata IRIs (no EU table lists counties: the shapes warn about those two).
    country = URIRef(COUNTRY + "SWE")  # a DCAT-AP-SE catalogue: the publisher is Swedish
    _code(g, country, DCTERMS.Location, COUNTRY)
    for node in (catalog, dataset):
        g.add((node, DCTERMS.spatial, country))
        for place in facts.spatial:
            g.add((node, DCTERMS.spatial, URIRef(place)))
            g.add((URIRef(place), RDF.type, DCTERMS.Location))
    for document in facts.documents:
        g.add((dataset, PROV.wasDerivedFrom, URIRef(document)))
    _temporal(g, dataset, settings)

    # Distributions
    for spec in DISTRIBUTIONS:
        info = facts.files.get(spec.file_name)
        if info is None:
            raise PublishError(f"cannot describe distribution {spec.file_name}: the file was not written")
        _distribution(g, settings, dataset, spec, info, licence)

    # SPARQL endpoint
    g.add((service, RDF.type, DCAT.DataService))
    text(service, DCTERMS.title, "SPARQL-ändpunkt för beviljade projekt", "SPARQL endpoint for granted projects")
    for prop, obj in ((DCAT.endpointURL, URIRef(iris.sparql_endpoint(base))),
                      (DCAT.endpointDescription, URIRef(iris.sparql_endpoint(base))),
                      (DCAT.servesDataset, dataset), (DCTERMS.conformsTo, URIRef(SPARQL_PROTOCOL)),
                      (DCTERMS.publisher, publisher), (DCAT.contactPoint, contact), (DCTERMS.license, licence),
                      (DCTERMS.accessRights, URIRef(ACCESS_RIGHT + "PUBLIC"))):
        g.add((service, prop, obj))
    _themes_and_keywords(g, service)

    # Publisher and contact point (never a person: a function address or a web page)
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, RDF.type, FOAF.Organization))
    g.add((publisher, FOAF.name, Literal(pub.name, lang="sv")))
    if pub.name_en and pub.name_en != pub.name:
        g.add((publisher, FOAF.name, Literal(pub.name_en, lang="en")))
    publisher_type = URIRef(ADMS_PUBLISHER_TYPE + pub.type)
    g.add((publisher, DCTERMS.type, publisher_type))
    if pub.organisation_number:
        g.add((publisher, DCTERMS.identifier, Literal(pub.organisation_number)))
    if pub.homepage:
        g.add((publisher, FOAF.homepage, URIRef(pub.homepage)))
        g.add((URIRef(pub.homepage), RDF.type, FOAF.Document))
    # The same organisation in the data (grantor, scheme publisher, beneficiary) and in Wikidata.
    organisation = URIRef(publisher_iri(settings))
    if organisation != publisher:
        g.add((publisher, OWL.sameAs, organisation))
    if pub.wikidata:
        g.add((publisher, OWL.sameAs, URIRef(pub.wikidata)))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, RDF.type, VCARD.Kind))  # stated, as harvesters do not load the vCard ontology
    g.add((contact, VCARD.fn, Literal(pub.name)))
    if pub.contact_email:
        g.add((contact, VCARD.hasEmail, URIRef("mailto:" + pub.contact_email)))
    if pub.contact_page:
        g.add((contact, VCARD.hasURL, URIRef(pub.contact_page)))

    # Code-list values, typed as DCAT-AP's range shapes expect and placed in their EU authority table
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    licence_type = LICENCE_TYPES.get(pub.licence.rsplit("/", 1)[-1]) if pub.licence.startswith(LICENCE) else None
    if licence_type:
        g.add((licence, DCTERMS.type, URIRef(LICENCE_TYPE + licence_type)))
        _concept(g, URIRef(LICENCE_TYPE + licence_type), LICENCE_TYPE + "1.0", licence_type)
    for language in (swedish, english):
        _code(g, language, DCTERMS.LinguisticSystem, LANGUAGE)
    g.add((homepage, RDF.type, FOAF.Document))
    _code(g, URIRef(ACCESS_RIGHT + "PUBLIC"), DCTERMS.RightsStatement, ACCESS_RIGHT)
    _code(g, URIRef(FREQUENCY + "IRREG"), DCTERMS.Frequency, FREQUENCY)
    for standard in (FG.rstrip("#"), SPARQL_PROTOCOL, CSVW):
        g.add((URIRef(standard), RDF.type, DCTERMS.Standard))
    g.add((URIRef(CSVW), DCTERMS.title, Literal("CSV on the Web", lang="en")))
    _concept(g, publisher_type, ADMS_PUBLISHER_TYPE + "1.0", PUBLISHER_TYPES.get(pub.type, pub.type))
    taxonomy = URIRef(DATA_THEME.rstrip("/"))
    g.add((taxonomy, RDF.type, SKOS.ConceptScheme))
    g.add((taxonomy, DCTERMS.title, Literal("Data theme", lang="en")))
    for code, (label, label_sv) in THEMES.items():
        _concept(g, URIRef(DATA_THEME + code), str(taxonomy), label)
        g.add((URIRef(DATA_THEME + code), SKOS.prefLabel, Literal(label_sv, lang="sv")))
    return g


def _distribution(g: Graph, settings: Settings, dataset: URIRef, spec: DistributionSpec, info: FileInfo,
                  licence: URIRef) -> None:
    base = settings.base_iri
    node = URIRef(iris.distribution(base, spec.file_name))
    url = URIRef(iris.download(base, spec.file_name))
    g.add((dataset, DCAT.distribution, node))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(spec.title_sv, lang="sv")))
    g.add((node, DCTERMS.title, Literal(spec.title_en, lang="en")))
    g.add((node, DCAT.accessURL, url))
    g.add((node, DCAT.downloadURL, url))
    media = URIRef(spec.format.media_type_iri)
    g.add((node, DCAT.mediaType, media))
    g.add((media, RDF.type, DCTERMS.MediaType))
    file_type = URIRef(spec.format.file_type_iri)
    g.add((node, DCTERMS.format, file_type))
    _code(g, file_type, DCTERMS.MediaTypeOrExtent, formats.FILE_TYPE)
    if spec.gzipped:
        gzip_type = URIRef(formats.IANA_MEDIA_TYPE + GZIP_MEDIA_TYPE)
        g.add((node, DCAT.compressFormat, gzip_type))
        g.add((gzip_type, RDF.type, DCTERMS.MediaType))
    old = settings.dcat_ap == "2.1.1"
    g.add((node, DCAT.byteSize, Literal(str(info.bytes), datatype=XSD.decimal if old else XSD.nonNegativeInteger)))
    checksum = URIRef(iris.distribution_checksum(base, spec.file_name))
    algorithm, digest = (SPDX.checksumAlgorithm_sha1, info.sha1) if old else (SPDX.checksumAlgorithm_sha256,
                                                                               info.sha256)
    if not digest:
        raise PublishError(f"cannot describe distribution {spec.file_name}: its SHA-1 was not computed")
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, algorithm))
    g.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
    g.add((algorithm, RDF.type, SPDX.ChecksumAlgorithm))
    g.add((node, DCTERMS.description, Literal(spec.description_sv, lang="sv")))
    g.add((node, DCTERMS.description, Literal(spec.description_en, lang="en")))
    g.add((node, DCTERMS.license, licence))
    g.add((node, DCTERMS.language, URIRef(LANGUAGE + "SWE")))
    stable = URIRef(PLANNED_AVAILABILITY + "STABLE")
    g.add((node, DCATAP.availability, stable))
    _concept(g, stable, PLANNED_AVAILABILITY.rstrip("/"), "stable")
    if spec.format.is_rdf:  # the SPARQL endpoint serves the same data
        g.add((node, DCAT.accessService, URIRef(iris.data_service(base))))
    if spec.file_name in CSVW_METADATA:
        metadata = URIRef(iris.download(base, CSVW_METADATA[spec.file_name]))
        g.add((node, DCTERMS.conformsTo, URIRef(CSVW)))
        g.add((node, FOAF.page, metadata))
        g.add((metadata, RDF.type, FOAF.Document))
    elif spec.file_name in CSVW_METADATA.values():
        g.add((node, DCTERMS.conformsTo, URIRef(CSVW)))
    elif spec.format.is_rdf:
        g.add((node, DCTERMS.conformsTo, URIRef(FG.rstrip("#"))))


def _temporal(g: Graph, dataset: URIRef, settings: Settings) -> None:
    # The lists carry no dates; what bounds them in time is the EU programming period whose funds they
    # grant (Settings.programming_period, which also decides what "ERUF" means in the mapping).
    start, end = settings.programming_period.split("-")
    period = URIRef(iris.dataset_temporal(settings.base_iri))
    g.add((dataset, DCTERMS.temporal, period))
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(f"{start}-01-01", datatype=XSD.date)))
    g.add((period, DCAT.endDate, Literal(f"{end}-12-31", datatype=XSD.date)))


def _themes_and_keywords(g: Graph, node: URIRef) -> None:
    for code in THEMES:
        g.add((node, DCAT.theme, URIRef(DATA_THEME + code)))
    for lang, words in KEYWORDS.items():
        for word in words:
            g.add((node, DCAT.keyword, Literal(word, lang=lang)))


def _code(g: Graph, value: URIRef, cls: URIRef, table: str) -> None:
    g.add((value, RDF.type, cls))
    g.add((value, SKOS.inScheme, URIRef(table.rstrip("/"))))


def _concept(g: Graph, concept: URIRef, scheme: str, label: str) -> None:
    g.add((concept, RDF.type, SKOS.Concept))
    g.add((concept, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((concept, SKOS.inScheme, URIRef(scheme)))


def _require(value: str, prop: str, setting: str) -> None:
    if not (value or "").strip():
        raise PublishError(f"the catalogue lacks the mandatory property {prop}: set {setting} in fundgraph.toml")


def catalog_report(graph: Graph) -> ValidationReport:
    """Validate a catalogue against fundgraph's DCAT-AP-SE shapes (shapes/catalog/dcat-ap-se.ttl); return the
    report (focus node, property, message of each result). The official DCAT-AP 3.0.1 shapes are not
    shipped; tests/test_catalog.py checks fundgraph's own catalogue against them."""
    shapes = Graph().parse(resource_dir("shapes") / "catalog" / CATALOG_SHAPES)
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    report = ValidationReport(subject="the catalogue", shapes_name="the DCAT-AP-SE shapes")
    checked = []
    for name, cls in CHECKED_CLASSES:
        count = len(set(graph.subjects(RDF.type, cls)))
        report.focus_nodes += count
        checked.append(f"{count} {name}")
    report.notes.append(f"checked {', '.join(checked)} against shapes/catalog/{CATALOG_SHAPES} (DCAT-AP-SE 3.0.1: "
                        "the mandatory properties of each, absolute IRIs, no blank nodes)")
    if not any(graph.subjects(RDF.type, DCAT.Catalog)):
        report.add(ValidationResult(severity="Violation", focus_node="(the files)", path="rdf:type",
                                    message="DCAT-AP-SE: no dcat:Catalog found: this is not a catalogue"))
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        found.append(ValidationResult(
            severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            focus_node=str(results.value(result, SH.focusNode)),
            path=graph.namespace_manager.normalizeUri(path) if path is not None else None,
            message=str(results.value(result, SH.resultMessage) or "does not conform"),
            value=compact(str(value)) if value is not None else None,
            shape=str(results.value(result, SH.sourceShape))))
    for result in sorted(found, key=lambda r: (r.focus_node, r.path or "", r.message)):
        report.add(result)
    return report


CHECKED_CLASSES = (("catalogue(s)", DCAT.Catalog), ("dataset(s)", DCAT.Dataset),
                   ("distribution(s)", DCAT.Distribution), ("data service(s)", DCAT.DataService),
                   ("publisher(s)", FOAF.Agent), ("contact point(s)", VCARD.Kind))
"""The classes the DCAT-AP-SE shapes target, as the report names them."""


def check_catalog(graph: Graph) -> None:
    """Validate the catalogue against fundgraph's DCAT-AP-SE shapes (see ``catalog_report``).

    Raises PublishError with the first violation's focus node, property and message.
    """
    report = catalog_report(graph)
    if report.conforms:
        return
    first = report.violations[0]
    where = f"{first.focus_node} {first.path}" if first.path else first.focus_node
    raise PublishError(f"the catalogue does not conform to DCAT-AP-SE: {where}: {first.message}")


def validate_catalog_files(paths: Iterable[Path]) -> ValidationReport:
    """Read catalogue files (format by extension: .rdf .ttl .jsonld .nt ...) into one graph and validate it
    as a catalogue (``catalog_report``). Raises InputError naming the file for an unknown extension or
    a file that cannot be read or does not parse."""
    graph = Graph()
    for path in paths:
        path = Path(path)
        fmt = formats.BY_EXTENSION.get(path.suffix.lstrip(".").lower())
        if fmt is None or fmt.rdflib is None:
            known = ", ".join(f".{f.extension}" for f in formats.BY_EXTENSION.values() if f.rdflib is not None)
            raise InputError(f"{path}: not an RDF file by its extension (known: {known})")
        try:
            graph.parse(path, format=fmt.rdflib)
        except Exception as error:  # rdflib's parsers raise many unrelated types for bad input
            raise InputError(f"{path}: cannot read as {fmt.label}: {str(error).splitlines()[0]}") from None
    return catalog_report(graph)


def holds_a_catalog(paths: Iterable[Path]) -> bool:
    """Whether one of the RDF files ``paths`` (format by extension) states something ``a dcat:Catalog``.

    Streamed, stops at the first; files of unknown extension or that do not parse count as holding none.
    What ``fundgraph validate`` checks to suggest ``--shapes catalog`` for a catalogue.
    """
    rdf_type = pyoxigraph.NamedNode(str(RDF.type))
    catalog = pyoxigraph.NamedNode(str(DCAT.Catalog))
    for path in paths:
        path = Path(path)
        fmt = formats.BY_EXTENSION.get(path.suffix.lstrip(".").lower())
        if fmt is None or fmt.oxigraph is None:
            continue
        try:
            if any(t.predicate == rdf_type and t.object == catalog
                   for t in pyoxigraph.parse(path=path, format=fmt.oxigraph)):
                return True
        except (SyntaxError, ValueError, OSError):
            continue
    return False


def write_catalog(graph: Graph, folder, stem: str = "catalog") -> list[str]:
    """Write ``graph`` as ``<stem>.rdf`` (RDF/XML, what dataportal.se harvests), ``.ttl`` and ``.jsonld``.

    Triples are written in sorted order (rdflib's serialisers sort subjects), so only the values that
    change (dates, sizes, checksums) differ between runs. Returns the file names written.
    """
    names = []
    for fmt in (formats.RDFXML, formats.TURTLE, formats.JSONLD):
        name = f"{stem}.{fmt.extension}"
        kwargs = {"auto_compact": True} if fmt is formats.JSONLD else {}
        if fmt is formats.RDFXML:
            fmt_name = "pretty-xml"
        else:
            fmt_name = fmt.rdflib
        graph.serialize(destination=str(folder / name), format=fmt_name, encoding="utf-8", **kwargs)
        names.append(name)
    return names

