"""What the data must satisfy, as findings (files.problems.Problem); nothing here prints.

The layer after model/ and files/.

    validate         `bizenv validate`'s checks of a folder: schema, semantics, source audit
                     (the work ledger's own checks come in as a parameter: bizenv_cli.api)
    schemacheck      a fast yes/no schema check; jsonschema explains a failure
    audit            the source audit: every verbatim value, block and line against the source
    completeness     the package whole: a plan file per document, no stray file, no unowned line
    verbatim         which values of a document quote the source (the schemas' marks)
    references       what the files of a package must agree on before a query answers
    identifiers      within a plan, ids unique and prefixed by the plan's id
    numbers          every number one every reader keeps exactly (finite, within ±2**53)
    coverage         `validate --coverage`: how much of each document the data holds

The findings are written out by outputs/problem_formats.py.
"""
