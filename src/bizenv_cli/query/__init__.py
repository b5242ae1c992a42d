"""The analyst's questions as pure functions: a loaded package (and a day) in, rows out.

The layer after store/. The work ledger is a layer above: where
its judgement changes a row (a milestone reported done), it comes in as a parameter (`judge`).

    queries   measures, due, gaps, departments and plans listings, their filters and sorts
    due_rows  the fields of one `due` row, shaped in one place
    show      one item by the id the tool prints (09.10, 09.i1, 01.s5, a plan's number or slug)
    names     a department or plan named as people type it, or the candidates and nearest names
    search    every text of the plans, compared folded, with where each hit is
"""
