"""Event stage: who left, joined, founded, released, reorganised, when.

Rules live in ``rules/events/`` (format: ``rules/events/README.md``):

- ``types.yaml``   event types, their triggers, where each argument stands relative to the trigger
                   (``frame``), the entity labels a role accepts and the conditions a trigger needs;
- ``guards.yaml``  modality guards (negation, questions and conditionals, plans, denials);
- ``lexicon.yaml`` word lists the two files above and the phrase chunker use.

How one document is processed:

1. One compiled regular expression over ``doc.text`` finds trigger candidates (the prefilter: a
   document without a trigger costs one regex scan). A candidate must coincide with jieba word
   boundaries ("上市公司" is no 上市, "发布会" no 发布), and conditions that string tests decide
   (由…负责, a context word) are checked before its sentence is analysed.
2. For the sentence of each candidate the tokens are classified once (nominal, adverbial,
   preposition, time, punctuation...) from the jieba dictionary tag and the word lists.
3. Left of the trigger, in its clause, adverbials, time words and prepositional phrases are skipped
   to reach the subject ("华为 | 将 在德国慕尼黑 正式 | 发布"); 被 X / 由 X / 从 X / 与 X phrases are
   kept as arguments; "X 的 trigger" gives the possessor ("他的离职"). Right of it the object, a
   "trigger 的 X" head ("刚发布的 Note 10") or "trigger 到/为 X" phrase is read. A clause without a
   subject borrows the subject of the previous clause of the sentence (topic chains).
4. The frame of the trigger maps these positions to roles; noun phrases are split at
   coordinations ("A 和 B 共同创立" -> two persons) and a person phrase is decomposed into
   organisation + title + name ("前百度研究员 张三": org 百度 left, role 研究员).
5. Guards set the modality; the date nearest the trigger in its clause, else the nearest one before
   it in its sentence, is attached; mentions of the same event in one document are merged.

The stage reads the document through the shared ``zhnews.docview.DocView`` (plain columns, never
spaCy Token objects: creating them costs more than the whole stage); see ``pipeline.eval_events.speed``
for the time budget.

Argument spans follow the news text: a person argument is the full mention with its apposition
("宁波富达董事长庄立峰"); ``entity_index`` points at the PERSON/ORG match inside it when there is one.

Modules: ``loader`` (rule files -> rules), ``vocabulary`` (word lists compiled for matching),
``sentence`` (token kinds, clauses; step 2), ``context`` (per-document lookups), ``phrases`` (noun
phrases), ``clauses`` (left/right of the trigger; step 3), ``arguments`` (roles, apposition; step 4),
``requirements/`` (the ``requires`` conditions, one registered function each), ``modality`` and
``merge`` (step 5), ``extractor`` (``EventExtractor``, which runs the steps).
"""
from __future__ import annotations

from .extractor import EventExtractor, doc_text
from .loader import (BASE_POSITIONS, GUARD_SCOPES, LABELS, MODALITIES, PARTICIPANTS, REQUIRED_LISTS, ROLES, Guard,
                     Lexicon, TriggerRule, TypeRule, event_rule_files, guard_words, load_event_lexicon,
                     load_event_rules, trigger_words)

__all__ = ["BASE_POSITIONS", "EventExtractor", "GUARD_SCOPES", "Guard", "LABELS", "Lexicon", "MODALITIES",
           "PARTICIPANTS", "REQUIRED_LISTS", "ROLES", "TriggerRule", "TypeRule", "doc_text", "event_rule_files",
           "guard_words", "load_event_lexicon", "load_event_rules", "trigger_words"]
