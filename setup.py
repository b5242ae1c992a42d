"""Ship the data inside the package: data/ and schemas/ are copied into bizenv_cli/_data at build time.

So `pip install .` then `bizenv due --before 2022-06` works from any folder (docs/data-format.md), while the
checkout keeps one copy of the data at its top level, where reviewers read and diff it.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "bizenv_cli" / "_data"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        shutil.copytree(ROOT / "schemas", target / "schemas")


setup(cmdclass={"build_py": BuildPyWithData})
