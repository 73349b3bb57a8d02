"""Replace a published folder, or write a file, all at once or not at all.

A publication is built in a staging folder beside the target (same parent, so same file system and
``os.rename`` is atomic), then swapped in: the old folder is renamed aside, the new one renamed in,
and the old one deleted. Readers see either the old or the new folder, never a half-written one.
Before the swap the staging folder gets the modes of a folder made with ``mkdir`` (0755 less the umask)
and its files those of ``open`` (0644 less the umask), so that a web server running as another user can
read the publication (``tempfile`` makes private 0700/0600 ones). ``atomic_file`` does the same for one file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..errors import OutputError, PublishError

FOLDER_MODE = 0o755
FILE_MODE = 0o644


@contextmanager
def staging_folder(target: Path, *, check: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Yield an empty folder ``<target>.tmp-XXXX`` beside ``target``; on success, swap it into place.

    ``check(target)``, when given, runs before anything is created and again just before the swap, and
    raises to refuse replacing what ``target`` holds (then nothing is changed). If the ``with`` body
    raises, the staging folder is removed and ``target`` is untouched; the error propagates. Raises
    PublishError when the parent folder cannot be written or the swap fails (in which case the old folder
    is restored).
    """
    target = Path(target).absolute()
    if check is not None:
        check(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.tmp-", dir=target.parent))
    except OSError as error:
        raise PublishError(f"cannot create a folder beside {target}: {error.strerror or error}") from None
    try:
        yield staging
        make_readable(staging)
        if check is not None:
            check(target)
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


def current_umask() -> int:
    """The process's file-mode creation mask: from /proc/self/status on Linux, else by setting it and setting
    it back at once (the only portable way to read it, briefly visible to other threads)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_readable(folder: Path) -> None:
    """Give ``folder`` and every folder in it mode FOLDER_MODE, and every file FILE_MODE, less the umask."""
    mask = current_umask()
    os.chmod(folder, FOLDER_MODE & ~mask)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(parent, name), FOLDER_MODE & ~mask)
        for name in files:
            os.chmod(os.path.join(parent, name), FILE_MODE & ~mask)


@contextmanager
def atomic_file(path: Path, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Yield a text file to write; on success it replaces ``path`` (mode FILE_MODE less the umask), on error
    it is removed and ``path`` is as it was.

    It is written as a hidden temporary file beside ``path`` and renamed onto it. Raises OutputError naming
    ``path`` when its folder does not exist or a write fails (disk full, permissions); other errors of the
    ``with`` body propagate unchanged.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder, not a file")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: cannot write: the folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        try:
            with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
                yield out
            os.chmod(temporary, FILE_MODE & ~current_umask())
            os.replace(temporary, path)
        except OSError as error:
            raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
