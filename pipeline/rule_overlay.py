"""``--rules DIR``: the user's rule files laid over the shipped defaults.

A user file replaces the default file of the same relative path; a word list, lexicon or TSV table
with a ``# extends: default`` line, or a gazetteer with an ``extends: default`` line, adds to its
default instead. The result is a merged folder that every stage reads as before; errors in it are
reported at the user's file and line (``rules.MERGED_SOURCES``).
"""
from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .rules import DEFAULT_RULES_DIR, MERGED_FOLDERS, MERGED_SOURCES, RuleError, check_text_file

LINE_FILES = (".txt", ".tsv")  # one entry per line: an extending file is appended to its default
YAML_FILES = (".yaml", ".yml")
EXTENDS_LINE = re.compile(r"^#[ \t]*extends:[ \t]*default[ \t]*$", re.M)
EXTENDS_KEY = re.compile(r"^extends:[ \t]*default[ \t]*$", re.M)
GAZETTEER = "entities/gazetteer/"


@dataclass(frozen=True)
class RuleFile:
    rel: str  # path inside the rules folder
    origin: str  # default | yours | yours, replaces default | yours + default
    sources: tuple[Path, ...]  # the files it is made of


@dataclass(frozen=True)
class RuleSet:
    folder: Path  # what the stages read
    files: tuple[RuleFile, ...]
    user_dir: Path | None = None


def _files(folder: Path, strict: bool = False) -> dict[str, Path]:
    """The files of a rules folder by relative path (hidden ones left out); ``strict``: a folder or
    special file with a rule file's name is refused, as the loaders refuse it."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file():
            found[rel.as_posix()] = path
        elif strict and path.suffix.lower() in LINE_FILES + YAML_FILES + (".jsonl",):
            check_text_file(path)  # raises the loaders' "not a regular file" error
    return found


_BUILT: dict[tuple, RuleSet] = {}  # merged folders of this process, by the state of the files they merge


def overlay(user_dir: Path | None, defaults: Path = DEFAULT_RULES_DIR) -> RuleSet:
    """The rule set for ``--rules user_dir`` (the defaults alone when None). The merged folder is
    built once per process while no file changes (``zhnews.extract(rules=...)`` is called per text)."""
    default_files = _files(defaults)
    if user_dir is None or Path(user_dir).resolve() == defaults.resolve():
        return RuleSet(defaults, tuple(RuleFile(rel, "default", (path,)) for rel, path in default_files.items()))
    user_dir = Path(user_dir)
    if not user_dir.is_dir():
        raise RuleError(user_dir, None, "rules folder does not exist", "give --rules a folder of your rule files",
                        code="R020")
    user_files = _files(user_dir, strict=True)
    key = (str(user_dir.resolve()), str(defaults), *((rel, p.stat().st_mtime_ns, p.stat().st_size)
                                                     for files in (default_files, user_files) for rel, p in files.items()))
    if key not in _BUILT or not _BUILT[key].folder.is_dir():
        _BUILT[key] = _merge(user_dir, user_files, default_files)
    return _BUILT[key]


def _merge(user_dir: Path, user_files: dict[str, Path], default_files: dict[str, Path]) -> RuleSet:
    scratch = Path(tempfile.mkdtemp(prefix="zhnews-rules-"))
    atexit.register(shutil.rmtree, scratch, True)
    merged = scratch / "rules"
    contents: dict[str, bytes] = {rel: path.read_bytes() for rel, path in default_files.items()}
    runs: dict[str, list[tuple[int, str, int]]] = {rel: [(1, str(path), 1)] for rel, path in default_files.items()}
    origins = {rel: RuleFile(rel, "default", (path,)) for rel, path in default_files.items()}
    for rel, path in user_files.items():
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        suffix = path.suffix.lower()
        default = default_files.get(rel)
        if suffix in LINE_FILES and default is not None and EXTENDS_LINE.search(text):
            base = contents[rel] if contents[rel].endswith(b"\n") else contents[rel] + b"\n"
            contents[rel] = base + data
            runs[rel] = [(1, str(default), 1), (base.count(b"\n") + 1, str(path), 1)]
            origins[rel] = RuleFile(rel, "yours + default", (default, path))
            continue
        if suffix in YAML_FILES and (m := EXTENDS_KEY.search(text)):
            line = text[:m.start()].count("\n") + 1
            if not rel.startswith(GAZETTEER):
                raise RuleError(path, line, "'extends: default' works in gazetteer files and word lists only",
                                f"copy the default {rel} into your folder and edit it there", code="R021")
            # a gazetteer adds its entries anyway: the default keeps its name, yours sits beside it
            data = (text[:m.start()] + "# " + text[m.start():]).encode("utf-8")
            if default is not None:
                origins[rel] = RuleFile(rel, "yours + default", (default, path))
                rel = rel[: -len(path.suffix)] + ".yours" + path.suffix
            else:
                origins[rel] = RuleFile(rel, "yours", (path,))
        else:
            origins[rel] = RuleFile(rel, "yours, replaces default" if default is not None else "yours", (path,))
        contents[rel] = data
        runs[rel] = [(1, str(path), 1)]
    for rel, data in contents.items():
        target = merged / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        MERGED_SOURCES[str(target)] = runs[rel]
    MERGED_FOLDERS[str(merged)] = str(user_dir)
    return RuleSet(merged, tuple(origins[rel] for rel in sorted(origins)), user_dir)
