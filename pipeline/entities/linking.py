"""Canonical entities across a corpus: which mentions name one thing, and their stable ids.

``document_links`` runs per document where the document is processed (it only needs the mentions);
``link_entities`` joins the nodes and links of a whole batch into entities; ``link_mentions`` does
both for a mentions DataFrame.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from itertools import compress
from operator import is_not, itemgetter
from typing import Any, Iterable

from .common import DOT_RE, LABEL_PREFIX, form_key, is_latin, to_simplified


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, key: Any) -> Any:
        parent = self.parent
        parent.setdefault(key, key)
        root = key
        while parent[root] != root:
            root = parent[root]
        while parent[key] != root:
            parent[key], key = root, parent[key]
        return root

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if str(rb) < str(ra):
                ra, rb = rb, ra
            self.parent[rb] = ra


_ORG_GENERIC = ("股份有限公司", "有限责任公司", "有限公司", "公司", "集团")


def _short_form_of(short: str, full: str, label: str) -> bool:
    """``short`` is a later short mention of ``full`` (纳德拉 / 萨提亚·纳德拉, Hinton / Geoffrey Hinton)."""
    if short == full or len(short) >= len(full):
        return False
    if label == "PERSON":
        if is_latin(full):
            words = full.casefold().split()
            return len(words) >= 2 and short.casefold() in (words[-1], words[0]) and len(short) >= 3
        parts = [p for p in DOT_RE.split(full) if p]
        if len(parts) >= 2:
            return short in (parts[-1], parts[0]) and len(short) >= 2
        return False
    if label == "ORG":
        for suffix in _ORG_GENERIC:
            if full.endswith(suffix) and full[: -len(suffix)] == short:
                return True
    return False


def entity_id_for(label: str, canonical_name: str, key: str | None = None) -> str:
    """Stable id of an entity: its label and the ``form_key`` of its canonical name (``key`` when
    the caller has it already)."""
    key = form_key(canonical_name) if key is None else key
    digest = hashlib.sha1(f"{label}\0{key}".encode("utf-8")).hexdigest()[:10]
    return f"{LABEL_PREFIX.get(label, label[:3])}-{digest}"


def document_links(mentions: Iterable[tuple[str, str, str, Any, Any]]) -> tuple[list[str], list[tuple[str, str]]]:
    """The linking evidence of one document, computed where the document is processed.

    ``mentions`` are (text, text_simplified, label, canonical, aliases) in text order. Returns each
    mention's node (label + the key its simplified form shares with other spellings, see
    ``form_key``) and the pairs of nodes the document says are one thing: a gazetteer canonical
    name, an alias recorded by a rule (a name in parentheses, a rename), and a later short mention
    that is the surname / last part of an earlier full name (纳德拉 after 萨提亚·纳德拉)."""
    nodes: list[str] = []
    links: list[tuple[str, str]] = []
    # per label: the full forms seen so far (in order), and which of them a short form could
    # shorten (key: the short form, case-folded for Latin names) -> positions in that order
    recent: dict[str, tuple[list[str], set[str], dict[str, list[int]]]] = {}
    for text, simple, label, canonical, aliases in mentions:
        if not (isinstance(simple, str) and simple):
            simple = to_simplified(str(text))
        node = _node(label, simple)
        nodes.append(node)
        if isinstance(canonical, str) and canonical:
            cnode = f"{label}\x1fC\x1f{canonical}"
            links.append((cnode, node))
            links.append((cnode, _node(label, to_simplified(canonical))))
        for alias in _as_tuple(aliases):
            links.append((node, _node(label, to_simplified(alias))))
        state = recent.get(label)
        if state is None:
            state = recent[label] = ([], set(), {})
        earlier, seen, shorts = state
        if shorts:
            found = shorts.get(simple, [])
            folded = simple.casefold()
            if folded != simple:
                found = found + shorts.get(folded, [])
            for pos in sorted(set(found), reverse=True):
                if _short_form_of(simple, earlier[pos], label):
                    links.append((node, _node(label, earlier[pos])))
                    break
        if simple not in seen:
            seen.add(simple)
            for short in _short_keys(simple, label):
                shorts.setdefault(short, []).append(len(earlier))
            earlier.append(simple)
    return nodes, links


_DESCRIPTION = re.compile("的|了|所谓|专注于|负责|旗下|以及")


def _descriptive(form: str) -> bool:
    """A phrase that describes rather than names (专注于元宇宙的部门, 负责芯片的团队): long, or
    holding a function word no name has."""
    return len(form) > 16 or (not is_latin(form) and bool(_DESCRIPTION.search(form)))


def _node(label: str, simple: str) -> str:
    return f"{label}\x1fF\x1f{form_key(simple)}"


def entity_name(forms: dict[str, int], canons: dict[str, int] | None) -> str:
    """An entity's canonical name from the counts of its simplified forms and of the gazetteer
    canonical names of its mentions: the commonest canonical name, else the most complete proper
    name, never a description (专注于…的部门) when a name is there."""
    if canons:
        return min(canons, key=lambda c: (-canons[c], c))
    if len(forms) == 1:
        return next(iter(forms))
    has_cjk = any(not is_latin(f) for f in forms)
    return min(forms, key=lambda f: (_descriptive(f), has_cjk and is_latin(f), -len(DOT_RE.sub("", f)), -forms[f], f))


def link_entities(doc_ids: list, texts: list, simples: list, labels: list, canonicals: list, aliases: list,
                  nodes: list[str], links: Iterable[tuple[str, str]]):
    """Join the mentions of a whole batch into entities.

    Columns are parallel lists, one item per mention (``nodes`` from ``document_links``); ``links``
    are the node pairs of every document. Two mentions are one entity when their nodes are
    connected: the same simplified form (Latin case-insensitively) joins across documents, and
    a gazetteer canonical name joins every spelling of it. Returns (entity_id per mention,
    canonical_name per mention, the entities table). Deterministic: a component's root is its
    smallest node, and ``entity_id`` depends only on the label and the canonical name."""
    import pandas as pd

    uf = _UnionFind()
    for a, b in sorted(set(links)):
        uf.union(a, b)
    find = uf.find
    root_of = {node: find(node) for node in set(nodes)}
    roots = list(map(root_of.__getitem__, nodes))
    simples = [s if isinstance(s, str) and s else to_simplified(str(t)) for s, t in zip(simples, texts)]
    # per-entity tallies as whole-column counts (C speed), then one short loop over the entities
    label_of = dict(zip(roots, labels))
    mention_counts = Counter(roots)
    doc_counts = Counter(map(itemgetter(0), set(zip(roots, doc_ids))))
    form_counts: dict[str, dict[str, int]] = {}
    for (root, simple), count in Counter(zip(roots, simples)).items():
        form_counts.setdefault(root, {})[simple] = count
    canon_counts: dict[str, dict[str, int]] = {}
    for (root, canonical), count in Counter(zip(roots, canonicals)).items():
        if isinstance(canonical, str) and canonical:
            canon_counts.setdefault(root, {})[canonical] = count
    surfaces: dict[str, set[str]] = {}
    # the simplified form is usually the very same string as the original (build_rows shares it)
    pairs = set(zip(roots, texts))
    pairs.update(compress(zip(roots, simples), map(is_not, simples, texts)))
    for root, surface in pairs:
        surfaces.setdefault(root, set()).add(str(surface))
    for root, forms in set(zip(roots, aliases)):
        if forms:
            surfaces[root].update(a for a in _as_tuple(forms) if a)
    key_of = dict(zip(simples, nodes))  # simplified form -> its node (label + form_key)
    ids: dict[tuple[str, str], str] = {}
    canonical_of_root: dict[str, str] = {}
    entity_rows = []
    for root, label in label_of.items():
        canons = canon_counts.get(root)
        name = entity_name(form_counts[root], canons)
        if canons:
            surfaces[root].update(canons)
        canonical_of_root[root] = name
        entity_id = ids.get((label, name))
        if entity_id is None:
            key = None if canons else key_of[name].split("\x1f", 2)[2]
            entity_id = ids[(label, name)] = entity_id_for(label, name, key)
        names_seen = surfaces[root]
        names_seen.discard("")
        entity_rows.append((entity_id, label, name, "|".join(sorted(names_seen)), mention_counts[root],
                            doc_counts[root]))
    names = [canonical_of_root[r] for r in roots]
    entity_ids = [ids[(label, name)] for label, name in zip(labels, names)]
    entities = pd.DataFrame.from_records(entity_rows, columns=["entity_id", "label", "canonical_name", "aliases",
                                                               "mention_count", "doc_count"])
    if len(entities):
        entities = entities.sort_values(["label", "canonical_name", "entity_id"], kind="stable").reset_index(drop=True)
    entities["mention_count"] = entities["mention_count"].astype("int64")
    entities["doc_count"] = entities["doc_count"].astype("int64")
    return entity_ids, names, entities


def link_mentions(mentions):
    """Give every mention (a DataFrame with doc_id, text, text_simplified, label, canonical and
    aliases, in text order within each document) an ``entity_id`` and ``canonical_name``; build
    the entities table. ``document_links`` per document, then ``link_entities`` over all."""
    df = mentions.reset_index(drop=True).copy()
    columns = [df[c].tolist() for c in ("doc_id", "text", "text_simplified", "label", "canonical", "aliases")]
    doc_ids, texts, simples, labels, canonicals, aliases = columns
    aliases = [_as_tuple(a) for a in aliases]
    by_doc: dict[Any, list[int]] = {}
    for i, doc_id in enumerate(doc_ids):
        by_doc.setdefault(doc_id, []).append(i)
    nodes: list[str] = [""] * len(df)
    links: list[tuple[str, str]] = []
    for rows in by_doc.values():
        doc_nodes, doc_links = document_links((texts[i], simples[i], labels[i], canonicals[i], aliases[i]) for i in rows)
        for i, node in zip(rows, doc_nodes):
            nodes[i] = node
        links.extend(doc_links)
    entity_ids, names, entities = link_entities(doc_ids, texts, simples, labels, canonicals, aliases, nodes, links)
    df["canonical_name"] = names
    df["entity_id"] = entity_ids
    return df, entities


def _short_keys(full: str, label: str) -> list[str]:
    """The short forms ``_short_form_of`` may accept for ``full`` (Latin ones case-folded): an index,
    each hit is still checked with ``_short_form_of``."""
    if label == "PERSON":
        if is_latin(full):
            words = full.casefold().split()
            return [words[-1], words[0]] if len(words) >= 2 else []
        parts = [p for p in DOT_RE.split(full) if p]
        return [parts[-1], parts[0]] if len(parts) >= 2 else []
    if label == "ORG":
        return [full[: -len(suffix)] for suffix in _ORG_GENERIC if full.endswith(suffix)]
    return []


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v for v in value.split("|") if v)
    try:
        return tuple(str(v) for v in value)
    except TypeError:
        return ()
