"""Writers of the ledger under load and against links: every accepted write is there afterwards,
and nothing is written outside the data folder (issue 22 points 1 and 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import yaml

from conftest import bizenv, invoke

# Eight milestones of 市税务局 in plan 9, each a separate update into the same report.
ITEMS = ["09.01#1", "09.02#1", "09.03#1", "09.04#1", "09.05#1", "09.06#1", "09.07#1", "09.08#1"]


def test_concurrent_records_into_one_report_keep_every_update(data_copy):
    def record(item: str) -> subprocess.CompletedProcess:
        return bizenv("--data", str(data_copy), "record", item, "--as-of", "2022-06-30", "--by", "tax",
                      "--status", "in-progress", timeout=300)

    with ThreadPoolExecutor(len(ITEMS)) as pool:
        results = list(pool.map(record, ITEMS))
    assert [result.returncode for result in results] == [0] * len(ITEMS), [r.stderr for r in results]
    report = yaml.safe_load((data_copy / "progress" / "2022-06" / "tax-2022-06-30.yaml").read_text(encoding="utf-8"))
    assert sorted(f"{u['measure']}#{u['milestone']}" for u in report["updates"]) == ITEMS
    assert list((data_copy / "progress").glob("**/.*.tmp")) == []


def test_a_month_folder_that_links_outside_the_data_is_refused(runner, data_copy, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data_copy / "progress" / "2022-06").symlink_to(elsewhere, target_is_directory=True)
    result = invoke(runner, "--data", str(data_copy), "record", "09.02#1", "--as-of", "2022-06-30", "--by", "tax",
                    "--status", "in-progress")
    assert result.exit_code == 1, result.output
    assert "outside the data folder" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_report_that_links_outside_the_data_is_refused(runner, data_copy, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("kept: as it was\n", encoding="utf-8")
    (data_copy / "progress" / "2022-06").mkdir()
    (data_copy / "progress" / "2022-06" / "tax-2022-06-30.yaml").symlink_to(outside)
    result = invoke(runner, "--data", str(data_copy), "record", "09.02#1", "--as-of", "2022-06-30", "--by", "tax",
                    "--status", "in-progress")
    assert result.exit_code == 1
    assert outside.read_text(encoding="utf-8") == "kept: as it was\n"


def test_a_temporary_file_a_killed_writer_left_is_removed_by_the_next_writer(runner, data_copy):
    month = data_copy / "progress" / "2022-06"
    month.mkdir()
    leftover = month / ".tax.yaml.4242-1-1.tmp"
    leftover.write_text("half a report", encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "record", "09.02#1", "--as-of", "2022-06-30", "--by", "tax",
                    "--status", "in-progress")
    assert result.exit_code == 0, result.output
    assert not leftover.exists()


def test_a_day_in_year_one_is_filed_under_a_four_digit_year(data_copy):
    from bizenv_cli.files.datadir import DataDir
    from bizenv_cli.ledger.format import report_path
    from datetime import date

    assert report_path(DataDir(data_copy, "option"), "tax", date(1, 1, 1)).parent.name == "0001-01"


def test_non_utf8_bytes_in_evidence_are_a_usage_error_not_a_traceback(data_copy):
    # A terminal in another locale sends bytes that are not UTF-8; Python hands them over as
    # surrogates, which no YAML file can hold.
    result = subprocess.run([sys.executable, "-m", "bizenv_cli", "--data", str(data_copy), "record", "09.02#1",
                             "--as-of", "2022-06-30", "--by", "tax", "--status", "done", "--on", "2022-06-20",
                             b"--evidence".decode(), b"\xff\xfe".decode("utf-8", "surrogateescape")],
                            capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=120)
    assert result.returncode == 2
    assert "--evidence: not UTF-8 text" in result.stderr and "Traceback" not in result.stderr
    assert not (data_copy / "progress" / "2022-06").exists()


def test_a_fifo_a_device_link_or_a_link_loop_among_the_reports_is_refused_at_once(data_copy):
    progress = data_copy / "progress"
    os.mkfifo(progress / "fifo.yaml")
    (progress / "zero.yaml").symlink_to("/dev/zero")
    (progress / "loop.yaml").symlink_to("loop.yaml")
    validated = bizenv("--data", str(data_copy), "validate", timeout=300)
    assert validated.returncode == 1
    for name, why in (("fifo", "named pipe"), ("zero", "character device"), ("loop", "symbolic links")):
        assert f"progress/{name}.yaml:1:1 cannot read file:" in validated.stdout + validated.stderr
        assert why in validated.stdout + validated.stderr
    recorded = bizenv("--data", str(data_copy), "record", "09.02#1", "--as-of", "2022-06-30", "--by", "tax",
                      "--status", "done", "--on", "2022-06-20", timeout=300)
    assert recorded.returncode == 1 and "Traceback" not in recorded.stderr


def test_a_full_disk_names_the_report_and_leaves_no_empty_month_folder(data_copy):
    import resource
    import signal

    def small_files():  # a file-size limit stands in for a full disk: the write fails part-way
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))

    result = subprocess.run([sys.executable, "-m", "bizenv_cli", "--data", str(data_copy), "record", "09.02#1",
                             "--as-of", "2022-06-30", "--by", "tax", "--status", "done", "--on", "2022-06-20"],
                            capture_output=True, text=True, preexec_fn=small_files, timeout=120)
    assert result.returncode == 3
    assert "2022-06/tax-2022-06-30.yaml: File too large" in result.stderr
    assert not (data_copy / "progress" / "2022-06").exists()
