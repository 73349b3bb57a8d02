"""Settings: every value checked where it is read (naming the setting and the file), the effective settings
printed as TOML that reads back to the same values, and every setting documented."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from fundgraph.config import (
    COMMAND_LINE, PUBLISHER_SETTINGS, PUBLISHER_TYPES, SETTINGS, Settings, check_settings, load_settings, luhn_valid,
    read_settings, settings_toml, toml_value,
)
from fundgraph.errors import ConfigError

REPOSITORY = Path(__file__).resolve().parent.parent


def write_toml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("iri, problem", [
    ("https://exa mple.org/", "must be a valid IRI"),
    ("https://example.org/<x>/", "must be a valid IRI"),
    ("https:///", "must name a host"),
    ("https://example.org/a?b#/", "must not have a query"),
    ("https://example.org/a#/", "must not have a fragment"),
    ("ftp://example.org/", "absolute http(s) IRI"),
    ("example.org/", "absolute http(s) IRI"),
    ("https://example.org/data", "must end with '/'"),
    ("https://example.org:port/", "must be a valid IRI"),
])
def test_malformed_base_iri_is_refused_by_name(iri, problem):
    with pytest.raises(ConfigError) as error:
        load_settings(base_iri=iri)
    message = str(error.value)
    assert message.startswith(f"{COMMAND_LINE}: setting 'base_iri' ")
    assert problem in message and repr(iri) in message and "\n" not in message


@pytest.mark.parametrize("iri", ["https://data.example.se/", "http://localhost:8080/projekt/",
                                 "https://data.regionvasterbotten.se/öppna-data/"])
def test_good_base_iri_is_accepted(iri):
    assert load_settings(base_iri=iri).base_iri == iri


def test_base_iri_from_the_file_names_the_file(tmp_path):
    path = write_toml(tmp_path / "fundgraph.toml", 'base_iri = "https://example.org/a?b#/"\n')
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(path))}: setting 'base_iri' must not have a query"):
        load_settings(path)


def test_luhn_check_digit_of_organisation_numbers():
    # Region Västerbotten 232100-0222 and Skatteverket 202100-5448 (both published organisation numbers)
    assert luhn_valid("2321000222") and luhn_valid("2021005448")
    assert not luhn_valid("2321000223") and not luhn_valid("2021005449")


BAD_PUBLISHER = [
    ("contact_email", "not an email", "must be an e-mail address"),
    ("contact_email", "open data@example.se", "must be an e-mail address"),
    ("contact_email", "mailto:opendata@example.se", "no 'mailto:'"),
    ("contact_email", "opendata@localhost", "must be an e-mail address"),
    ("organisation_number", "232100-0223", "Luhn check digit"),
    ("organisation_number", "2321000222", "NNNNNN-NNNN"),
    ("organisation_number", "SE232100-0222", "NNNNNN-NNNN"),
    ("type", "Regional authority", "ADMS publisher-type table"),
    ("type", "regionalauthority", "ADMS publisher-type table"),
    ("licence", "CC0", "absolute http(s) IRI"),
    ("licence", "", "must not be empty"),
    ("homepage", "www.regionvasterbotten.se", "absolute http(s) IRI"),
    ("contact_page", "https://www.example.se/kon takt", "must be a valid IRI"),
    ("name", "", "must not be empty"),
    ("name", "   ", "must not be empty"),
    ("catalog_title_sv", "", "must not be empty"),
    ("wikidata", "https://www.wikidata.org/wiki/Q3233375", "Wikidata entity IRI"),
]


@pytest.mark.parametrize("key, value, problem", BAD_PUBLISHER)
def test_bad_publisher_setting_is_refused_naming_setting_and_file(tmp_path, key, value, problem):
    path = write_toml(tmp_path / "fundgraph.toml", f"[publisher]\n{key} = {toml_value(value)}\n")
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    message = str(error.value)
    assert message.startswith(f"{path}: setting 'publisher.{key}' ")
    assert problem in message and "\n" not in message


def test_contact_needs_an_email_or_a_page(tmp_path):
    path = write_toml(tmp_path / "fundgraph.toml", '[publisher]\ncontact_page = ""\ncontact_email = ""\n')
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(path))}: setting 'publisher\.contact_email' "
                                          r"or publisher\.contact_page must be given"):
        load_settings(path)


@pytest.mark.parametrize("key, value", [
    ("contact_email", "opendata@regionvasterbotten.se"), ("contact_email", "öppna.data@region-x.se"),
    ("organisation_number", "202100-5448"), ("organisation_number", ""), ("type", "LocalAuthority"),
    ("type", "Academia-ScientificOrganisation"), ("homepage", ""), ("wikidata", ""),
    ("licence", "https://creativecommons.org/licenses/by/4.0/"),
])
def test_good_publisher_settings_are_accepted(tmp_path, key, value):
    path = write_toml(tmp_path / "fundgraph.toml", f"[publisher]\n{key} = {toml_value(value)}\n")
    settings, sources = read_settings(path)
    assert getattr(settings.publisher, key) == value
    assert sources == {f"publisher.{key}": str(path)}


def test_defaults_are_valid_and_publisher_types_are_the_adms_table():
    assert check_settings(Settings()) == Settings()
    assert len(PUBLISHER_TYPES) == 11 and Settings().publisher.type in PUBLISHER_TYPES
    assert {"LocalAuthority", "NationalAuthority", "SupraNationalAuthority", "Company"} <= set(PUBLISHER_TYPES)


def test_effective_settings_print_as_toml_that_reads_back(tmp_path):
    path = write_toml(tmp_path / "fundgraph.toml",
                      'out_dir = "public/data"\nallow_unknown_concepts = true\nport = 8080\n'
                      '[publisher]\ntype = "LocalAuthority"\nname = "Umeå kommun"\n')
    settings, sources = read_settings(path, base_iri="https://data.umea.se/")
    text = settings_toml(settings, sources)
    data = tomllib.loads(text)
    assert data["out_dir"] == "public/data" and data["allow_unknown_concepts"] is True and data["port"] == 8080
    assert data["base_iri"] == "https://data.umea.se/" and data["link_timeout"] == 30.0
    assert data["publisher"]["type"] == "LocalAuthority" and data["publisher"]["name"] == "Umeå kommun"
    assert set(data) == {*SETTINGS, "publisher"} and set(data["publisher"]) == set(PUBLISHER_SETTINGS)
    lines = text.splitlines()
    assert f'out_dir = "public/data"  # from {path} (default: "publish")' in lines
    assert 'allow_unknown_concepts = true  # from ' + str(path) + ' (default: false)' in lines
    assert 'base_iri = "https://data.umea.se/"  # from command line (default: "https://data.example.se/")' in lines
    assert 'links_dir = "links"' in lines  # defaults are not marked
    assert "PosixPath" not in text and "False" not in text and "True" not in text


def test_every_setting_has_help_and_is_documented():
    # Datasette's rule: every setting is documented. `fundgraph config` prints each with its help text;
    # README.md points to it.
    text = settings_toml()
    flat = re.sub(r"\s*\n# ", " ", text)
    for table, fields in (("", SETTINGS), ("publisher.", PUBLISHER_SETTINGS)):
        for name, f in fields.items():
            help_text = f.metadata.get("help", "")
            assert len(help_text) > 10, f"{table}{name} has no help text"
            assert re.search(rf"^{re.escape(name)} = ", text, re.M), f"{table}{name} missing from fundgraph config"
            assert help_text in flat, f"help of {table}{name} missing from fundgraph config"
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert "fundgraph config" in readme and "fundgraph.toml" in readme and "[publisher]" in readme
