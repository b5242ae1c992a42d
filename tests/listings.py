"""The listings every output format is tested on: one question of each listing command, shared by
tests/cli/test_cli_queries.py (the text formats) and tests/outputs/test_outputs_xlsx.py (workbooks)."""

LISTINGS = {
    "measures": ["measures"],
    "due": ["due", "--by", "2022-12", "--as-of", "2022-05-15"],
    "gaps": ["gaps"],
    "plans": ["plans"],
    "departments": ["departments"],
    "search": ["search", "营商环境"],
}
