"""The compose file, read as the tests need it: each service's command as an argument list, with only its
addresses and paths replaced, run as a plain process on this machine."""

import os
import shlex
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.conftest import ROOT

COMPOSE_FILE = ROOT / "docker-compose.yml"
APP_SERVICES = ("migrate", "web", "worker", "beat")
BIN = Path(sys.executable).parent


def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def service(name: str) -> dict:
    return compose()["services"][name]


def command(name: str, substitutions: dict[str, str] | None = None) -> list[str]:
    """The service's command with whole arguments swapped (an address, a path). Every swap must find its argument,
    so a change to the compose file that the tests do not follow fails here rather than testing something else.
    The programs resolve to this virtualenv's, as the image's PATH resolves them to its own."""
    raw = service(name)["command"]
    argv = list(raw) if isinstance(raw, list) else shlex.split(raw)
    substitutions = substitutions or {}
    missing = [old for old in substitutions if old not in argv]
    assert not missing, f"{name}'s command {argv} no longer has {missing}"
    argv = [substitutions.get(arg, arg) for arg in argv]
    if argv[0] == "python":
        argv[0] = sys.executable
    elif (BIN / argv[0]).exists():
        argv[0] = str(BIN / argv[0])
    return argv


def app_environment() -> dict[str, str]:
    """What the compose file sets for every app service (its x-app anchor, as merged into web)."""
    return {key: str(value) for key, value in service("web")["environment"].items()}


@dataclass
class Process:
    """A process started in a session of its own, so stopping it stops its children too (gunicorn's workers,
    Celery's pool)."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    popen: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> "Process":
        log = open(self.log_path, "wb")
        self.popen = subprocess.Popen(
            self.argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        return self

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 20) -> None:
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        # Children left behind by a parent that exited (or would not) go too.
        self._signal(signal.SIGKILL)
        try:
            self.popen.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def _signal(self, signum) -> None:
        try:
            os.killpg(self.popen.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass


def run(argv: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
