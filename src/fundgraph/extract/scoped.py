"""Settings of extraction that hold for a block of work (this thread or task) rather than one call.

``publish`` and ``read_list`` set them around the reading of a list; the readers ask the context variable
deep inside a row without every function between passing it on. Used by ``hygiene.policy``
(control_characters) and ``rows.unreadable_policy`` (unreadable_cells).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


@contextmanager
def setting(variable: ContextVar[str], value: str, allowed: tuple[str, ...]) -> Iterator[None]:
    """``variable`` holds ``value`` inside the block and its previous value after it. Raises ValueError,
    naming the setting (the variable's name) and the values it takes, when ``value`` is not in ``allowed``."""
    if value not in allowed:
        raise ValueError(f"{variable.name} must be one of {', '.join(allowed)}, not {value!r}")
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)
