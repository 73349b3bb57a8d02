"""CSV distributions for people and tools that do not read RDF: projects.csv (+ CSVW metadata) and
kohesio-projects.csv, the projects in the CSV template of Kohesio's validator (``kohesio``).

Rows come from the records as they are mapped (``ProjectTable.add``, fed by ``projects.Tally``), not from
the store: each row is kept in a work file (a pickle of its values: a tenth of the CPU time of a JSON line,
and the file is only ever read by the process that wrote it), and the files are written at the end ordered
by case id — straight through when the records came in case-id order (as lists print them), else by an index
of (key, offset) lines put in order by the bounded-memory external sort of ``sorting``. Multi-valued cells are joined with ";" in kommunkod (county
code) order, names aligned with codes; values the reference tables do not know (published as unlinked
concepts) have no code and are left out of these cells. Amounts are decimals in the row's currency. The beneficiary is its
smallest name as printed and a priority its smallest label, as in figures.json.
"""

from __future__ import annotations

import csv
import json
import pickle
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from ..config import Settings
from ..extract.records import ProjectRecord, decimal_text
from ..mapping import iris
from .kohesio import KOHESIO_COLUMNS, KOHESIO_PERIODS, LOCATION_COLUMNS, ExchangeRates, kohesio_row
from .projects import ProjectFacts
from .sorting import sorted_unique

SEPARATOR = ";"
PROJECTS_CSV = "projects.csv"
PROJECTS_CSVW = "projects.csv-metadata.json"
KOHESIO_CSV = "kohesio-projects.csv"

SORT_CHUNK_LINES = 100_000
"""Rows sorted in memory at once when the records were not in case-id order (about 100 MB)."""


class Labels(Protocol):
    def label(self, key: str, iri: str) -> str: ...


PROJECT_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    # name, CSVW datatype, English title, description
    ("case_id", "string", "Case id", "The operation's identifier in its list (ärende-id); empty when the list has none."),
    ("title", "string", "Title", "Project title as printed in the list; empty when the list leaves it blank."),
    ("beneficiary", "string", "Beneficiary",
     "Beneficiary organisation, name as printed; empty when the list withholds it (a natural person, GDPR)."),
    ("currency", "string", "Currency", "ISO 4217 code of the row's amounts (SEK, EUR, ...)."),
    ("granted_amount", "decimal", "Granted amount", "Amount granted to the project, in the row's currency."),
    ("total_budget", "decimal", "Total budget",
     "The project's total budget, in the row's currency; empty when the list does not give one."),
    ("amounts_as_printed", "boolean", "Amounts as printed",
     "true when the list prints the granted amount above the total budget and both are kept as printed "
     "(swapped_amounts = \"as-printed\"): neither was checked; empty otherwise."),
    ("eu_amount", "decimal", "EU amount", "The Union contribution, in the row's currency; empty when not given."),
    ("paid_amount", "decimal", "Paid amount", "The amount paid out so far, in the row's currency; empty when not given."),
    ("cofinancing_rate", "decimal", "Co-financing rate", "EU co-financing rate in percent; empty when not given."),
    ("start_date", "date", "Start date", "Start of the operation (ISO 8601); empty when not given."),
    ("end_date", "date", "End date", "End of the operation (ISO 8601); empty when not given."),
    ("fund_code", "string", "Fund code", "fundgraph's code of the fund or programme (e.g. ERDF_2021)."),
    ("fund", "string", "Fund", "Name of the fund or programme (Swedish)."),
    ("priority_number", "integer", "Priority number", "Number of the priority of the regional strategy."),
    ("priority", "string", "Priority", "Label of the priority as printed."),
    ("programme_cci", "string", "Programme CCI", "CCI code of the programme as the list gives it."),
    ("programme_name", "string", "Programme", "Name of the programme as printed."),
    ("specific_objective", "string", "Specific objective", "Specific objective as printed (e.g. RSO1.1)."),
    ("intervention_category", "string", "Intervention category", "Category of intervention as printed."),
    ("status", "string", "Status", "The operation's status as printed."),
    ("country", "string", "Country", "ISO 3166-1 alpha-2 code of the operation's country."),
    ("nuts_code", "string", "NUTS code", "NUTS code of the operation's region as the list gives it."),
    ("postcode", "string", "Postcode", "Postcode of the operation's location."),
    ("place", "string", "Place", "Place of the operation as printed."),
    ("kommunkoder", "string", "Municipality codes", "SCB kommunkoder of the municipalities, ';'-separated."),
    ("municipalities", "string", "Municipalities", "Municipality names, ';'-separated, in kommunkod order."),
    ("county_codes", "string", "County codes", "SCB county (län) codes, ';'-separated."),
    ("counties", "string", "Counties", "County names, ';'-separated, in county-code order."),
    ("nuts3_codes", "string", "NUTS-3 codes", "NUTS-3 codes of the counties, ';'-separated."),
    ("summary", "string", "Summary", "The list's description of the project."),
    ("project_iri", "anyURI", "Project IRI", "The project's IRI in the linked data."),
    ("beneficiary_iri", "anyURI", "Beneficiary IRI", "The beneficiary's IRI in the linked data; empty without one."),
)
_LISTS = {"kommunkoder", "municipalities", "county_codes", "counties", "nuts3_codes"}
_LOCATION_INDEXES = [KOHESIO_COLUMNS.index(c) for c in LOCATION_COLUMNS]
_START = KOHESIO_COLUMNS.index("Operation_Start_Date")


_ROW_KEYS = ("case_id", "title", "beneficiary_iri", "currency", "granted_amount", "total_budget", "fund_code", "fund",
             "priority_number", "priority_iri", "kommunkoder", "municipalities", "county_codes", "counties",
             "nuts3_codes", "summary", "project_iri", "fund_eu_code", "fund_is_programme", "fund_kohesio_code",
             "fund_name_en", "period", "eu_amount", "paid_amount", "cofinancing_rate", "start_date", "end_date",
             "programme_cci", "programme_name", "specific_objective", "intervention_category", "amounts_as_printed",
             "status", "country", "nuts_code", "postcode", "place")
"""What a row holds before its labels are known, in the order its values are kept in the work file."""


class ProjectTable:
    """The projects.csv rows of a publication, collected one project at a time (``add``) into work files
    ``work_dir``/projects.rows (the rows' values, one pickle each) and projects.index ("key\toffset" lines),
    and written at the end (``write``)."""

    def __init__(self, work_dir: Path):
        self._work_dir = work_dir
        self._path = work_dir / "projects.rows"
        self._index_path = work_dir / "projects.index"
        self._file = self._path.open("wb")
        self._index = self._index_path.open("wb")
        self._offset = 0
        self._last = ""
        self._in_order = True
        self.count = 0
        self.notes: list[str] = []

    def add(self, facts: ProjectFacts) -> None:
        """Add one project's row (each case id once: ``projects.Tally`` sees to that)."""
        linked = [m for m in facts.municipalities if m.code is not None]
        counties = [c for c in facts.counties if c.code is not None]
        priority = facts.priority
        row = {
            "case_id": facts.case_id,
            "title": facts.title,
            "beneficiary_iri": facts.beneficiary_iri,
            "currency": facts.currency,
            "granted_amount": _decimal(facts.granted_amount),
            "total_budget": _decimal(facts.total_budget),
            "fund_code": facts.fund.code or "" if facts.fund is not None else None,
            "fund": facts.fund.label if facts.fund is not None else None,
            "priority_number": int(priority.code) if priority is not None and priority.code else None,
            "priority_iri": priority.iri if priority is not None else None,
            "kommunkoder": [m.code for m in linked],
            "municipalities": [m.label for m in linked],
            "county_codes": [c.code for c in counties],
            "counties": [c.label for c in counties],
            "nuts3_codes": [c.nuts3 for c in counties if c.nuts3],
            "summary": facts.summary,
            "project_iri": facts.iri,
            "fund_eu_code": facts.fund_eu_code,
            "fund_is_programme": facts.fund_is_programme,
            "fund_kohesio_code": facts.fund_kohesio_code,
            "fund_name_en": facts.fund_name_en,
            "period": facts.period,
            **_printed_fields(facts.record),
        }
        if facts.key < self._last:
            self._in_order = False
        self._last = facts.key
        data = pickle.dumps(tuple([row[k] for k in _ROW_KEYS]), protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(data)
        # The tab sorts below every character of a key, so byte order of the index lines is key order.
        self._index.write(f"{facts.key}\t{self._offset}\n".encode())
        self._offset += len(data)
        self.count += 1

    def rows(self, labels: Labels) -> Iterator[dict[str, Any]]:
        """The rows, by case id (keys: PROJECT_COLUMNS names, plus ``fund_eu_code``, ``fund_is_programme``,
        ``fund_kohesio_code``, ``fund_name_en`` and ``period``),
        with beneficiary and priority labels from ``labels`` (a ``figures.FigureCounter``)."""
        self._file.close()
        self._index.close()
        with self._path.open("rb") as rows, self._index_path.open("rb") as index:
            if self._in_order:
                values = (pickle.load(rows) for _ in range(self.count))
            else:
                values = (_row_at(rows, int(line[line.rindex(b"\t") + 1:]))
                          for line in sorted_unique(index, self._work_dir, SORT_CHUNK_LINES))
            for kept in values:
                row = dict(zip(_ROW_KEYS, kept))
                row["beneficiary"] = labels.label("by_beneficiary", row["beneficiary_iri"])
                priority = row.pop("priority_iri")
                row["priority"] = labels.label("by_priority", priority) if priority else ""
                yield row
        self._path.unlink()
        self._index_path.unlink()

    def write(self, folder: Path, settings: Settings, labels: Labels,
              also: Callable[[dict[str, Any]], None] | None = None) -> int:
        """Write projects.csv, projects.csv-metadata.json and kohesio-projects.csv into ``folder``; return
        the number of projects. ``also`` is given every row too (the search index is built from them in
        the same pass). What kohesio-projects.csv assumed or left out (exchange rates from the shipped table,
        rows without a location or a name, operations of 2007–2013) is in ``self.notes`` afterwards. Raises OSError when writing fails,
        PublishError for a currency without an exchange rate (``kohesio.ExchangeRates``)."""
        rates = ExchangeRates.for_settings(settings)
        unlocated = unnamed = by_summary = written = 0
        earlier: dict[str, int] = {}  # operations of a period Kohesio does not hold, by period
        reversed_dates: list[str] = []
        count = 0
        with (folder / PROJECTS_CSV).open("w", encoding="utf-8", newline="") as projects, \
                (folder / KOHESIO_CSV).open("w", encoding="utf-8", newline="") as kohesio:
            ours = csv.writer(projects, lineterminator="\r\n")
            theirs = csv.writer(kohesio, lineterminator="\r\n")
            ours.writerow([c[0] for c in PROJECT_COLUMNS])
            theirs.writerow(KOHESIO_COLUMNS)
            for row in self.rows(labels):
                ours.writerow([_cell(row[c[0]]) for c in PROJECT_COLUMNS])
                if also is not None:
                    also(row)
                count += 1
                if row["period"] not in KOHESIO_PERIODS:
                    earlier[row["period"]] = earlier.get(row["period"], 0) + 1
                    continue
                cells = kohesio_row(row, rates)
                theirs.writerow(cells)
                written += 1
                unlocated += not any(cells[i] for i in _LOCATION_INDEXES)
                unnamed += not row["title"] and not row["summary"]
                by_summary += not row["title"] and bool(row["summary"])
                if row["start_date"] and row["end_date"] and not cells[_START]:
                    reversed_dates.append(row["project_iri"])
        self.notes = rates.notes()
        if reversed_dates:
            self.notes.append(f"kohesio-projects.csv: {len(reversed_dates)} operation(s) whose list gives an end date "
                              f"before the start date, dates left out (first: {reversed_dates[0]})")
        for period, number in sorted(earlier.items()):
            self.notes.append(f"kohesio-projects.csv: {number} operation(s) of {period} left out: Kohesio takes the "
                              f"periods {' and '.join(KOHESIO_PERIODS)} only")
        if by_summary:
            self.notes.append(f"kohesio-projects.csv: {by_summary} of {written} operations have no title in their list: "
                              "Operation_Name_Programme_Language, which Kohesio's schema requires, is the summary the "
                              "list prints (as the validator's sample names operations)")
        if unnamed:
            self.notes.append(f"kohesio-projects.csv: {unnamed} of {written} operations have no name in their list: "
                              "Operation_Name_Programme_Language, which Kohesio's schema requires, is left empty "
                              "(a name is never made up)")
        if unlocated:
            self.notes.append(f"kohesio-projects.csv: {unlocated} of {written} operations have no postcode, NUTS code or "
                              "country: Kohesio's validator refuses a row without a location indicator (set country)")
        (folder / PROJECTS_CSVW).write_text(
            json.dumps(csvw_metadata(settings), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return count


def _row_at(rows, offset: int) -> tuple:
    rows.seek(offset)
    return pickle.load(rows)


def csvw_metadata(settings: Settings) -> dict[str, Any]:
    """CSVW metadata (W3C Metadata Vocabulary for Tabular Data) describing projects.csv.

    ``aboutUrl`` makes each row describe the project's IRI, so a CSVW-to-RDF converter yields IRIs that
    agree with the linked data.
    """
    columns = []
    for name, datatype, title, description in PROJECT_COLUMNS:
        column: dict[str, Any] = {"name": name, "titles": name, "dc:title": title, "dc:description": description,
                                  "datatype": datatype}
        if name in _LISTS:
            column["separator"] = SEPARATOR
        if name == "project_iri":  # lists leave titles blank and withhold beneficiaries' names (issue 12)
            column["required"] = True
        if datatype in ("integer", "decimal"):
            column["datatype"] = {"base": datatype, "minimum": 0}
        columns.append(column)
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": PROJECTS_CSV,
        "dc:title": settings.publisher.dataset_title_en,
        "dc:license": {"@id": settings.publisher.licence},
        "dialect": {"header": True, "encoding": "utf-8", "delimiter": ","},
        "tableSchema": {
            "columns": columns,
            "primaryKey": "project_iri",
            "aboutUrl": "{+project_iri}",
        },
    }


def _printed_fields(record: ProjectRecord) -> dict[str, Any]:
    """The record's fields that projects.csv copies as the list gives them (amounts and dates as text)."""
    programme = record.programme
    return {
        "eu_amount": _decimal(record.eu_amount), "paid_amount": _decimal(record.paid_amount),
        "cofinancing_rate": _decimal(record.cofinancing_rate),
        "start_date": record.start_date.isoformat() if record.start_date else None,
        "end_date": record.end_date.isoformat() if record.end_date else None,
        "programme_cci": programme.cci if programme else None, "programme_name": programme.name if programme else None,
        "specific_objective": record.specific_objective, "intervention_category": record.intervention_category,
        "amounts_as_printed": "true" if record.amounts_as_printed else None,
        "status": record.status, "country": record.country, "nuts_code": record.nuts_code,
        "postcode": record.postcode, "place": record.place,
    }


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return SEPARATOR.join(value)
    return value
