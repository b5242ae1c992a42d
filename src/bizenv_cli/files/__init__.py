"""The data on disk: finding the folder, reading YAML strictly, writing it canonically and safely.

The layer after model/. Nothing here knows a schema or a query.

    problems       a finding on a data file (FILE:LINE:COL field), and DataError that carries one
    datadir        find the data folder as git finds a repository; read a data file, bounded
    yamlload       strict YAML: the subset every other reader types alike, with each value's
                   position
    yamlwrite      the one canonical YAML style, so tools and people write the same bytes
    safefile       whole-or-nothing writes: a failure never leaves half a file
    formula_guard  the apostrophe before a text a spreadsheet would run as a formula, put on and off;
                   the most characters a cell holds
    tags           the tag each kind of data file opens with (format: bizenv/plan/1)
    sourcetext     the source text: its lines, documents and assignment blocks
    gitrev         git as the data's other reader: files at a revision or in the index (the staged
                   files written to a folder for --staged), the repository's own config
"""
