"""All of fundgraph's settings, declared once with their defaults and help text.

Settings come, in rising precedence, from these defaults, a ``fundgraph.toml`` file (found in the
working directory, or named with ``--config``) and command-line options. The TOML file has top-level
keys for the general settings and a ``[publisher]`` table; every key is listed in ``SETTINGS`` and
``PUBLISHER_SETTINGS`` with its help text, and ``fundgraph config`` prints them all.

Example ``fundgraph.toml``::

    base_iri = "https://data.regionvasterbotten.se/projekt/"

    [publisher]
    name = "Region Västerbotten"
    organisation_number = "232100-0222"
    contact_email = "opendata@example.se"
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_FILE_NAME = "fundgraph.toml"


def _setting(default: Any, help: str, **kwargs: Any) -> Any:
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda d=default: type(d)(d), metadata={"help": help}, **kwargs)
    return field(default=default, metadata={"help": help}, **kwargs)


@dataclass(frozen=True)
class Publisher:
    """Facts about the organisation that publishes the dataset (the DCAT publisher and catalogue)."""

    name: str = _setting("Region Västerbotten", "Name of the publishing organisation (dct:publisher foaf:name).")
    name_en: str = _setting("Region Västerbotten", "Name of the publisher in English.")
    organisation_number: str = _setting(
        "232100-0222", "Swedish organisation number (organisationsnummer) of the publisher, NNNNNN-NNNN; empty if none.")
    type: str = _setting(
        "RegionalAuthority",
        "Publisher type, a code of the EU Publications Office publisher-type table "
        "(http://purl.org/adms/publishertype/): RegionalAuthority, LocalAuthority, NationalAuthority, ...")
    wikidata: str = _setting("http://www.wikidata.org/entity/Q3233375", "Wikidata IRI of the publisher; empty if none.")
    homepage: str = _setting("https://www.regionvasterbotten.se/", "Publisher home page.")
    contact_email: str = _setting(
        "", "Contact e-mail for the dataset (a function address, never a person's); empty to use contact_page.")
    contact_page: str = _setting(
        "https://www.regionvasterbotten.se/kontakt", "Contact web page for the dataset, used when no e-mail is given.")
    licence: str = _setting(
        "http://publications.europa.eu/resource/authority/licence/CC0",
        "Licence of the data (EU Publications Office licence IRI); CC0 1.0 by default.")
    catalog_title_sv: str = _setting("Beviljade projekt – öppna data", "Catalogue title in Swedish.")
    catalog_title_en: str = _setting("Granted projects – open data", "Catalogue title in English.")
    catalog_description_sv: str = _setting(
        "Katalog över öppna data om projekt som beviljats regionala och EU-medel.", "Catalogue description in Swedish.")
    catalog_description_en: str = _setting(
        "Catalogue of open data on projects granted regional and EU funding.", "Catalogue description in English.")
    dataset_title_sv: str = _setting("Beviljade projekt", "Dataset title in Swedish.")
    dataset_title_en: str = _setting("Granted projects", "Dataset title in English.")
    dataset_description_sv: str = _setting(
        "Projekt som beviljats medel ur EU:s strukturfonder (Eruf, ESF+, Interreg) och regionala medel, "
        "med stödmottagare, belopp, fond, prioritering, kommuner och län.", "Dataset description in Swedish.")
    dataset_description_en: str = _setting(
        "Projects granted money from EU structural funds (ERDF, ESF+, Interreg) and regional funds, with "
        "beneficiary, amounts, fund, priority, municipalities and counties.", "Dataset description in English.")
    strategy_label_sv: str = _setting(
        "Regional utvecklingsstrategi för Västerbottens län 2020–2030",
        "Swedish name of the regional development strategy whose priorities the lists use.")
    strategy_label_en: str = _setting(
        "Regional development strategy for Västerbotten 2020–2030", "English name of that strategy.")


@dataclass(frozen=True)
class Settings:
    """fundgraph's settings. Build with ``load_settings``; change with ``dataclasses.replace``."""

    base_iri: str = _setting(
        "https://data.example.se/",
        "Base IRI under which all resources are minted (project/…, municipality/…); must end with '/'. "
        "The server answers each IRI at its path on whatever host it runs.")
    out_dir: Path = _setting(Path("publish"), "Folder that `publish` writes the dataset into.")
    programming_period: str = _setting(
        "2021-2027",
        "EU programming period of the lists (2021-2027 or 2014-2020); decides which EU programme a fund "
        "abbreviation such as ERUF means.")
    allow_unknown_concepts: bool = _setting(
        False,
        "Let values that match no reference concept (unknown municipality, county or fund) through as "
        "unlinked concepts, reported as warnings, instead of stopping with an error.")
    links_dir: Path = _setting(Path("links"), "Folder with the reviewable link tables (beneficiaries.csv, projects.csv).")
    link_endpoint: str = _setting(
        "https://query.wikidata.org/sparql", "SPARQL endpoint used by `fundgraph link` for beneficiaries.")
    kohesio_endpoint: str = _setting(
        "https://query.linkedopendata.eu/sparql", "SPARQL endpoint of the EU Knowledge Graph behind Kohesio.")
    link_timeout: float = _setting(30.0, "Seconds to wait for a remote SPARQL endpoint when linking.")
    host: str = _setting("127.0.0.1", "Interface the server listens on.")
    port: int = _setting(5000, "TCP port the server listens on.")
    threads: int = _setting(8, "Worker threads of the WSGI server.")
    query_timeout: float = _setting(10.0, "Seconds a SPARQL query may run before it is stopped with an error.")
    max_result_rows: int = _setting(100_000, "Most result rows (or triples) a SPARQL query may return.")
    store_url: str = _setting(
        "", "SPARQL 1.1 Graph Store Protocol URL of an external store to load the data into; empty for the "
        "embedded pyoxigraph store.")
    sparql_endpoint: str = _setting(
        "", "External SPARQL query endpoint that `serve` reads from instead of the embedded store; empty for none.")
    publisher: Publisher = field(default_factory=Publisher, metadata={"help": "The [publisher] table."})


SETTINGS = {f.name: f for f in dataclasses.fields(Settings) if f.name != "publisher"}
PUBLISHER_SETTINGS = {f.name: f for f in dataclasses.fields(Publisher)}


def _coerce(name: str, f: dataclasses.Field, value: Any) -> Any:
    default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
    kind = type(default)
    if isinstance(default, Path):
        if not isinstance(value, (str, Path)):
            raise ConfigError(f"setting {name!r} must be a path, not {value!r}")
        return Path(value)
    if kind is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"setting {name!r} must be true or false, not {value!r}")
        return value
    if kind in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"setting {name!r} must be a number, not {value!r}")
        return kind(value)
    if kind is str and not isinstance(value, str):
        raise ConfigError(f"setting {name!r} must be a string, not {value!r}")
    return value


def _check(settings: Settings) -> Settings:
    if not settings.base_iri.startswith(("http://", "https://")) or not settings.base_iri.endswith("/"):
        raise ConfigError(f"setting 'base_iri' must be an absolute http(s) IRI ending with '/', not {settings.base_iri!r}")
    if settings.programming_period not in ("2021-2027", "2014-2020"):
        raise ConfigError(
            f"setting 'programming_period' must be one of 2021-2027, 2014-2020, not {settings.programming_period!r}")
    return settings


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Return settings from defaults, ``config_file`` (or ./fundgraph.toml if present) and ``overrides``.

    ``overrides`` whose value is None are ignored (so CLI options left unset keep the file's value).
    Raises ConfigError naming the file and the key for unknown keys, wrong types or invalid values.
    """
    values: dict[str, Any] = {}
    publisher_values: dict[str, Any] = {}
    path = config_file if config_file is not None else Path(CONFIG_FILE_NAME)
    if config_file is not None or path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: configuration file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        for key, value in data.items():
            if key == "publisher":
                if not isinstance(value, dict):
                    raise ConfigError(f"{path}: 'publisher' must be a table")
                for pkey, pvalue in value.items():
                    if pkey not in PUBLISHER_SETTINGS:
                        raise ConfigError(
                            f"{path}: unknown setting 'publisher.{pkey}'; known: {', '.join(PUBLISHER_SETTINGS)}")
                    publisher_values[pkey] = _coerce(f"publisher.{pkey}", PUBLISHER_SETTINGS[pkey], pvalue)
            elif key in SETTINGS:
                values[key] = _coerce(key, SETTINGS[key], value)
            else:
                raise ConfigError(f"{path}: unknown setting {key!r}; known: {', '.join(SETTINGS)}, publisher")
    for key, value in overrides.items():
        if value is None:
            continue
        if key not in SETTINGS:
            raise ConfigError(f"unknown setting {key!r}")
        values[key] = _coerce(key, SETTINGS[key], value)
    return _check(Settings(publisher=Publisher(**publisher_values), **values))


def describe_settings() -> list[tuple[str, Any, str]]:
    """Return (key, default, help) for every setting, publisher keys as ``publisher.<key>``."""
    rows = []
    for name, f in SETTINGS.items():
        rows.append((name, f.default, f.metadata["help"]))
    for name, f in PUBLISHER_SETTINGS.items():
        rows.append((f"publisher.{name}", f.default, f.metadata["help"]))
    return rows
