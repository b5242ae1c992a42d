"""Strictly loaded YAML documents kept in the query cache, keyed by the very bytes they were read from.

`bizenv validate` reads every data file on every run, and a valid file never needs its line numbers:
a file whose bytes loaded before is taken from the cache (marshal, a few ms for the whole package)
as a LoadedYaml whose positions are read again only when a finding asks for one. Only documents
that loaded without a problem are kept, so a refused file is always read, and refused, anew.
"""

from __future__ import annotations

from pathlib import Path

from bizenv_cli.files.yamlload import LoadedYaml, load_yaml_bytes

# What a file's bytes load as depends on yamlload and on PyYAML's parser: a cached document is
# keyed by both. LOADER_VERSION is bumped whenever yamlload reads any file differently; the key also
# names yamlload's own file (size and time), so that an edit that forgets to is not served stale data.
LOADER_VERSION = "1"


def _loader_version() -> str:
    """This loader's version and file, Python's and marshal's, and PyYAML's installation, named
    without importing it: the file that holds its version (any other release rewrites it) and
    whether its C parser is built."""
    import marshal
    import os
    import sys
    from importlib.util import find_spec

    from bizenv_cli.files import yamlload
    from bizenv_cli.store.cache import file_identity as identity

    spec = find_spec("yaml")
    origin = spec.origin if spec is not None and spec.origin else ""
    try:
        built = ",".join(sorted(name for name in os.listdir(os.path.dirname(origin) or ".") if name.startswith("_yaml")))
    except OSError:
        built = "unknown"
    return (f"{LOADER_VERSION}-{sys.version_info[0]}.{sys.version_info[1]}-{marshal.version}-"
            f"{identity(yamlload.__file__)}-{identity(origin)}:{built}")


class CacheUse:
    """The cache entries a run read or wrote: after writing some, it prunes the cache keeping these."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.wrote = False

    def prune(self) -> None:
        from bizenv_cli.store import cache

        if self.wrote:  # each edit of a data file leaves one more entry behind: keep the cache bounded
            from bizenv_cli.checks.schemacheck import entries_in_use

            cache.prune(self.names | entries_in_use())


def load_yaml_file_cached(path: Path, display_name: str | None = None,
                          use: CacheUse | None = None) -> LoadedYaml:
    """load_yaml_file, with the document taken from the cache when these very bytes were loaded
    before, and its positions parsed only if something asks for one (see LoadedYaml).

    Only documents that loaded without a problem are cached: a file the strict reader refuses is read
    again every time, so its finding is always the reader's own. `use` notes the entries read or
    written, for the prune at the end of the run.
    """
    from bizenv_cli.files.datadir import read_data_file

    name = display_name or str(path)
    return load_yaml_bytes_cached(read_data_file(path, name), path, name, use)


def load_yaml_bytes_cached(raw: bytes, path: Path, name: str, use: CacheUse | None = None) -> LoadedYaml:
    """load_yaml_bytes through the cache, as load_yaml_file_cached does."""
    import marshal

    from bizenv_cli.store import cache

    if cache.bypassed():
        return load_yaml_bytes(raw, path, name)
    entry = _entry_name(raw)
    if use is not None:
        use.names.add(entry)
    payload = cache.read(entry)
    if payload is not None:
        try:
            return LoadedYaml(Path(path), marshal.loads(payload), raw=raw, name=name)
        except (ValueError, EOFError, TypeError):
            pass  # verified but not marshal's: another version's; parsed and written anew
    loaded = load_yaml_bytes(raw, path, name)
    if cache.write(entry, marshal.dumps(loaded.data)) and use is not None:
        use.wrote = True
    return loaded


def _entry_name(raw: bytes) -> str:
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b

    global _VERSION_PREFIX
    if _VERSION_PREFIX is None:
        _VERSION_PREFIX = (_loader_version() + "\0").encode()
    return blake2b(_VERSION_PREFIX + raw, digest_size=20).hexdigest() + ".yamldoc"


_VERSION_PREFIX: bytes | None = None
