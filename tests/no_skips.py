"""A pytest plugin: a run in which any test skipped or was expected to fail is a failed run.

Issue 19: no test skips because something it needs is missing (data, a program, a package); that
must fail, or a suite can pass while testing less and less. Counted in the controller's report,
so a skip from any source (a mark, `pytest.skip`, `importorskip`, a plugin) is caught, on one
worker or many. tests/conftest.py loads it for the suite."""

from __future__ import annotations

NOT_RUN = ("skipped", "xfailed", "xpassed")


def not_run(reporter) -> str:
    """What did not run, as `1 skipped, 2 xfailed`; empty when every test ran."""
    counts = {outcome: len(reporter.stats.get(outcome, ())) for outcome in NOT_RUN}
    return ", ".join(f"{count} {outcome}" for outcome, count in counts.items() if count)


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:  # an xdist worker: its controller counts its reports
        return
    if not_run(reporter) and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    counts = not_run(terminalreporter)
    if counts:
        terminalreporter.write_sep("=", f"no_skips: a test that does not run is a failure here ({counts})", red=True)
