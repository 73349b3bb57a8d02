"""The lists a publication is made of, each with the facts it may leave out: its currency and its country.

A list that names no currency (or country) for its operations takes the ``currency`` (``country``) setting;
one dataset of several member states' lists gives each its own with ``ListSource``::

    publish([Path("sv.pdf"), ListSource(Path("dk.csv"), currency="DKK", country="DK")], settings)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Settings
from ..extract import ProjectRecord


@dataclass(frozen=True)
class ListSource:
    """A list to publish, with what its operations take when the list names none: ``currency`` (ISO 4217)
    and ``country`` (ISO 3166-1 alpha-2, "EL" and "UK" as EU documents write them). None: the setting's."""

    path: Path
    currency: str | None = None
    country: str | None = None

    @classmethod
    def of(cls, source: "Path | str | ListSource") -> "ListSource":
        """``source`` as a ListSource (a path takes the settings' defaults)."""
        return source if isinstance(source, ListSource) else cls(Path(source))

    def defaults(self, settings: Settings) -> tuple[str, str]:
        """(currency, country) for this list's operations that name none ("" for none)."""
        return (self.currency if self.currency is not None else settings.currency,
                self.country if self.country is not None else settings.country)


def with_list_defaults(records: Iterable[ProjectRecord], currency: str, country: str = "") -> Iterator[ProjectRecord]:
    """The records, those that name no currency (country) given ``currency`` (``country``); a field is left
    alone when its default is empty."""
    for record in records:
        changes = {}
        if currency and record.currency is None:
            changes["currency"] = currency
        if country and record.country is None:
            changes["country"] = country
        yield replace(record, **changes) if changes else record
