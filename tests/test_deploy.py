"""The shipped units run the real CLI: the schedule's command lines parse and, pointed at
the sample site, do a refresh; the search service's starts and answers searches."""

from __future__ import annotations

import configparser
import json
import shlex
from pathlib import Path

import pytest

from crawler.datadir import service_socket_path
from tests.conftest import ROOT, Served, jsonl, nkwatch

DEPLOY = ROOT / "deploy"


def systemd_unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # keys are case-sensitive in systemd
    unit.read(DEPLOY / name)
    return unit


def cron_command() -> list[str]:
    lines = [
        ln
        for ln in (DEPLOY / "nkwatch.cron").read_text().splitlines()
        if ln.strip() and not ln.startswith("#") and "=" not in ln.split()[0]
    ]
    assert len(lines) == 1
    fields = lines[0].split(None, 5)
    assert len(fields) == 6, "five time fields and a command"
    return shlex.split(fields[5].split(">")[0])


def as_test_invocation(argv: list[str], data: Path, base_url: str) -> list[str]:
    """The unit's nkwatch arguments, with our data dir and the sample site."""
    assert Path(argv[0]).name == "nkwatch"
    args = argv[1:]
    i = args.index("--data-dir")
    args[i + 1] = str(data)
    return [*args, "--base-url", base_url]


def test_timer_is_persistent_and_points_at_the_service():
    timer = systemd_unit("nkwatch-refresh.timer")
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["OnCalendar"]
    service = systemd_unit("nkwatch-refresh.service")
    assert service["Service"]["Type"] == "oneshot"
    assert "/var/lib/nkwatch" in service["Service"]["ReadWritePaths"]


@pytest.mark.parametrize("source", ["systemd", "cron"])
def test_scheduled_command_is_a_valid_refresh(source, site, tmp_path):
    if source == "systemd":
        argv = shlex.split(systemd_unit("nkwatch-refresh.service")["Service"]["ExecStart"])
    else:
        argv = cron_command()
    args = as_test_invocation(argv, tmp_path / "d", site.base_url)
    assert args[0] == "--data-dir" and "refresh" in args
    proc = nkwatch(tmp_path / "d", *args[2:])
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["status"] == "ok" and summary["indexed"] > 0


def test_search_service_unit_is_sandboxed_and_serves(crawled_copy):
    unit = systemd_unit("nkwatch-serve.service")
    service = unit["Service"]
    refresh = systemd_unit("nkwatch-refresh.service")["Service"]
    for key in ("User", "NoNewPrivileges", "PrivateTmp", "ProtectSystem", "ProtectHome"):
        assert service[key] == refresh[key], key
    assert service["ReadWritePaths"] == refresh["ReadWritePaths"] == "/var/lib/nkwatch"
    assert service["UMask"] == "0077" and service["Restart"] == "on-failure"
    assert service["RestrictAddressFamilies"] == "AF_UNIX" and service["PrivateNetwork"] == "yes"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    argv = shlex.split(service["ExecStart"])
    assert Path(argv[0]).name == "nkwatch" and argv[1:3] == ["--data-dir", "/var/lib/nkwatch"]
    assert argv[3] == "serve" and "--port" not in argv  # the 0600 socket, no TCP
    served = Served(crawled_copy, *argv[4:])
    try:
        assert served.where == f"unix:{service_socket_path(crawled_copy)}"
        hits = jsonl(nkwatch(crawled_copy, "search", "donju", "--json", "--service").stdout)
        assert hits and served.health()["searches"] == 1
    finally:
        assert served.stop() == 0
