"""What changed in meaning between two versions of the data, for reviewers and for `git diff`.

The layer after ledger/, whose reports it compares too.

    plan       the plans' findings, keyed by measure and indicator id (a package of its own)
    ledger     the work ledger's changes in words
    versions   the two sides `bizenv diff` compares: a file, a folder or a git revision
    textconv   a data file as stable text, one fact per line, for git's diff driver
    git_setup  configure git's `bizenv` diff driver for one clone
"""
