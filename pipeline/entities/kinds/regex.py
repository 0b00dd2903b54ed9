"""Kind ``regex``: any regular expression over the text."""
from __future__ import annotations

import re

from ...registry import Option, entity_kinds
from ...rules import RuleError, compile_regex
from ..common import Candidate
from ..loader import expand_lists, word_list


def prepare(params: dict, lists, path, line) -> dict:
    if "pattern" not in params:
        raise RuleError(path, line, "a regex rule needs a 'pattern'", code="E026")
    params["compiled"] = compile_regex(expand_lists(str(params["pattern"]), lists or {}, path, line), path, line)
    if params["scope"] not in ("text", "latin"):
        raise RuleError(path, line, f"unknown scope {params['scope']!r}", "use 'text' or 'latin'", code="E029")
    if "prefix_list" in params:
        words = word_list(lists, params["prefix_list"], path, line, "prefix_list")
        params["prefix_words"] = frozenset(words)
        params["prefix_lengths"] = sorted({len(w) for w in words}, reverse=True)
    if "name" not in params["compiled"].groupindex:
        raise RuleError(path, line, "the pattern needs a named group (?P<name>...) for the entity span",
                        "wrap the entity part of the pattern in (?P<name>...)", code="E027")
    return params


@entity_kinds.register("regex", phase="match", prepare=prepare, options=[
    Option("pattern", str, "the regular expression (required); the entity is its group `(?P<name>...)`; "
           "`{list:NAME}` expands to the words of `lists/NAME.txt`"),
    Option("tokens", bool, "the span must start and end on word boundaries"),
    Option("alias_group", (str, int), "a group of the pattern recorded as an alias of the mention"),
    Option("scope", str, "`latin`: search only around Latin-script stretches (much cheaper for Latin patterns)",
           "text"),
    Option("prefix_list", str, "extend the span left by a word of `lists/NAME.txt` written right before it")])
def regex(ctx, rule, out, state) -> None:
    """Any regular expression over the text (no nested repetition such as `(a+)+`: refused as R011, see
    the main README); the entity is the named group `name`."""
    params = rule.params
    pattern: re.Pattern = params["compiled"]
    alias_group = params.get("alias_group")
    prefixes = params.get("prefix_words")
    text = ctx.text
    if params.get("scope") == "latin":
        # only around Latin text: the pattern may look 8 characters past the run (XYZ集团)
        found = (m for a, b in ctx.latin_runs() for m in pattern.finditer(text, a, min(len(text), b + 8))
                 if m.start() < b)
    else:
        found = pattern.finditer(text)
    for m in found:
        s, e = m.span("name")
        if s < 0 or s == e:
            continue
        if prefixes:
            for length in params["prefix_lengths"]:
                if length <= s and text[s - length:s] in prefixes:
                    s -= length
                    break
        if params.get("tokens") and (s not in ctx.start_index or e not in ctx.end_index):
            continue
        aliases = ()
        if alias_group and m.group(alias_group):
            aliases = (m.group(alias_group),)
        out.append(Candidate(s, e, rule.label, rule.id, rule.priority, None, aliases))
