"""One registry of rule kinds: every matcher, resolver and check a rules file can name.

A rule file names *what* runs (``kind: chinese_name``, ``resolve: calendar``, ``requires: {has: [person]}``);
the code that runs is registered under that name with a decorator, in a small module of its own::

    @entity_kinds.register("org_head", options=[Option("max_tokens", int, "words a name may take", 4)],
                           lists=["org_heads", "org_modifier_stop"])
    def org_head(ctx, rule, out):
        \"\"\"Organisation names ending in a head noun (…大学, …集团).\"\"\"

The registration declares the options a rule of that kind accepts and the word lists it reads, so
the loader checks rule files against it (unknown kind, unknown option, wrong type: file, line, hint),
``rule_changes`` knows which lists an edit can reach, and each rules folder's README is generated
from it (``zhnews rules doc``) and tested against it.

Each registry imports the modules of its package the first time it is asked for a name, so a new
kind is one new file in that package: nothing else lists it.
"""
from __future__ import annotations

import difflib
import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .rules import RuleError

_TYPE_NAMES = {int: "a whole number", float: "a number", str: "text", bool: "true or false", list: "a list",
               dict: "a mapping"}


@dataclass(frozen=True)
class Option:
    """One setting a rule of a kind may carry (``threshold: 2.0``)."""

    name: str
    type: type | tuple[type, ...]
    doc: str
    default: Any = None
    required: bool = False

    @property
    def types(self) -> tuple[type, ...]:
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        return types + ((int,) if float in types and int not in types else ())

    def check(self, value: Any, path: Path | str, line: int | None, code: str) -> Any:
        ok = isinstance(value, self.types) and not (isinstance(value, bool) and bool not in self.types)
        if not ok:
            wanted = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in self.types if t is not int or float not in self.types)
            example = f"{self.name}: {self.default!r}" if self.default is not None else ""
            raise RuleError(path, line, f"'{self.name}' must be {wanted}, found {value!r}",
                            f"write e.g. {example}" if example else "", code=code)
        return value


@dataclass(frozen=True)
class Kind:
    """A registered kind: the function that runs it and what it declares."""

    name: str
    func: Callable
    registry: str
    options: tuple[Option, ...] = ()
    lists: tuple[str, ...] = ()  # word lists it must have
    optional_lists: tuple[str, ...] = ()  # word lists it reads when present
    info: dict[str, Any] = field(default_factory=dict)  # anything else the registry's users agree on

    @property
    def doc(self) -> str:
        """The first paragraph of the function's docstring: the README's description of the kind."""
        text = (self.func.__doc__ or "").strip()
        return " ".join(text.split("\n\n", 1)[0].split())

    @property
    def module(self) -> str:
        return self.func.__module__

    def option(self, name: str) -> Option | None:
        return next((o for o in self.options if o.name == name), None)

    def check_options(self, params: dict[str, Any], path: Path | str, line: int | None, *,
                      ignore: Iterable[str] = (), code: str = "R040") -> dict[str, Any]:
        """``params`` with defaults filled in; an unknown, missing or mistyped option is a RuleError."""
        ignore = frozenset(ignore)
        out: dict[str, Any] = {}
        for key, value in params.items():
            if key in ignore:
                continue
            opt = self.option(key)
            if opt is None:
                names = [o.name for o in self.options]
                close = difflib.get_close_matches(str(key), names, n=1)
                raise RuleError(path, line, f"'{key}' is not an option of {self.registry} '{self.name}'",
                                f"did you mean '{close[0]}'?" if close else
                                (f"options: {', '.join(names)}" if names else "this kind takes no options"), code=code)
            out[key] = opt.check(value, path, line, code)
        for opt in self.options:
            if opt.name not in out:
                if opt.required:
                    raise RuleError(path, line, f"{self.registry} '{self.name}' needs '{opt.name}': {opt.doc}",
                                    f"write e.g. {opt.name}: {opt.default!r}" if opt.default is not None else "",
                                    code=code)
                if opt.default is not None:
                    out[opt.name] = opt.default
        return out


class Registry:
    """Named kinds of one sort, filled by decorators in the modules of ``package``."""

    def __init__(self, name: str, package: str | None = None):
        self.name = name
        self.package = package  # relative to zhnews, e.g. ".entities.kinds"
        self._kinds: dict[str, Kind] = {}
        self._loaded = package is None

    def register(self, name: str, *, options: Iterable[Option] = (), lists: Iterable[str] = (),
                 optional_lists: Iterable[str] = (), **info: Any) -> Callable[[Callable], Callable]:
        def decorate(func: Callable) -> Callable:
            if name in self._kinds and self._kinds[name].func is not func:
                raise ValueError(f"{self.name} '{name}' is registered twice: in {self._kinds[name].module} "
                                 f"and in {func.__module__}")
            self._kinds[name] = Kind(name, func, self.name, tuple(options), tuple(lists), tuple(optional_lists),
                                     dict(info))
            return func

        return decorate

    def unregister(self, name: str) -> None:
        """Forget ``name`` (a kind registered for a test or a session, not one from the package)."""
        self._kinds.pop(name, None)

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            package = importlib.import_module(self.package, __package__)
            # a plain module registers its kinds on import; a package, in each of its modules
            for module in sorted(pkgutil.iter_modules(getattr(package, "__path__", [])), key=lambda m: m.name):
                if not module.name.startswith("_"):
                    importlib.import_module(f"{package.__name__}.{module.name}")
        except BaseException:
            self._loaded = False  # asked again, it tries again (and fails the same way) rather than look empty
            raise

    def names(self) -> tuple[str, ...]:
        """Every registered name, sorted."""
        self._load()
        return tuple(sorted(self._kinds))

    def kinds(self) -> list[Kind]:
        self._load()
        return [self._kinds[n] for n in sorted(self._kinds)]

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._kinds

    def get(self, name: Any, path: Path | str | None = None, line: int | None = None, code: str = "R041") -> Kind:
        """The kind called ``name``; an unknown name is a RuleError at ``path:line`` with a suggestion."""
        self._load()
        kind = self._kinds.get(name) if isinstance(name, str) else None
        if kind is None:
            close = difflib.get_close_matches(str(name), self._kinds, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"{self.name}s: {', '.join(sorted(self._kinds))}"
            if path is None:
                raise KeyError(f"unknown {self.name} {name!r} ({hint})")
            raise RuleError(path, line, f"unknown {self.name} {name!r}", hint, code=code)
        return kind


# The registries. Each sort lives in its own package; see that package's __init__ for the
# signature its functions have.
entity_kinds = Registry("entity kind", ".entities.kinds")
overlap_policies = Registry("overlap policy", ".entities.overlap")
date_resolvers = Registry("date resolver", ".dates.resolvers")
event_requirements = Registry("event requirement", ".events.requirements")

REGISTRIES = {"entities": (entity_kinds, overlap_policies), "dates": (date_resolvers,),
              "events": (event_requirements,)}


# --- documentation ------------------------------------------------------------------------------
README_BEGIN = "<!-- registry: {name} (generated by `zhnews rules doc --write`; do not edit by hand) -->"
README_END = "<!-- end registry: {name} -->"


def markdown(registry: Registry) -> str:
    """The reference section of a rules README: every kind with its description, options and lists."""
    lines = [f"| {registry.name} | what it does | options | word lists |", "|---|---|---|---|"]
    for kind in registry.kinds():
        options = "<br>".join(f"`{o.name}`{' (required)' if o.required else ''}: {o.doc}"
                              + (f" (default `{o.default}`)" if o.default is not None else "") for o in kind.options)
        lists = ", ".join([f"`{n}`" for n in kind.lists] + [f"`{n}` (optional)" for n in kind.optional_lists])
        doc = kind.doc.replace("|", "\\|")
        lines.append(f"| `{kind.name}` | {doc} | {options or '-'} | {lists or '-'} |")
    return "\n".join(lines) + "\n"


def readme_section(registry: Registry) -> str:
    """The generated section with its markers, as it stands in the README."""
    return (README_BEGIN.format(name=registry.name) + "\n" + markdown(registry)
            + README_END.format(name=registry.name) + "\n")


def sync_readme(text: str, registry: Registry) -> str:
    """``text`` (a README) with its section for ``registry`` replaced by the current one; a README
    without the section gets it appended."""
    begin, end = README_BEGIN.format(name=registry.name), README_END.format(name=registry.name)
    i, j = text.find(begin), text.find(end)
    if i < 0 or j < i:
        return text.rstrip("\n") + "\n\n" + readme_section(registry)
    return text[:i] + readme_section(registry) + text[j + len(end):].lstrip("\n")
