"""pyoxigraph terms for the classes and properties the mapping writes, built once at import.

Names are ``PREFIX_localname`` so that a quad reads like its Turtle (``DCT_identifier``). Terms are
immutable, so sharing them between threads and calls is safe.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from .vocab import DCT, FG, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, SPDX, XSD

RDF_type = NamedNode(RDF + "type")
RDFS_label = NamedNode(RDFS + "label")
OWL_sameAs = NamedNode(OWL + "sameAs")

XSD_decimal = NamedNode(XSD + "decimal")
XSD_integer = NamedNode(XSD + "integer")
XSD_hexBinary = NamedNode(XSD + "hexBinary")

DCT_identifier = NamedNode(DCT + "identifier")
DCT_title = NamedNode(DCT + "title")
DCT_abstract = NamedNode(DCT + "abstract")
DCT_publisher = NamedNode(DCT + "publisher")
DCT_isPartOf = NamedNode(DCT + "isPartOf")
DCT_format = NamedNode(DCT + "format")

SKOS_Concept = NamedNode(SKOS + "Concept")
SKOS_ConceptScheme = NamedNode(SKOS + "ConceptScheme")
SKOS_inScheme = NamedNode(SKOS + "inScheme")
SKOS_topConceptOf = NamedNode(SKOS + "topConceptOf")
SKOS_prefLabel = NamedNode(SKOS + "prefLabel")
SKOS_altLabel = NamedNode(SKOS + "altLabel")
SKOS_notation = NamedNode(SKOS + "notation")
SKOS_broader = NamedNode(SKOS + "broader")
SKOS_exactMatch = NamedNode(SKOS + "exactMatch")
SKOS_broadMatch = NamedNode(SKOS + "broadMatch")

ORG_Organization = NamedNode(ORG + "Organization")
PROV_wasDerivedFrom = NamedNode(PROV + "wasDerivedFrom")

SCHEMA_MonetaryAmount = NamedNode(SCHEMA + "MonetaryAmount")
SCHEMA_MonetaryGrant = NamedNode(SCHEMA + "MonetaryGrant")
SCHEMA_value = NamedNode(SCHEMA + "value")
SCHEMA_currency = NamedNode(SCHEMA + "currency")
SCHEMA_funding = NamedNode(SCHEMA + "funding")
SCHEMA_fundedItem = NamedNode(SCHEMA + "fundedItem")
SCHEMA_amount = NamedNode(SCHEMA + "amount")
SCHEMA_funder = NamedNode(SCHEMA + "funder")

SPDX_checksum = NamedNode(SPDX + "checksum")
SPDX_Checksum = NamedNode(SPDX + "Checksum")
SPDX_algorithm = NamedNode(SPDX + "algorithm")
SPDX_checksumValue = NamedNode(SPDX + "checksumValue")
SPDX_sha256 = NamedNode(SPDX + "checksumAlgorithm_sha256")

FG_Project = NamedNode(FG + "Project")
FG_Beneficiary = NamedNode(FG + "Beneficiary")
FG_Fund = NamedNode(FG + "Fund")
FG_EUFund = NamedNode(FG + "EUFund")
FG_Programme = NamedNode(FG + "Programme")
FG_RegionalFunding = NamedNode(FG + "RegionalFunding")
FG_OperationalProgramme = NamedNode(FG + "OperationalProgramme")
FG_Priority = NamedNode(FG + "Priority")
FG_Municipality = NamedNode(FG + "Municipality")
FG_County = NamedNode(FG + "County")
FG_UnlinkedConcept = NamedNode(FG + "UnlinkedConcept")
FG_SourceDocument = NamedNode(FG + "SourceDocument")
FG_DocumentPage = NamedNode(FG + "DocumentPage")

FG_beneficiary = NamedNode(FG + "beneficiary")
FG_grantedAmount = NamedNode(FG + "grantedAmount")
FG_totalBudget = NamedNode(FG + "totalBudget")
FG_fund = NamedNode(FG + "fund")
FG_programme = NamedNode(FG + "programme")
FG_priority = NamedNode(FG + "priority")
FG_municipality = NamedNode(FG + "municipality")
FG_county = NamedNode(FG + "county")
FG_amends = NamedNode(FG + "amends")
FG_sourcePage = NamedNode(FG + "sourcePage")
FG_listRow = NamedNode(FG + "listRow")
FG_sourceSheet = NamedNode(FG + "sourceSheet")
FG_sheetRow = NamedNode(FG + "sheetRow")
FG_sourceLine = NamedNode(FG + "sourceLine")
FG_governs = NamedNode(FG + "governs")
FG_nameKey = NamedNode(FG + "nameKey")
FG_financedBy = NamedNode(FG + "financedBy")
FG_fundingBody = NamedNode(FG + "fundingBody")
FG_programmingPeriod = NamedNode(FG + "programmingPeriod")
FG_managingAuthority = NamedNode(FG + "managingAuthority")
FG_managingAuthoritySource = NamedNode(FG + "managingAuthoritySource")
FG_iso31662 = NamedNode(FG + "iso31662")
FG_nutsLevel = NamedNode(FG + "nutsLevel")
FG_fileName = NamedNode(FG + "fileName")
FG_pageNumber = NamedNode(FG + "pageNumber")
FG_euAmount = NamedNode(FG + "euAmount")
FG_paidAmount = NamedNode(FG + "paidAmount")
FG_cofinancingRate = NamedNode(FG + "cofinancingRate")
FG_country = NamedNode(FG + "country")
FG_nutsRegion = NamedNode(FG + "nutsRegion")
FG_placeName = NamedNode(FG + "placeName")
FG_programmeName = NamedNode(FG + "programmeName")
FG_programmeCode = NamedNode(FG + "programmeCode")
FG_specificObjective = NamedNode(FG + "specificObjective")
FG_interventionCategory = NamedNode(FG + "interventionCategory")
FG_status = NamedNode(FG + "status")
FG_amountsAsPrinted = NamedNode(FG + "amountsAsPrinted")
SCHEMA_startDate = NamedNode(SCHEMA + "startDate")
SCHEMA_endDate = NamedNode(SCHEMA + "endDate")
SCHEMA_postalCode = NamedNode(SCHEMA + "postalCode")
XSD_date = NamedNode(XSD + "date")
XSD_boolean = NamedNode(XSD + "boolean")

PDF_FILE_TYPE = NamedNode("http://publications.europa.eu/resource/authority/file-type/PDF")


def sv(text: str) -> Literal:
    """A Swedish-language literal."""
    return Literal(text, language="sv")


def en(text: str) -> Literal:
    """An English-language literal."""
    return Literal(text, language="en")
