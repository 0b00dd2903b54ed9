"""``nlp.add_pipe("zhnews")``: zhnews as a spaCy pipeline component.

Registered through the ``spacy_factories`` entry point, so spaCy finds it without an import. The
component runs ``zhnews.extract`` on ``doc.text`` (the original text, any script) and sets
``doc.ents`` (PERSON, ORG, EVENT and DATE; where two overlap the longer wins) and
``doc.spans["zhnews_mentions" | "zhnews_dates" | "zhnews_triggers"]`` with every row, on the
spaCy tokens that cover its characters. ``spacy.displacy.render(doc, style="ent")`` shows it.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .api import extract


class ZhnewsComponent:
    def __init__(self, rules: str | None = None, published: str | None = None):
        self.rules = rules
        self.published = published

    def __call__(self, doc: Doc) -> Doc:
        published = doc.user_data.get("published") or self.published
        result = extract(doc.text, published=published, rules=self.rules)
        mentions = [_span(doc, m.start, m.end, m.label, m.rule_id) for m in result.mentions]
        dates = [_span(doc, d.start, d.end, d.type, d.value or d.rule_id) for d in result.dates]
        triggers = [_span(doc, e.trigger_start, e.trigger_end, e.type, e.rule_id) for e in result.events]
        mentions, dates, triggers = ([s for s in spans if s is not None] for spans in (mentions, dates, triggers))
        doc.spans["zhnews_mentions"] = mentions
        doc.spans["zhnews_dates"] = dates
        doc.spans["zhnews_triggers"] = triggers
        doc.ents = filter_spans(mentions + [s for s in dates if s.label_ == "DATE"])
        return doc


def _span(doc: Doc, start: int, end: int, label: str, kb_id: str) -> Span | None:
    """The tokens covering characters start..end (a row inside a token widens to the whole token)."""
    return doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")


@Language.factory("zhnews", default_config={"rules": None, "published": None})
def make_component(nlp: Language, name: str, rules: str | None, published: str | None) -> ZhnewsComponent:
    """``rules``: a folder of your rule files laid over the shipped ones; ``published``: the anchor for
    relative dates (per document, ``doc.user_data["published"]`` wins)."""
    return ZhnewsComponent(rules, published)
