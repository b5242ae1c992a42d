"""Every writer of the tool's output: what a command's rows become on a terminal or in a file.

The layer after diff/ (model/ ... diff/ below it; api.py and cli/ above): writers take rows the
layers below made and never decide what the rows hold. Each file format imports its library
(openpyxl, icalendar, jinja2) only when a file of it is written. Modules, one job each:

    formats          the output formats, each once: name, extensions, text or bytes, writer (emit's registry)
    render           a listing (Column, Listing) and its text formats: table, json, csv, tsv, md
    problem_formats  validate's findings as plain lines, JSON or GitHub annotations (and its step summary)
    words            the language of what a file says (--lang): each Chinese word, kept by its English
    linebreak        where a table cell's text may break into lines (Chinese rules, numbers whole)
    xlsx             a listing as a workbook sheet: ids as text, dates as dates, widths by display width, set up to print
    ics              `bizenv due` as a calendar: one all-day event per milestone, described in --lang's language
    ledger_template  the ledger's template as a listing, laid out for the columns a body fills in
    workbook         the whole package as one workbook (`bizenv export -o F.xlsx`)
    sqlite           the whole package as a SQLite database (`bizenv export -o F.sqlite`)
    ledger_rows      the work ledger flattened into the rows the export and the report show
    report           the 挂图作战 chart as one HTML page (`bizenv report`), with templates/

Nothing here reads options or exits: cli/emit.py chooses the format and writes the file.
"""
