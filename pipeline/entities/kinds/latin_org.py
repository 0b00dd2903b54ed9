"""Kind ``latin_org``: organisations written in Latin script."""
from __future__ import annotations

from ...registry import entity_kinds
from ..common import Candidate


@entity_kinds.register("latin_org", phase="match", lists=["org_latin_suffixes"],
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
