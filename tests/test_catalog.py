"""The DCAT-AP-SE catalogue: conforms to the official DCAT-AP 3.0.1 shapes and to our DCAT-AP-SE shapes
(each of which has a test that breaks it), refuses missing mandatory facts, and describes the files exactly."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib import OWL, RDF, BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, SH

from fundgraph.config import Publisher, Settings
from fundgraph.errors import FundgraphError, PublishError
from fundgraph.publish.catalog import (
    DISTRIBUTIONS, VCARD, CatalogFacts, build_catalog, catalog_report, check_catalog, publisher_agent_iri,
    validate_catalog_files,
)
from fundgraph.publish.files import FileInfo
from fundgraph.resources import resource_dir

DCAT_AP = Path(__file__).parent / "data" / "dcat-ap-3.0.1"
SE_SHAPES = resource_dir("shapes") / "catalog" / "dcat-ap-se.ttl"
BASE = "https://data.example.se/"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


def official_shapes(*names: str) -> Graph:
    shapes = Graph()
    for name in names:
        shapes.parse(DCAT_AP / name)
    # The published 3.0.1 files reference five property shapes that they never define (no path, no
    # constraint); pyshacl rejects such references, so they are dropped here. Nothing is lost.
    for shape, _, prop in list(shapes.triples((None, SH.property, None))):
        if (prop, None, None) not in shapes:
            shapes.remove((shape, SH.property, prop))
    return shapes


OFFICIAL = {
    "all-in-one": ("shacl/dcat-ap-SHACL.ttl", "shacl/ranges.ttl"),
    "shapes+range": ("html/shacl/shapes.ttl", "html/shacl/range.ttl"),
}


def validate(data: Graph, shapes: Graph) -> tuple[bool, str]:
    # imports.ttl is the background the EU validator loads; RDFS inference gives every value the class
    # rdfs:Resource, which range.ttl asks of dcat:endpointURL.
    background = Graph().parse(DCAT_AP / "html/shacl/imports.ttl")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=background, inference="rdfs")
    return conforms, text


def catalog(settings: Settings | None = None) -> Graph:
    files = {d.file_name: FileInfo(1234, "0f" * 32, d.format.media_type, sha1="1e" * 20) for d in DISTRIBUTIONS}
    facts = CatalogFacts(files=files, spatial=("http://data.europa.eu/nuts/code/SE331",
                                               "http://www.wikidata.org/entity/Q104877"),
                         documents=(BASE + "document/" + "ab" * 32,), issued=NOW, modified=NOW)
    return build_catalog(settings or Settings(), facts)


@pytest.mark.parametrize("profile", sorted(OFFICIAL))
def test_catalogue_conforms_to_official_dcat_ap_3_0_1(profile):
    conforms, text = validate(catalog(), official_shapes(*OFFICIAL[profile]))
    assert conforms, text


def test_official_shapes_catch_a_dataset_without_description():
    g = catalog()
    g.remove((URIRef(BASE + "dataset"), DCTERMS.description, None))
    conforms, text = validate(g, official_shapes(*OFFICIAL["shapes+range"]))
    assert not conforms and "dct:description" in text


def test_catalogue_conforms_to_dcat_ap_se_shapes():
    conforms, _, text = pyshacl.validate(catalog(), shacl_graph=Graph().parse(SE_SHAPES))
    assert conforms, text
    check_catalog(catalog())


def _rename(g: Graph, old: URIRef, new) -> None:
    for s, p, o in list(g):
        if old in (s, o):
            g.remove((s, p, o))
            g.add((new if s == old else s, p, new if o == old else o))


def _remove(node: str, prop):
    def breaks(g: Graph) -> None:
        g.remove((URIRef(node), prop, None))
    return breaks


PUBLISHER = "http://dataportal.se/organisation/SE2321000222"
BREAKAGES = {
    "catalogue without licence": (_remove(BASE + "catalog", DCTERMS.license), "CatalogShape"),
    "distribution without format": (_remove(BASE + "dataset/distribution/dataset.ttl", DCTERMS.format),
                                    "DistributionShape"),
    "publisher without type": (_remove(PUBLISHER, DCTERMS.type), "AgentShape"),
    "contact point without e-mail or page": (lambda g: [_remove(BASE + "contact", p)(g) for p in
                                                        (VCARD.hasURL, VCARD.hasEmail)], "ContactPointShape"),
    "catalogue as blank node": (lambda g: _rename(g, URIRef(BASE + "catalog"), BNode()), "CatalogShape"),
    "dataset as blank node": (lambda g: _rename(g, URIRef(BASE + "dataset"), BNode()), "DatasetShape"),
    "distribution as blank node": (lambda g: _rename(g, URIRef(BASE + "dataset/distribution/dataset.nt"),
                                                     BNode()), "DistributionShape"),
    "data service with a relative IRI": (lambda g: _rename(g, URIRef(BASE + "service/sparql"),
                                                           URIRef("service/sparql")), "DataServiceShape"),
    "publisher as blank node": (lambda g: _rename(g, URIRef(PUBLISHER), BNode()), "AgentShape"),
    "contact point as blank node": (lambda g: _rename(g, URIRef(BASE + "contact"), BNode()), "ContactPointShape"),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_each_dcat_ap_se_shape_catches_its_violation(case):
    breaks, shape = BREAKAGES[case]
    g = catalog()
    breaks(g)
    shapes = Graph().parse(SE_SHAPES)
    conforms, report, _ = pyshacl.validate(g, shacl_graph=shapes)
    assert not conforms
    failing = set()
    for source in report.objects(None, SH.sourceShape):
        failing.add(str(source))
        failing.update(str(parent) for parent in shapes.subjects(SH.property, source))
    assert f"https://w3id.org/fundgraph/shapes/dcat-ap-se#{shape}" in failing
    with pytest.raises(PublishError, match="does not conform to DCAT-AP-SE"):
        check_catalog(g)


@pytest.mark.parametrize("key, prop", [("catalog_title_sv", "dct:title"), ("licence", "dct:license"),
                                       ("type", "dct:type"), ("name", "foaf:name"),
                                       ("dataset_description_sv", "dct:description")])
def test_missing_mandatory_fact_is_refused_by_name(key, prop):
    settings = Settings(publisher=replace(Publisher(), **{key: ""}))
    with pytest.raises(PublishError, match=rf"{prop}.*publisher\.{key}"):
        catalog(settings)


def test_contact_needs_an_email_or_a_page():
    settings = Settings(publisher=replace(Publisher(), contact_email="", contact_page=""))
    with pytest.raises(PublishError, match="vcard:hasEmail or vcard:hasURL"):
        catalog(settings)


def test_no_blank_nodes_and_every_iri_absolute():
    g = catalog()
    for term in {t for triple in g for t in triple}:
        assert not isinstance(term, BNode)
        if isinstance(term, URIRef):
            assert str(term).startswith(("http://", "https://", "mailto:")), term


def test_publisher_iri_follows_dataportal_convention():
    assert publisher_agent_iri(Settings()) == PUBLISHER
    none = Settings(publisher=replace(Publisher(), organisation_number=""))
    assert publisher_agent_iri(none) == BASE + "publisher"


def test_contact_point_uses_email_when_given():
    g = catalog(Settings(publisher=replace(Publisher(), contact_email="opendata@example.se")))
    assert (URIRef(BASE + "contact"), VCARD.hasEmail, URIRef("mailto:opendata@example.se")) in g


# --- the catalogue publish wrote -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def written(published):
    return published.out_dir, Graph().parse(published.out_dir / "catalog.rdf", format="xml")


def test_written_catalogue_formats_agree_and_conform(written):
    out, g = written
    assert isomorphic(g, Graph().parse(out / "catalog.ttl", format="turtle"))
    assert isomorphic(g, Graph().parse(out / "catalog.jsonld", format="json-ld"))
    conforms, text = validate(g, official_shapes(*OFFICIAL["shapes+range"]))
    assert conforms, text


def test_checksums_and_sizes_match_the_files(written):
    out, g = written
    described = set()
    for dist in g.subjects(RDF.type, DCAT.Distribution):
        url = str(g.value(dist, DCAT.downloadURL))
        assert url.startswith(BASE + "download/")
        path = out / url.rsplit("/", 1)[1]
        data = path.read_bytes()
        assert int(g.value(dist, DCAT.byteSize)) == len(data)
        checksum = g.value(dist, URIRef("http://spdx.org/rdf/terms#checksum"))
        value = g.value(checksum, URIRef("http://spdx.org/rdf/terms#checksumValue"))
        assert str(value) == hashlib.sha256(data).hexdigest()
        described.add(path.name)
    assert described == {d.file_name for d in DISTRIBUTIONS}


def test_written_catalogue_covers_the_counties(written):
    _, g = written
    spatial = {str(o) for o in g.objects(URIRef(BASE + "dataset"), DCTERMS.spatial)}
    assert {"http://data.europa.eu/nuts/code/SE331", "http://data.europa.eu/nuts/code/SE332"} <= spatial
    assert rdflib.Literal("232100-0222") in set(g.objects(URIRef(PUBLISHER), DCTERMS.identifier))


def test_publisher_is_the_same_as_the_data_organisation_and_wikidata(published):
    g = catalog()
    same = set(g.objects(URIRef(PUBLISHER), OWL.sameAs))
    organisation = URIRef(BASE + "organisation/region-vasterbotten")
    assert same == {organisation, URIRef("http://www.wikidata.org/entity/Q3233375")}
    data = Graph().parse(published.out_dir / "dataset.nt", format="nt")  # the node the data uses
    assert (organisation, RDF.type, URIRef("http://www.w3.org/ns/org#Organization")) in data


def test_csv_distribution_conforms_to_csvw_and_has_its_metadata_as_documentation():
    g = catalog()
    csv = URIRef(BASE + "dataset/distribution/projects.csv")
    metadata_file = URIRef(BASE + "download/projects.csv-metadata.json")
    csvw = URIRef("http://www.w3.org/ns/csvw")
    assert set(g.objects(csv, DCTERMS.conformsTo)) == {csvw}
    assert set(g.objects(csv, FOAF.page)) == {metadata_file}
    assert (metadata_file, RDF.type, FOAF.Document) in g
    assert set(g.subjects(RDF.type, DCTERMS.Standard)) == {
        csvw, URIRef("https://w3id.org/fundgraph/ns"), URIRef("https://www.w3.org/TR/sparql11-protocol/")}
    metadata = URIRef(BASE + "dataset/distribution/projects.csv-metadata.json")
    assert (URIRef(BASE + "dataset"), DCAT.distribution, metadata) in g
    assert g.value(metadata, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/"
                                                       "application/csvm+json")
    assert g.value(metadata, DCAT.downloadURL) == metadata_file
    assert set(g.objects(metadata, DCTERMS.conformsTo)) == {csvw}


def test_catalog_report_lists_every_violation_readably():
    g = catalog()
    g.remove((URIRef(BASE + "catalog"), DCTERMS.license, None))
    g.remove((URIRef(BASE + "dataset/distribution/dataset.ttl"), DCTERMS.format, None))
    report = catalog_report(g)
    assert not report.conforms
    assert [(v.focus_node, v.path) for v in report.violations] == [
        (BASE + "catalog", "dct:license"), (BASE + "dataset/distribution/dataset.ttl", "dct:format")]
    assert "DCAT-AP-SE: a catalogue must have a licence (dct:license)" in report.text()
    assert catalog_report(catalog()).conforms


def test_validate_catalog_files_reads_each_format(written, tmp_path):
    out, _ = written
    assert validate_catalog_files([out / "catalog.rdf", out / "catalog.jsonld"]).conforms
    bad = tmp_path / "catalog.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(FundgraphError, match=r"catalog\.ttl: cannot read as Turtle"):
        validate_catalog_files([bad])


def test_dump_distributions_are_the_files_write_dumps_names():
    from fundgraph import formats
    from fundgraph.publish.dumps import GZIPPED, TRIPLE_FORMATS, dump_name

    dumps = {dump_name(f) for f in (*TRIPLE_FORMATS, formats.NQUADS)} | {dump_name(f) + ".gz" for f in GZIPPED}
    assert dumps == {"dataset.ttl", "dataset.nt", "dataset.nq", "dataset.jsonld", "dataset.rdf", "dataset.ttl.gz",
                     "dataset.nt.gz"}
    assert {d.file_name for d in DISTRIBUTIONS if d.file_name.startswith("dataset.")} == dumps
    titles = {d.file_name: d.title_en for d in DISTRIBUTIONS}
    assert titles["dataset.ttl.gz"] == "All data as Turtle (gzip)" and titles["dataset.rdf"] == "All data as RDF/XML"


def test_catalogue_iris_are_minted_by_the_iri_scheme():
    from fundgraph.mapping import iris

    assert iris.distribution(BASE, "dataset.ttl.gz") == BASE + "dataset/distribution/dataset.ttl.gz"
    assert iris.distribution_checksum(BASE, "dataset.ttl") == BASE + "dataset/distribution/dataset.ttl/checksum"
    assert iris.dataset_partition(BASE, "class", "fg:Project") == BASE + "dataset/partition/class/fg%3AProject"
    assert iris.download(BASE, "projects.csv-metadata.json") == BASE + "download/projects.csv-metadata.json"
    assert (iris.data_service(BASE), iris.contact_point(BASE), iris.publisher(BASE), iris.dataset_temporal(BASE)) \
        == (BASE + "service/sparql", BASE + "contact", BASE + "publisher", BASE + "dataset/temporal")
    g = catalog()
    minted = {iris.catalog(BASE), iris.dataset(BASE), iris.data_service(BASE), iris.contact_point(BASE),
              iris.dataset_temporal(BASE), iris.sparql_endpoint(BASE), BASE,
              iris.document(BASE, "ab" * 32), iris.organisation(BASE, "region-vasterbotten")}
    for spec in DISTRIBUTIONS:
        minted |= {iris.distribution(BASE, spec.file_name), iris.distribution_checksum(BASE, spec.file_name),
                   iris.download(BASE, spec.file_name)}
    ours = {str(t) for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(BASE)}
    assert ours and ours <= minted, ours - minted


def test_holds_a_catalog_tells_a_catalogue_from_data(published, tmp_path):
    from fundgraph.publish.catalog import holds_a_catalog

    out = published.out_dir
    assert holds_a_catalog([out / "void.ttl", out / "catalog.rdf"])
    assert not holds_a_catalog([out / "void.ttl", out / "projects.csv"])
    (tmp_path / "broken.ttl").write_text("<a> <b> .", encoding="utf-8")
    assert not holds_a_catalog([tmp_path / "broken.ttl"])


# --- every mandatory DCAT-AP-SE property: a catalogue without it fails validate and publish, by name ------------

SERVICE = BASE + "service/sparql"
CONTACT = BASE + "contact"
MANDATORY = [  # (node, property, its name in the report) — DCAT-AP-SE 3.0.1's "obligatorisk" properties
    (BASE + "catalog", DCTERMS.title, "dct:title"), (BASE + "catalog", DCTERMS.description, "dct:description"),
    (BASE + "catalog", DCTERMS.publisher, "dct:publisher"), (BASE + "catalog", DCTERMS.license, "dct:license"),
    (BASE + "catalog", DCAT.dataset, "dcat:dataset"),
    (BASE + "dataset", DCTERMS.title, "dct:title"), (BASE + "dataset", DCTERMS.description, "dct:description"),
    (BASE + "dataset", DCTERMS.publisher, "dct:publisher"), (BASE + "dataset", DCAT.contactPoint, "dcat:contactPoint"),
    (BASE + "dataset/distribution/dataset.ttl", DCAT.accessURL, "dcat:accessURL"),
    (BASE + "dataset/distribution/dataset.ttl", DCTERMS.format, "dct:format"),
    (SERVICE, DCTERMS.title, "dct:title"), (SERVICE, DCAT.endpointURL, "dcat:endpointURL"),
    (SERVICE, DCTERMS.publisher, "dct:publisher"),
    (PUBLISHER, FOAF.name, "foaf:name"), (PUBLISHER, DCTERMS.type, "dct:type"),
    (CONTACT, VCARD.fn, "vcard:fn"),
]


@pytest.mark.parametrize("node, prop, name", MANDATORY, ids=[f"{n.rsplit('/', 1)[-1]} {p}" for n, _, p in MANDATORY])
def test_a_catalogue_without_a_mandatory_property_fails_naming_it(node, prop, name, tmp_path):
    g = catalog()
    g.remove((URIRef(node), prop, None))
    report = catalog_report(g)
    assert (node, name) in {(v.focus_node, v.path) for v in report.violations}, report.text()
    with pytest.raises(PublishError, match=rf"{node} {name}: DCAT-AP-SE: .*\({name}"):
        check_catalog(g)
    # and `fundgraph validate` on the file, without --shapes, recognises the catalogue and fails by name
    from click.testing import CliRunner

    from fundgraph.cli import cli

    path = tmp_path / "catalog.ttl"
    g.serialize(path, format="turtle")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code != 0
    assert "the catalogue does NOT conform to the DCAT-AP-SE shapes" in result.output
    assert f"path: {name}" in result.output


def test_validate_recognises_a_catalogue_by_its_content_and_says_what_it_checked(written, tmp_path):
    from click.testing import CliRunner

    from fundgraph.cli import cli

    out, _ = written
    renamed = tmp_path / "metadata.rdf"  # not called catalog.*: recognised by what it holds
    renamed.write_bytes((out / "catalog.rdf").read_bytes())
    result = CliRunner().invoke(cli, ["validate", str(renamed)])
    assert result.exit_code == 0, result.output
    nodes = 5 + len(DISTRIBUTIONS)
    assert f"the catalogue conforms to the DCAT-AP-SE shapes: 0 violation(s), 0 warning(s); {nodes} node(s) " \
        "checked" in result.output
    assert (f"checked 1 catalogue(s), 1 dataset(s), {len(DISTRIBUTIONS)} distribution(s), 1 data service(s), "
            "1 publisher(s), 1 contact point(s)") in result.output
    assert "project" not in result.output.lower()


def test_publish_refuses_a_catalogue_without_a_mandatory_property(monkeypatch, tmp_path):
    from fundgraph.publish import pipeline

    def without_publisher(settings, facts):
        g = build_catalog(settings, facts)
        g.remove((URIRef(BASE + "dataset"), DCTERMS.publisher, None))
        return g

    monkeypatch.setattr(pipeline, "build_catalog", without_publisher)
    from conftest import FIXTURE_PDF

    out = tmp_path / "publish"
    with pytest.raises(PublishError, match=rf"{BASE}dataset dct:publisher: DCAT-AP-SE: a dataset must have one "
                                           r"publisher \(dct:publisher\)"):
        pipeline.publish([FIXTURE_PDF], Settings(out_dir=out, links_dir=tmp_path / "links"))
    assert not out.exists()


# --- harvesters of both generations ---------------------------------------------------------------------------

DCAT_AP_2 = Path(__file__).parent / "data" / "dcat-ap-2.1.1"
SPDX_TERMS = "http://spdx.org/rdf/terms#"
# What no catalogue of a Swedish region can fix, by (severity, path, source shape's local name):
UNFIXABLE = {
    # The publisher is not in the EU corporate-body table (which lists EU institutions and bodies).
    ("Warning", "http://purl.org/dc/terms/publisher"),
    # No EU table lists counties: their NUTS and Wikidata IRIs are "not managed" (the country is: SWE).
    ("Warning", "http://purl.org/dc/terms/spatial"),
    # A bounding box and centroid per place need geometry the lists do not carry.
    ("Warning", "http://www.w3.org/ns/dcat#bbox"), ("Warning", "http://www.w3.org/ns/dcat#centroid"),
}


def _results(data: Graph, folder: Path, names: tuple[str, ...], imports: str) -> list[tuple[str, str, str]]:
    shapes = Graph()
    for name in names:
        shapes.parse(folder / name)
    for shape, _, prop in list(shapes.triples((None, SH.property, None))):  # see official_shapes
        if (prop, None, None) not in shapes:
            shapes.remove((shape, SH.property, prop))
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=Graph().parse(folder / imports),
                                    inference="rdfs")
    return [(str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1], str(report.value(r, SH.resultPath)),
             f"{report.value(r, SH.focusNode)}: {report.value(r, SH.resultMessage)}")
            for r in report.objects(None, SH.result)]


def _fixable(results):
    return [r for r in results if r[:2] not in UNFIXABLE]


def test_dcat_ap_3_0_1_with_code_lists_and_recommendations_leaves_nothing_to_fix():
    results = _results(catalog(), DCAT_AP / "html" / "shacl",
                       ("shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl", "shapes_recommended.ttl",
                        "deprecateduris.ttl"), "imports.ttl")
    # The 3.0.1 code-list shapes ask spdx:algorithm to match "^https://spdx.org/rdf/terms", but SPDX's
    # namespace (which DCAT-AP 3.0.1 itself uses, spdx:checksumAlgorithm_sha1) is http://spdx.org/rdf/terms#:
    # no SPDX algorithm IRI can pass. Those results, one per distribution, are the shapes' defect.
    algorithm = [r for r in results if r[1] == SPDX_TERMS + "algorithm"]
    assert len(algorithm) == len(DISTRIBUTIONS)
    assert _fixable([r for r in results if r not in algorithm]) == []
    assert not [r for r in results if r[0] == "Violation" and r not in algorithm]


def test_dcat_ap_2_1_1_catalogue_passes_the_2_1_1_shapes():
    g = catalog(Settings(dcat_ap="2.1.1"))
    results = _results(g, DCAT_AP_2, ("dcat-ap_2.1.1_shacl_shapes.ttl", "dcat-ap_2.1.1_shacl_range.ttl",
                                      "dcat-ap_2.1.1_shacl_mdr-vocabularies.shape.ttl",
                                      "dcat-ap_2.1.1_shacl_shapes_recommended.ttl",
                                      "dcat-ap_2.1.1_shacl_deprecateduris.ttl"), "dcat-ap_2.1.1_shacl_imports.ttl")
    assert _fixable(results) == []
    dist = URIRef(BASE + "dataset/distribution/dataset.ttl")
    assert g.value(dist, DCAT.byteSize).datatype == rdflib.XSD.decimal
    checksum = g.value(dist, URIRef(SPDX_TERMS + "checksum"))
    assert g.value(checksum, URIRef(SPDX_TERMS + "algorithm")) == URIRef(SPDX_TERMS + "checksumAlgorithm_sha1")
    assert str(g.value(checksum, URIRef(SPDX_TERMS + "checksumValue"))) == "1e" * 20
    # the same catalogue still satisfies the DCAT-AP-SE shapes
    assert catalog_report(g).conforms


def test_dcat_ap_2_1_1_needs_sha1_digests():
    files = {d.file_name: FileInfo(1234, "0f" * 32, d.format.media_type) for d in DISTRIBUTIONS}
    facts = CatalogFacts(files=files, spatial=(), documents=(), issued=NOW, modified=NOW)
    with pytest.raises(PublishError, match="SHA-1"):
        build_catalog(Settings(dcat_ap="2.1.1"), facts)


def test_rdf_distributions_point_to_the_sparql_service_and_the_contact_has_an_email():
    g = catalog()
    for spec in DISTRIBUTIONS:
        node = URIRef(BASE + "dataset/distribution/" + spec.file_name)
        services = set(g.objects(node, DCAT.accessService))
        assert services == ({URIRef(SERVICE)} if spec.format.is_rdf else set()), spec.file_name
        assert {lit.language for lit in g.objects(node, DCTERMS.description)} == {"sv", "en"}
    assert (URIRef(CONTACT), VCARD.hasEmail, URIRef("mailto:region@regionvasterbotten.se")) in g
    availability = set(g.objects(URIRef(BASE + "dataset/distribution/dataset.nq"), URIRef("http://data.europa.eu/r5r/availability")))
    assert availability == {URIRef("http://publications.europa.eu/resource/authority/planned-availability/STABLE")}


def test_void_lists_every_dump(written):
    out, _ = written
    void = Graph().parse(out / "void.ttl", format="turtle")
    dumps = {str(o).rsplit("/", 1)[-1] for o in void.objects(None, URIRef("http://rdfs.org/ns/void#dataDump"))}
    assert dumps == {d.file_name for d in DISTRIBUTIONS if d.file_name.startswith("dataset.")}


def test_publish_writes_a_dcat_ap_2_1_1_catalogue_when_asked(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from conftest import FIXTURE_PDF
    from fundgraph.cli import cli

    monkeypatch.chdir(tmp_path)  # no fundgraph.toml, links/ here
    out = tmp_path / "publish"
    result = CliRunner().invoke(cli, ["publish", str(FIXTURE_PDF), "--out", str(out), "--dcat-ap", "2.1.1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    g = Graph().parse(out / "catalog.rdf", format="xml")
    results = _results(g, DCAT_AP_2, ("dcat-ap_2.1.1_shacl_shapes.ttl", "dcat-ap_2.1.1_shacl_range.ttl",
                                      "dcat-ap_2.1.1_shacl_mdr-vocabularies.shape.ttl"),
                       "dcat-ap_2.1.1_shacl_imports.ttl")
    assert _fixable(results) == []
    for dist in g.subjects(RDF.type, DCAT.Distribution):
        data = (out / str(g.value(dist, DCAT.downloadURL)).rsplit("/", 1)[1]).read_bytes()
        checksum = g.value(dist, URIRef(SPDX_TERMS + "checksum"))
        assert str(g.value(checksum, URIRef(SPDX_TERMS + "checksumValue"))) == hashlib.sha1(data).hexdigest()
        assert g.value(dist, DCAT.byteSize) == rdflib.Literal(str(len(data)), datatype=rdflib.XSD.decimal)


def test_an_unknown_dcat_ap_version_is_refused_by_name():
    from fundgraph.config import check_settings
    from fundgraph.errors import ConfigError

    with pytest.raises(ConfigError, match="dcat_ap.*3.0.1 or 2.1.1"):
        check_settings(Settings(dcat_ap="2.0"))
