"""A real spreadsheet list publishes: rows without a page, operations without an amount granted, a
country written as a name, a currency given by the setting.

Data: tests/data/eu-lists/AT…Vorhabensliste_IWB_EFRE_AT2014-2020_Download.xlsx (source in SOURCES.tsv):
Austria's IWB/EFRE list, which gives total eligible costs but no amount granted and names no currency."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from fundgraph.config import Settings
from fundgraph.errors import MappingError
from fundgraph.extract import read_list
from fundgraph.publish import publish

AT = Path(__file__).parent / "data" / "eu-lists" / "AT.austria__ERDF_2014-2020__Vorhabensliste_IWB_EFRE_AT2014-2020_Download.xlsx"


def test_a_country_name_becomes_its_code():
    assert {record.country for record in read_list(AT).records} == {"AT"}


def test_a_list_without_a_currency_needs_the_setting(tmp_path):
    with pytest.raises(MappingError, match="without a currency"):
        publish([AT], Settings(out_dir=tmp_path / "out", links_dir=tmp_path / "links"))


def test_the_austrian_list_publishes_without_grants_it_does_not_state(tmp_path):
    result = publish([AT], Settings(out_dir=tmp_path / "out", links_dir=tmp_path / "links", currency="EUR",
                                    programming_period="2014-2020"))
    store = pyoxigraph.Store.read_only(str(result.out_dir / "store"))
    ask = lambda q: store.query("PREFIX fg: <https://w3id.org/fundgraph/ns#> PREFIX schema: <http://schema.org/> "
                                + q, use_default_graph_as_union=True)
    assert int(next(ask("SELECT (COUNT(*) AS ?n) { ?p a fg:Project }"))["n"].value) == 49
    assert not bool(ask("ASK { ?p fg:grantedAmount ?a }"))
    assert not bool(ask("ASK { ?g a schema:MonetaryGrant }"))
    assert {row["c"].value for row in ask("SELECT DISTINCT ?c { ?p fg:totalBudget/schema:currency ?c }")} == {"EUR"}
