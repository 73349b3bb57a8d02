"""The lists a publication is made of, each with what its records do not say themselves.

Lists of operations from several member states published as one dataset differ in what they leave
unsaid: Czechia's list gives its amounts in koruna without a word, France's names no currency either,
Flanders' names neither its country nor its programme, and a 2007–13 list its programming period only in
the file's name. A ``ListSource`` gives, per list, the currency of its amounts, its country, its
programming period and its programme, for the records that name none; what a record states itself is
never overridden. The programme matters beyond the record: priority numbers belong to a programme, so a
list's priorities are kept apart from another list's by it (``mapping.iris.priority_of``).

Several lists are given to ``publish`` as paths or ``ListSource`` objects, or on the command line in a
manifest (``fundgraph publish --lists lists.toml``), one ``[[list]]`` table per list::

    [[list]]
    path = "CZ.czech-republic__2014-2020__ERDF_Czech_Republic_2014-2020.xlsx"   # relative to the manifest
    currency = "CZK"
    country = "CZ"
    programming_period = "2014-2020"
    programme = "Operační program Zaměstnanost"   # name, and/or programme_cci = "2014CZ05M2OP001"
    sheet = "Export"                             # optional, as `extract --sheet`
    swapped_amounts = "as-printed"               # optional, this list's own (see extract.swapped)
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ..errors import ConfigError
from ..extract import ProjectRecord
from ..extract.countries import country_code
from ..extract.records import Programme
from ..extract.swapped import SWAPPED_AMOUNTS

_CURRENCY = re.compile(r"^[A-Z]{3}$")
PERIODS = ("2021-2027", "2014-2020", "2007-2013")
"""The programming periods a list may be mapped with (those ``Settings.programming_period`` accepts)."""


@dataclass(frozen=True)
class ListSource:
    """One list to publish and what its records leave unsaid: ``currency`` (ISO 4217) of amounts that
    name none, ``country`` (ISO 3166-1 alpha-2, or a name or alpha-3 code ``extract.countries`` knows) of
    records without one, ``programming_period`` ("2014-2020", …; None: the ``programming_period``
    setting), the ``programme`` name and/or ``programme_cci`` of records naming no programme, and the
    ``sheet`` of a workbook to read (see ``extract.open_list``), and its ``swapped_amounts`` ("error" or
    "as-printed"; None: the setting's), so that a list whose publisher swapped columns keeps its amounts as
    printed without exempting the others. Raises ConfigError for a malformed value."""

    path: Path
    currency: str | None = None
    country: str | None = None
    programming_period: str | None = None
    programme: str | None = None
    programme_cci: str | None = None
    sheet: str | None = None
    swapped_amounts: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "path", Path(self.path))
        where = f"list {self.path.name}"
        if self.currency is not None and not _CURRENCY.match(self.currency):
            raise ConfigError(f"{where}: currency {self.currency!r} is not an ISO 4217 code such as EUR")
        if self.country is not None:
            code = country_code(self.country)
            if code is None:
                raise ConfigError(f"{where}: country {self.country!r} is not an ISO 3166-1 code or a known name")
            object.__setattr__(self, "country", code)
        if self.programming_period is not None and self.programming_period not in PERIODS:
            raise ConfigError(f"{where}: programming_period must be one of {', '.join(PERIODS)}")
        if self.swapped_amounts is not None and self.swapped_amounts not in SWAPPED_AMOUNTS:
            raise ConfigError(f"{where}: swapped_amounts must be one of {', '.join(SWAPPED_AMOUNTS)}")

    def complete(self, records: Iterable[ProjectRecord]) -> Iterator[ProjectRecord]:
        """The records, each given this source's currency, country and programme where it names none."""
        programme = (Programme(name=self.programme, cci=self.programme_cci)
                     if self.programme or self.programme_cci else None)
        for record in records:
            changes = {}
            if self.currency and record.currency is None:
                changes["currency"] = self.currency
            if self.country and record.country is None:
                changes["country"] = self.country
            if programme is not None and record.programme is None:
                changes["programme"] = programme
            yield replace(record, **changes) if changes else record


def list_sources(lists: Sequence[Path | str | ListSource]) -> list[ListSource]:
    """Paths and ListSource objects as ListSource objects (a path: nothing given beyond the settings)."""
    return [item if isinstance(item, ListSource) else ListSource(Path(item)) for item in lists]


def read_manifest(path: Path) -> list[ListSource]:
    """The lists of a TOML manifest (see module docstring); paths relative to the manifest's folder.
    Raises ConfigError naming the manifest for unreadable TOML, an unknown key or a malformed value."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the list manifest: {error}") from None
    entries = data.get("list")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: a list manifest needs one [[list]] table per list, each with a path")
    known = {f.name for f in fields(ListSource)}
    sources = []
    for number, entry in enumerate(entries, 1):
        unknown = sorted(set(entry) - known)
        if unknown or "path" not in entry:
            raise ConfigError(f"{path}: [[list]] number {number}: " + (
                f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})" if unknown
                else "no path"))
        values = {key: (str(value) if key != "path" else path.parent / value) for key, value in entry.items()}
        sources.append(ListSource(**values))
    return sources
