"""Ingest stage: find article files, decode them, read metadata (front matter, manifest.csv).

A file that cannot be used still yields a ``RawDocument`` with ``status='failed'`` and an error a
person can act on; a file that could be used with some loss gets ``status='partial'``.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import yaml

from .safe_yaml import YamlShapeError, check_yaml_shape

# text articles, HTML pages, and files of records (one article per record: see sources.py)
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".csv", ".parquet")
MANIFEST_NAME = "manifest.csv"
METADATA_FIELDS = ("title", "source", "url", "published", "author")
DEFAULT_MAX_BYTES = 10_000_000

# Formats magic numbers for a friendlier "this is a PDF, not an article" message.
_MAGIC = {
    b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)", b"\x1f\x8b": "a gzip archive", b"\xd0\xcf\x11\xe0": "an old MS Office document",
}
# Front matter between '---' lines, with LF, CRLF or CR line ends.
_FRONT_MATTER = re.compile(r"\A---[ \t]*(?:\r\n|\r|\n)(.*?(?:\r\n|\r|\n))?---[ \t]*(?:\r\n|\r|\n|\Z)", re.S)
MAX_FRONT_MATTER_CHARS = 64_000
MAX_YAML_DEPTH = 20
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日.*$"),
)


@dataclass
class RawDocument:
    doc_id: str
    path: str  # relative to the corpus root, POSIX separators
    text: str = ""  # the whole file as decoded: every offset in the outputs points into this
    encoding: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    body_start: int = 0  # where the article starts after front matter
    content_hash: str = ""
    status: str = "ok"  # ok | partial | failed
    error: str = ""
    record: int | None = None  # the record's number within a .jsonl/.csv/.parquet file (from 1)
    visible: str = ""  # an HTML page's visible text, same length as ``text``: what the stages analyse

    def fail(self, message: str) -> "RawDocument":
        self.status, self.error = "failed", message
        return self

    def warn(self, message: str) -> None:
        if self.status == "ok":
            self.status = "partial"
        self.error = f"{self.error}; {message}" if self.error else message


def make_doc_id(relative_path: str) -> str:
    """Stable id from the path, so an edited article keeps its id across runs (a file name that is
    not UTF-8 hashes its own bytes)."""
    return hashlib.sha256(relative_path.encode("utf-8", "surrogateescape")).hexdigest()[:12]


class InputRefused(Exception):
    """An input that is not read: not a regular file, too large, or unreadable (the message says
    what to do)."""


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``.

    The file is opened without blocking and checked with fstat before anything is read, so a FIFO,
    a device or a link to /dev/zero is refused instead of hanging or filling memory, and the read
    stops at ``max_bytes + 1`` whatever the file claims its size is."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputRefused(f"cannot read file: {exc.strerror or exc}; check that it exists and is readable") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputRefused(f"not a regular file ({_file_kind(info.st_mode)}); only text files are read, "
                               "remove it from the corpus")
        if info.st_size > max_bytes:
            raise InputRefused(too_large(info.st_size, max_bytes))
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise InputRefused(f"file grew past the {max_bytes / 1e6:.0f} MB limit while it was read; "
                               "split it into articles or raise --max-bytes")
        return b"".join(chunks)
    except OSError as exc:
        raise InputRefused(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "a special file"


@dataclass
class Scan:
    """What a walk of the corpus found: article files, and inputs refused without reading them."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[str, str, str]] = field(default_factory=list)  # (relative path, status, why)
    problems: list[str] = field(default_factory=list)  # folders not entered (loops), for the summary
    other_formats: list[str] = field(default_factory=list)  # refused files that are no article format


def discover(corpus: Path, outside_links: bool = False) -> list[Path]:
    """Article files under ``corpus`` (or ``corpus`` itself), sorted; READMEs and manifests skipped."""
    return scan(corpus, outside_links).files


def scan(corpus: Path, outside_links: bool = False) -> Scan:
    """Walk ``corpus`` without recursion (any depth), entering each real folder once (a symlink
    loop ends there) and not following links out of the corpus unless ``outside_links``.

    Hidden folders (.git, caches) are left out; a hidden article file, a folder that cannot be
    listed and a link out of the corpus become ``refused`` entries, so they get a documents row."""
    found = Scan()
    if not corpus.is_dir():
        found.files.append(corpus)
        return found
    root = os.path.realpath(corpus)
    seen: set[tuple[int, int]] = set()
    articles: list[str] = []
    stack = [("", str(corpus))]
    while stack:
        rel_folder, folder = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                found.problems.append(f"{rel_folder or '.'}: a link back to a folder already read; not entered again")
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.refused.append((rel_folder.rstrip("/") or ".", "failed", f"cannot list this folder ({exc.strerror or exc}); "
                                  "its articles were not read: fix its permissions and run again"))
            continue
        for entry in entries:
            rel = rel_folder + entry.name
            lower = entry.name.lower()
            is_article = (os.path.splitext(lower)[1] in ARTICLE_SUFFIXES and not lower.startswith("readme")
                          and lower != MANIFEST_NAME)
            if entry.is_symlink() and not outside_links and (is_article or _is_dir(entry)):
                target = os.path.realpath(entry.path)
                if target != root and not target.startswith(root + os.sep):
                    found.refused.append((rel, "skipped", f"symbolic link to {target}, outside the corpus; not "
                                          "followed (use --outside-links to read it)"))
                    continue
            if _is_dir(entry):
                if not entry.name.startswith("."):
                    stack.append((rel + "/", entry.path))
            elif is_article:
                if entry.name.startswith("."):
                    found.refused.append((rel, "skipped", "hidden file (name starts with '.'); rename it to read it"))
                else:
                    articles.append(rel)
            elif not entry.name.startswith(".") and not lower.startswith("readme") and lower != MANIFEST_NAME:
                # a PDF, a Word file, an image: not read, but listed, so that nothing is lost unseen
                found.other_formats.append(rel)
                found.refused.append((rel, "skipped", other_format_reason(lower)))
    found.files = [corpus / rel for rel in sorted(articles)]
    found.refused.sort()
    return found


def other_format_reason(name: str) -> str:
    """The documents row's ``error`` for a file that is not an article format (``scan.pdf``)."""
    suffix = os.path.splitext(name.lower())[1] or "no extension"
    return (f"not an article format ({suffix}); zhnews reads {', '.join(ARTICLE_SUFFIXES)}: convert it to "
            "one of these, or move it out of the corpus")


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def display_path(rel: str) -> str:
    """A path fit for a table cell: bytes of a file name that are not UTF-8 shown as U+FFFD."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _manifest_paths(corpus: Path) -> list[Path]:
    """Every manifest.csv under ``corpus`` (read by the same bounded walk as the articles)."""
    found = []
    stack, seen = [corpus], set()
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as listing:
                for entry in listing:
                    if _is_dir(entry) and not entry.name.startswith("."):
                        stack.append(Path(entry.path))
                    elif entry.name == MANIFEST_NAME:
                        found.append(Path(entry.path))
        except OSError:
            continue
    return sorted(found)


def read_manifests(corpus: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Metadata by relative article path from every ``manifest.csv``; returns (metadata, problems)."""
    found: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    if corpus.is_file():
        return found, problems
    for manifest in _manifest_paths(corpus):
        base = manifest.parent
        try:
            with manifest.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                if not reader.fieldnames or "path" not in reader.fieldnames:
                    problems.append(f"{manifest}: no 'path' column in the header; manifest ignored")
                    continue
                for line, row in enumerate(reader, start=2):
                    rel = _manifest_entry(base, corpus, row.get("path") or "")
                    if rel is None:
                        problems.append(f"{manifest}:{line}: path {row.get('path')!r} is not inside the corpus; "
                                        "write it relative to the manifest's folder; row ignored")
                        continue
                    found[rel] = {k: (v or "").strip() for k, v in row.items() if k in METADATA_FIELDS and v and v.strip()}
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            problems.append(f"{manifest}: cannot read ({exc}); manifest ignored")
    return found, problems


def _manifest_entry(base: Path, corpus: Path, path: str) -> str | None:
    """The corpus-relative path a manifest row names, None for an absolute path or one leading out."""
    if not isinstance(path, str) or os.path.isabs(path):
        return None
    joined = os.path.normpath(os.path.join(str(base), path))
    rel = os.path.relpath(joined, str(corpus))
    return None if rel == ".." or rel.startswith(".." + os.sep) else rel.replace(os.sep, "/")


def parse_published(value: object) -> str:
    """ISO date from a front matter / manifest value, '' when it is not a date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                return ""
    return ""


def decode(data: bytes) -> tuple[str, str, str]:
    """Decode article bytes. Returns (text, encoding, warning); raises ValueError with the reason."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict_or_partial(data[3:], "utf-8", "utf-8-sig")
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _strict_or_partial(data, name, name)
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ValueError(f"binary file: looks like {what}, not a text article; remove it from the corpus or convert it to .txt")
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM: NULs are the high bytes of ASCII (and of some CJK) characters; it is
        # text when one byte order decodes to Chinese/ASCII characters. Anything else is binary.
        guess = _utf16_without_bom(data)
        if guess:
            return _strict_or_partial(data, guess, guess)
        raise ValueError("binary file: contains NUL bytes, not a text article; remove it from the corpus or convert it to UTF-8 text")
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.end >= len(data) - 3 and utf8_error.reason == "unexpected end of data":
        text = data.decode("utf-8", errors="replace")
        return text, "utf-8", "truncated file: the last character is incomplete (replaced with U+FFFD)"
    # Legacy Chinese encodings: let charset-normalizer choose between them on the whole file.
    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5", "big5hkscs"]).best()
    if best is not None:
        name = {"big5hkscs": "big5hkscs", "big5": "big5", "gb18030": "gb18030"}.get(best.encoding, best.encoding)
        try:
            return data.decode(name), name, ""
        except UnicodeDecodeError:
            pass
    bad = _count_invalid_utf8(data)
    if bad <= max(8, len(data) // 1000):
        text = data.decode("utf-8", errors="replace")
        return text, "utf-8", f"{bad} undecodable byte(s) replaced with U+FFFD (first at byte {utf8_error.start})"
    raise ValueError(
        f"undecodable bytes: not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}), "
        "GB18030 or Big5; save the file as UTF-8")


def _utf16_without_bom(data: bytes) -> str:
    """'utf-16-le' or 'utf-16-be' when one of them reads the start of ``data`` as text, else ''."""
    head = data[:8192]
    head = head[: len(head) - len(head) % 2]
    best, best_share = "", 0.0
    for name in ("utf-16-le", "utf-16-be"):
        text = head.decode(name, errors="replace")
        if not text:
            continue
        textual = sum(1 for ch in text if ch in "\n\r\t" or " " <= ch <= "~" or "\u3000" <= ch <= "\u9fff"
                      or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u206f")
        share = textual / len(text)
        if share > best_share:
            best, best_share = name, share
    return best if best_share > 0.95 else ""


def _unprintable_share(text: str, sample: int = 20000) -> float:
    """Share of characters no article contains (controls, private use, unassigned, surrogates)."""
    head = text[:sample]
    if not head:
        return 0.0
    bad = sum(1 for ch in head if ch not in "\n\r\t" and unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"))
    return bad / len(head)


def _strict_or_partial(data: bytes, codec: str, label: str) -> tuple[str, str, str]:
    try:
        return data.decode(codec), label, ""
    except UnicodeDecodeError as exc:
        return data.decode(codec, errors="replace"), label, f"invalid {label} at byte {exc.start} replaced with U+FFFD"


def _count_invalid_utf8(data: bytes) -> int:
    count = 0

    def handler(exc: UnicodeDecodeError):
        nonlocal count
        count += exc.end - exc.start
        return ("\ufffd", exc.end)

    codecs.register_error("zhnews-count", handler)
    data.decode("utf-8", errors="zhnews-count")
    return count


def split_front_matter(text: str) -> tuple[dict[str, object], int, str]:
    """Parse leading YAML front matter. Returns (metadata, body_start, error)."""
    if not text.startswith("---"):
        return {}, 0, ""
    m = _FRONT_MATTER.match(text[:MAX_FRONT_MATTER_CHARS + 16])
    if not m:
        if len(text) > MAX_FRONT_MATTER_CHARS and _FRONT_MATTER.match(text):
            return {}, 0, (f"front matter is longer than {MAX_FRONT_MATTER_CHARS} characters; "
                           "keep it to the metadata lines (title, source, url, published, author)")
        return {}, 0, "front matter opened with '---' on line 1 is never closed; add a closing '---' line"
    source = m.group(1) or ""
    try:
        check_yaml_shape(source, MAX_YAML_DEPTH)
        data = yaml.load(source, Loader=_FrontMatterLoader) or {}  # noqa: S506 - SafeLoader subclass
    except YamlShapeError as exc:
        return {}, 0, f"front matter at line {exc.line + 1} {exc.problem}"
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, 0, f"front matter is not valid YAML{where}: {problem}; quote values that contain ':' or '#'"
    except (ValueError, OverflowError, TypeError) as exc:
        return {}, 0, f"front matter has a value YAML cannot read ({exc}); quote it"
    if not isinstance(data, dict):
        return {}, 0, "front matter must be 'key: value' lines (title, source, url, published, author)"
    return data, m.end(), ""


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader that leaves dates as text: ``published: 2025-02-30`` is then reported as not a
    date (a partial document) instead of stopping the YAML parser."""


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_str)


def read_document(path: Path, corpus: Path, manifest_metadata: dict[str, str] | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one article (``manifest_metadata``: its row of manifest.csv); never raises for bad content."""
    rel = path.relative_to(corpus).as_posix() if corpus.is_dir() else path.name
    doc = RawDocument(doc_id=make_doc_id(rel), path=display_path(rel))
    try:
        data = read_bounded(path, max_bytes)
    except InputRefused as exc:
        return doc.fail(str(exc))
    if doc.path != rel:
        doc.warn("the file name is not valid UTF-8 (shown with U+FFFD in path); rename the file")
    return parse_document(doc, data, manifest_metadata)


def too_large(size: int, max_bytes: int) -> str:
    return (f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article; "
            "split it into articles or raise --max-bytes")


def content_hash(data: bytes) -> str:
    """``documents.content_hash`` of a file's bytes: readers check it before trusting offsets."""
    return hashlib.sha256(data).hexdigest()[:16]


def parse_document(doc: RawDocument, data: bytes, manifest_metadata: dict[str, str] | None = None) -> RawDocument:
    """Decode an article's bytes into ``doc`` (wherever they were read from: a disk, an object store)."""
    doc.content_hash = content_hash(data)
    if not data.strip(b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"):
        return doc.fail("empty file: no text to process")
    try:
        doc.text, doc.encoding, warning = decode(data)
    except ValueError as exc:
        return doc.fail(str(exc))
    # Strict UTF-8 almost never decodes random bytes; BOM-led UTF-16 and legacy codecs can.
    unprintable = _unprintable_share(doc.text) if doc.encoding not in ("utf-8", "utf-8-sig") or warning else 0.0
    if unprintable > 0.05:
        return doc.fail(f"undecodable bytes: decoded as {doc.encoding}, {unprintable:.0%} of the characters are control, "
                        "private-use or unassigned code points; this is not a text article (save it as UTF-8)")
    if warning:
        doc.warn(warning)
    if not doc.text.strip(" \t\r\n\u3000\ufeff\ufffd"):
        return doc.fail("no text after decoding (only whitespace or undecodable bytes)")
    meta_raw, doc.body_start, fm_error = split_front_matter(doc.text)
    if fm_error:
        return doc.fail(fm_error)
    metadata: dict[str, str] = dict(manifest_metadata or {})
    for key, value in meta_raw.items():
        if key in METADATA_FIELDS and value not in (None, ""):
            metadata[key] = value if key == "published" else str(value).strip()
    if "published" in metadata:
        raw = metadata["published"]
        iso = parse_published(raw)
        if not iso:
            doc.warn(f"published {raw!r} is not a date (use YYYY-MM-DD); relative dates stay unresolved")
        metadata["published"] = iso
    doc.metadata = {k: str(v) for k, v in metadata.items() if v != ""}
    return doc
