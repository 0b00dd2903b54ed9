"""Entity linking across a batch, fed one document at a time: what the batch part of linking needs,
without holding the mentions.

``entities.link_entities`` takes every mention of the batch as parallel lists. Everything it
computes depends on a mention only through its node (label + the key of its simplified form,
``entities.linking.document_links``): a mention's entity is the component of its node, and an
entity's name, aliases and counts are sums over the nodes of its component. So ``EntityIndex``
keeps per node what the entity needs (how many mentions, the simplified forms and canonical names
with their counts, the surface forms, where the node was first seen) and per document the set of
its nodes (for ``doc_count``), as integers: memory grows with the vocabulary of names, not with the
corpus. ``finish`` joins the nodes and gives each node its entity; the mentions table then maps its
rows' node ids (``node_of`` at intake) to entity ids in one pass.
"""
from __future__ import annotations

from array import array
from collections import Counter

from .entities.common import to_simplified
from .entities.linking import _UnionFind, _as_tuple, entity_id_for, entity_name


class EntityIndex:
    """The batch's nodes and links, and per node the tallies its entity needs."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}  # node -> node id
        self.nodes: list[str] = []
        self.count: list[int] = []  # mentions per node
        self.first: list[tuple[int, int]] = []  # (document rank, mention number) of its first mention
        self.forms: Counter = Counter()  # (node id, simplified form) -> mentions
        self.canons: Counter = Counter()  # (node id, canonical name) -> mentions
        self.surfaces: set[tuple[int, str]] = set()  # (node id, original / simplified form or alias)
        self.links: set[tuple[str, str]] = set()
        self.doc_nodes = array("q")  # the distinct node ids of each document, one document after another
        self.doc_ends = array("q")
        self.entity_of: list[tuple[str, str]] = []  # node id -> (entity_id, canonical_name), after finish

    def node_id(self, node: str) -> int:
        found = self.ids.get(node)
        if found is None:
            found = self.ids[node] = len(self.nodes)
            self.nodes.append(node)
            self.count.append(0)
            self.first.append((1 << 62, 0))
        return found

    def add_document(self, rank: int, mentions: list[tuple], links: list[tuple[str, str]]) -> list[int]:
        """One document's mentions, each (text, text_simplified, label, canonical, aliases, node), in
        text order, and its links; ``rank`` is its place in the tables' order. Returns the node id of
        each mention."""
        self.links.update(links)
        if not mentions:
            self.doc_ends.append(len(self.doc_nodes))
            return []
        texts, simples, _labels, canonicals, aliases, nodes = zip(*mentions)
        ids = [self.node_id(node) for node in nodes]
        simples = [s if isinstance(s, str) and s else to_simplified(str(t)) for s, t in zip(simples, texts)]
        first = self.first
        for k, n in enumerate(ids):
            self.count[n] += 1
            if (rank, k) < first[n]:
                first[n] = (rank, k)
        self.forms.update(zip(ids, simples))
        self.canons.update((n, c) for n, c in zip(ids, canonicals) if isinstance(c, str) and c)
        self.surfaces.update(zip(ids, map(str, texts)))
        self.surfaces.update(zip(ids, simples))
        for n, forms in zip(ids, aliases):
            if forms:
                self.surfaces.update((n, alias) for alias in _as_tuple(forms) if alias)
        self.doc_nodes.extend(sorted(set(ids)))
        self.doc_ends.append(len(self.doc_nodes))
        return ids

    def finish(self) -> list[tuple]:
        """Join the nodes into entities: sets ``entity_of`` and returns the entities table's rows
        (entity_id, label, canonical_name, aliases, mention_count, doc_count), in the order of
        ``link_entities``."""
        uf = _UnionFind()
        for a, b in sorted(self.links):
            uf.union(a, b)
        root = [uf.find(node) for node in self.nodes]
        members: dict[str, list[int]] = {}
        for n in sorted(range(len(self.nodes)), key=self.first.__getitem__):  # roots in order of first mention
            members.setdefault(root[n], []).append(n)
        forms: dict[str, dict[str, int]] = {r: {} for r in members}
        for (n, simple), count in self.forms.items():
            bucket = forms[root[n]]
            bucket[simple] = bucket.get(simple, 0) + count
        canons: dict[str, dict[str, int]] = {}
        for (n, canonical), count in self.canons.items():
            bucket = canons.setdefault(root[n], {})
            bucket[canonical] = bucket.get(canonical, 0) + count
        surfaces: dict[str, set[str]] = {r: set() for r in members}
        for n, surface in self.surfaces:
            surfaces[root[n]].add(surface)
        doc_counts = self._doc_counts(root)
        ids: dict[tuple[str, str], str] = {}
        rows, named = [], {}
        for r, nodes in members.items():
            label = self.nodes[nodes[0]].split("\x1f", 1)[0]
            name = entity_name(forms[r], canons.get(r))
            if canons.get(r):
                surfaces[r].update(canons[r])
            entity_id = ids.get((label, name))
            if entity_id is None:
                entity_id = ids[(label, name)] = entity_id_for(label, name)
            named[r] = (entity_id, name)
            seen = surfaces[r]
            seen.discard("")
            rows.append((entity_id, label, name, "|".join(sorted(seen)), sum(self.count[n] for n in nodes),
                         doc_counts[r]))
        self.entity_of = [named[r] for r in root]
        rows.sort(key=lambda row: (row[1], row[2], row[0]))  # stable: like link_entities' sort_values
        return rows

    def _doc_counts(self, root: list[str]) -> Counter:
        counts: Counter = Counter()
        start = 0
        for end in self.doc_ends:
            counts.update({root[n] for n in self.doc_nodes[start:end]})
            start = end
        return counts
