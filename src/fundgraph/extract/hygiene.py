"""Text hygiene: characters that no published text may hold, found where a cell's text is read.

A glyph without a Unicode mapping comes out of pdfplumber as U+0000, and a list can carry a stray bell
(U+0007) or a C1 control copied from an old system. XML 1.0 cannot represent C0 controls other than tab,
line feed and carriage return, U+FFFE/U+FFFF or lone surrogates at all (not even as character
references), so one such character makes dataset.rdf, /project/X.rdf and SPARQL XML results malformed,
and TSV results unreadable (issue 13). C1 controls (U+0080–U+009F) are allowed by XML but never text in a
list: they are a decoding accident. The rule: https://www.w3.org/TR/xml/#charsets.

By default such a character is an extraction error naming file, page, row and cell (``CellError``); with
setting ``control_characters = "remove"`` it is removed, with a warning naming the same. The policy is set
for a block of work with ``policy`` (``publish`` does, from its settings); elsewhere it is "error".
``validate.dataset_checks`` refuses them in a store whatever made it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import NoReturn

from . import scoped

log = logging.getLogger(__name__)

POLICIES = ("error", "remove")
FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f\ufffe\uffff\ud800-\udfff"
"""The forbidden code points, as the body of a regular-expression character class."""
_FORBIDDEN = re.compile(f"[{FORBIDDEN}]")
_POLICY: ContextVar[str] = ContextVar("control_characters", default="error")


def policy(name: str) -> AbstractContextManager[None]:
    """Apply policy ``name`` (one of POLICIES) to text read in this block (this thread or task); raises
    ValueError for another."""
    return scoped.setting(_POLICY, name, POLICIES)


def forbidden_characters(text: str) -> list[str]:
    """The forbidden characters in ``text``, each as "U+XXXX", once each in order of appearance."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in _FORBIDDEN.findall(text)))


def checked(text: str, fail: Callable[[str], NoReturn], warn: Callable[[str], None]) -> str:
    """``text`` if it holds no forbidden character. Otherwise, under the "error" policy, ``fail(message)``
    (which raises an error naming the cell); under "remove", ``warn(message)`` and ``text`` without them."""
    found = forbidden_characters(text)
    if not found:
        return text
    what = f"control character{'s' if len(found) > 1 else ''} {', '.join(found)}"
    if _POLICY.get() == "error":
        fail(f"{what} in {_FORBIDDEN.sub('�', text)[:60]!r} (often a glyph without a Unicode mapping); "
             "set control_characters = \"remove\" to drop them")
    cleaned = _FORBIDDEN.sub("", text)
    warn(f"{what} removed, leaving {cleaned[:60]!r}")
    return cleaned
