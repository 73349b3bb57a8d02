"""A grant printed above its total budget: refused by default, kept as printed with ``swapped_amounts``.

UK Scotland's 2014–2020 list prints five such rows, the publisher's two columns swapped (pages 8–10); the
excerpt tests/data/eu-lists/UK-scotland-pages-1-8.pdf (pages 1 and 8, SOURCES.tsv) holds one, its page 2
row 13: "Assisting SME's in H&I to Internationalise", £10,426,264.00 granted of a total of £3,749,029.00.
By default the publication refuses it in one line (issue 11). With ``swapped_amounts = "as-printed"`` (the
setting, ``--swapped-amounts``, or a list manifest's key for that list alone) both amounts stay as printed,
extraction warns naming file, page and row, the project states ``fg:amountsAsPrinted true``, and the
over-budget rule passes over it (tests/test_shapes.py makes the exemption fail without the statement).
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import jsonschema
import pyoxigraph
import pytest

from fundgraph.config import ConfigError, Settings, load_settings
from fundgraph.errors import ValidationFailed
from fundgraph.extract import read_list
from fundgraph.extract.records import load_schema
from fundgraph.publish import ListSource, publish, read_manifest

DATA = Path(__file__).resolve().parent / "data" / "eu-lists"
SCOTLAND = DATA / "UK-scotland-pages-1-8.pdf"
ROW = "UK-scotland-pages-1-8.pdf, page 2, row 13"
TITLE = "Assisting SME's in H&I to Internationalise"
SOURCE = ListSource(SCOTLAND, country="GB", programming_period="2014-2020", programme="ESIF Scotland 2014-2020")


def _settings(tmp_path: Path, **changes) -> Settings:
    return Settings(out_dir=tmp_path / "out", links_dir=tmp_path / "links", allow_unknown_concepts=True, **changes)


def test_by_default_the_row_is_read_with_a_warning_and_unmarked():
    scotland = read_list(SCOTLAND)
    swapped = [r for r in scotland.records if r.granted_amount > r.total_budget]
    assert [(r.title, r.amounts_as_printed) for r in swapped] == [(TITLE, None)]
    assert [w for w in scotland.warnings if "exceeds total budget" in w] == [
        f"{ROW}: granted amount 10426264.00 exceeds total budget 3749029.00 (the publication refuses it; "
        "swapped_amounts = \"as-printed\" keeps both as printed)"]


def test_as_printed_keeps_both_amounts_marks_the_row_and_warns_naming_it():
    scotland = read_list(SCOTLAND, swapped_amounts="as-printed")
    marked = [r for r in scotland.records if r.amounts_as_printed]
    assert [(r.title, r.granted_amount, r.total_budget, r.source.pages, r.source.row) for r in marked] == [
        (TITLE, Decimal("10426264.00"), Decimal("3749029.00"), (2,), 13)]
    assert len(scotland.records) == 13 and all(r.amounts_as_printed is None for r in scotland.records[:-1])
    assert [w for w in scotland.warnings if "exceeds total budget" in w] == [
        f"{ROW}: granted amount 10426264.00 exceeds total budget 3749029.00: both kept as printed, the project "
        "stating fg:amountsAsPrinted (swapped_amounts = \"as-printed\")"]
    data = marked[0].to_json()
    assert data["amounts_as_printed"] is True and (data["granted_amount"], data["total_budget"]) == ("10426264", "3749029")
    jsonschema.validate(data, load_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dict(data, amounts_as_printed=False), load_schema())
    with pytest.raises(ValueError, match="swapped_amounts must be one of error, as-printed"):
        read_list(SCOTLAND, swapped_amounts="swap")


def test_by_default_the_publication_refuses_the_row_in_one_line(tmp_path):
    with pytest.raises(ValidationFailed, match="1 violation") as error:
        publish([SOURCE], _settings(tmp_path))
    assert error.value.lines == (f"violation: {ROW} (title \"{TITLE}\"): granted 10 426 264 GBP exceeds total budget 3 749 029 GBP",)
    assert not (tmp_path / "out").exists()


def test_a_manifest_key_publishes_that_list_as_printed_and_the_project_states_it(tmp_path):
    manifest = tmp_path / "lists.toml"
    manifest.write_text(f'[[list]]\npath = "{SCOTLAND}"\ncountry = "GB"\nprogramming_period = "2014-2020"\n'
                        'programme = "ESIF Scotland 2014-2020"\nswapped_amounts = "as-printed"\n', encoding="utf-8")
    sources = read_manifest(manifest)
    assert sources == [ListSource(SCOTLAND, country="GB", programming_period="2014-2020",
                                  programme="ESIF Scotland 2014-2020", swapped_amounts="as-printed")]
    result = publish(sources, _settings(tmp_path))
    assert result.figures["projects"] == 13
    assert sum("fg:amountsAsPrinted" in w for w in result.warnings) == 1
    store = pyoxigraph.Store.read_only(str(result.out_dir / "store"))
    rows = list(store.query(
        "PREFIX fg: <https://w3id.org/fundgraph/ns#> PREFIX dct: <http://purl.org/dc/terms/> "
        "PREFIX schema: <http://schema.org/> SELECT ?title ?granted ?total ?printed WHERE { "
        "?p fg:amountsAsPrinted ?printed ; dct:title ?title ; fg:grantedAmount/schema:value ?granted ; "
        "fg:totalBudget/schema:value ?total }", use_default_graph_as_union=True))
    assert [(r["title"].value, r["granted"].value, r["total"].value, r["printed"]) for r in rows] == [
        (TITLE, "10426264", "3749029", pyoxigraph.Literal("true", datatype=pyoxigraph.NamedNode(
            "http://www.w3.org/2001/XMLSchema#boolean")))]
    del store


def test_the_setting_is_checked_and_a_manifest_value_too(tmp_path):
    with pytest.raises(ConfigError, match="swapped_amounts"):
        load_settings(None, swapped_amounts="swap")
    assert load_settings(None, swapped_amounts="as-printed").swapped_amounts == "as-printed"
    manifest = tmp_path / "lists.toml"
    manifest.write_text('[[list]]\npath = "a.pdf"\nswapped_amounts = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="list a.pdf: swapped_amounts must be one of error, as-printed"):
        read_manifest(manifest)


def test_the_extract_command_takes_the_option(tmp_path):
    run = [sys.executable, "-m", "fundgraph.cli", "extract", str(SCOTLAND), "--swapped-amounts", "as-printed"]
    done = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    marked = [json.loads(line) for line in done.stdout.splitlines() if '"amounts_as_printed"' in line]
    assert [r["title"] for r in marked] == [TITLE]
    assert f"fundgraph: warning: {ROW}: granted amount 10426264.00 exceeds total budget" in done.stderr


def test_the_whole_lists_manifest_keeps_amounts_as_printed_for_scotland_alone():
    """tests/data/eu-lists/whole-lists.toml (the publication of every whole list, outside the suite): Scotland's
    entry alone says swapped_amounts; the Swedish fixture is given its country there."""
    sources = {source.path.name: source for source in read_manifest(DATA / "whole-lists.toml")}
    assert len(sources) == 33  # the 32 readable real lists (not Wallonia) and the fixture
    assert {name for name, source in sources.items() if source.swapped_amounts} == {
        "UK.united.kingdom__Scotland_2014-2020__ESIF_Scotland_2014-2020.pdf"}
    assert sources["UK.united.kingdom__Scotland_2014-2020__ESIF_Scotland_2014-2020.pdf"].swapped_amounts == "as-printed"
    assert sources["granted-projects-vasterbotten.pdf"].country == "SE"
