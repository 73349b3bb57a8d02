"""Replace a published folder all at once, or not at all.

A publication is built in a staging folder beside the target (same parent, so same file system and
``os.rename`` is atomic), then swapped in: the old folder is renamed aside, the new one renamed in,
and the old one deleted. Readers see either the old or the new folder, never a half-written one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import PublishError


@contextmanager
def staging_folder(target: Path) -> Iterator[Path]:
    """Yield an empty folder ``<target>.tmp-XXXX`` beside ``target``; on success, swap it into place.

    If the ``with`` body raises, the staging folder is removed and ``target`` is untouched; the error
    propagates. Raises PublishError when the parent folder cannot be written or the swap fails (in which
    case the old folder is restored).
    """
    target = Path(target).absolute()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.tmp-", dir=target.parent))
    except OSError as error:
        raise PublishError(f"cannot create a folder beside {target}: {error.strerror or error}") from None
    try:
        yield staging
        swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_into_place(new: Path, target: Path) -> None:
    """Rename ``new`` to ``target``, replacing an existing ``target`` folder.

    Raises PublishError (with ``target`` as before) if a rename fails; ``target`` must be a folder if it exists.
    """
    if target.exists() and not target.is_dir():
        raise PublishError(f"{target} exists and is not a folder")
    old = None
    try:
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-", dir=target.parent))
            os.rename(target, old / target.name)
        os.rename(new, target)
    except OSError as error:
        if old is not None and not target.exists():
            os.rename(old / target.name, target)
        raise PublishError(f"cannot move the publication into {target}: {error.strerror or error}") from None
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
