"""Kind ``repeat``: later mentions of names found in the document."""
from __future__ import annotations

from ...registry import entity_kinds
from ..common import CJK, DOT_RE, HAS_CJK, NAME_TAGS, Candidate, is_latin


@entity_kinds.register("repeat", phase="link", lists=["translit_chars", "familiar_prefixes"])
def repeat(ctx, rule, winners, state) -> None:
    """Linking: a later mention of a name found earlier in the document, also its short form (纳德拉 after
    萨提亚·纳德拉, Hinton after Geoffrey Hinton) and the nickname made of a word of `familiar_prefixes` +
    family name when only one person found there fits it (小扎 after 马克·扎克伯格), with the full name as
    alias."""
    text = ctx.text
    _company_words(ctx, rule, winners)
    forms = _forms(ctx, winners)
    for cand in winners:
        if cand.label == "PERSON" and not cand.aliases:
            hit = forms.get(text[cand.start:cand.end])
            if hit is not None and hit[1]:
                cand.aliases = hit[1]
                cand.canonical = cand.canonical or hit[2] or None
    for form, (label, aliases, canonical) in forms.items():
        latin = is_latin(form)
        pos = text.find(form)
        while pos >= 0:
            end = pos + len(form)
            ok = 1 not in ctx.taken[pos:end]
            if ok:
                if latin:
                    ok = not (pos > 0 and text[pos - 1].isalnum() and text[pos - 1].isascii()) and not (
                        end < len(text) and text[end].isalnum() and text[end].isascii())
                else:
                    ok = pos in ctx.start_index and end in ctx.end_index
            if ok:
                ctx.take(pos, end)
                winners.append(Candidate(pos, end, label, rule.id if not aliases else rule.id + ".short",
                                         rule.priority, canonical or None, aliases))
            pos = text.find(form, end)


def _company_words(ctx, rule, winners) -> None:
    """A one-word Latin "person" that the document also writes with a corporate word around it is a
    company everywhere in it (sopay表示… then sopay团队宣布; 公司shyft … shyft主席): one article uses one
    name for one thing. The mention becomes an ORG (rule_id `<id>.org`), and so do its repeats."""
    if not ctx.latin_runs():
        return
    text, org_context = ctx.text, ctx.lex.latin_org_context
    for cand in winners:
        if cand.label != "PERSON":
            continue
        name = text[cand.start:cand.end]
        if " " in name or not is_latin(name) or name.capitalize() in ctx.lex.latin_given:
            continue
        i = ctx.start_index.get(cand.start)
        if i is not None and ctx.lex.title_before(ctx, i):
            continue  # CEO Musk … Musk旗下: a person with a title keeps it where a company word follows
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if org_context(ctx, pos, end):
                cand.label, cand.rule_id = "ORG", rule.id + ".org"
                break
            pos = text.find(name, end)


def _forms(ctx, winners) -> dict[str, tuple[str, tuple[str, ...], str]]:
    """Form -> (label, aliases, canonical) of every name a later mention may repeat."""
    text = ctx.text
    translit = ctx.lex.translit
    forms: dict[str, tuple[str, tuple[str, ...], str]] = {}
    for cand in winners:
        if cand.label == "EVENT":
            continue
        name = text[cand.start:cand.end]
        if len(name) < 2:
            continue
        if not cand.rule_id.startswith("gazetteer:"):
            forms.setdefault(name, (cand.label, (), cand.canonical or ""))
        if cand.label == "PERSON":
            parts = [p for p in DOT_RE.split(name) if p]
            if (len(parts) >= 2 and len(parts[-1]) >= 2 and not is_latin(name)
                    and translit.issuperset(parts[-1])):  # not 武汉·政务 -> every 政务
                forms.setdefault(parts[-1], ("PERSON", (name,), cand.canonical or ""))
            elif is_latin(name):
                words = name.split()
                if len(words) >= 2 and len(words[-1]) >= 3 and words[-1][0].isupper():
                    forms.setdefault(words[-1], ("PERSON", (name,), cand.canonical or ""))
    for nick, hit in _nicknames(ctx, winners).items():
        forms.setdefault(nick, hit)
    return forms


def _nicknames(ctx, winners) -> dict[str, tuple[str, tuple[str, ...], str]]:
    """Nicknames the press makes from a name found in the document: a familiar prefix (小 / 老) + the first
    character of the family name (小扎 for 马克·扎克伯格, 老黄 for 黄仁勋), when only one person found there
    gives that nickname."""
    text = ctx.text
    prefixes = ctx.lex.familiar_prefixes
    if not any(p in text for p in prefixes):
        return {}
    owners: dict[str, set[str]] = {}
    for cand in winners:
        if cand.label != "PERSON":
            continue
        name = text[cand.start:cand.end]
        if is_latin(name) or not HAS_CJK.match(name):
            continue
        parts = [p for p in DOT_RE.split(name) if p]
        family = parts[-1][0] if len(parts) >= 2 else name[0] if 2 <= len(name) <= 3 else None
        if family is None or not CJK.match(family):
            continue
        for prefix in prefixes:
            owners.setdefault(prefix + family, set()).add(name)
    return {nick: ("PERSON", (next(iter(names)),), "") for nick, names in owners.items()
            if len(names) == 1 and nick in text and _nickname_word(ctx, nick)}


def _nickname_word(ctx, nick: str) -> bool:
    """Every occurrence of the nickname is a word of its own that the dictionary does not know under
    another tag (小扎/x; 小麦/n is wheat)."""
    pos = ctx.text.find(nick)
    while pos >= 0:
        i = ctx.start_index.get(pos)
        if i is None or ctx.words[i] != nick or ctx.tags[i] not in NAME_TAGS:
            return False
        pos = ctx.text.find(nick, pos + len(nick))
    return True
