"""The ``requires`` conditions of event triggers, one registered function per key.

A rule writes ``requires: {KEY: VALUE, ...}`` on a type or a trigger; every key is registered in
``zhnews.registry.event_requirements`` by a module of this package::

    @event_requirements.register("amount", value=read_flag, prefilter=_number_after)
    def amount(check: Check, value: bool) -> bool:
        \"\"\"``amount: true``: a number follows the trigger ("投入5亿元").\"\"\"
        return not value or _amount_after(check.v, check.sent, check.span[1])

The registration declares:

- ``value``: how the value is read when the rules load, ``reader(key, value, path, line, lexicon)``
  returning the checked value or raising a RuleError (the ``read_*`` functions below);
- ``lists``: the word lists of ``lexicon.yaml`` the test reads (besides the one its value names);
- ``prefilter`` (optional): a string test run before the trigger's sentence is analysed,
  ``prefilter(vocabulary, value, text, sentence_start, sentence_end, trigger_start, trigger_end)``:
  a trigger that fails it costs no sentence analysis;
- the decorated function: the test once the arguments are built, ``test(check, value) -> bool``.

All conditions of a trigger must hold; each test is pure, so their order does not change results.
A new condition is one function in one module here plus its use in ``types.yaml``; the README
section of ``rules/events/README.md`` is generated from these registrations.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...rules import RuleError
from ..loader import LABELS, Lexicon, check_role

if TYPE_CHECKING:
    from ..arguments import Arg
    from ..clauses import Left, Right
    from ..context import DocContext
    from ..sentence import Sentence
    from ..vocabulary import Vocabulary


@dataclass
class Check:
    """What a test sees of one trigger candidate once its arguments are built."""

    v: "Vocabulary"
    ctx: "DocContext"
    sent: "Sentence"
    span: tuple[int, int]  # token range of the trigger in the sentence
    left: "Left"
    right: "Right"
    args: "list[Arg]"
    unresolved: "set[str] | frozenset[str]"  # roles whose phrase was an unresolved organisation reference

    @property
    def text(self) -> str:
        return self.ctx.text


# --- value readers ------------------------------------------------------------------------------------

def read_flag(key: str, value: Any, path: Path, line: int | None, lex: Lexicon) -> bool:
    """``true`` / ``false``."""
    return bool(value)


def read_word_list(key: str, value: Any, path: Path, line: int | None, lex: Lexicon) -> str:
    """The name of one word list of lexicon.yaml."""
    if str(value) not in lex.lists:
        raise RuleError(path, line, f"unknown word list '{value}'", "define it in rules/events/lexicon.yaml",
                        code="R309")
    return str(value)


def read_word_lists(key: str, value: Any, path: Path, line: int | None, lex: Lexicon) -> tuple[str, ...]:
    """One word list name or a list of them."""
    names = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    for name in names:
        read_word_list(key, name, path, line, lex)
    return tuple(names)


def read_roles(key: str, value: Any, path: Path, line: int | None, lex: Lexicon) -> tuple[str, ...]:
    """A non-empty list of roles."""
    if not isinstance(value, list) or not value:
        raise RuleError(path, line, f"'{key}' needs a list of roles", f"write {key}: [person]", code="R310")
    return tuple(check_role(v, path, line, allow_empty=False) for v in value)


def read_role(key: str, value: Any, path: Path, line: int | None, lex: Lexicon) -> str:
    """One role."""
    return check_role(value, path, line, allow_empty=False)


def read_label(key: str, value: Any, path: Path, line: int | None, lex: Lexicon) -> str:
    """One entity label."""
    if value not in LABELS:
        raise RuleError(path, line, f"unknown label '{value}'", f"labels: {', '.join(LABELS)}", code="R311")
    return value
