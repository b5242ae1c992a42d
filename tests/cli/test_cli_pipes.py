"""The command in a pipeline: a reader that stops early is no error, and options combine as documented."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO, invoke


def test_a_reader_that_stops_early_is_not_an_error():
    # `bizenv measures --format json | head -1`: the pipe closes while bizenv still writes.
    command = f"'{sys.executable}' -m bizenv_cli --data '{REPO / 'data'}' measures --format json | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    assert result.stdout.count("\n") == 1


def test_include_ongoing_adds_ongoing_rows_to_the_chosen_statuses(runner):
    result = invoke(runner, "due", "--by", "2022-12", "--status", "overdue", "--include-ongoing",
                    "--as-of", "2022-07-01", "--format", "json")
    statuses = {row["status"] for row in json.loads(result.stdout)}
    assert result.exit_code == 0 and statuses == {"overdue", "ongoing"}
