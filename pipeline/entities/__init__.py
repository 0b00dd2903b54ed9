"""Entities: PERSON, ORG and named EVENT mentions found by rules, and one canonical entity per thing.

Everything the matchers know lives in ``rules/entities/`` (see its README.md):

- ``gazetteer/*.yaml``: canonical names with aliases in any script or language;
- ``patterns.yaml``: the pattern rules, each with a stable id (it lands in ``rule_id``), a kind (the
  matcher that runs it), a label and a priority; kind ``regex`` takes any regular expression;
- ``lists/*``: the word lists the built-in matchers read (surnames, titles, head nouns, ...).

The package: ``loader`` parses the rule files (the only parser of them), ``kinds/`` holds one module
per rule kind, registered in ``zhnews.registry.entity_kinds`` with its options and word lists,
``context`` the per-document state and the cue tests the kinds share, ``overlap`` the overlap
policies, ``extractor`` runs them all on a document and ``linking`` joins mentions across a corpus.
A new kind is one new module in ``kinds/`` plus a ``patterns.yaml`` entry.

The matchers are plain Python over the jieba tokens of a ``Doc`` plus compiled regular expressions
over its text; no spaCy ``Matcher`` runs, so extraction costs a small fraction of segmentation.

Overlap resolution (policy ``longest_first``, the default; ``overlap:`` in ``patterns.yaml`` picks
another): all candidates of all rules are collected, then taken longest first; between two
candidates of the same length the lower ``priority`` wins (gazetteer 10 < patterns), then the
earlier start. A candidate that overlaps one already taken is dropped (``extract(doc, explain=True)``
lists them with the winner). Then the linking rules run on the winners: original names in
parentheses (``杰弗里·辛顿（Geoffrey Hinton）``), renames (``X（原Y）``) and later short mentions of a
name found earlier in the document (``纳德拉`` after ``萨提亚·纳德拉``).
"""
from __future__ import annotations

from .common import GAZETTEER_PRIORITY, LABEL_PREFIX, LABELS, Candidate, form_key, is_latin, to_simplified, trie_regex
from .extractor import EntityExtractor
from .linking import document_links, entity_id_for, link_entities, link_mentions
from .loader import (CHAR_LISTS, PatternRule, expand_lists, load_gazetteer, load_lists, load_patterns,
                     load_settings)

__all__ = ["CHAR_LISTS", "GAZETTEER_PRIORITY", "LABELS", "LABEL_PREFIX", "Candidate", "EntityExtractor", "PatternRule",
           "document_links", "entity_id_for", "expand_lists", "form_key", "is_latin", "link_entities", "link_mentions",
           "load_gazetteer", "load_lists", "load_patterns", "load_settings", "to_simplified", "trie_regex"]
