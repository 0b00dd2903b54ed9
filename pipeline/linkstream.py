"""Entity linking across a batch, fed one document at a time: what the batch part of linking needs,
without holding the mentions.

``entities.link_entities`` takes every mention of the batch as parallel lists. Everything it
computes depends on a mention only through its node (label + the key of its simplified form,
``entities.linking.document_links``): a mention's entity is the component of its node, and an
entity's name, aliases and counts are sums over the nodes of its component. So ``EntityIndex``
keeps, in flat integer arrays, per node how many mentions it has and where it was first seen, per
mention the pairs (node, string) of its simplified form, canonical name and surface forms, per
document its distinct nodes (for ``doc_count``) and the links between nodes; each distinct node and
string is held once (its number is its place in a dict). Memory grows by a few machine words per
mention and with the vocabulary of names, not with the rows. ``finish`` joins the nodes and gives
each node its entity; the mentions table then maps its rows' node ids (``add_document`` returns
them) to entity ids with Arrow ``take`` (``entities_of``).
"""
from __future__ import annotations

from array import array
from collections import Counter

from .entities.common import to_simplified
from .entities.linking import _UnionFind, _as_tuple, entity_id_for, entity_name

_LOW = (1 << 32) - 1


class EntityIndex:
    """The batch's nodes and links, and per node the tallies its entity needs."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}  # node -> node id (nodes seen only in a link too: count 0)
        self.strings: dict[str, int] = {}  # simplified form, canonical name or surface form -> string id
        self.count = array("q")  # mentions per node
        self.first_rank = array("q")  # (document rank, mention number) of its first mention
        self.first_at = array("q")
        self.forms = array("q")  # per mention: node id << 32 | string id of its simplified form
        self.canons = array("q")  # per mention with a canonical name: node id << 32 | its string id
        self.surfaces = array("q")  # per document and distinct pair: node id << 32 | surface form's id
        self.links = array("q")  # node id << 32 | node id
        self.doc_nodes = array("q")  # the distinct node ids of each document, one document after another
        self.doc_ends = array("q")
        self.entity_ids = self.names = self.node_entity = None  # Arrow arrays, set by finish

    def node_id(self, node: str) -> int:
        found = self.ids.get(node)
        if found is None:
            found = self.ids[node] = len(self.ids)
            self.count.append(0)
            self.first_rank.append(1 << 62)
            self.first_at.append(0)
        return found

    def string_id(self, text: str) -> int:
        found = self.strings.get(text)
        if found is None:
            found = self.strings[text] = len(self.strings)
        return found

    def add_document(self, rank: int, mentions: list[tuple], links: list[tuple[str, str]]) -> list[int]:
        """One document's mentions, each (text, text_simplified, label, canonical, aliases, node), in
        text order, and its links; ``rank`` is its place in the tables' order. Returns the node id of
        each mention."""
        node_id, string_id = self.node_id, self.string_id
        self.links.extend(node_id(a) << 32 | node_id(b) for a, b in links)
        if not mentions:
            self.doc_ends.append(len(self.doc_nodes))
            return []
        texts, simples, _labels, canonicals, aliases, nodes = zip(*mentions)
        ids = [node_id(node) for node in nodes]
        simples = [s if isinstance(s, str) and s else to_simplified(str(t)) for s, t in zip(simples, texts)]
        count, first_rank, first_at = self.count, self.first_rank, self.first_at
        for k, n in enumerate(ids):
            count[n] += 1
            if (rank, k) < (first_rank[n], first_at[n]):
                first_rank[n], first_at[n] = rank, k
        self.forms.extend(n << 32 | string_id(s) for n, s in zip(ids, simples))
        self.canons.extend(n << 32 | string_id(c) for n, c in zip(ids, canonicals) if isinstance(c, str) and c)
        surfaces = set(zip(ids, map(str, texts)))
        surfaces.update(zip(ids, simples))
        for n, forms in zip(ids, aliases):
            if forms:
                surfaces.update((n, alias) for alias in _as_tuple(forms) if alias)
        self.surfaces.extend(n << 32 | string_id(s) for n, s in surfaces)  # finish sorts them (np.unique)
        self.doc_nodes.extend(sorted(set(ids)))
        self.doc_ends.append(len(self.doc_nodes))
        return ids

    def finish(self) -> list[tuple]:
        """Join the nodes into entities: sets the node -> entity arrays (``entities_of``) and returns
        the entities table's rows (entity_id, label, canonical_name, aliases, mention_count,
        doc_count), in the order of ``link_entities``."""
        import pyarrow as pa

        nodes = list(self.ids)
        strings = list(self.strings)
        uf = _UnionFind()
        for pair in self.links:
            uf.union(pair >> 32, pair & _LOW)
        root = [uf.find(n) for n in range(len(nodes))]
        members: dict[int, list[int]] = {}
        mentioned = [n for n in range(len(nodes)) if self.count[n]]  # a node only linked to is no entity's
        for n in sorted(mentioned, key=lambda n: (self.first_rank[n], self.first_at[n])):  # roots in order of first mention
            members.setdefault(root[n], []).append(n)
        forms = _tallies(self.forms, root, strings)
        canons = _tallies(self.canons, root, strings)
        surfaces: dict[int, set[str]] = {}
        for pair in _distinct(self.surfaces):
            surfaces.setdefault(root[pair >> 32], set()).add(strings[pair & _LOW])
        doc_counts = self._doc_counts(root)
        ids: dict[tuple[str, str], str] = {}
        rows, entity_of_root = [], {}
        entity_ids, names = [], []
        for r, group in members.items():
            label = nodes[group[0]].split("\x1f", 1)[0]
            name = entity_name(forms[r], canons.get(r))
            seen = surfaces.get(r, set())
            if canons.get(r):
                seen.update(canons[r])
            entity_id = ids.get((label, name))
            if entity_id is None:
                entity_id = ids[(label, name)] = entity_id_for(label, name)
            entity_of_root[r] = len(entity_ids)
            entity_ids.append(entity_id)
            names.append(name)
            seen.discard("")
            rows.append((entity_id, label, name, "|".join(sorted(seen)), sum(self.count[n] for n in group),
                         doc_counts[r]))
        self.entity_ids, self.names = pa.array(entity_ids, pa.large_string()), pa.array(names, pa.large_string())
        self.node_entity = pa.array([entity_of_root.get(r, 0) for r in root], pa.int64())
        rows.sort(key=lambda row: (row[1], row[2], row[0]))  # stable: like link_entities' sort_values
        return rows

    def entities_of(self, node_ids):
        """The entity ids and canonical names of mentions given by their node ids (an Arrow array)."""
        import pyarrow.compute as pc

        at = pc.take(self.node_entity, node_ids)
        return pc.take(self.entity_ids, at), pc.take(self.names, at)

    def _doc_counts(self, root: list[int]) -> Counter:
        counts: Counter = Counter()
        start = 0
        for end in self.doc_ends:
            counts.update({root[n] for n in self.doc_nodes[start:end]})
            start = end
        return counts


def _distinct(pairs: array):
    """The distinct values of an array of packed pairs, with how many times each occurs."""
    import numpy as np

    values, counts = np.unique(np.frombuffer(pairs, dtype=np.int64), return_counts=True) if len(pairs) else ([], [])
    return dict(zip(map(int, values), map(int, counts)))


def _tallies(pairs: array, root: list[int], strings: list[str]) -> dict[int, dict[str, int]]:
    """Per root node, how many mentions of its component have each string."""
    tallies: dict[int, dict[str, int]] = {}
    for pair, count in _distinct(pairs).items():
        bucket = tallies.setdefault(root[pair >> 32], {})
        text = strings[pair & _LOW]
        bucket[text] = bucket.get(text, 0) + count
    return tallies
