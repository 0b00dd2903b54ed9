"""The output folder: one run at a time, checked writable up front, and table sets that change whole.

A run writes every table (CSV and Parquet) into ``OUT/.staging/``. Only when all of them are
written does it record the list of files and their SHA-256 in ``OUT/.staging/COMMIT.json`` (one
atomic rename: the commit point); the files are then renamed into place and the list becomes
``OUT/tables.json``. A kill before the commit point leaves the previous tables untouched (the
staging folder is removed by the next run); a kill after it leaves a commit the next zhnews command
finishes (the renames are redone). ``tables.json`` lets a reader check that the files it sees are
one set.
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

STAGING = ".staging"
COMMIT = "COMMIT.json"
MANIFEST = "tables.json"
LOCK = ".cache/zhnews.lock"  # beside the stage cache: run state, not output


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
    manifest = {"files": {}}
    for rel in files:
        manifest["files"][rel] = _sha256_and_sync(folder / rel)
    tmp = folder / (COMMIT + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, folder / COMMIT)  # the commit point
    _sync_dir(folder)
    _finish(out_dir)


def abandon(out_dir: Path) -> None:
    """Drop an uncommitted staging folder (the current tables stay as they are)."""
    if not (out_dir / STAGING / COMMIT).exists():
        shutil.rmtree(out_dir / STAGING, ignore_errors=True)


def recover(out_dir: Path) -> None:
    """Finish a committed table set a killed run left, or drop an uncommitted one. Call it only
    holding the lock (``RunLock``) or via ``recover_if_idle``."""
    folder = out_dir / STAGING
    if (folder / COMMIT).exists():
        _finish(out_dir)
    elif folder.exists():
        shutil.rmtree(folder, ignore_errors=True)


def recover_if_idle(out_dir: Path) -> None:
    """For readers (diff, explain): finish a killed run's commit, unless a run is writing now."""
    if not (out_dir / STAGING).exists() or fcntl is None:
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


def _finish(out_dir: Path) -> None:
    folder = out_dir / STAGING
    manifest = json.loads((folder / COMMIT).read_text(encoding="utf-8"))
    for rel in manifest["files"]:
        source = folder / rel
        if source.exists():  # absent: renamed before a kill
            (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, out_dir / rel)
    os.replace(folder / COMMIT, out_dir / MANIFEST)
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
