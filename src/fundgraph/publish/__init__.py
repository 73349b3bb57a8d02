"""Publish: lists of granted projects → a folder of validated dumps, CSV, DCAT-AP-SE catalogue and VoID.

``publish(pdfs, settings) -> PublishResult`` does the whole job (see ``pipeline``); the other modules
each write one kind of output from a pyoxigraph store and can be used on their own. ``publish`` and
``PublishResult`` are imported on first use: the pipeline module imports every earlier stage.
"""

from typing import Any

__all__ = ["ListSource", "PublishResult", "publish"]


def __getattr__(name: str) -> Any:
    if name == "ListSource":
        from .lists import ListSource

        return ListSource
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
