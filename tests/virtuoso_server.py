"""A real Virtuoso 7 server for tests and the bench: started in a temporary database folder, on free loopback ports.

The server is Debian's ``virtuoso-opensource`` (``virtuoso-t``, in the Makefile's DEBIAN_PACKAGES, so a fresh
``make test`` installs it). Its own ``virtuoso.ini`` is written into the folder: HTTP and ISQL on 127.0.0.1
only, no checkpoints while it runs, result sets unbounded by Virtuoso (fundgraph applies its own row cap), and
the ``dba`` password changed from the well-known default to a random one (``password``), so that the tests
prove that credentials reach the server from settings and nowhere else. Start-up takes about three seconds
on an idle machine (it creates the database), up to a minute on a crowded one.

Use the ``virtuoso_server`` fixture (session-scoped; import it into a test module) or the ``VirtuosoServer``
context manager. Without ``virtuoso-t`` the fixture fails in CI (``CI=true``) and skips elsewhere
(``require_virtuoso``).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from store_process import StoreProcess, free_port

VSP_ROOT = "/var/lib/virtuoso-opensource-7/vsp"
_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
ThreadsPerQuery = 2
DirsAllowed = ., {dir}{allowed}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {max_seconds}
MaxQueryCostEstimationTime = 0
"""


def virtuoso_command() -> str:
    """Path of ``virtuoso-t``; raises RuntimeError when Virtuoso is not installed."""
    found = shutil.which("virtuoso-t") or ("/usr/bin/virtuoso-t" if Path("/usr/bin/virtuoso-t").exists() else None)
    if not found:
        raise RuntimeError("Virtuoso is not installed: apt-get install virtuoso-opensource (make system)")
    return found


class VirtuosoServer(StoreProcess):
    """``virtuoso-t`` in the foreground with its database in ``location``; stopped (and its folder kept) on exit,
    also when it fails to start or its password cannot be set (see tests/store_process.py).

    ``url`` is the HTTP root; ``query_url`` its SPARQL endpoint (``/sparql``), ``store_url`` its authenticated
    Graph Store Protocol endpoint (``/sparql-graph-crud-auth``, digest auth as ``user``/``password``).
    ``buffers``: 8 KiB pages of cache (Virtuoso's NumberOfBuffers; 20 000 ≈ 160 MiB). ``max_seconds``:
    Virtuoso's MaxQueryExecutionTime. ``allowed_dirs``: folders the bulk loader may read (DirsAllowed).
    """

    user = "dba"
    what = "virtuoso"
    stop_timeout = 60.0  # a clean shutdown writes a checkpoint

    def __init__(self, location: Path, *, buffers: int = 20_000, max_seconds: int = 60,
                 allowed_dirs: tuple[Path, ...] = (), startup_timeout: float = 120.0):
        self.location = Path(location)
        self.http_port = free_port()
        self.isql_port = free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.query_url = f"{self.url}/sparql"
        self.store_url = f"{self.url}/sparql-graph-crud-auth"
        self.password = secrets.token_hex(12)
        self.buffers = buffers
        self.max_seconds = max_seconds
        self.allowed_dirs = allowed_dirs
        self.startup_timeout = startup_timeout
        self.cwd = self.location

    def _command(self) -> list[str]:
        self.location.mkdir(parents=True, exist_ok=True)
        ini = self.location / "virtuoso.ini"
        ini.write_text(_INI.format(dir=self.location, isql_port=self.isql_port, http_port=self.http_port,
                                   vsp=VSP_ROOT, buffers=self.buffers, dirty_buffers=self.buffers * 3 // 4,
                                   max_seconds=self.max_seconds,
                                   allowed="".join(f", {d}" for d in self.allowed_dirs)))
        return [virtuoso_command(), "+foreground", "+configfile", str(ini)]

    def _ready(self) -> None:
        self.isql("dba", f"USER_CHANGE_PASSWORD('dba', 'dba', '{self.password}');")

    def _log_tail(self) -> str:
        log = self.location / "virtuoso.log"
        return log.read_text(errors="replace")[-800:] if log.exists() else super()._log_tail()

    def isql(self, password: str | None, *statements: str, timeout: float = 3600.0) -> str:
        """Run SQL ``statements`` through ``isql-vt`` as dba (``password`` None: the server's); returns its
        output, raises RuntimeError on error or after ``timeout`` seconds (a bulk load of millions of triples
        takes minutes)."""
        password = self.password if password is None else password
        command = [shutil.which("isql-vt") or "isql-vt", f"127.0.0.1:{self.isql_port}", "dba", password,
                   "VERBOSE=OFF", "BANNER=OFF", *(f"exec={s}" for s in statements)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {(done.stdout + done.stderr)[-500:]}")
        return done.stdout

    def count(self, where: str = "?s ?p ?o", graphs: tuple[str, ...] = ()) -> int:
        """``SELECT (COUNT(*) ...) WHERE { where }`` on the server (``graphs``: its default-graph-uri)."""
        data = {"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", "default-graph-uri": list(graphs)}
        response = requests.post(self.query_url, data=data,
                                 headers={"Accept": "application/sparql-results+json"}, timeout=600)
        response.raise_for_status()
        return int(response.json()["results"]["bindings"][0]["n"]["value"])


def require_virtuoso() -> None:
    """Fail the test when Virtuoso is not installed in CI (``CI`` set: it must run there), skip it elsewhere."""
    try:
        virtuoso_command()
    except RuntimeError as missing:
        if os.environ.get("CI"):
            pytest.fail(str(missing))
        pytest.skip(str(missing))


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One Virtuoso for the test session (tests name their own graphs); see ``require_virtuoso``. Its database
    files are removed afterwards (tens of MB each); its log and ini stay for a post-mortem."""
    require_virtuoso()
    folder = tmp_path_factory.mktemp("virtuoso")
    with VirtuosoServer(folder) as server:
        yield server
    for database in folder.glob("virtuoso*.db"):
        database.unlink()
