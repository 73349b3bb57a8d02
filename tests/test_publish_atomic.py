"""Publishing as one transaction (issue 13, case 5): a lock, leftovers of killed runs removed, a switch
readers never see half-done, and a running server that follows the new publication."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from fundgraph.config import Settings
from fundgraph.errors import PublishError
from fundgraph.publish import publish
from fundgraph.publish.atomic import staging_folder
from servers import serve_command

PDF = Path(__file__).resolve().parent.parent / "examples" / "granted-projects-vasterbotten.pdf"


def _settings(tmp_path: Path, **changes) -> Settings:
    return replace(Settings(out_dir=tmp_path / "publish", links_dir=tmp_path / "links"), **changes)


def test_a_second_publish_fails_naming_the_holder(tmp_path):
    settings = _settings(tmp_path)
    with staging_folder(settings.out_dir):  # another run, holding the lock
        with pytest.raises(PublishError) as error:
            publish([PDF], settings)
    assert str(error.value).startswith(f"{settings.out_dir} is being published by another run (process "
                                       f"{os.getpid()} on ")
    assert "wait for it to finish, or stop it" in str(error.value)
    publish([PDF], settings)  # the lock is free again


def test_leftovers_of_a_killed_run_are_removed_by_the_next(tmp_path, caplog):
    settings = _settings(tmp_path)
    publish([PDF], settings)
    releases = tmp_path / ".publish.releases"
    command = [sys.executable, "-m", "fundgraph.cli", "publish", str(PDF), "--out", str(settings.out_dir)]
    run = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(releases.glob("tmp-*/store")) and time.monotonic() < deadline:
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait()
    killed = list(releases.glob("tmp-*"))
    assert killed, "the killed run left its staging folder"
    (tmp_path / "publish.tmp-abcd").mkdir()  # the layout before releases left these
    with caplog.at_level("WARNING", logger="fundgraph.publish.atomic"):
        publish([PDF], settings)
    assert not list(releases.glob("tmp-*")) and not (tmp_path / "publish.tmp-abcd").exists()
    warned = "\n".join(caplog.messages)
    assert f"removing {killed[0]}, left by an earlier publish that did not finish" in warned
    assert "publish.tmp-abcd" in warned
    assert len([p for p in releases.iterdir() if p.is_dir()]) == 2  # the current and the previous release


def test_readers_never_see_a_half_done_publication(tmp_path):
    settings = _settings(tmp_path)
    publish([PDF], settings)
    expected = (settings.out_dir / "dataset.ttl").read_bytes()
    problems, stop = [], threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                if (settings.out_dir / "dataset.ttl").read_bytes() != expected:
                    problems.append("changed")
                (settings.out_dir / "publication.json").read_text()
            except OSError as error:
                problems.append(repr(error))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(3):
            publish([PDF], settings)
    finally:
        stop.set()
        reader.join()
    assert problems == []


@pytest.mark.server
def test_a_running_server_switches_to_the_new_publication(tmp_path):
    settings = _settings(tmp_path)
    publish([PDF], settings)
    with serve_command([str(settings.out_dir)], tmp_path, {"workers": 2, "reload_check_interval": 0.5}) as (server, root):
        log = server.log
        page = requests.get(root + "/project/20372556", headers={"Accept": "text/turtle"}, timeout=10)
        assert page.status_code == 200 and "https://data.example.se/project/20372556" in page.text
        failures, stop = [], threading.Event()

        def hammer() -> None:
            with requests.Session() as session:
                while not stop.is_set():
                    try:
                        answer = session.get(root + "/project/20372556", headers={"Accept": "text/turtle"},
                                             timeout=10)
                        if answer.status_code != 200:
                            failures.append(answer.status_code)
                    except requests.RequestException as error:
                        failures.append(repr(error))

        clients = [threading.Thread(target=hammer) for _ in range(4)]
        for client in clients:
            client.start()
        try:
            publish([PDF], replace(settings, base_iri="https://data.example.org/"))
            # Every process is replaced in turn (each new one starts before its old one stops; seconds on a
            # busy machine): wait until the supervisor says the new publication is served.
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and not any(line.startswith("Switched to the new publication") for line in log):
                time.sleep(0.2)
            time.sleep(1.5)  # the old processes finish and stop
        finally:
            stop.set()
            for client in clients:
                client.join()
        assert failures == []
        for _ in range(10):  # every process answers from the new store, and with the new files
            page = requests.get(root + "/project/20372556", headers={"Accept": "text/turtle"}, timeout=10)
            assert "https://data.example.org/project/20372556" in page.text
            dump = requests.get(root + "/download/dataset.nt", timeout=10)
            assert "<https://data.example.org/project/20372556>" in dump.text
