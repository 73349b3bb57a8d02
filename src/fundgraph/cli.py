"""The ``fundgraph`` command: thin click wrappers around the library functions of each stage.

Errors of the user's making arrive as ``FundgraphError`` and leave as one line on stderr and the
error's exit code; nothing here prints a traceback for them. When ``publish`` refuses data that does not
conform, one line per violation (where its row stands and the rule in words) comes before that line, or
with ``--verbose`` the full SHACL report.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

import click

from .config import load_settings, read_settings, settings_toml
from .errors import FundgraphError, ValidationFailed

REPORT_LINES = 20
"""Lines of a validation report that ``main`` shows when publish refuses data (the rest are counted)."""

verbose_option = click.option(
    "--verbose", is_flag=True,
    help="When the data does not conform, print the full SHACL report (focus node, path, value and message of "
         "each result) instead of one line per violation.")

unreadable_cells_option = click.option(
    "--unreadable-cells", "unreadable_cells", type=click.Choice(["error", "absent"]), default=None,
    help="A cell of an optional field whose text does not parse (an amount, a date, a rate): an error naming "
         "it (default), or left absent with a warning naming the cell and its text (unreadable_cells).")

swapped_amounts_option = click.option(
    "--swapped-amounts", "swapped_amounts", type=click.Choice(["error", "as-printed"]), default=None,
    help="A row granting more than its total budget: refused by the publication (default), or both amounts "
         "kept as printed, with a warning per row and the project stating fg:amountsAsPrinted "
         "(swapped_amounts; a list manifest may set it per list).")

config_option = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Settings file (default: ./fundgraph.toml if present). See `fundgraph config`.")


@click.group()
@click.version_option(package_name="fundgraph")
def cli() -> None:
    """Publish lists of granted funding projects as validated linked open data."""


@contextmanager
def _pages_bar(label: str):
    """A ``progress`` callback for ``read_list`` that draws a bar of the pages read on stderr when stderr
    is a terminal (click.progressbar); None when it is a file or a pipe, so logs and tests get no bar."""
    if not sys.stderr.isatty():
        yield None
        return
    with ExitStack() as stack:
        bars = []

        def progress(done: int, total: int) -> None:
            if not bars:
                bars.append(stack.enter_context(click.progressbar(length=total, label=label, file=sys.stderr,
                                                                  show_pos=True)))
            bars[0].update(done - bars[0].pos)

        yield progress


@cli.command()
@click.argument("list_file", metavar="LIST", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(allow_dash=True, path_type=Path), default=None,
              help="JSON Lines file to write, replaced only once complete (default: standard output). "
                   "Its folder must exist.")
@click.option("--sheet", default=None, metavar="NAME|N",
              help="Workbook sheet holding the list, by name or 1-based number (default: the first sheet "
                   "with a project table).")
@click.option("--explain", is_flag=True,
              help="Also print to stderr which header fed which field, the number and date formats chosen and "
                   "why, and the columns left unmatched.")
@unreadable_cells_option
@swapped_amounts_option
def extract(list_file: Path, output: Path | None, sheet: str | None, explain: bool,
            unreadable_cells: str | None, swapped_amounts: str | None) -> None:
    """Read the project records of a list (PDF, XLSX, XLS, ODS, HTML table or CSV; the format is found from
    the content) and write them as JSON Lines; how the file was read and warnings go to stderr."""
    from .extract import read_list, write_jsonl
    from .publish.atomic import atomic_file

    with _pages_bar(f"reading {list_file.name}") as progress:
        # Read fully first: a list that fails leaves no partial output.
        extracted = read_list(list_file, sheet, progress, unreadable_cells=unreadable_cells or "error",
                              swapped_amounts=swapped_amounts or "error")
    if extracted.document.reading:
        click.echo(f"fundgraph: read {extracted.document.file_name} as {extracted.document.reading}", err=True)
    if explain:
        for line in extracted.explanation:
            click.echo(f"fundgraph: explain: {line}", err=True)
    for warning in extracted.warnings:
        click.echo(f"fundgraph: warning: {warning}", err=True)
    if output is None or str(output) == "-":
        write_jsonl(extracted.records, sys.stdout)
        return
    with atomic_file(output) as out:
        write_jsonl(extracted.records, out)


@cli.command()
@click.argument("pdfs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--lists", "manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A TOML manifest of lists to publish with the lists given as arguments, one [[list]] table "
                   "each: path, and the currency, country, programming_period, programme, programme_cci and "
                   "sheet of a list whose records do not state them, and its swapped_amounts (see README, several lists).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to publish into (default: publish/). It is replaced as a whole once the new "
                   "publication is complete, and only if it is empty or an earlier publication; missing "
                   "parent folders are created.")
@click.option("--base-iri", default=None, help="Base IRI of all minted resources.")
@click.option("--allow-unknown-concepts", is_flag=True, default=None,
              help="Publish values that match no reference concept as unlinked concepts (warnings).")
@click.option("--store", "store_url", default=None, metavar="URL",
              help="Also load the dataset into this SPARQL 1.1 Graph Store Protocol endpoint "
                   "(e.g. http://localhost:7878/store), replacing its graphs of the same names.")
@click.option("--dcat-ap", "dcat_ap", type=click.Choice(["3.0.1", "2.1.1"]), default=None,
              help="DCAT-AP version of the catalogue (dcat_ap; default 3.0.1); 2.1.1 for portals that still "
                   "harvest with its rules.")
@click.option("--programming-period", "programming_period", type=click.Choice(["2021-2027", "2014-2020", "2007-2013"]),
              default=None, help="EU programming period of the lists (programming_period; default 2021-2027).")
@click.option("--currency", default=None, metavar="CODE",
              help="ISO 4217 code of the amounts of a list that names no currency (currency), e.g. EUR.")
@click.option("--country", default=None, metavar="CODE",
              help="ISO 3166-1 alpha-2 code of the operations of a list that names no country (country), e.g. DE.")
@click.option("--exchange-rate", "exchange_rates", multiple=True, metavar="CODE=RATE",
              help="Units of a currency per euro for kohesio-projects.csv (exchange_rates), e.g. SEK=11.2; "
                   "repeat for several. Default: the ECB reference rate of the shipped table.")
@unreadable_cells_option
@swapped_amounts_option
@verbose_option
@config_option
def publish(pdfs: tuple[Path, ...], manifest: Path | None, out_dir: Path | None, base_iri: str | None,
            allow_unknown_concepts: bool | None, store_url: str | None, dcat_ap: str | None,
            programming_period: str | None, currency: str | None, country: str | None,
            exchange_rates: tuple[str, ...], unreadable_cells: str | None, swapped_amounts: str | None,
            verbose: bool, config_file: Path | None) -> None:
    """Extract, map, validate and write one or more lists (PDF, spreadsheet or CSV) as one dataset."""
    from .publish import publish as run_publish
    from .publish import read_manifest

    settings = load_settings(config_file, out_dir=out_dir, base_iri=base_iri,
                             allow_unknown_concepts=allow_unknown_concepts, store_url=store_url, dcat_ap=dcat_ap,
                             programming_period=programming_period, currency=currency, country=country,
                             exchange_rates=" ".join(exchange_rates) or None, unreadable_cells=unreadable_cells,
                             swapped_amounts=swapped_amounts)
    lists = list(pdfs) + (read_manifest(manifest) if manifest is not None else [])
    if not lists:
        raise click.UsageError("give the lists to publish as arguments or in a --lists manifest")
    try:
        click.echo(run_publish(lists, settings).summary())
    except ValidationFailed as error:
        if verbose and error.report:
            click.echo(error.report, err=True)
        elif error.lines:
            click.echo(_head("\n".join(f"fundgraph: {line}" for line in error.lines), REPORT_LINES), err=True)
        else:
            raise
        raise ValidationFailed(str(error)) from None


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--shapes", "shapes", type=click.Choice(["auto", "data", "catalog"]), default="auto", show_default=True,
              help="auto: the catalogue shapes for files that hold a dcat:Catalog, else the data shapes; data: "
                   "fundgraph's shapes for the dataset (shapes/*.ttl); catalog: the DCAT-AP-SE shapes for a "
                   "catalogue such as catalog.rdf (shapes/catalog/).")
@click.option("--engine", type=click.Choice(["sparql", "pyshacl"]), default="sparql", show_default=True,
              help="sparql: the shapes compiled to SPARQL queries run by Oxigraph (fast); pyshacl: the reference "
                   "SHACL implementation, in batches (slow, for cross-checking).")
@verbose_option
@config_option
def validate(files: tuple[Path, ...], shapes: str, engine: str, verbose: bool, config_file: Path | None) -> None:
    """Check RDF files against fundgraph's SHACL shapes and print the report — one line per result naming where
    its row stands and the rule in words, or with --verbose (and for a catalogue) the full SHACL report; exit
    non-zero if they do not conform. Files that hold a dcat:Catalog (catalog.rdf, catalog.ttl, ...) are checked as a catalogue,
    against the DCAT-AP-SE shapes."""
    from .publish.catalog import holds_a_catalog, validate_catalog_files

    if shapes == "auto":
        shapes = "catalog" if holds_a_catalog(files) else "data"
    if shapes == "catalog":
        report = validate_catalog_files(files)
    else:
        from .validate import validate_files

        report = validate_files(list(files), load_settings(config_file), engine=engine)
    # A catalogue has no rows to name: its full report says the node and path of each result.
    click.echo(report.text() if verbose or shapes == "catalog" else report.brief())
    if not report.conforms:
        what = "catalogue" if shapes == "catalog" else "data"
        raise ValidationFailed(f"{len(report.violations)} violation(s): the {what} does not conform")


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--kohesio", is_flag=True,
              help="Link projects to the EU Knowledge Graph behind Kohesio (links/projects.csv) instead of "
                   "beneficiaries to Wikidata (links/beneficiaries.csv).")
@click.option("--endpoint", default=None,
              help="SPARQL endpoint to ask (default: link_endpoint, or kohesio_endpoint with --kohesio).")
@click.option("--links-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the link tables (default: links/).")
@click.option("--timeout", type=float, default=None, help="Seconds to wait for the endpoint (link_timeout).")
@click.option("--no-auto-accept", "auto_accept", flag_value=False, default=True,
              help="Leave every new candidate pending, even a perfect match.")
@config_option
def link(inputs: tuple[Path, ...], kohesio: bool, endpoint: str | None, links_dir: Path | None,
         timeout: float | None, auto_accept: bool, config_file: Path | None) -> None:
    """Propose links for review: beneficiaries → Wikidata, or projects → Kohesio (--kohesio).

    INPUTS are lists (PDF), records from `fundgraph extract` (JSON Lines) or published folders (their
    dataset.nt). Review the table's status column (accepted/rejected/pending); re-running keeps every
    decision. `publish` uses accepted rows.
    """
    from .mapping.reconcile import link_beneficiaries, link_projects, read_inputs

    settings = load_settings(config_file, links_dir=links_dir, link_timeout=timeout)
    found = read_inputs(inputs)
    if kohesio:
        result = link_projects(found.projects.items(), settings, endpoint=endpoint, auto_accept=auto_accept)
    else:
        result = link_beneficiaries(found.beneficiaries, settings, endpoint=endpoint, auto_accept=auto_accept)
    click.echo(result.summary())


@cli.command()
@click.argument("source", required=False, default="publish", type=click.Path(exists=True, path_type=Path))
@click.option("--host", default=None, help="Interface to listen on (default: 127.0.0.1).")
@click.option("--port", type=int, default=None, help="TCP port (default: 5000; 0 picks a free one).")
@click.option("--sparql-endpoint", default=None, metavar="URL",
              help="Read the data from this external SPARQL 1.1 query endpoint (e.g. http://localhost:7878/query, "
                   "loaded with `publish --store`) instead of the folder's store.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Server processes (default: one per core), replaced without dropping requests on a new publication or SIGHUP.")
@config_option
def serve(source: Path, host: str | None, port: int | None, sparql_endpoint: str | None, workers: int | None,
          config_file: Path | None) -> None:
    """Serve a published folder (default: publish/), or a list (PDF) published first into a temporary folder:
    linked-data pages, downloads and the SPARQL endpoint. Prints the URL to open; stop with Ctrl-C."""
    from .serve import run

    run(source, load_settings(config_file, host=host, port=port, sparql_endpoint=sparql_endpoint, workers=workers),
        announce=click.echo)


@cli.command("config")
@config_option
def show_config(config_file: Path | None) -> None:
    """Print every setting's effective value (defaults overlaid by fundgraph.toml or --config) as TOML, with
    its help text; values from the file are marked. Exits non-zero if the file is invalid."""
    settings, sources = read_settings(config_file)
    click.echo(settings_toml(settings, sources), nl=False)


def main() -> None:
    """Entry point: run the CLI, turning fundgraph errors into a message and exit code."""
    try:
        cli.main(standalone_mode=False)
    except FundgraphError as error:
        if isinstance(error, ValidationFailed) and error.report:
            click.echo(_head(error.report, REPORT_LINES), err=True)
        click.echo(f"fundgraph: error: {error}", err=True)
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)


def _head(text: str, count: int) -> str:
    """The first ``count`` lines of ``text``, and how many more there are."""
    lines = text.splitlines()
    if len(lines) <= count:
        return text
    return "\n".join(lines[:count] + [f"… {len(lines) - count} more line(s) of the report not shown"])


if __name__ == "__main__":
    main()
