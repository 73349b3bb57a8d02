"""The ``fundgraph`` command: thin click wrappers around the library functions of each stage.

Errors of the user's making arrive as ``FundgraphError`` and leave as one line on stderr and the
error's exit code; nothing here prints a traceback for them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .config import describe_settings, load_settings
from .errors import FundgraphError

config_option = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Settings file (default: ./fundgraph.toml if present). See `fundgraph config`.")


@click.group()
@click.version_option(package_name="fundgraph")
def cli() -> None:
    """Publish lists of granted funding projects as validated linked open data."""


@cli.command()
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="JSON Lines file to write (default: standard output).")
def extract(pdf: Path, output) -> None:
    """Read the project records of a list (PDF) and write them as JSON Lines; warnings go to stderr."""
    from .extract import read_list, write_jsonl

    extracted = read_list(pdf)  # read fully first: a list that fails leaves no partial output
    for warning in extracted.warnings:
        click.echo(f"fundgraph: warning: {warning}", err=True)
    write_jsonl(extracted.records, output)


@cli.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to publish into (default: publish/).")
@click.option("--base-iri", default=None, help="Base IRI of all minted resources.")
@click.option("--allow-unknown-concepts", is_flag=True, default=None,
              help="Publish values that match no reference concept as unlinked concepts (warnings).")
@click.option("--store", "store_url", default=None, metavar="URL",
              help="Also load the dataset into this SPARQL 1.1 Graph Store Protocol endpoint "
                   "(e.g. http://localhost:7878/store), replacing its graphs of the same names.")
@config_option
def publish(pdfs: tuple[Path, ...], out_dir: Path | None, base_iri: str | None,
            allow_unknown_concepts: bool | None, store_url: str | None, config_file: Path | None) -> None:
    """Extract, map, validate and write one or more lists as one dataset."""
    from .publish import publish as run_publish

    settings = load_settings(config_file, out_dir=out_dir, base_iri=base_iri,
                             allow_unknown_concepts=allow_unknown_concepts, store_url=store_url)
    result = run_publish(list(pdfs), settings)
    click.echo(result.summary())
    if settings.store_url:
        from .publish.graph_store import load_publication

        click.echo(load_publication(result.out_dir, settings.store_url).summary())


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_option
def validate(files: tuple[Path, ...], config_file: Path | None) -> None:
    """Check RDF files against fundgraph's SHACL shapes; exit non-zero if they do not conform."""
    from .errors import ValidationFailed
    from .validate import validate_files

    report = validate_files(list(files), load_settings(config_file))
    click.echo(report.text())
    if not report.conforms:
        raise ValidationFailed(f"{len(report.violations)} violation(s): the data does not conform")


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
@config_option
def serve(source: Path, host: str | None, port: int | None, sparql_endpoint: str | None,
          config_file: Path | None) -> None:
    """Serve a published folder (default: publish/), or a list (PDF) published first into a temporary folder:
    linked-data pages, downloads and the SPARQL endpoint. Prints the URL to open; stop with Ctrl-C."""
    from .serve import run

    run(source, load_settings(config_file, host=host, port=port, sparql_endpoint=sparql_endpoint),
        announce=click.echo)


@cli.command("config")
def show_config() -> None:
    """List every setting with its default and help text."""
    for key, default, help_text in describe_settings():
        click.echo(f"{key} = {default!r}\n    {help_text}")


def main() -> None:
    """Entry point: run the CLI, turning fundgraph errors into a message and exit code."""
    try:
        cli.main(standalone_mode=False)
    except FundgraphError as error:
        click.echo(f"fundgraph: error: {error}", err=True)
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)


if __name__ == "__main__":
    main()
