"""Kind ``latin_org``: organisations written in Latin script."""
from __future__ import annotations

from itertools import compress

from ...registry import entity_kinds
from ..common import Candidate


@entity_kinds.register("latin_org", phase="match", lists=["org_latin_suffixes", "acronym_deny"],
                       optional_lists=["latin_org_cues_after", "latin_org_cues_before", "report_words",
                                       "latin_org_verbs_after"])
def latin_org(ctx, rule, out, state) -> None:
    """Capitalised Latin sequences ending with an organisation suffix: Stability AI, Sequoia Capital; and
    one- or two-word names with a corporate word after them (Robinhood股价, Dropbox上市, Rockstar创始人:
    `latin_org_cues_after`), a company's action after a one-word name with no title before it
    (Dropbox宣布, Stripe周二推出: `latin_org_verbs_after`), a word ending with a kind of company before them (支付公司Square, 投行Jefferies:
    `latin_org_cues_before`), or 据 … 报道 around them (据Axios报道: `report_openers`, `report_words`)."""
    for start, end, label in ctx.latin_sequences():
        if label == "ORG":
            out.append(Candidate(start, end, rule.label, rule.id, rule.priority))
    if not ctx.latin_runs():
        return
    # a lower-case word the capitalised sequences miss (scraped text is often lower-cased): 公司shyft,
    # geox代言人, sopay团队 (rule_id `<id>.word`); not a word of a longer name (willy woo, fasio
    # consulting), nor a word the document mostly uses otherwise (ppp融资 once, ppp项目 eighty times)
    lex, words, text = ctx.lex, ctx.words, ctx.text
    hits: dict[str, list[int]] = {}
    seen: dict[str, int] = {}
    for i in compress(range(len(words)), map("eng".__eq__, ctx.tags)):
        w = words[i]
        seen[w] = seen.get(w, 0) + 1
        if (len(w) >= 3 and w[0].islower() and w.isascii() and w.isalpha() and w.upper() not in lex.acronym_deny
                and not _in_longer_name(text, ctx.starts[i], ctx.ends[i])
                and lex.latin_org_context(ctx, ctx.starts[i], ctx.ends[i])):
            hits.setdefault(w, []).append(i)
    for w, found in hits.items():
        if len(found) * 8 >= seen[w]:
            out.extend(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id + ".word", rule.priority)
                       for i in found)


def _in_longer_name(text: str, start: int, end: int) -> bool:
    """A Latin word next to another across one space (willy woo, stena carron)."""
    return (start >= 2 and text[start - 1] == " " and text[start - 2].isascii() and text[start - 2].isalpha()
            or end + 1 < len(text) and text[end] == " " and text[end + 1].isascii() and text[end + 1].isalpha())
