"""The tag each kind of data file opens with (`format: bizenv/plan/1`), which tells a reader what
the file is before its schema does: a plan, the registry of bodies, a work-ledger report. Every
reader and writer of the data files names a kind by the tag here, so that a new version of one is
one change. The schemas hold the same tags as their `format` constants (schemas/)."""

PLAN_TAG = "bizenv/plan/1"
REGISTRY_TAG = "bizenv/departments/1"
REPORT_TAG = "bizenv/progress/1"
