"""The derived store: the checked data folder in SQLite, kept so that a query need not parse YAML again.

The layer after model/, files/, checks/ and importer/. The YAML files stay the only
truth: anything the store cannot prove it built from the files as they are now is built again
from them (docs/store.md).

    package   load a package (plans and registry) for the queries, from the store or the files
    database  one data folder's database: brought up to date with the files, read with every row verified
    tables    the tables (shared with `bizenv export`) and one checked file's rows with their checksums
    datafile  one data file as the queries read it: loaded strictly, checked, its model built
    location  where the databases live, what may be there, and how to bypass them
"""
