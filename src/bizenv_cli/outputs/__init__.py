"""Every writer of the tool's output in one place: a new format is one module here.

`render` writes listings as text (table, json, csv, tsv, md); the file formats people open
(spreadsheet, calendar, database, the HTML report) sit beside it, each importing its own
library only when it is used.
"""
