"""The importer: a new package's published text drafted as a data folder (`bizenv import`, docs/import.md).

It sits above the checks and below the store: it reads the source with files/sourcetext.py (the
assignment blocks the audit checks), deadlines with model/deadlines.py and responsibility lines
with model/responsibility.py, so that what it drafts is what `bizenv validate` reads back.

Modules, one job each:
- reading.py   the published file as text: .txt (UTF-8 or GB18030), .docx (python-docx), .html
               (the standard library's HTML parser), tables laid out as the 2022 text lays them out
- headings.py  what a line is by its look: a title line, a heading (一、 （一） unnumbered), an item label
- tables.py    a run of tab-indented cells as a header and whole rows; what each column holds; the
               number and unit a cell prints
- bodies.py    the names a responsibility line prints, read without a registry; the draft's registry
               (the given one's bodies, then each new printed name with an id, for review)
- draft.py     one document walked line by line into a plan: sections, paragraphs, measures,
               tables, indicators, every unread line kept with a `needs-review` note
- package.py   every document of the text, the jurisdiction and year, the registry file's entries
- folder.py    the data folder written whole or not at all: plans/, departments.yaml, source/ with
               the text and its sha256, an empty progress/
- run.py       the library call behind the command: read, draft, write; refusals as ImportRefused
"""
