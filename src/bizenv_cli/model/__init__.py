"""The domain, as pure data and pure functions: no file, no cache, no output, no command line.

The lowest layer (model → files → checks → importer → store → query → ledger → diff → outputs →
api → cli; a module imports only from its own layer and the ones before it:
tests/architecture/test_layers.py holds it so).

    records         plans, measures, deadlines, responsibilities, indicators as Python objects
    deadlines       what a raw 时间节点 string means: milestones, ongoing work, recurrence
    periods         dates on the command line: a partial date names a period (2022-06, 2022-Q2)
    departments     the registry of responsible bodies: ids, aliases, what a collective covers
    responsibility  a 责任单位 line read into bodies and their roles
    line_words      the words such a line prints besides bodies: role words, role labels, connectives
    cycles          links that lead back to where they start: a section, a registry entry inside itself
    owners          who an indicator belongs to (the bodies `gaps --dept` finds it under)
    gap_arithmetic  how far a target moves an indicator, and how far it is from the frontier
    change_verbs    the verbs of change the plans print, the sign each gives, and the ones that
                    name the level reached (压缩至1个工作日)
    changes         a target printed as a change of the level: its verb's sign, size and unit
    figures         the figures a text prints, as the ledger, the importer and the source audit read
                    them: what prints digits but is no figure (a date, a time, a code) left out; a
                    sign, thousands separators and a unit read; the Chinese numerals a plan counts with
    textfold        text as comparisons see it: whitespace squeezed, NFKC, case-folded
    item_ids        the ids the tool prints (09.10, 09.i1, 01.s5, 09.t1), and the ids a mistyped one
                    may stand for (09.2: 09.02 or 09.20), for `show` and the ledger's messages alike
    status_words    the words offices read for a status, a role and a direction (已逾期, 牵头, 越低越好)
    wording         how messages count and list things in English: `2 measures`, `a, b or c`; a
                    Phrase, the tool's words around values, which a file in Chinese says in Chinese
"""
