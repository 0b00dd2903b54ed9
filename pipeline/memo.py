"""Caps of the per-process word caches: one policy, every size set here.

A worker meets ever more distinct words (names, rare compounds) as a corpus grows, so a word cache
that only stops at a large cap keeps growing for the whole run: with the old caps (500k token
kinds, 50k titles, ...) a worker's caches grew by about 1.7 MB per MB of text it handled, and a
run's memory by +3.7 MB RSS per corpus MB. Every cache below holds the answer of a pure function
of its key (the rules are fixed for the process), so forgetting an entry only costs recomputing
it, never changes an output.

The policy is clear-when-full: when a cache reaches its cap it starts over empty. That keeps the
hit path a bare ``dict`` lookup (an LRU's bookkeeping on every hit costs more than it saves
here), and the frequent words (的, 公司, 记者) come back within a few sentences. The caps are
small enough that every cache is full within the first megabyte or two of a worker's text, after
which memory stays flat; large enough that a refill is rare (news vocabulary is Zipfian: the
top few thousand types carry most tokens).

Budget, measured with tracemalloc on filled dicts (key and value objects included, CPython 3.11):

    cache (owner)                                   cap     bytes/entry   at cap
    TOKEN_KINDS  events TokenClassifier.cache        16384    ~164         2.7 MB
    NAME_STATIC  chinese_name static_cache            8192    ~160         1.3 MB
    TITLES       entities Lexicon.title_cache         8192    ~101         0.8 MB
    ORG_HEADS    entities Lexicon.org_head_cache      8192    ~103         0.8 MB
    TITLE_SPLITS org_head split_cache                 8192    ~103         0.8 MB
    LOOKUPS      EntityExtractor._lookups             8192    ~161         1.3 MB
    TAGS         segment tag table (own words kept)  32768     ~98         3.2 MB
    ORTH         events spaCy hash -> word           65536    ~143         9.4 MB (spaCy Docs only)

About 11 MB per worker in all (21 MB with the spaCy path), whatever the corpus size.
"""
from __future__ import annotations

TOKEN_KINDS = 16_384
NAME_STATIC = 8_192
TITLES = 8_192
ORG_HEADS = 8_192
TITLE_SPLITS = 8_192
LOOKUPS = 8_192
TAGS = 32_768
ORTH = 65_536
