"""Reading rule files from ``rules/`` with errors that name the file, the line and the fix.

Every loader here returns plain Python data annotated with the line it came from, so the stage that
compiles the rules can report ``rules/dates/patterns.yaml:42: unknown field 'typ' (did you mean 'type'?)``.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from .safe_yaml import YamlShapeError, check_yaml_shape


def _default_rules_dir() -> Path:
    """The rules that ship with zhnews: ``zhnews/default_rules`` in an installed wheel, the
    checkout's top-level ``rules/`` (the source of truth) when running from the source tree."""
    here = Path(__file__).resolve().parent
    shipped = here / "default_rules"
    return shipped if shipped.is_dir() else here.parent / "rules"


DEFAULT_RULES_DIR = _default_rules_dir()


class RuleError(Exception):
    """A rule file that cannot be used. Carries the file, the line and a hint for the fix."""

    def __init__(self, path: Path | str, line: int | None, message: str, hint: str = "", code: str = "R000"):
        self.path = str(path)
        self.line = line
        self.message = message
        self.hint = hint
        self.code = code
        super().__init__(self.format())

    def location(self) -> tuple[str, int | None]:
        """Where the problem is in the files the user wrote (see ``source_location``)."""
        return source_location(self.path, self.line)

    def format(self) -> str:
        path, line = self.location()
        where = f"{path}:{line}" if line else path
        text = f"{where}: [{self.code}] {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


# Rules laid over the defaults are read from a merged folder (rule_overlay.py); these say, per merged
# file, which file and line each run of its lines came from: {merged path: [(first merged line,
# source path, first source line)]}, and {merged folder: the user's folder}.
MERGED_SOURCES: dict[str, list[tuple[int, str, int]]] = {}
MERGED_FOLDERS: dict[str, str] = {}


def source_location(path: str, line: int | None) -> tuple[str, int | None]:
    """The user's file and line behind a path in a merged rules folder (unchanged for any other path)."""
    runs = MERGED_SOURCES.get(path)
    if runs:
        if line is None:
            return runs[-1][1], None
        first, source, source_first = max((r for r in runs if r[0] <= line), default=runs[0])
        return source, source_first + line - first
    for merged, user in MERGED_FOLDERS.items():
        if path == merged or path.startswith(merged + "/"):
            return user + path[len(merged):], line
    return path, line


@dataclass(frozen=True)
class Line:
    """One data line of a TSV/plain rule file."""

    number: int
    fields: list[str]


LINE_KEY = "__line__"
MAX_RULE_DEPTH = 12  # the deepest bundled rule file nests 4 levels


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: ~10x faster
    """Safe loader that records the source line of every mapping under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def check_text_file(path: Path) -> str:
    """Read a rule file as UTF-8, refusing what jieba or a user would silently misread."""
    if not path.is_file():
        raise RuleError(path, None, "not a regular file (a folder or a special file has a rule file's name)",
                        "rename or remove it", code="R010")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleError(path, None, f"cannot read the file ({exc.strerror or exc})", "check its permissions",
                        code="R010") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raise RuleError(path, 1, "file starts with a UTF-8 byte order mark (BOM)",
                        "save the file as UTF-8 without BOM", code="R001")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RuleError(path, line, f"not valid UTF-8 ({exc.reason})", "save the file as UTF-8", code="R002") from None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        raise RuleError(path, line, "Windows (CRLF) or old Mac (CR) line ending",
                        "save the file with Unix (LF) line endings", code="R003")
    return text


def load_yaml(path: Path) -> Any:
    """Parse a YAML rule file; every mapping carries its line number under ``__line__``."""
    text = check_text_file(path)
    try:
        check_yaml_shape(text, MAX_RULE_DEPTH)
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except YamlShapeError as exc:
        raise RuleError(path, exc.line, f"YAML {exc.problem}", "rule files are plain lists and mappings",
                        code="R004") from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        context = f" ({exc.context} on line {exc.context_mark.line + 1})" if exc.context and exc.context_mark else ""
        raise RuleError(path, line, f"invalid YAML: {exc.problem}{context}", "check indentation, quoting and brackets",
                        code="R004") from None
    except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. a timestamp that is no date
        raise RuleError(path, None, f"invalid YAML: {exc}", "quote values that are not meant as dates or numbers",
                        code="R004") from None


def iter_tsv(path: Path, min_fields: int = 1, max_fields: int | None = None) -> Iterator[Line]:
    """Yield data lines of a tab-separated rule file, skipping blanks and ``#`` comments."""
    text = check_text_file(path)
    for number, raw_line in enumerate(text.split("\n"), start=1):
        if not raw_line.strip() or raw_line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in raw_line.split("\t")]
        if len(fields) < min_fields or (max_fields is not None and len(fields) > max_fields):
            expected = f"{min_fields}" if max_fields == min_fields else f"{min_fields}..{max_fields or 'n'}"
            raise RuleError(path, number, f"expected {expected} tab-separated fields, found {len(fields)}",
                            "separate fields with a single TAB character", code="R005")
        yield Line(number, fields)


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    """Yield ``(line, object)`` for each non-blank line of a JSONL rule file."""
    text = check_text_file(path)
    for number, raw_line in enumerate(text.split("\n"), start=1):
        if not raw_line.strip() or raw_line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(raw_line)
        except json.JSONDecodeError as exc:
            raise RuleError(path, number, f"invalid JSON: {exc.msg} at column {exc.colno}", code="R006") from None
        if not isinstance(obj, dict):
            raise RuleError(path, number, "each line must be a JSON object", code="R006")
        yield number, obj


def compile_regex(pattern: str, path: Path, line: int | None) -> re.Pattern:
    """Compile a user pattern; refuse one whose nested repetition can backtrack for ever."""
    return compile_regex_tree(pattern, path, line)[0]


def _compile_with_tree(pattern: str) -> tuple[re.Pattern, object | None, dict | None]:
    """``re.compile(pattern)``, the parse tree it was compiled from and its compiled parts
    (``regex_from_parts``), parsing once: the steps of ``re._compiler.compile`` (CPython 3.11+), which
    give a pattern equal to ``re.compile``'s; without those internals, ``re.compile`` alone."""
    try:
        import re._compiler as compiler
        import re._parser as parser
    except ImportError:  # pragma: no cover - Python < 3.11
        return re.compile(pattern), None, None
    tree = parser.parse(pattern)
    parts = {"flags": tree.state.flags, "code": compiler._code(tree, 0), "groups": tree.state.groups,
             "groupindex": dict(tree.state.groupdict)}
    return regex_from_parts(pattern, parts), tree, parts


def regex_from_parts(pattern: str, parts: dict) -> re.Pattern:
    """The pattern compiled from its parts (flags, code, groups, groupindex: plain JSON data, as
    ``compile_regex_tree`` gives them), equal to ``re.compile(pattern)``. The C engine checks the
    code (RuntimeError for code that is not valid); TypeError / ValueError for malformed parts."""
    import _sre

    groupindex = {str(k): int(v) for k, v in parts["groupindex"].items()}
    groups = int(parts["groups"])
    indexgroup = [None] * groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return _sre.compile(pattern, int(parts["flags"]), [int(c) for c in parts["code"]], groups - 1, groupindex,
                        tuple(indexgroup))


def compile_regex_tree(pattern: str, path: Path, line: int | None) -> tuple[re.Pattern, object | None, dict | None]:
    """``compile_regex``, the pattern's parse tree (``re._parser``) and its compiled parts
    (``regex_from_parts``; both None before Python 3.11), for callers that analyse the pattern (the
    date prefilter) without parsing it a second time, or keep its compiled form."""
    try:
        compiled, tree, parts = _compile_with_tree(pattern)
    except re.error as exc:
        raise RuleError(path, line, f"regular expression does not compile: {exc}: {pattern!r}",
                        "escape special characters ( ) [ ] . * + ? with a backslash", code="R007") from None
    risky = nested_repetition(pattern) if _may_nest(pattern, compiled.flags) else ""
    if risky:
        raise RuleError(path, line, f"regular expression can backtrack catastrophically: {risky} repeats a part that "
                        f"itself repeats, so a long line that does not match takes exponential time: {pattern!r}",
                        "repeat one thing once, e.g. (a+)+ -> a+, (\\s*\\S+)* -> [\\s\\S]*; or make the inner "
                        "repetition possessive (a++) or atomic ((?>a+))", code="R011") from None
    return compiled, tree, parts


# A repetition whose body holds another repetition closes a group right before its quantifier:
# ")*", ")+" or "){". Patterns without one (most rule patterns) skip the parse nested_repetition does.
_GROUP_REPEATED = re.compile(r"\)[*+{]")


def _may_nest(pattern: str, flags: int) -> bool:
    """False when ``pattern`` cannot hold a nested repetition (in verbose mode blanks and comments
    may stand between a group and its quantifier: always checked)."""
    return bool(flags & re.VERBOSE) or _GROUP_REPEATED.search(pattern) is not None


def nested_repetition(pattern: str) -> str:
    """The first repetition (as text, e.g. '(a+)+') whose body is, apart from parts that can be
    empty, another unbounded repetition: the engine can split a run of text between the two in
    exponentially many ways before it fails. '' when there is none.

    This is the shape behind practically all catastrophic patterns ((a+)+, (a*)*, (\\w+\\s?)*);
    a repetition separated by a required character ((\\d+,)+) is accepted. Python's re has no time
    limit, so this check is what keeps a user pattern from hanging a run."""
    import re._constants as C
    import re._parser as P

    def unbounded(op, av) -> bool:
        return op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[1] == C.MAXREPEAT

    def min_width(item) -> int:
        return P.SubPattern(state, [item]).getwidth()[0]

    def ambiguous(items) -> bool:
        """An unbounded repetition reachable with every other part of ``items`` matching empty."""
        widths = [min_width(item) for item in items]
        total = sum(widths)
        for (op, av), width in zip(items, widths):
            if total - width:
                continue
            if unbounded(op, av):
                return True
            if op is C.SUBPATTERN and ambiguous(list(av[3])):
                return True
            if op is C.BRANCH and any(ambiguous(list(alt)) for alt in av[1]):
                return True
        return False

    def walk(items) -> str:
        for op, av in items:
            if op in (C.MAX_REPEAT, C.MIN_REPEAT):
                lo, hi, body = av
                if (hi == C.MAXREPEAT or hi >= 10) and ambiguous(list(body)):
                    return f"the repetition at {_describe(op, av)}"
                found = walk(list(body))
            elif op is C.SUBPATTERN:
                found = walk(list(av[3]))
            elif op is C.BRANCH:
                found = next((f for f in (walk(list(alt)) for alt in av[1]) if f), "")
            elif op in (C.ASSERT, C.ASSERT_NOT):
                found = walk(list(av[1]))
            else:  # literals, classes, atomic groups and possessive repeats (they never give back)
                found = ""
            if found:
                return found
        return ""

    try:
        parsed = P.parse(pattern)
    except Exception:  # noqa: BLE001 - compile already accepted it; nothing to add
        return ""
    state = parsed.state
    return walk(list(parsed))


def _describe(op, av) -> str:
    lo, hi, _body = av
    import re._constants as C

    bound = "+" if lo == 1 and hi == C.MAXREPEAT else "*" if lo == 0 and hi == C.MAXREPEAT else \
        f"{{{lo},}}" if hi == C.MAXREPEAT else f"{{{lo},{hi}}}"
    return f"'(...){bound}'"


def require_keys(obj: dict, keys: tuple[str, ...], allowed: tuple[str, ...], path: Path, line: int | None) -> None:
    """Check a rule mapping for missing and unknown keys."""
    for key in keys:
        if key not in obj:
            raise RuleError(path, line, f"missing required field '{key}'", code="R008")
    for key in obj:
        if key != LINE_KEY and key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(allowed)}"
            raise RuleError(path, line, f"unknown field '{key}'", hint, code="R009")


def fingerprint(paths: list[Path]) -> str:
    """Content hash of a set of rule files, used to decide which cached stage is stale."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(f"{path.parent.name}/{path.name}".encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def rule_files(rules_dir: Path, subdir: str, patterns: tuple[str, ...] = ("*.yaml", "*.yml", "*.tsv", "*.jsonl", "*.txt")) -> list[Path]:
    base = rules_dir / subdir
    if not base.is_dir():
        return []
    found: set[Path] = set()
    for pattern in patterns:
        found.update(base.glob(pattern))
    return sorted(found)


def all_problems(load, rules_dir: Path, limit: int = 50) -> list[RuleError]:
    """Every problem a loader meets, not only the first: after a problem on one line of a word
    list, a lexicon or a one-line YAML entry, that line is set aside (in a scratch copy of the
    rules) and the loader runs again. A problem elsewhere, or a second one of the same kind in the
    same file (a CRLF file, say), ends the search."""
    found: list[RuleError] = []
    seen: set[tuple[str, str]] = set()
    scratch: Path | None = None
    current = rules_dir
    try:
        for _ in range(limit):
            try:
                load(current)
                break
            except RecursionError:
                found.append(RuleError(rules_dir, None, "a rule file is nested too deeply to load", code="R012"))
                break
            except (ValueError, TypeError, KeyError, AttributeError) as exc:  # a value no check names yet
                found.append(unexpected_rule_value(rules_dir, exc))
                break
            except (MemoryError, OSError) as exc:
                found.append(RuleError(rules_dir, None, f"the rules could not be loaded ({type(exc).__name__}: {exc})",
                                       "check the size and permissions of the rule files", code="R012"))
                break
            except RuleError as exc:
                path = Path(exc.path)
                rel = path.relative_to(current) if path.is_relative_to(current) else None
                original = rules_dir / rel if rel is not None else path
                if (str(original), exc.code) in seen:
                    break
                seen.add((str(original), exc.code))
                exc.path = str(original)
                found.append(exc)
                if rel is None or not exc.line or not _line_can_be_set_aside(path, exc.line):
                    break
                if scratch is None:
                    scratch = Path(tempfile.mkdtemp(prefix="zhnews-check-"))
                    shutil.copytree(rules_dir, scratch / "rules")
                    current = scratch / "rules"
                target = current / rel
                lines = target.read_text(encoding="utf-8-sig").split("\n")
                lines[exc.line - 1] = "# " + lines[exc.line - 1]
                target.write_text("\n".join(lines), encoding="utf-8")
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return found


def unexpected_rule_value(rules_dir: Path, exc: Exception) -> RuleError:
    """A rule value of the wrong type or form that a loader met without a file:line check."""
    return RuleError(rules_dir, None, f"a rule value could not be used ({type(exc).__name__}: {exc})",
                     "look for a setting of the wrong type (text where a number is expected, a list where a "
                     "word is expected) in the files you edited", code="R013")


def _line_can_be_set_aside(path: Path, line: int) -> bool:
    """A line whose removal leaves the rest of the file meaning what it meant: any line of a word
    list or lexicon, or a YAML list entry written on one line (- {canonical: ..., aliases: [...]})."""
    try:
        text = path.read_text(encoding="utf-8-sig").split("\n")[line - 1].strip()
    except (OSError, UnicodeDecodeError, IndexError):
        return False
    if path.suffix in (".txt", ".tsv"):
        return True
    return path.suffix in (".yaml", ".yml") and text.startswith("- {") and text.endswith("}")
