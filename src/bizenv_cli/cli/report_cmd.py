"""`bizenv report -o F.html`: the 挂图作战 chart (placeholder until the report lands)."""
