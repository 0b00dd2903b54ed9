"""The ``facts`` table: one row per event record, every argument in its own column.

``events`` + ``event_arguments`` keep every span the rules found; ``facts`` is the one read an analyst
wants ("who left which organisation, when"), so it keeps only what can be trusted as a value:

- ``person`` / ``org`` / ``to_org`` are PERSON / ORG mentions (the mention's own text, not the phrase
  around it) with their ``*_entity_id``; an argument that is no mention of the right label leaves
  the column empty rather than filling it with a wrong span; an ``org`` argument that is exactly a
  PERSON mention (a type whose org accepts a person, a buyer: "王建国收购宏达鞋厂") goes to ``person``;
- an organisation the event stage took from elsewhere in the sentence (its topic "X：", the nearest
  ORG before the trigger) has ``org_source = sentence``;
- a named person's departure, hire or appointment with no organisation takes the article's subject
  organisation (of the lead paragraph's ORGs named at least twice, the most named), ``org_source = inferred``,
  when it is named within 2,000 characters before the event (a long digest's items have their own),
  unless the sentence fills that slot with an unnamed organisation (加盟一家初创公司);
- ``role`` drops the particles a title phrase ends with (主委时 -> 主委), ``product`` drops
  classifier and quantity phrases (一款, 3款) and the descriptor before its name (试运行的智能审像系统 -> 智能审像系统);
- ``date_source`` says where the date came from: ``clause`` or ``sentence`` of the trigger, or
  ``published`` (an asserted event reported in the article's lead without a date of its own is
  dated by the publication day); ``start_date`` / ``end_date`` are ``timex.bounds`` of the value.

Several values of one role are joined with ``、`` (their entity ids with ``;``, in the same order).
Rows are built per document (``fact_rows``) with mention ids in the id columns; ``link_facts``
replaces them with entity ids once the batch's entities are linked.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .records import Extraction
from .rules import LINE_KEY, RuleError, load_yaml
from .timex import bounds

ENTITY_ROLES = {"person": "PERSON", "org": "ORG", "to_org": "ORG"}
# where a missing organisation is taken from the article's subject organisation
INFERRED_ORG_ROLE = {"personnel.depart": "org", "personnel.appoint": "org", "personnel.fire": "org",
                     "personnel.join": "to_org"}
ID_COLUMNS = ("person_entity_id", "org_entity_id", "to_org_entity_id")
RULES_FILE = "events/facts.yaml"  # the word lists below, documented there
FACT_LISTS = ("role_tails", "quantity_numerals", "quantity_classifiers", "product_descriptor_ends", "product_list_enders")
# marks a product name may hold a 的 inside ("《孤独的人在哪里》"): a descriptor ends outside them
_OPEN_MARKS, _CLOSE_MARKS = "《“「『(（【\"", "》”」』)）】\""
_LEAD_MIN_CHARS = 20  # a lead paragraph is the first line at least this long (skips headings, captions)
# a lead runs to the end of the sentence holding this character of its paragraph: a page whose text
# is one long line (a digest, a list of portraits) has no lead of thousands of characters
_LEAD_MAX_CHARS = 300
# an inferred organisation must be named this close before the event (more than most articles are long)
_INFER_WINDOW = 2000
_SENTENCE_ENDS = re.compile("[\u3002\uff01\uff1f!?]")  # 。！？!?


def lead_span(text: str) -> tuple[int, int]:
    """The article's lead: its first paragraph of at least _LEAD_MIN_CHARS characters, no heading, up
    to the end of the sentence holding its _LEAD_MAX_CHARS-th character."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if len(stripped) >= _LEAD_MIN_CHARS and not stripped.startswith("#"):
            end = pos + len(line)
            if len(line) > _LEAD_MAX_CHARS:
                m = _SENTENCE_ENDS.search(text, pos + _LEAD_MAX_CHARS, end)
                end = m.end() if m else end
            return pos, end
        pos += len(line) + 1
    return 0, 0


@dataclass(frozen=True)
class FactRules:
    """The facts table's word lists (``rules/events/facts.yaml``), compiled."""

    role_tail: re.Pattern  # what a title phrase ends with that is not the title
    quantity: re.Pattern  # a product phrase that is only a quantity
    descriptor_ends: tuple[str, ...] = ("的",)  # the linker ending a product's descriptor
    list_enders: tuple[str, ...] = ("等",)  # the word closing a list of products before their category

    @classmethod
    def from_rules(cls, rules_dir: Path) -> "FactRules":
        path = Path(rules_dir) / RULES_FILE
        if not path.is_file():
            raise RuleError(path, None, "missing: the facts table's word lists are read from this file",
                            f"copy {RULES_FILE} from the shipped rules folder", code="R401")
        data = load_yaml(path)
        if not isinstance(data, dict):
            raise RuleError(path, 1, "expected a mapping of list name -> list of words",
                            f"write 'list_name: [word, word, ...]' lines as in the shipped {RULES_FILE}", code="R401")
        lists = {name: _word_list(data, name, path) for name in FACT_LISTS}
        numerals = [w for w in lists["quantity_numerals"] if len(w) == 1]
        if len(numerals) != len(lists["quantity_numerals"]):
            raise RuleError(path, None, "quantity_numerals must be single characters",
                            "write each numeral as its own list item, one character each", code="R403")
        return cls(re.compile(f"(?:{_alternatives(lists['role_tails']) or '(?!)'})$"),
                   re.compile(f"^[{re.escape(''.join(numerals))}\\d]*(?:{_alternatives(lists['quantity_classifiers'])})?$"),
                   tuple(lists["product_descriptor_ends"]), tuple(sorted(lists["product_list_enders"], key=len, reverse=True)))


def _alternatives(words: list[str]) -> str:
    return "|".join(map(re.escape, words))


def _word_list(data: dict, name: str, path: Path) -> list[str]:
    words = data.get(name)
    if not isinstance(words, list) or not all(isinstance(w, (str, int)) and str(w) for w in words):
        found = "missing" if words is None else "not a list of words"
        raise RuleError(path, data.get(LINE_KEY), f"word list '{name}' is {found}",
                        f"write e.g. {name}: [...] (see the comments in the shipped {RULES_FILE})", code="R402")
    return [str(w) for w in words]


def clean_role(text: str, rules: FactRules) -> str:
    return rules.role_tail.sub("", text.strip())


def clean_product(text: str, rules: FactRules) -> str:
    """The product's name without the descriptor before its last 的 ("试运行的智能审像系统" -> 智能审像系统)
    and without the category after a list ("A、B等新车型" -> A、B); a 的 inside quotes or brackets is
    part of the name ("《孤独的人在哪里》"). The events table keeps the whole phrase."""
    depth, cut = 0, -1
    for i, ch in enumerate(text):
        if ch in _OPEN_MARKS and (ch != '"' or depth == 0):
            depth += 1
        elif ch in _CLOSE_MARKS:
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(rules.descriptor_ends, i) and len(text) - i > 2:
            cut = i + next(len(w) for w in rules.descriptor_ends if text.startswith(w, i))
    text = text[cut:].strip() if cut > 0 else text
    for ender in rules.list_enders:
        i = text.find(ender)
        if 0 < i < len(text) - len(ender) and not any(ch in _OPEN_MARKS for ch in text[i:]):
            return text[:i].strip()
    return text


def fact_rows(doc_id: str, event_ids: Sequence[str], ex: Extraction, original_text: Callable[[int, int], str],
              mention_ids: Sequence[str], sentences: Sequence[str], simplified: str, published: str,
              rules: FactRules) -> list[tuple]:
    """One row per event of one document, in ``schema.COLUMNS['facts']`` order (ids: mention ids)."""
    lead_start, lead_end = lead_span(simplified)
    subject = _subject_org(ex, simplified, (lead_start, lead_end))
    published_day = published[:10]
    rows = []
    for event_id, event, sentence in zip(event_ids, ex.events, sentences):
        values: dict[str, list[str]] = {role: [] for role in ("person", "org", "to_org", "role", "product")}
        ids: dict[str, list[str]] = {role: [] for role in ENTITY_ROLES}
        from_sentence = False
        for arg in event.arguments:
            if arg.role in ENTITY_ROLES:
                role = arg.role
                k = _mention_in(ex, arg.start, arg.end, arg.entity_index, ENTITY_ROLES[role])
                if k is None and role == "org" and _is_mention(ex, arg.start, arg.end, "PERSON"):
                    role, k = "person", _mention_in(ex, arg.start, arg.end, None, "PERSON")  # "王建国收购宏达鞋厂": the buyer
                if k is None or mention_ids[k] in ids[role]:
                    continue
                values[role].append(original_text(ex.entities[k].start, ex.entities[k].end))
                ids[role].append(mention_ids[k])
                from_sentence |= arg.source == "sentence"
            elif arg.role == "role":
                role = clean_role(original_text(arg.start, arg.end), rules)
                if role and role not in values["role"]:
                    values["role"].append(role)
            elif arg.role == "product":
                product = original_text(arg.start, arg.end)
                if not (arg.start > 0 and original_text(arg.start - 1, arg.start) in _OPEN_MARKS):
                    product = clean_product(product, rules)  # a quoted name is the name as it stands
                product = product.strip()
                if not rules.quantity.match(product) and len(product) > 1 and product not in values["product"]:
                    values["product"].append(product)
        org_source = ("sentence" if from_sentence else "explicit") if values["org"] or values["to_org"] else ""
        inferred_role = INFERRED_ORG_ROLE.get(event.type)
        # only a named person's move is completed: a record without one says nothing the org adds to;
        # a slot the sentence fills with an unnamed organisation ("加盟一家初创公司") is not the subject's
        if inferred_role and values["person"] and not values[inferred_role] and subject is not None \
                and mention_ids[subject] not in ids["org"] + ids["to_org"] \
                and not _unnamed_org(ex, event, inferred_role) \
                and _named_before(ex, simplified, subject, event.trigger_start):
            k = subject
            values[inferred_role].append(original_text(ex.entities[k].start, ex.entities[k].end))
            ids[inferred_role].append(mention_ids[k])
            org_source = "inferred"
        date_value = ex.dates[event.date_index].value if event.date_index is not None else ""
        date_source = event.date_source if date_value else ""  # 近日 and the like: no value, no source
        if not date_value and published_day and event.modality == "asserted" and lead_start <= event.trigger_start < lead_end:
            date_value, date_source = published_day, "published"
        start_date, end_date = (day or "" for day in bounds(date_value))  # "" for no days, like other text cells
        rows.append((doc_id, event_id, event.type, event.modality,
                     original_text(event.trigger_start, event.trigger_end),
                     "、".join(values["person"]), tuple(ids["person"]),
                     "、".join(values["org"]), tuple(ids["org"]),
                     "、".join(values["to_org"]), tuple(ids["to_org"]), org_source,
                     "、".join(values["role"]), "、".join(values["product"]),
                     date_value, start_date or "", end_date or "", date_source, sentence, event.rule_id))
    return rows


def _named_before(ex: Extraction, simplified: str, k: int, pos: int) -> bool:
    """The subject organisation (mention k's entity) is named within _INFER_WINDOW characters before
    ``pos``: a news digest names its first item's organisation, not the employer of its tenth item
    (a 15,000-character digest: 白宫 of item 1 is no organisation of a hire 9,000 characters later)."""
    ent = ex.entities[k]
    key = ent.canonical or simplified[ent.start:ent.end]
    return any(other.label == "ORG" and pos - _INFER_WINDOW <= other.start <= pos
               and (other.canonical or simplified[other.start:other.end]) == key for other in ex.entities)


def _unnamed_org(ex: Extraction, event, role: str) -> bool:
    """The event fills ``role`` with a phrase that overlaps no ORG mention ("加盟一家初创公司")."""
    return any(a.role == role and not any(ent.label == "ORG" and ent.start < a.end and a.start < ent.end
                                          for ent in ex.entities)
               for a in event.arguments)


def _is_mention(ex: Extraction, start: int, end: int, label: str) -> bool:
    """The span [start, end) is exactly one mention of ``label`` (not a phrase that holds one)."""
    return any(ent.label == label and (ent.start, ent.end) == (start, end) for ent in ex.entities)


def _mention_in(ex: Extraction, start: int, end: int, pointed: int | None, label: str) -> int | None:
    """The mention of ``label`` an argument is: the one it points at, else the last one inside its
    span ("前百度研究员李明远" points at 百度; as a person it is 李明远)."""
    if pointed is not None and ex.entities[pointed].label == label:
        return pointed
    inside = [k for k, ent in enumerate(ex.entities) if ent.label == label and start <= ent.start and ent.end <= end]
    return max(inside, key=lambda k: ex.entities[k].start) if inside else None


def _subject_org(ex: Extraction, simplified: str, lead: tuple[int, int]) -> int | None:
    """Index of a mention of the article's subject organisation: of the ORGs of the lead that the
    article names at least twice, the most named (the first on a tie); None without one (an ORG
    named only outside the lead is often background)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    in_lead: dict[str, int] = {}
    for k, ent in enumerate(ex.entities):
        if ent.label == "ORG":
            key = ent.canonical or simplified[ent.start:ent.end]
            counts[key] += 1
            first.setdefault(key, k)
            if lead[0] <= ent.start < lead[1]:
                in_lead.setdefault(key, ent.start)
    led = [key for key in counts if counts[key] >= 2 and key in in_lead]
    if not led:
        return None
    # of the lead's organisations, the one the article names most ("前微软研究员赵文博出任启衡智能
    # CTO": 启衡智能, named all along, not the background employer); a tie goes to the first
    return first[min(led, key=lambda key: (-counts[key], in_lead[key]))]


def link_facts(rows: list[tuple], entity_of: dict[str, str], columns: Sequence[str]) -> list[tuple]:
    """Replace the mention ids of the id columns with the entities they were linked to."""
    positions = [columns.index(name) for name in ID_COLUMNS]
    linked = []
    for row in rows:
        row = list(row)
        for p in positions:
            row[p] = ";".join(entity_of.get(m, "") for m in row[p])
        linked.append(tuple(row))
    return linked
