"""The output folder: one run at a time, checked writable up front, and table sets that change whole.

A run writes every table (CSV and Parquet) into ``OUT/.tables/.staging/``, records the list of
files with their SHA-256 there as ``tables.json``, and renames the folder to ``OUT/.tables/<digest>``
(the digest of that list: identical runs give the same name). The commit point is one rename of a
symbolic link: ``OUT/.tables/current`` is switched to the new folder. The files users open,
``OUT/documents.csv``, ``OUT/parquet/documents.parquet``, ``OUT/tables.json`` …, are symbolic links
through ``current``, so every one of them shows the old set until that rename and the new set
after it: a kill, a crash or a full disk at any moment leaves one complete set, and no reader (a
person with Excel included) can see a mix, with or without a later zhnews command. Older sets are
removed after the switch. Where symbolic links cannot be made (some Windows set-ups) the files are
copied into place instead, each atomically, and ``tables.json`` lets a reader check the set.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; runs are not guarded against each other
    fcntl = None

VERSIONS = ".tables"  # one folder per committed table set, and the 'current' link
STAGING = f"{VERSIONS}/.staging"
CURRENT = f"{VERSIONS}/current"
MANIFEST = "tables.json"
LEGACY_STAGING = ".staging"  # where zhnews before the versioned layout staged a set (COMMIT.json)
LEGACY_COMMIT = "COMMIT.json"
LOCK = ".cache/zhnews.lock"  # beside the stage cache: run state, not output
SPILL = ".cache/spill"  # a running batch's rows (see spill): run state too, removed when the run ends


class OutputFolderError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


class RunLock:
    """An exclusive lock on OUT for the length of a run (released when the process ends, even by kill -9)."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.handle = None

    def acquire(self) -> "RunLock":
        try:
            out_dir_ready(self.out_dir)
            self.handle = open(self.out_dir / LOCK, "a+")
        except OSError as exc:
            raise OutputFolderError(f"cannot write to the output folder {self.out_dir} ({exc.strerror or exc}); "
                                    "fix its permissions or choose another --out") from None
        if fcntl is not None:
            try:
                fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                self.handle.seek(0)
                holder = self.handle.read().strip() or "unknown"
                self.handle.close()
                self.handle = None
                raise OutputFolderError(f"another zhnews run (process {holder}) is writing to {self.out_dir}; wait for "
                                        "it to finish, or give this run another --out") from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(str(os.getpid()))
        self.handle.flush()
        recover(self.out_dir)
        return self

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()  # closing drops the flock
            self.handle = None


def out_dir_ready(out_dir: Path) -> None:
    """Create OUT and prove a file can be written there (before any article is processed)."""
    (out_dir / LOCK).parent.mkdir(parents=True, exist_ok=True)
    probe = out_dir / f".zhnews-probe-{os.getpid()}"
    probe.write_bytes(b"")
    probe.unlink()


def staging(out_dir: Path) -> Path:
    """An empty staging folder for this run's tables."""
    folder = out_dir / STAGING
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def commit(out_dir: Path) -> None:
    """Make the staged tables the current ones (see the module docstring)."""
    folder = out_dir / STAGING
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    manifest = {"files": {rel: _sha256_and_sync(folder / rel) for rel in files}}
    text = json.dumps(manifest, indent=1, sort_keys=True)
    with open(folder / MANIFEST, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    _sync_dir(folder)
    version = out_dir / VERSIONS / hashlib.sha256(text.encode()).hexdigest()[:16]
    if _current(out_dir) == version.name:  # the same tables as now: nothing changes
        shutil.rmtree(folder)
    else:
        _adopt_legacy_tables(out_dir)
        shutil.rmtree(version, ignore_errors=True)  # a set of the same digest a killed run left
        os.replace(folder, version)
        _sync_dir(version.parent)
        _set_current(out_dir, version.name)  # the commit point
    _link_tables(out_dir, [*files, MANIFEST], version.name)
    _drop_old_sets(out_dir)


def abandon(out_dir: Path) -> None:
    """Drop the staging folder of a run that failed (the current tables stay as they are)."""
    shutil.rmtree(out_dir / STAGING, ignore_errors=True)


def recover(out_dir: Path) -> None:
    """Clean up after a killed run: drop its staging folder and sets that are not current, and
    finish a set committed by a zhnews before the versioned layout. Call it only holding the lock
    (``RunLock``) or via ``recover_if_idle``."""
    legacy = out_dir / LEGACY_STAGING
    if (legacy / LEGACY_COMMIT).exists():
        _finish_legacy(out_dir)
    elif legacy.is_dir():
        shutil.rmtree(legacy, ignore_errors=True)
    shutil.rmtree(out_dir / STAGING, ignore_errors=True)
    shutil.rmtree(out_dir / SPILL, ignore_errors=True)  # left by a killed run
    _drop_old_sets(out_dir)


def recover_if_idle(out_dir: Path) -> None:
    """For readers (diff, explain): finish a killed legacy commit, unless a run is writing now.
    (A versioned set needs nothing: what a kill leaves behind is never visible.)"""
    if not (out_dir / LEGACY_STAGING).exists() or fcntl is None:
        return
    try:
        with open(out_dir / LOCK, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            recover(out_dir)
    except OSError:
        pass  # a run holds the lock (it recovers itself) or the folder is read-only


def check_set(out_dir: Path) -> list[str]:
    """Files that differ from ``tables.json`` (empty when the tables are one complete set)."""
    manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    bad = []
    for rel, digest in manifest["files"].items():
        path = out_dir / rel
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append(rel)
    return bad


def _current(out_dir: Path) -> str | None:
    path = out_dir / CURRENT
    try:
        return os.readlink(path) if path.is_symlink() else path.read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _set_current(out_dir: Path, name: str) -> None:
    try:
        _relink(out_dir / CURRENT, name)
    except (OSError, NotImplementedError):  # no symbolic links here: the name in a file
        _atomic_text(out_dir / CURRENT, name)


def _relink(path: Path, target: str) -> None:
    """Point the symbolic link ``path`` at ``target`` in one rename (replacing a file or link)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _link_tables(out_dir: Path, files: list[str], name: str) -> None:
    """``OUT/<rel>`` -> ``.tables/current/<rel>`` for every file of set ``name`` (a copy where
    symbolic links cannot be made)."""
    linked = (out_dir / CURRENT).is_symlink()
    for rel in files:
        path = out_dir / rel
        target = os.path.relpath(out_dir / CURRENT / rel, path.parent)
        if path.is_symlink() and os.readlink(path) == target:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if linked:
            _relink(path, target)
        else:
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            shutil.copyfile(out_dir / VERSIONS / name / rel, tmp)
            os.replace(tmp, path)
    _sync_dir(out_dir)


def _atomic_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _adopt_legacy_tables(out_dir: Path) -> None:
    """Tables a zhnews before the versioned layout wrote as plain files become the current set
    (hard links, same bytes) before the first switch, so that replacing them by links never shows
    a mix of old files and new links."""
    if _current(out_dir) is not None or not (out_dir / MANIFEST).is_file() or (out_dir / MANIFEST).is_symlink():
        return
    files = [*json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["files"], MANIFEST]
    if not all((out_dir / rel).is_file() for rel in files):
        return
    legacy = out_dir / VERSIONS / "legacy"
    shutil.rmtree(legacy, ignore_errors=True)
    for rel in files:
        (legacy / rel).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(out_dir / rel, legacy / rel)
        except OSError:
            shutil.copyfile(out_dir / rel, legacy / rel)
    _set_current(out_dir, legacy.name)
    _link_tables(out_dir, files, legacy.name)


def _drop_old_sets(out_dir: Path) -> None:
    versions = out_dir / VERSIONS
    current = _current(out_dir)
    if versions.is_dir():
        for folder in versions.iterdir():
            if folder.name != current and not folder.is_symlink() and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)


def _finish_legacy(out_dir: Path) -> None:
    folder = out_dir / LEGACY_STAGING
    manifest = json.loads((folder / LEGACY_COMMIT).read_text(encoding="utf-8"))
    for rel in manifest["files"]:
        source = folder / rel
        if source.exists():  # absent: renamed before a kill
            (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, out_dir / rel)
    os.replace(folder / LEGACY_COMMIT, out_dir / MANIFEST)
    _sync_dir(out_dir)
    shutil.rmtree(folder, ignore_errors=True)


def drop_unlisted(out_dir: Path, pattern: str) -> None:
    """Remove files matching ``pattern`` (in OUT's table folders) that the last committed set does not list."""
    listed = set(json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["files"])
    for path in out_dir.glob(f"*/{pattern}"):
        if path.relative_to(out_dir).as_posix() not in listed and not path.parent.name.startswith("."):
            path.unlink()


def _sha256_and_sync(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
        os.fsync(handle.fileno())
    return digest.hexdigest()


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)
