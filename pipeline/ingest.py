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
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import yaml

ARTICLE_SUFFIXES = (".txt", ".md")
MANIFEST_NAME = "manifest.csv"
METADATA_FIELDS = ("title", "source", "url", "published", "author")
DEFAULT_MAX_BYTES = 10_000_000

# Formats magic numbers for a friendlier "this is a PDF, not an article" message.
_MAGIC = {
    b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)", b"\x1f\x8b": "a gzip archive", b"\xd0\xcf\x11\xe0": "an old MS Office document",
}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
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

    def fail(self, message: str) -> "RawDocument":
        self.status, self.error = "failed", message
        return self

    def warn(self, message: str) -> None:
        if self.status == "ok":
            self.status = "partial"
        self.error = f"{self.error}; {message}" if self.error else message


def make_doc_id(relative_path: str) -> str:
    """Stable id from the path, so an edited article keeps its id across runs."""
    return hashlib.sha256(relative_path.encode("utf-8")).hexdigest()[:12]


def discover(corpus: Path) -> list[Path]:
    """Article files under ``corpus`` (or ``corpus`` itself), sorted; READMEs and manifests skipped."""
    if corpus.is_file():
        return [corpus]
    found = []
    for rel in _walk(corpus):
        name = rel.rpartition("/")[2].lower()
        if os.path.splitext(name)[1] in ARTICLE_SUFFIXES and not name.startswith("readme"):
            found.append(rel)
    return [corpus / rel for rel in sorted(found)]


def _walk(corpus: Path) -> list[str]:
    """Relative POSIX paths of the files under ``corpus``, hidden folders and files (.git, caches) left out.

    os.walk with string paths: a pathlib walk costs more than the rest of a cached rerun's set-up."""
    root = str(corpus)
    out = []
    for folder, dirs, files in os.walk(root, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_folder = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if rel_folder == "." else rel_folder + "/"
        out.extend(prefix + f for f in files if not f.startswith("."))
    return out


def read_manifests(corpus: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Metadata by relative article path from every ``manifest.csv``; returns (metadata, problems)."""
    found: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    if corpus.is_file():
        return found, problems
    for manifest in sorted(corpus / rel for rel in _walk(corpus) if rel.rpartition("/")[2] == MANIFEST_NAME):
        base = manifest.parent
        try:
            with manifest.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                if not reader.fieldnames or "path" not in reader.fieldnames:
                    problems.append(f"{manifest}: no 'path' column in the header; manifest ignored")
                    continue
                for row in reader:
                    rel = (base / (row.get("path") or "")).relative_to(corpus).as_posix()
                    found[rel] = {k: (v or "").strip() for k, v in row.items() if k in METADATA_FIELDS and v and v.strip()}
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            problems.append(f"{manifest}: cannot read ({exc}); manifest ignored")
    return found, problems


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
        # UTF-16 without BOM shows a NUL in every other byte of ASCII; anything else is binary.
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        if max(even, odd) > 0.3 * min(len(data), 4096) / 2 and min(even, odd) == 0:
            name = "utf-16-le" if odd > even else "utf-16-be"
            return _strict_or_partial(data, name, name)
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
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, 0, "front matter opened with '---' on line 1 is never closed; add a closing '---' line"
    try:
        data = yaml.safe_load(m.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, 0, f"front matter is not valid YAML{where}: {problem}; quote values that contain ':' or '#'"
    if not isinstance(data, dict):
        return {}, 0, "front matter must be 'key: value' lines (title, source, url, published, author)"
    return data, m.end(), ""


def read_document(path: Path, corpus: Path, manifest_metadata: dict[str, str] | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one article (``manifest_metadata``: its row of manifest.csv); never raises for bad content."""
    rel = path.relative_to(corpus).as_posix() if corpus.is_dir() else path.name
    doc = RawDocument(doc_id=make_doc_id(rel), path=rel)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return doc.fail(too_large(size, max_bytes))
        data = path.read_bytes()
    except OSError as exc:
        return doc.fail(f"cannot read file: {exc.strerror or exc}")
    return parse_document(doc, data, manifest_metadata)


def too_large(size: int, max_bytes: int) -> str:
    return (f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article; "
            "split it into articles or raise --max-bytes")


def parse_document(doc: RawDocument, data: bytes, manifest_metadata: dict[str, str] | None = None) -> RawDocument:
    """Decode an article's bytes into ``doc`` (wherever they were read from: a disk, an object store)."""
    doc.content_hash = hashlib.sha256(data).hexdigest()[:16]
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
