"""projects.csv's rows come out by case id whatever order the records came in (the work file's index
sorted in runs and merged), with every value they went in with."""

from __future__ import annotations

from fundgraph.config import Settings
from fundgraph.mapping import MappingContext
from fundgraph.publish import tables
from fundgraph.publish.figures import FigureCounter
from fundgraph.publish.projects import ProjectReader, Tally
from fundgraph.publish.tables import PROJECT_COLUMNS, ProjectTable

from test_mapping import fixture_records


def _rows(records, folder, monkeypatch) -> list[dict]:
    folder.mkdir()
    monkeypatch.setattr(tables, "SORT_CHUNK_LINES", 3)  # several sorted runs, merged
    counter, table = FigureCounter(), ProjectTable(folder)
    for _ in Tally(ProjectReader(MappingContext(Settings())), counter, table).watch(records):
        pass
    rows = list(table.rows(counter))
    assert not list(folder.iterdir())  # the work files are removed
    return rows


def test_rows_in_case_id_order_whatever_the_order_of_the_records(tmp_path, monkeypatch):
    records = sorted(fixture_records(), key=lambda r: r.case_id)
    in_order = _rows(records, tmp_path / "a", monkeypatch)
    reversed_ = _rows(records[::-1], tmp_path / "b", monkeypatch)
    assert in_order == reversed_
    assert [r["case_id"] for r in in_order] == [r.case_id for r in records]
    first, record = in_order[0], records[0]
    assert {c[0] for c in PROJECT_COLUMNS} <= set(first)
    assert (first["title"], first["summary"], first["currency"]) == (record.title, record.summary or "", record.currency)
    assert first["beneficiary"] == record.beneficiary
