"""The work ledger (工作台账, docs/ledger.md): what the departments did, beside what the plans ask.

The plans say what is due; the ledger's reports say what was done, each one body's as of one day
(`data/progress/YYYY-MM/<department>-YYYY-MM-DD.yaml`). The layer after query/ (its judgement
reaches the queries as a parameter).

Modules, one job each:

    format       the report files as objects (read with the strict loader), and where each one lives
    numbers      the number a reported value states (docs/data-format.md's rules for numbers), or why none
    units        whether a reported value is written in its indicator's own unit (66.5天 of one in 小时 is not)
    words        status words and days as people write them (未启动 ..., 2022年6月20日)
    days         the days a report can hold (an error outside them, a warning before the plans' year)
    roles        who answers for an indicator (the owners `gaps --dept` finds it under: model/owners.py)
    checks       what `bizenv validate` checks in the ledger
    status       a milestone's status as of a day, judged by the latest report
    views        the `progress` / `actual` keys the query commands' rows gain
    scorecard    `bizenv progress`: counts and rates by plan or department
    record       writing the ledger: an item into a report (`bizenv record`), a report replaced by a
                 sheet (`ledger import`) or removed (`ledger remove`)
    spreadsheet  the template offices fill in (its rows, whose and which day it is) and its import
    sheet_files  the file an office sends back, read within bounds (size, rows, cells, formulas)

Nothing here prints; the CLI's commands (record_cmd, progress_cmd, ledger_cmd) do.
"""

from bizenv_cli.ledger.format import Ledger, load_ledger

__all__ = ["Ledger", "load_ledger"]
