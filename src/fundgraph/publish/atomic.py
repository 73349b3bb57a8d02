"""Replace a published folder, or write a file, all at once or not at all.

A publication folder ``DIR`` is a symbolic link to one release: ``.DIR.releases/<time>-<random>/`` beside it
(same parent, so the same file system). A new publication is built in ``.DIR.releases/tmp-<random>/``,
renamed to its release name when complete, and switched in by replacing the link with one ``os.rename``:
readers resolving ``DIR/dataset.ttl`` find the old release or the new one, never a folder half-built or
missing, and a server that opened the old release keeps it whole (the release before the current one is
kept; older ones are removed). An earlier publication that is a plain folder becomes the previous release on
the first switch.

One publication into ``DIR`` runs at a time: ``staging_folder`` holds an exclusive lock on
``.DIR.releases/lock`` (``fcntl.flock``, released by the kernel even when the holder is killed); a second run
fails at once with a PublishError naming the holder (process, host, start time). Holding the lock, a run
removes what killed runs left behind (``tmp-*`` releases, and ``DIR.tmp-*`` / ``DIR.old-*`` folders of
the earlier layout), and says so in a warning naming them.

Before the switch the release gets the modes of a folder made with ``mkdir`` (0755 less the umask) and its
files those of ``open`` (0644 less the umask), so that a web server running as another user can read the
publication (``tempfile`` makes private 0700/0600 ones). ``atomic_file`` does the same for one file.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..errors import OutputError, PublishError

log = logging.getLogger(__name__)

FOLDER_MODE = 0o755
FILE_MODE = 0o644
STAGING_PREFIX = "tmp-"


def releases_folder(target: Path) -> Path:
    """Where the releases of publication folder ``target`` live: ``.NAME.releases`` beside it."""
    return target.parent / f".{target.name}.releases"


@contextmanager
def staging_folder(target: Path, *, check: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Yield an empty folder for a new release of ``target``; on success, switch ``target`` to it.

    ``check(target)``, when given, runs before anything is created and again just before the switch, and
    raises to refuse replacing what ``target`` holds (then nothing is changed). If the ``with`` body
    raises, the staging folder is removed and ``target`` is untouched; the error propagates. Raises
    PublishError when another run holds the lock, when the parent folder cannot be written or when the
    switch fails (``target`` is then as before).
    """
    target = Path(target).absolute()
    if check is not None:
        check(target)
    releases = releases_folder(target)
    try:
        releases.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PublishError(f"cannot create a folder beside {target}: {error.strerror or error}") from None
    with _lock(target, releases):
        _remove_leftovers(target, releases)
        try:
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=releases))
        except OSError as error:
            raise PublishError(f"cannot create a folder beside {target}: {error.strerror or error}") from None
        try:
            yield staging
            make_readable(staging)
            if check is not None:
                check(target)
            release = releases / (time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + staging.name[len(STAGING_PREFIX) - 1:])
            os.rename(staging, release)
            staging = release
            previous = switch_to(release, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _prune(releases, keep={release.name, previous})


@contextmanager
def _lock(target: Path, releases: Path) -> Iterator[None]:
    path = releases / "lock"
    try:
        handle = open(path, "a+", encoding="utf-8")
    except OSError as error:
        raise PublishError(f"cannot create the lock {path}: {error.strerror or error}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise PublishError(f"{target} is being published by another run ({_holder(handle.read())}); "
                               "wait for it to finish, or stop it") from None
        handle.seek(0)
        handle.truncate()
        json.dump({"pid": os.getpid(), "host": socket.gethostname(),
                   "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}, handle)
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _holder(text: str) -> str:
    try:
        holder = json.loads(text)
        return f"process {holder['pid']} on {holder['host']}, since {holder['since']}"
    except (ValueError, KeyError, TypeError):
        return "a process that has not said which"


def _remove_leftovers(target: Path, releases: Path) -> None:
    """Remove what killed runs left (the lock is held, so nothing of a live run), with a warning."""
    leftovers = sorted([*releases.glob(STAGING_PREFIX + "*"), *target.parent.glob(f"{target.name}.tmp-*"),
                        *target.parent.glob(f"{target.name}.old-*")])
    for leftover in leftovers:
        log.warning("removing %s, left by an earlier publish that did not finish", leftover)
        shutil.rmtree(leftover, ignore_errors=True)


def switch_to(release: Path, target: Path) -> str | None:
    """Point ``target`` at ``release`` (a folder in ``releases_folder(target)``) in one rename; return
    the name of the release it pointed to before, if any.

    An earlier publication that is a plain folder is first moved into the releases folder (the one moment
    ``target`` is absent, once). Raises PublishError (``target`` as before) if a rename fails or
    ``target`` is a file.
    """
    if target.exists() and not target.is_dir():
        raise PublishError(f"{target} exists and is not a folder")
    releases = releases_folder(target)
    previous = Path(os.readlink(target)).name if target.is_symlink() else None
    link = releases / f"link-{release.name}"
    moved = None
    try:
        os.symlink(os.path.join(releases.name, release.name), link)
        if target.is_dir() and not target.is_symlink():
            moved = releases / (release.name + "-before")
            os.rename(target, moved)
            previous = moved.name
        os.rename(link, target)
    except OSError as error:
        if moved is not None and not os.path.lexists(target):
            os.rename(moved, target)
        if os.path.lexists(link):
            os.unlink(link)
        raise PublishError(f"cannot move the publication into {target}: {error.strerror or error}") from None
    return previous


def _prune(releases: Path, keep: set[str | None]) -> None:
    finished = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(STAGING_PREFIX))
    for old in finished:
        if old.name not in keep:
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
