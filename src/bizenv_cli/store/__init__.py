"""The derived store: the checked data folder, kept so that a query need not parse YAML again.

Layer 4 of 9 (after model/, files/, checks/). The YAML files stay the only truth: anything the
store cannot prove it built from the files as they are now is rebuilt from them.

    package     load a package (plans and registry) for the queries
    cache       where entries live, how they are verified and bounded, and how to bypass them
    datafile    one data file as the queries read it: loaded, checked, packed
    folderindex which entry each data file is, and the folder's index of milestones
    yamlcache   validate's strictly loaded documents, keyed by their bytes
"""
