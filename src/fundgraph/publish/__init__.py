"""Publish: lists of granted projects → a folder of validated dumps, CSV, DCAT-AP-SE catalogue and VoID.

``publish(lists, settings) -> PublishResult`` does the whole job (see ``pipeline``; ``lists`` are paths or
``ListSource`` objects giving a list's currency, country, period and programme, see ``sources``); the other modules
each write one kind of output from a pyoxigraph store and can be used on their own. ``publish`` and
``PublishResult`` are imported on first use: the pipeline module imports every earlier stage.
"""

from typing import Any

__all__ = ["ListSource", "PublishResult", "publish", "read_manifest"]


def __getattr__(name: str) -> Any:
    if name in ("ListSource", "read_manifest"):
        from . import sources

        return getattr(sources, name)
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
