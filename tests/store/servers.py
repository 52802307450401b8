"""Real SPARQL servers on 127.0.0.1 for the store tests: the Oxigraph server and Virtuoso open source."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from tests.conftest import free_port

VENV_BIN = Path(__file__).resolve().parents[2] / ".venv" / "bin"
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


class ServerMissing(RuntimeError):
    """The server's program is not installed here."""


@dataclass
class Server:
    """A started server: its store URL for open_store, its process and log."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        """Stop the process by its id and reap it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def _wait(server: Server, probe: str, seconds: float) -> Server:
    """Wait until `probe` answers 200; stop the server and raise with its log when it does not."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            if httpx.get(probe, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    server.stop()
    tail = server.log.read_text(errors="replace")[-2000:] if server.log.exists() else ""
    raise RuntimeError(f"{server.name} did not answer {probe} within {seconds:g} s:\n{tail}")


def start_oxigraph(folder: Path) -> Server:
    """`oxigraph serve` on a fresh directory and a free port."""
    program = VENV_BIN / "oxigraph"
    if not program.exists() and shutil.which("oxigraph") is None:
        raise ServerMissing("the Oxigraph server is not installed (pip install oxigraph)")
    exe = str(program) if program.exists() else str(shutil.which("oxigraph"))
    port = free_port()
    log = folder / "oxigraph.log"
    cmd = [exe, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    return _wait(Server("oxigraph", base, proc, log), base + "/query", 30)


def virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    """A private copy of the packaged virtuoso.ini: every file in `folder`, free ports, no row cap."""
    ini = configparser.RawConfigParser(strict=False, inline_comment_prefixes=(";",))
    ini.optionxform = str  # type: ignore[assignment,method-assign]
    ini.read(VIRTUOSO_INI)
    db = ini["Database"]
    for key, name in (("DatabaseFile", "virtuoso.db"), ("ErrorLogFile", "virtuoso.log"),
                      ("LockFile", "virtuoso.lck"), ("TransactionFile", "virtuoso.trx"),
                      ("xa_persistent_file", "virtuoso.pxa")):
        db[key] = str(folder / name)
    ini["TempDatabase"]["DatabaseFile"] = str(folder / "virtuoso-temp.db")
    ini["TempDatabase"]["TransactionFile"] = str(folder / "virtuoso-temp.trx")
    params = ini["Parameters"]
    params["ServerPort"] = str(sql_port)
    params["DirsAllowed"] = f"., /usr/share/virtuoso-opensource-7/vad, {folder}"
    ini["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
    ini["SPARQL"]["ResultSetMaxRows"] = "1000000"
    path = folder / "virtuoso.ini"
    with path.open("w") as out:
        ini.write(out)
    return path


def start_virtuoso(folder: Path) -> Server:
    """`virtuoso-t -f` on a private ini; SPARQL Update granted to the SPARQL user."""
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if exe is None or isql is None or not VIRTUOSO_INI.exists():
        raise ServerMissing("Virtuoso is not installed (bash tools/system-packages.sh, as root)")
    sql_port, http_port = free_port(), free_port()
    ini = virtuoso_ini(folder, sql_port, http_port)
    log = folder / "virtuoso-stdout.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([exe, "-f", "-c", str(ini)], cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    server = _wait(Server("virtuoso", base + "/sparql", proc, log), base + "/sparql", 90)
    grant = subprocess.run([isql, str(sql_port), "dba", "dba", "exec=grant SPARQL_UPDATE to \"SPARQL\";"],
                           capture_output=True, text=True, timeout=60, env={**os.environ}, check=False)
    if grant.returncode != 0:
        server.stop()
        raise RuntimeError(f"isql-vt could not grant SPARQL_UPDATE: {grant.stdout}{grant.stderr}")
    return server


def start_or_skip(starter: Callable[[Path], Server], folder: Path) -> Server:
    """Start a server; when it is not installed, skip — or fail under VNQI_REQUIRE_SYSTEM=1 (`make test`)."""
    try:
        return starter(folder)
    except ServerMissing as exc:
        if os.environ.get("VNQI_REQUIRE_SYSTEM") == "1":
            pytest.fail(f"{exc} (VNQI_REQUIRE_SYSTEM=1)")
        pytest.skip(str(exc))
