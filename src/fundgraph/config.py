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
import json
import re
import textwrap
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph

from .errors import ConfigError

CONFIG_FILE_NAME = "fundgraph.toml"
COMMAND_LINE = "command line"
"""Where ``read_settings`` says a value came from when it was given as an override (a CLI option)."""

PUBLISHER_TYPES = {
    "Academia-ScientificOrganisation": "Academia/Scientific organisation",
    "Company": "Company",
    "IndustryConsortium": "Industry consortium",
    "LocalAuthority": "Local authority",
    "NationalAuthority": "National authority",
    "NonGovernmentalOrganisation": "Non-governmental organisation",
    "NonProfitOrganisation": "Non-profit organisation",
    "PrivateIndividual(s)": "Private individual(s)",
    "RegionalAuthority": "Regional authority",
    "StandardisationBody": "Standardisation body",
    "SupraNationalAuthority": "Supra-national authority",
}
"""The ADMS publisher-type table (ADMS 1.0, http://purl.org/adms/publishertype/1.0, maintained by the EU
Publications Office and required by DCAT-AP for ``dct:type`` of a publisher): code → English label. The
concept IRI is ``http://purl.org/adms/publishertype/<code>``."""


def _setting(default: Any, help: str, **kwargs: Any) -> Any:
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda d=default: type(d)(d), metadata={"help": help}, **kwargs)
    return field(default=default, metadata={"help": help}, **kwargs)


@dataclass(frozen=True)
class Publisher:
    """Facts about the organisation that publishes the dataset (the DCAT publisher and catalogue).

    ``check_settings`` validates them: name and Swedish titles/descriptions non-empty; organisation number
    NNNNNN-NNNN with its Luhn check digit, or empty; type a code of ``PUBLISHER_TYPES``; contact e-mail a
    plausible address (one of contact_email and contact_page required); licence, homepage and contact page
    absolute http(s) IRIs; wikidata a Wikidata entity IRI.
    """

    name: str = _setting("Region Västerbotten", "Name of the publishing organisation (dct:publisher foaf:name).")
    name_en: str = _setting("Region Västerbotten", "Name of the publisher in English.")
    organisation_number: str = _setting(
        "232100-0222", "Swedish organisation number (organisationsnummer) of the publisher, NNNNNN-NNNN; empty if none.")
    type: str = _setting(
        "RegionalAuthority",
        "Publisher type, a code of the ADMS publisher-type table (http://purl.org/adms/publishertype/): "
        + ", ".join(PUBLISHER_TYPES) + ".")
    wikidata: str = _setting(
        "http://www.wikidata.org/entity/Q3233375",
        "Wikidata entity IRI of the publisher (http://www.wikidata.org/entity/Q…), stated owl:sameAs the "
        "publisher in the catalogue; empty if none.")
    homepage: str = _setting("https://www.regionvasterbotten.se/", "Publisher home page (http(s) IRI); empty if none.")
    contact_email: str = _setting(
        "region@regionvasterbotten.se", "Contact e-mail for the dataset (a function address, never a person's); empty to use contact_page. "
        "One of contact_email and contact_page is required.")
    contact_page: str = _setting(
        "https://www.regionvasterbotten.se/kontakt",
        "Contact web page for the dataset (http(s) IRI), given beside the e-mail; empty if none.")
    licence: str = _setting(
        "http://publications.europa.eu/resource/authority/licence/CC0",
        "Licence of the data, an absolute http(s) IRI (EU Publications Office licence table); CC0 1.0 by default.")
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
        "Base IRI under which all resources are minted (project/…, municipality/…): an absolute http(s) IRI "
        "with a host, no query or fragment, ending with '/'. "
        "The server answers each IRI at its path on whatever host it runs.")
    out_dir: Path = _setting(Path("publish"), "Folder that `publish` writes the dataset into.")
    programming_period: str = _setting(
        "2021-2027",
        "EU programming period of the lists (2021-2027, 2014-2020 or 2007-2013); decides which EU programme a fund "
        "abbreviation such as ERUF means.")
    currency: str = _setting(
        "",
        "ISO 4217 code (e.g. EUR) of the amounts of a list that names no currency in its headers or cells; "
        "empty: such a list is refused when it is mapped, since an amount without its currency says nothing.")
    country: str = _setting(
        "",
        "ISO 3166-1 alpha-2 code (e.g. DE; EL and UK as EU documents write them) of the operations of a list "
        "that names no country; empty: such operations state none.")
    exchange_rates: str = _setting(
        "",
        "Exchange rates for kohesio-projects.csv, as CODE=RATE pairs separated by spaces or commas (e.g. "
        "\"SEK=11.2 DKK=7.46\"): units of the currency per euro, as the ECB quotes them. A currency given none "
        "here takes the ECB euro reference rate of the shipped table reference/ecb-euro-rates.csv (its date is "
        "reported); a currency in neither stops the publication.")
    allow_unknown_concepts: bool = _setting(
        False,
        "Let values that match no reference concept (unknown municipality, county or fund) through as "
        "unlinked concepts, reported as warnings, instead of stopping with an error.")
    control_characters: str = _setting(
        "error", "What a control character in a list's text is (C0 but tab, line feed and carriage return; C1; "
        "U+FFFE/U+FFFF; lone surrogates; U+0000, often a glyph without a Unicode mapping): \"error\" (an "
        "extraction error naming file, page, row and cell) or \"remove\" (dropped, with a warning naming them).")
    unreadable_cells: str = _setting(
        "error", "What a cell of an optional field is whose text does not parse (an amount \"1.1600,46 €\", a "
        "date \"01/04/201\", a rate): \"error\" (an extraction error naming file, page or sheet, row and "
        "column) or \"absent\" (the value left absent, with a warning naming the cell and its text; never a "
        "guess).")
    swapped_amounts: str = _setting(
        "error", "What a row is whose granted amount exceeds its total budget (a publisher's slip: UK "
        "Scotland's list prints five with the two columns swapped): \"error\" (read with a warning; the "
        "publication refuses it in one line) or \"as-printed\" (both amounts kept as printed, a warning "
        "naming file, page, row and case id, and the project stating fg:amountsAsPrinted true, which "
        "exempts it from the over-budget rule). A list manifest may set it per list.")
    links_dir: Path = _setting(Path("links"), "Folder with the reviewable link tables (beneficiaries.csv, projects.csv).")
    link_endpoint: str = _setting(
        "https://query.wikidata.org/sparql", "SPARQL endpoint used by `fundgraph link` for beneficiaries.")
    kohesio_endpoint: str = _setting(
        "https://query.linkedopendata.eu/sparql", "SPARQL endpoint of the EU Knowledge Graph behind Kohesio.")
    link_timeout: float = _setting(30.0, "Seconds to wait for a remote SPARQL endpoint when linking.")
    host: str = _setting("127.0.0.1", "Interface the server listens on.")
    port: int = _setting(5000, "TCP port the server listens on.")
    threads: int = _setting(8, "Worker threads of the WSGI server (per process).")
    workers: int = _setting(
        0, "Server processes (waitress, sharing one listening socket, under a supervisor that replaces them): "
        "0 for one per core.")
    query_timeout: float = _setting(10.0, "Seconds a SPARQL query may run before it is stopped with an error.")
    max_result_rows: int = _setting(100_000, "Most result rows (or triples) a SPARQL query may return.")
    max_result_bytes: int = _setting(
        50_000_000, "Most bytes of a SPARQL result; a larger one is stopped (413 before the answer starts, "
        "else the connection is cut).")
    max_query_bytes: int = _setting(100_000, "Most bytes of a SPARQL query text (UTF-8); a longer one gets 400.")
    max_query_depth: int = _setting(
        64, "Deepest nesting of { } ( ) [ ] in a SPARQL query; a deeper one gets 400 before it reaches any store "
        "(deep nesting overflows the stack of Oxigraph and other engines).")
    query_workers: int = _setting(
        0, "SPARQL query worker processes per server process for the heavy lane; 0 for one per core, at least two. "
        "One more worker answers only cheap queries, so that they never wait behind heavy ones.")
    query_memory_limit: int = _setting(
        1024, "MiB of memory one SPARQL query worker process may use; past it the query is stopped (413) and "
        "the worker replaced.")
    worker_memory_limit: int = _setting(
        768, "MiB of memory one server process may use (its query workers not counted); past it the "
        "supervisor replaces it without dropping requests.")
    max_request_bytes: int = _setting(1_048_576, "Most bytes of a request body; a larger one gets 413.")
    max_header_bytes: int = _setting(65_536, "Most bytes of a request line and headers; more gets 431.")
    max_url_bytes: int = _setting(8192, "Most bytes of a request's path and query string; more gets 414.")
    request_timeout: float = _setting(
        20.0, "Seconds a client may take to send one whole request (headers and body); a slower one gets 408.")
    keepalive_timeout: float = _setting(15.0, "Seconds an idle keep-alive connection stays open.")
    max_client_connections: int = _setting(
        64, "Most connections one client address may hold open to the server (all its processes); more get 429.")
    max_connections: int = _setting(1000, "Most open connections per server process; beyond it, new ones wait.")
    reload_check_interval: float = _setting(
        1.0, "Seconds between checks of the served folder for a new publication (`serve` switches to it "
        "without dropping requests; SIGHUP switches at once); 0 to check only on SIGHUP.")
    store_url: str = _setting(
        "", "SPARQL 1.1 Graph Store Protocol URL of an external store to load the data into; empty for the "
        "embedded pyoxigraph store.")
    store_user: str = _setting(
        "", "User for HTTP digest authentication to the external store (Virtuoso: an account with SPARQL update "
        "rights, e.g. dba); its password is read only from the environment variable FUNDGRAPH_STORE_PASSWORD.")
    sparql_endpoint: str = _setting(
        "", "External SPARQL query endpoint that `serve` reads from instead of the embedded store; empty for none.")
    dcat_ap: str = _setting(
        "3.0.1", "DCAT-AP version the catalogue (catalog.rdf/.ttl/.jsonld) is written for: 3.0.1, or 2.1.1 for "
        "portals that still harvest with the 2.1.1 rules (byte sizes as xsd:decimal, SHA-1 checksums).")
    publisher: Publisher = field(default_factory=Publisher, metadata={"help": "The [publisher] table."})


SETTINGS = {f.name: f for f in dataclasses.fields(Settings) if f.name != "publisher"}
PUBLISHER_SETTINGS = {f.name: f for f in dataclasses.fields(Publisher)}


def _coerce(name: str, f: dataclasses.Field, value: Any) -> Any:
    """``value`` as the type of ``f``'s default; raises ConfigError naming the setting ``name``."""
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


_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(\.[\w-]+)+")
"""A plausible e-mail address: an RFC 5322 dot-atom local part (letters beyond ASCII allowed, RFC 6531)
and a domain of at least two labels. Deliverability is not checked."""
_ORGANISATION_NUMBER = re.compile(r"\d{6}-\d{4}")
_WIKIDATA_ENTITY = re.compile(r"http://www\.wikidata\.org/entity/Q[1-9]\d*")


def _iri_problem(value: str, *, base: bool = False) -> str | None:
    """Why ``value`` is not an absolute http(s) IRI (with a host; for a base IRI also no query or
    fragment and a final '/'), or None if it is one. Validity as an IRI (RFC 3987) is pyoxigraph's."""
    try:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https"):
            return "must be an absolute http(s) IRI"
        pyoxigraph.NamedNode(value)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError as error:
        return f"must be a valid IRI ({error})"
    if not parts.hostname:
        return "must name a host (http(s)://HOST/…)"
    if base:
        if parts.query or "?" in value:
            return "must not have a query ('?…'): resources are minted by appending paths to it"
        if parts.fragment or "#" in value:
            return "must not have a fragment ('#…'): resources are minted by appending paths to it"
        if not value.endswith("/"):
            return "must end with '/'"
    return None


def luhn_valid(digits: str) -> bool:
    """Whether the last of ``digits`` (a string of decimal digits) is the Luhn (modulus 10) check digit of
    the others. Swedish organisation numbers (like personal identity numbers) end with such a check digit
    computed over the other nine digits (Skatteverket, SKV 709 "Organisationsnummer")."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _problems(settings: Settings) -> Iterator[tuple[str, str]]:
    """(setting key, what is wrong with its value) for each invalid value of ``settings``."""
    problem = _iri_problem(settings.base_iri, base=True)
    if problem:
        yield "base_iri", problem
    if settings.currency and not re.fullmatch(r"[A-Z]{3}", settings.currency):
        yield "currency", "must be an ISO 4217 code of three capital letters, e.g. EUR, or empty"
    if settings.country and not re.fullmatch(r"[A-Z]{2}", settings.country):
        yield "country", "must be an ISO 3166-1 alpha-2 code of two capital letters, e.g. DE, or empty"
    if exchange_rate_problem(settings.exchange_rates):
        yield "exchange_rates", exchange_rate_problem(settings.exchange_rates)
    if settings.dcat_ap not in ("3.0.1", "2.1.1"):
        yield "dcat_ap", "must be 3.0.1 or 2.1.1"
    if settings.programming_period not in ("2021-2027", "2014-2020", "2007-2013"):
        yield "programming_period", "must be one of 2021-2027, 2014-2020, 2007-2013"
    if settings.control_characters not in ("error", "remove"):
        yield "control_characters", "must be one of error, remove"
    if settings.unreadable_cells not in ("error", "absent"):
        yield "unreadable_cells", "must be one of error, absent"
    if settings.swapped_amounts not in ("error", "as-printed"):
        yield "swapped_amounts", "must be one of error, as-printed"

    pub = settings.publisher
    for key in ("name", "catalog_title_sv", "catalog_description_sv", "dataset_title_sv",
                "dataset_description_sv"):
        if not getattr(pub, key).strip():
            yield f"publisher.{key}", "must not be empty (the DCAT-AP catalogue requires it)"
    if pub.organisation_number and not (_ORGANISATION_NUMBER.fullmatch(pub.organisation_number)
                                        and luhn_valid(pub.organisation_number.replace("-", ""))):
        yield ("publisher.organisation_number",
               "must be a Swedish organisation number NNNNNN-NNNN whose last digit is its Luhn check digit, or empty")
    if pub.type not in PUBLISHER_TYPES:
        yield "publisher.type", f"must be a code of the ADMS publisher-type table: {', '.join(PUBLISHER_TYPES)}"
    if pub.contact_email and not (_EMAIL.fullmatch(pub.contact_email) and _mailto_valid(pub.contact_email)):
        yield "publisher.contact_email", "must be an e-mail address such as opendata@example.se (no 'mailto:')"
    if not pub.contact_email.strip() and not pub.contact_page.strip():
        yield "publisher.contact_email", "or publisher.contact_page must be given (the catalogue's contact point)"
    for key, required in (("licence", True), ("homepage", False), ("contact_page", False)):
        value = getattr(pub, key)
        if not value and not required:
            continue
        problem = _iri_problem(value) if value else "must not be empty"
        if problem:
            yield f"publisher.{key}", problem
    if pub.wikidata and not _WIKIDATA_ENTITY.fullmatch(pub.wikidata):
        yield "publisher.wikidata", "must be a Wikidata entity IRI http://www.wikidata.org/entity/Q…, or empty"


_RATE_PAIR = re.compile(r"([A-Z]{3})=(\d+(?:\.\d+)?)")


def parse_exchange_rates(text: str) -> dict[str, Decimal]:
    """The ``exchange_rates`` setting ("SEK=11.2 DKK=7.46", or comma-separated) as {currency: Decimal rate}.
    Raises ConfigError naming the pair that is not CODE=RATE with a positive rate."""
    problem = exchange_rate_problem(text)
    if problem:
        raise ConfigError(f"setting 'exchange_rates' {problem}, not {text!r}")
    return {m.group(1): Decimal(m.group(2)) for m in map(_RATE_PAIR.fullmatch, re.split(r"[\s,]+", text.strip()))
            if m}


def exchange_rate_problem(text: str) -> str | None:
    """What is wrong with an ``exchange_rates`` value, or None."""
    seen: set[str] = set()
    for pair in re.split(r"[\s,]+", text.strip()):
        if not pair:
            continue
        match = _RATE_PAIR.fullmatch(pair)
        if match is None or Decimal(match.group(2)) <= 0:
            return (f"must be CODE=RATE pairs (ISO 4217 code, units per euro > 0) such as SEK=11.2; {pair!r} "
                    "is not one")
        if match.group(1) in seen:
            return f"gives {match.group(1)} twice"
        seen.add(match.group(1))
    return None


def _mailto_valid(address: str) -> bool:
    try:
        pyoxigraph.NamedNode("mailto:" + address)
    except ValueError:
        return False
    return True


def check_settings(settings: Settings, sources: dict[str, str] | None = None) -> Settings:
    """Return ``settings`` if every value is valid, else raise ConfigError for the first invalid one.

    The message names the setting (``publisher.contact_email``) and, when ``sources`` (setting key → where
    its value came from, as ``read_settings`` returns) knows it, the file or the command line.
    Checked: base_iri (absolute http(s) IRI with a host, no query or fragment, ending in '/'), the
    programming period, and the publisher's facts the DCAT-AP(-SE) catalogue needs (see ``Publisher``).
    """
    for key, problem in _problems(settings):
        value = settings
        for part in key.split("."):
            value = getattr(value, part)
        sources = sources or {}
        # A value left at its default is invalid only together with one the file set (contact e-mail or page).
        where = sources.get(key) or next((w for w in sources.values() if w != COMMAND_LINE), None)
        prefix = f"{where}: " if where else ""
        raise ConfigError(f"{prefix}setting {key!r} {problem}, not {value!r}")
    return settings


def read_settings(config_file: Path | None = None, **overrides: Any) -> tuple[Settings, dict[str, str]]:
    """Return the settings from defaults, ``config_file`` (or ./fundgraph.toml if present) and ``overrides``,
    and where each value not left at its default came from: ``{key: file path or COMMAND_LINE}``, publisher
    keys as ``publisher.<key>``.

    ``overrides`` whose value is None are ignored (so CLI options left unset keep the file's value).
    Raises ConfigError naming the file and the key for unknown keys, wrong types or invalid values.
    """
    values: dict[str, Any] = {}
    publisher_values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    path = config_file if config_file is not None else Path(CONFIG_FILE_NAME)
    if config_file is not None or path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: configuration file not found") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: cannot read the configuration file: {error}") from None
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
                    publisher_values[pkey] = _in(path, _coerce, f"publisher.{pkey}", PUBLISHER_SETTINGS[pkey], pvalue)
                    sources[f"publisher.{pkey}"] = str(path)
            elif key in SETTINGS:
                values[key] = _in(path, _coerce, key, SETTINGS[key], value)
                sources[key] = str(path)
            else:
                raise ConfigError(f"{path}: unknown setting {key!r}; known: {', '.join(SETTINGS)}, publisher")
    for key, value in overrides.items():
        if value is None:
            continue
        if key not in SETTINGS:
            raise ConfigError(f"unknown setting {key!r}")
        values[key] = _in(COMMAND_LINE, _coerce, key, SETTINGS[key], value)
        sources[key] = COMMAND_LINE
    settings = Settings(publisher=Publisher(**publisher_values), **values)
    return check_settings(settings, sources), sources


def _in(where: str | Path, coerce, *args: Any) -> Any:
    try:
        return coerce(*args)
    except ConfigError as error:
        raise ConfigError(f"{where}: {error}") from None


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Return settings from defaults, ``config_file`` (or ./fundgraph.toml if present) and ``overrides``.

    ``overrides`` whose value is None are ignored (so CLI options left unset keep the file's value).
    Raises ConfigError naming the file and the key for unknown keys, wrong types or invalid values.
    """
    return read_settings(config_file, **overrides)[0]


def describe_settings(settings: Settings | None = None) -> list[tuple[str, Any, Any, str]]:
    """Return (key, value, default, help) for every setting of ``settings`` (default: the defaults),
    publisher keys as ``publisher.<key>``."""
    settings = settings or Settings()
    rows = []
    for name, f in SETTINGS.items():
        rows.append((name, getattr(settings, name), _default(f), f.metadata["help"]))
    for name, f in PUBLISHER_SETTINGS.items():
        rows.append((f"publisher.{name}", getattr(settings.publisher, name), _default(f), f.metadata["help"]))
    return rows


def _default(f: dataclasses.Field) -> Any:
    return f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]


def toml_value(value: Any) -> str:
    """``value`` (str, Path, bool, int or float) written as a TOML value: paths as strings, booleans as
    true/false, strings as basic strings (JSON's escapes are all valid TOML escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def settings_toml(settings: Settings | None = None, sources: dict[str, str] | None = None) -> str:
    """Every setting's effective value as a TOML document fit for ``fundgraph.toml``: each preceded by its
    help text as a comment, and, when ``sources`` says it does not come from the defaults, followed by a
    comment naming where it came from and the default."""
    settings = settings or Settings()
    sources = sources or {}
    lines = ["# fundgraph settings: the defaults, overlaid by fundgraph.toml (or --config) and command-line",
             "# options; a value that is not the default says where it came from. Copy lines into",
             "# fundgraph.toml to change them.", ""]
    in_publisher = False
    for key, value, default, help_text in describe_settings(settings):
        name = key
        if key.startswith("publisher."):
            name = key.removeprefix("publisher.")
            if not in_publisher:
                lines += ["[publisher]", ""]
                in_publisher = True
        lines += textwrap.wrap(help_text, 100, initial_indent="# ", subsequent_indent="# ")
        line = f"{name} = {toml_value(value)}"
        if key in sources:
            line += f"  # from {sources[key]} (default: {toml_value(default)})"
        lines += [line, ""]
    return "\n".join(lines)
