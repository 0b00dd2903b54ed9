"""Normalize stage: clean scraped-web noise, detect the script, convert to simplified with OpenCC,
and keep an offset map from every normalized character back to the original text.

The map is two integer arrays: ``starts[i]``/``ends[i]`` is the original span that normalized
character ``i`` came from. Deleted noise has no normalized character; a replacement (``<br>`` ->
newline) maps to the span it replaced; an OpenCC conversion that changes length (tw2sp phrases)
is aligned line by line, so a normalized span ``[s, e)`` maps back to
``original[starts[s]:ends[e-1]]`` in every case.
"""
from __future__ import annotations

import bisect
import difflib
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import opencc

from .rules import LINE_KEY, RuleError, compile_regex, iter_tsv, load_yaml, require_keys

NOISE_KINDS = ("inline", "line", "field", "tail")
CONVERSIONS = ("auto", "t2s", "tw2s", "hk2s", "tw2sp", "none")
BYLINE_FIELDS = ("author", "source", "editor")

_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_CJK = "".join(f"{chr(a)}-{chr(b)}" for a, b in _CJK_RANGES)
# A '?' or U+FFFD between CJK characters is a character lost in transcoding, not punctuation.
_LOST_RUN = re.compile("[?\ufffd]+")  # scanned by first character; neighbours checked per hit
_CJK_CHAR = re.compile(f"[{_CJK}]")
MIXED_SHARE = 0.05
_BLANKS = " \t\u3000\xa0"
# Markup wrapped around a whole line is no part of what a line rule reads: a byline in
# <p class="meta">本报记者 X</p>, a Markdown caption *图：X*, a line padded with &nbsp;.
_WRAP_FIRST, _WRAP_LAST = "<*_>&", ">*_;"
# One markup character per repetition: `[*_]+` inside the outer `+` let a form's blank (30 underscores)
# make a search try 2**30 splits (one scraped advert took 107 s in the tail search).
_LINE_MARKUP_LEAD = re.compile(r"(?:<[A-Za-z][^<>\n]*>|&nbsp;?|[*_> \t\u3000\xa0])+")
# The markup closing a line is found from the end, token by token (`_markup_tail`), in linear time: a
# regex search for "(markup)+ at the end" retries from every position of a long run of blanks.
_TAIL_CHARS = frozenset("*_" + _BLANKS)
_TAIL_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")


@dataclass(frozen=True)
class NoiseRule:
    id: str
    kind: str
    pattern: re.Pattern
    replace: str | None = None
    replace_entity: bool = False
    field: str | None = None
    requires: tuple[str, ...] = ()  # the rule is tried only on a text holding one of these words
    line_break: bool = False  # line rules also read its match as a line break (an escaped backslash-n)
    requires_pattern: re.Pattern | None = None  # the rule is tried only on a text where this matches


@dataclass
class NormalizeRules:
    noise: list[NoiseRule]
    markers: dict[str, str]  # marker -> tw | hk

    def __post_init__(self) -> None:
        # One finditer per inline rule: a pattern that starts with a literal or a character class is
        # scanned in C; a union of all rules is not (measured 2x slower).
        self.inline = [r for r in self.noise if r.kind == "inline"]
        self.line_rules = [r for r in self.noise if r.kind != "inline"]
        breaks = [r.pattern.pattern for r in self.inline if r.line_break]
        self.line_breaks = re.compile("|".join(["\n"] + [f"(?:{b})" for b in breaks])) if breaks else None
        self._marker_re = re.compile("|".join(sorted(map(re.escape, self.markers), key=len, reverse=True))) if self.markers else None

    @classmethod
    def from_rules(cls, rules_dir: Path) -> "NormalizeRules":
        noise_path = rules_dir / "normalize" / "noise.yaml"
        markers_path = rules_dir / "normalize" / "script_markers.tsv"
        noise: list[NoiseRule] = []
        seen: dict[str, int] = {}
        if noise_path.exists():
            data = load_yaml(noise_path) or []
            if not isinstance(data, list):
                raise RuleError(noise_path, 1, "expected a list of rules (each starting with '- id:')", code="R050")
            for item in data:
                line = item.get(LINE_KEY) if isinstance(item, dict) else None
                if not isinstance(item, dict):
                    raise RuleError(noise_path, line, "each rule must be a mapping with id, kind and pattern", code="R050")
                require_keys(item, ("id", "kind", "pattern"), ("id", "kind", "pattern", "replace", "replace_entity", "field", "requires", "line_break",
                                                               "requires_pattern"),
                             noise_path, line)
                rule_id = str(item["id"])
                if rule_id in seen:
                    raise RuleError(noise_path, line, f"duplicate rule id '{rule_id}' (first on line {seen[rule_id]})",
                                    "give every rule its own id", code="R051")
                seen[rule_id] = line
                kind = item["kind"]
                if kind not in NOISE_KINDS:
                    raise RuleError(noise_path, line, f"unknown kind '{kind}'", f"use one of: {', '.join(NOISE_KINDS)}", code="R052")
                field_name = item.get("field")
                # An inline rule may carry a field too: a dateline glued to the first sentence
                # (（中央社记者林某台北3日电）行政院…) is removed and its reporter kept.
                if (kind == "field" or field_name is not None) and field_name not in BYLINE_FIELDS:
                    raise RuleError(noise_path, line, f"field rule needs 'field' set to one of {', '.join(BYLINE_FIELDS)}", code="R053")
                pattern = compile_regex(str(item["pattern"]), noise_path, line)
                if field_name is not None and "value" not in pattern.groupindex:
                    raise RuleError(noise_path, line, "field rule pattern has no (?P<value>...) group",
                                    "wrap the part that is the author/source name in (?P<value>...)", code="R054")
                if kind in ("line", "field", "tail"):
                    pattern = compile_regex(rf"(?:{pattern.pattern})\Z", noise_path, line)
                requires = item.get("requires") or []
                if not isinstance(requires, list) or not all(isinstance(w, str) and w for w in requires):
                    raise RuleError(noise_path, line, "'requires' must be a list of words",
                                    "write it as requires: [word, another word]", code="R056")
                line_break = item.get("line_break", False)
                if line_break not in (True, False) or (line_break and kind != "inline"):
                    raise RuleError(noise_path, line, "'line_break' is true or false, and only on an inline rule",
                                    "an inline rule with line_break: true and replace: a newline", code="R057")
                trigger = item.get("requires_pattern")
                if trigger is not None and (kind != "inline" or not isinstance(trigger, str) or not trigger):
                    raise RuleError(noise_path, line, "'requires_pattern' is a regular expression, and only on an inline rule",
                                    "write a part every match of the pattern holds, e.g. '[(]\\s*X' before a pattern "
                                    "that needs an opening bracket then X", code="R058")
                trigger = compile_regex(trigger, noise_path, line) if trigger else None
                noise.append(NoiseRule(rule_id, kind, pattern, item.get("replace"), bool(item.get("replace_entity")),
                                       field_name, tuple(requires), line_break, trigger))
        markers: dict[str, str] = {}
        if markers_path.exists():
            for entry in iter_tsv(markers_path, 2, 2):
                marker, region = entry.fields
                if region not in ("tw", "hk"):
                    raise RuleError(markers_path, entry.number, f"region {region!r} is not 'tw' or 'hk'", code="R055")
                markers[marker] = region
        return cls(noise, markers)

    def region_scores(self, text: str) -> dict[str, int]:
        scores = {"tw": 0, "hk": 0}
        if self._marker_re is not None:
            for m in self._marker_re.finditer(text):
                scores[self.markers[m.group()]] += 1
        return scores


@dataclass
class Normalized:
    """The normalized (cleaned, simplified) text of one document and its way back to the original."""

    text: str
    starts: np.ndarray  # int32, original start of each normalized character
    ends: np.ndarray  # int32, original end of each normalized character
    script: str = "simplified"  # simplified | traditional | traditional-tw | traditional-hk | mixed | none
    conversion: str = "none"
    replacement_chars: int = 0
    noise_removed: int = 0  # characters of the original dropped or replaced as noise
    noise_detail: dict[str, int] = field(default_factory=dict)  # rule id -> occurrences
    fields: dict[str, str] = field(default_factory=dict)  # author/source/editor found in bylines

    def __getstate__(self) -> dict:
        # The map is mostly runs of +1 steps: store the runs, not two int arrays of text length
        # (the stage cache holds one of these per document).
        state = dict(self.__dict__)
        state["starts"], state["ends"] = _encode_map(self.starts, self.ends)
        return state

    def __setstate__(self, state: dict) -> None:
        state["starts"], state["ends"] = _decode_map(state["starts"], state["ends"])
        self.__dict__.update(state)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering normalized ``[start, end)``."""
        if end <= start:
            pos = int(self.starts[start]) if start < len(self.starts) else (int(self.ends[-1]) if len(self.ends) else 0)
            return pos, pos
        return int(self.starts[start]), int(self.ends[end - 1])


def _encode_map(starts: np.ndarray, ends: np.ndarray) -> tuple[tuple, int]:
    """Run-length form of the offset map: (run starts, original start, original end per run), n."""
    n = len(starts)
    if n == 0:
        return (np.zeros(0, np.int32),) * 3, 0
    unit = ends == starts + 1
    cont = np.zeros(n, dtype=bool)
    cont[1:] = (starts[1:] == starts[:-1] + 1) & unit[1:] & unit[:-1]
    breaks = np.flatnonzero(~cont).astype(np.int32)
    return (breaks, starts[breaks], ends[breaks]), n


def _decode_map(runs: tuple, n: int) -> tuple[np.ndarray, np.ndarray]:
    breaks, run_starts, run_ends = runs
    if n == 0:
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty
    lengths = np.diff(breaks, append=n)
    starts = (np.repeat(run_starts, lengths) + (np.arange(n) - np.repeat(breaks, lengths))).astype(np.int32)
    ends = starts + 1
    single = lengths == 1
    ends[breaks[single]] = run_ends[single]  # replacements and tw2sp phrases: spans, not +1 steps
    return starts, ends


# --- cleaning -----------------------------------------------------------------------------------

def _clean(original: str, rules: NormalizeRules, begin: int = 0, probe: str | None = None
           ) -> tuple[list[tuple[int, int, str | None]], dict[str, int], dict[str, str]]:
    """Find noise in ``original[begin:]``. Returns removals ``(start, end, replacement or None)``
    sorted and non-overlapping, the occurrences per rule and the byline fields found."""
    removals: list[tuple[int, int, str | None]] = []
    detail: dict[str, int] = {}
    fields: dict[str, str] = {}
    # Rules are written in simplified Chinese and matched against the t2s form of the text, which
    # has the same length (checked), so one pattern covers 來源/来源 and offsets stay valid.
    if probe is None or len(probe) != len(original):
        probe = original
    line_start = begin
    tail_from: int | None = None
    if rules.line_rules:
        for raw, gap in _lines(probe, begin, rules.line_breaks):
            line_end = line_start + len(raw)
            stripped = raw.strip(_BLANKS)
            if stripped:
                lead = line_start + len(raw) - len(raw.lstrip(_BLANKS))
                if stripped[0] in _WRAP_FIRST or stripped[-1] in _WRAP_LAST:
                    stripped, unwrapped = _unwrap_line(stripped)
                    lead += unwrapped
                for rule in rules.line_rules:
                    m = rule.pattern.match(stripped)
                    if not m:
                        continue
                    detail[rule.id] = detail.get(rule.id, 0) + 1
                    if rule.kind == "tail":
                        tail_from = line_start
                    else:
                        if rule.kind == "field":
                            a, b = m.span("value")
                            fields.setdefault(rule.field, original[lead + a:lead + b])  # original script
                        removals.append((line_start, min(line_end + gap, len(original)), None))
                    break
            if tail_from is not None:
                break
            line_start = line_end + gap
    if tail_from is not None:
        removals.append((tail_from, len(original), None))
    limit = tail_from if tail_from is not None else len(original)
    line_removals = list(removals)
    line_starts = [r[0] for r in line_removals]
    inline: list[tuple[int, int, str | None]] = []
    for rule in rules.inline:  # file order = priority at the same position (stable sort in _merge)
        # A pattern that may start anywhere (optional dateline before a bracket) is scanned at every
        # position; a word it needs, looked up first in C, skips most texts.
        if rule.requires and not any(word in probe for word in rule.requires):
            continue
        if rule.requires_pattern is not None and rule.requires_pattern.search(probe, begin, limit) is None:
            continue  # a part every match holds, searched from the characters it starts with
        for m in rule.pattern.finditer(probe, begin, limit):
            if m.end() == m.start():
                continue
            k = bisect.bisect_right(line_starts, m.start()) - 1
            if k >= 0 and m.start() < line_removals[k][1]:
                continue  # inside a line already removed
            replacement = html.unescape(original[m.start():m.end()]) if rule.replace_entity else rule.replace
            value = m.span("value") if rule.field and m.group("value") else None
            inline.append((m.start(), m.end(), replacement, rule.id, rule.field, value))
    merged = _merge(removals + inline)
    for removal in merged:
        if len(removal) > 3:  # an inline match that survived the overlap resolution
            detail[removal[3]] = detail.get(removal[3], 0) + 1
            if removal[5] is not None:
                fields.setdefault(removal[4], original[removal[5][0]:removal[5][1]])  # original script
    return [r[:3] for r in merged], detail, fields


def _unwrap_line(line: str) -> tuple[str, int]:
    """``line`` without the markup around it (tags, Markdown emphasis, &nbsp;), and how many
    characters were cut from its start; a line that is only markup stays as it is."""
    lead = _LINE_MARKUP_LEAD.match(line)
    start = lead.end() if lead else 0
    end = _markup_tail(line, start)
    return (line[start:end], start) if start < end else (line, 0)


def _markup_tail(line: str, start: int) -> int:
    """Where the run of markup tokens (a tag, &nbsp, one of ``_TAIL_CHARS``) ending ``line`` begins,
    not before ``start``. Each token is the only one that can end where it ends (a tag starts at
    the last '<' before its '>'), so stripping them from the end finds the longest such run."""
    end = len(line)
    while end > start:
        if line[end - 1] in _TAIL_CHARS:
            end -= 1
        elif line[end - 1] == ">":
            i = line.rfind("<", start, end)
            if i < 0 or not _TAIL_TAG.fullmatch(line, i, end):
                break
            end = i
        elif line.endswith("&nbsp;", start, end) or line.endswith("&nbsp", start, end):
            end -= 6 if line[end - 1] == ";" else 5
        else:
            break
    return end


def _lines(text: str, begin: int, breaks: re.Pattern | None):
    """The lines of ``text[begin:]`` with the width of the break after each (1 after the last):
    a newline, or a match of a ``line_break`` rule such as a line break the scraper left escaped."""
    if breaks is None:
        for raw in text[begin:].split("\n"):
            yield raw, 1
        return
    pos = begin
    for m in breaks.finditer(text, begin):
        yield text[pos:m.start()], m.end() - m.start()
        pos = m.end()
    yield text[pos:], 1


def _merge(removals: list[tuple]) -> list[tuple]:
    """Sort by start (longest first, then list order) and drop removals overlapping a kept one."""
    removals.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    merged: list[tuple] = []
    last_end = -1
    for removal in removals:
        if removal[0] < last_end:
            continue
        merged.append(removal)
        last_end = removal[1]
    return merged


def _apply(original: str, removals: list[tuple[int, int, str | None]]) -> tuple[str, np.ndarray, np.ndarray]:
    """Build the cleaned text and its character map into the original.

    The text is cut into pieces (kept stretches and replacements); the map is built for all pieces
    at once: a kept character maps to itself, a replacement character to the span it replaced."""
    if not removals:
        idx = np.arange(len(original), dtype=np.int32)
        return original, idx, idx + 1
    parts: list[str] = []
    origins: list[int] = []  # original offset of each piece's first character
    lengths: list[int] = []
    replaced_end: list[int] = []  # end of the span a replacement stands for; -1 for a kept piece
    pos = 0
    for start, end, repl in removals:
        if start > pos:
            parts.append(original[pos:start])
            origins.append(pos), lengths.append(start - pos), replaced_end.append(-1)
        if repl:
            parts.append(repl)
            origins.append(start), lengths.append(len(repl)), replaced_end.append(end)
        pos = end
    if pos < len(original):
        parts.append(original[pos:])
        origins.append(pos), lengths.append(len(original) - pos), replaced_end.append(-1)
    text = "".join(parts)
    if not parts:
        empty = np.zeros(0, dtype=np.int32)
        return text, empty, empty
    piece = np.repeat(np.arange(len(parts)), lengths)
    offsets = np.cumsum(lengths) - np.asarray(lengths)  # where each piece starts in the cleaned text
    step = np.asarray(replaced_end)[piece] < 0
    starts = (np.asarray(origins)[piece] + (np.arange(len(text)) - offsets[piece]) * step).astype(np.int32)
    ends = np.where(step, starts + 1, np.asarray(replaced_end)[piece]).astype(np.int32)
    return text, starts, ends


# --- script detection and conversion ------------------------------------------------------------

@lru_cache(maxsize=None)
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _count_changed(a: str, b: str, a_points: np.ndarray | None = None) -> int:
    """Characters that differ between two equal-length strings (vectorised: texts can be long);
    ``a_points`` are the code points of ``a`` when the caller has them."""
    if len(a) != len(b):
        return max(len(a), len(b))
    return int(np.count_nonzero((_code_points(a) if a_points is None else a_points) != _code_points(b)))


def _count_cjk(points: np.ndarray) -> int:
    """Characters in the ranges of ``_CJK`` (what ``len(_CJK_CHAR.findall(text))`` counts, without a
    string per character)."""
    inside = np.zeros(len(points), dtype=bool)
    for low, high in _CJK_RANGES:
        inside |= (points >= low) & (points <= high)
    return int(np.count_nonzero(inside))


def detect_script(text: str, simplified: str, rules: NormalizeRules) -> str:
    """Classify from the t2s conversion: characters t2s changes are traditional-only."""
    if not _CJK_CHAR.search(text):
        return "none"
    if simplified == text:
        return "simplified"
    points = _code_points(text)
    cjk = _count_cjk(points)
    traditional = _count_changed(text, simplified, points) / cjk
    simplified_only = _count_changed(text, converter("s2t").convert(text), points) / cjk
    # Measured: pure traditional text has <= 2.3% characters s2t would change (shared forms), pure
    # simplified text a few traditional ones (車, 於); real mixtures have well over 5% of both.
    if traditional >= MIXED_SHARE and simplified_only >= MIXED_SHARE:
        return "mixed"
    if simplified_only >= traditional:
        return "simplified"
    scores = rules.region_scores(text)
    if scores["hk"] > scores["tw"]:
        return "traditional-hk"
    if scores["tw"] > 0:
        return "traditional-tw"
    return "traditional"


def _choose_conversion(script: str, requested: str) -> str:
    if requested != "auto":
        return requested
    if script in ("simplified", "none"):
        return "t2s"
    if script == "traditional-hk":
        return "hk2s"
    return "tw2s"


def _convert(text: str, config: str, t2s_result: str | None) -> tuple[str, np.ndarray, np.ndarray]:
    """Convert and return the per-character map from converted text into ``text``."""
    if config == "none":
        converted = text
    elif config == "t2s" and t2s_result is not None:
        converted = t2s_result
    else:
        converted = converter(config).convert(text)
    if len(converted) == len(text):
        idx = np.arange(len(text), dtype=np.int32)
        return converted, idx, idx + 1
    # Length changed (vocabulary conversion): align line by line, phrases never cross a newline.
    out_lines = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    offset = 0
    conv = converter(config)
    for line in text.split("\n"):
        new = conv.convert(line)
        s, e = _align(line, new)
        starts.append(s + offset)
        ends.append(e + offset)
        out_lines.append(new)
        offset += len(line) + 1
        # the newline itself
        starts.append(np.array([offset - 1], dtype=np.int32))
        ends.append(np.array([offset], dtype=np.int32))
    converted = "\n".join(out_lines)
    s_all = np.concatenate(starts)[: len(converted)]
    e_all = np.concatenate(ends)[: len(converted)]
    return converted, s_all, e_all


def _align(source: str, target: str) -> tuple[np.ndarray, np.ndarray]:
    """Map each character of ``target`` to a span of ``source`` (same-length runs map 1:1)."""
    starts = np.zeros(len(target), dtype=np.int32)
    ends = np.zeros(len(target), dtype=np.int32)
    matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (a1 - a0) == (b1 - b0):
            starts[b0:b1] = np.arange(a0, a1)
            ends[b0:b1] = np.arange(a0, a1) + 1
        elif b1 > b0:
            n_src, n_tgt = a1 - a0, b1 - b0
            for k in range(n_tgt):
                starts[b0 + k] = a0 + (k * n_src) // n_tgt
                ends[b0 + k] = max(a0 + -(-(k + 1) * n_src // n_tgt), starts[b0 + k] + (1 if n_src else 0))
    return starts, ends


def count_lost_characters(text: str) -> int:
    """U+FFFD anywhere, and '?' runs between two CJK characters (a character lost in transcoding)."""
    lost = 0
    for m in _LOST_RUN.finditer(text):
        run = m.group()
        a, b = m.start(), m.end()
        if a > 0 and b < len(text) and _CJK_CHAR.match(text[a - 1]) and _CJK_CHAR.match(text[b]):
            lost += len(run)
        else:
            lost += run.count("\ufffd")
    return lost


def normalize_text(original: str, rules: NormalizeRules | None = None, conversion: str = "auto",
                   body_start: int = 0) -> Normalized:
    """Clean, detect script, convert to simplified; keep the way back to ``original``.

    ``original[:body_start]`` (front matter) is dropped without counting as noise."""
    if rules is None:
        rules = default_rules()
    whole_t2s = converter("t2s").convert(original)
    removals, detail, fields = _clean(original, rules, body_start, whole_t2s)
    noise_removed = sum(end - start for start, end, _ in removals)
    if body_start:
        removals.insert(0, (0, body_start, None))
    cleaned, clean_starts, clean_ends = _apply(original, removals)
    # Nothing removed (the common case for clean text): the t2s form is already at hand.
    t2s = whole_t2s if cleaned is original else converter("t2s").convert(cleaned)
    script = detect_script(cleaned, t2s, rules)
    config = _choose_conversion(script, conversion)
    text, conv_starts, conv_ends = _convert(cleaned, config, t2s)
    if len(clean_starts):
        starts = clean_starts[conv_starts]
        ends = clean_ends[np.maximum(conv_ends - 1, conv_starts)]
    else:
        starts = ends = np.zeros(0, dtype=np.int32)
    return Normalized(
        text=text, starts=starts, ends=ends, script=script, conversion=config,
        replacement_chars=count_lost_characters(original), noise_removed=noise_removed,
        noise_detail=dict(sorted(detail.items())), fields=fields,
    )


@lru_cache(maxsize=1)
def default_rules() -> NormalizeRules:
    from .rules import DEFAULT_RULES_DIR

    return NormalizeRules.from_rules(DEFAULT_RULES_DIR)
