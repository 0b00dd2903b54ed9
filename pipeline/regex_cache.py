"""Compiled rule regexes kept on disk between runs: a process skips parsing the patterns again.

Python's ``re`` parses a pattern and generates its matcher code in pure Python, which for the rule
files' large patterns (the date rules, the noise rules) costs about half a second in every process
that loads the rules: each run, each ``--jobs`` or cluster worker. The generated code depends only on
the pattern, its flags and the Python version, so it is stored once, per pattern, in
``$ZHNEWS_CACHE_DIR/regex`` (default ``~/.cache/zhnews/regex``), and the next process hands it
straight to the regex engine (``_sre.compile``, which validates it again). Any problem with the cache
(no such folder, not writable, a damaged or foreign file) falls back to ``re.compile``: the cache
changes how fast a pattern is ready, never what it matches. ``ZHNEWS_CACHE_DIR=off`` turns it off.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Callable

import _sre

try:  # the parser and code generator of this Python's own re (private, hence the guard)
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - other Pythons keep them elsewhere: no cache then
    _compiler = _parser = None

# What the stored code depends on besides the pattern: the engine's code version and this Python.
_VERSION = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}-{sys.version_info[:3]}"


def cache_dir() -> Path | None:
    """Where compiled patterns are kept, or None when the cache is off."""
    base = os.environ.get("ZHNEWS_CACHE_DIR")
    if base == "off" or _compiler is None:
        return None
    if not base:
        base = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "zhnews")
    return Path(base) / "regex"


def _path(folder: Path, pattern: str, flags: int) -> Path:
    digest = hashlib.sha256(f"{_VERSION}\0{flags}\0{pattern}".encode("utf-8", "surrogatepass")).hexdigest()
    return folder / f"{digest[:32]}.re"


def compile_cached(pattern: str, flags: int = 0, check: Callable[[str], str] | None = None) -> tuple[re.Pattern, str]:
    """``(re.compile(pattern, flags), check(pattern))``, read from the cache when it holds the pattern.

    ``check`` runs once the pattern compiled, on a cache miss only: it returns a problem found in
    the pattern ('' for none); only patterns without one are stored, so a hit returns ''. Raises
    ``re.error`` as ``re.compile`` does."""
    folder = cache_dir()
    if folder is None or not isinstance(pattern, str):
        compiled = re.compile(pattern, flags)
        return compiled, check(pattern) if check else ""
    path = _path(folder, pattern, flags)
    try:
        stored_pattern, stored_flags, code, groups, groupindex, indexgroup = marshal.loads(path.read_bytes())
        if stored_pattern == pattern:
            return _sre.compile(pattern, stored_flags, code, groups, groupindex, indexgroup), ""
    except Exception:  # noqa: BLE001 - no entry, or one that cannot be used: compile afresh
        pass
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (pattern, int(flags | parsed.state.flags), list(map(int, code)), parsed.state.groups - 1, groupindex, tuple(indexgroup))
    compiled = _sre.compile(*entry)
    note = check(pattern) if check else ""
    if not note:
        _store(path, entry)
    return compiled, note


def _store(path: Path, entry: tuple) -> None:
    """Write one entry atomically (another process may read or write the same one); errors are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(entry))
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass
