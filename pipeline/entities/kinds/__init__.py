"""The entity rule kinds: one module each, registered in ``zhnews.registry.entity_kinds``.

A kind is a function ``kind(ctx, rule, out, state)`` registered with::

    @entity_kinds.register("org_head", options=[Option("max_tokens", int, "words a name may take", 7)],
                           lists=["org_heads"], phase="match", setup=setup)

- ``ctx`` is the document (``context.DocContext``: words, tags, offsets, sentences, and ``ctx.lex``,
  the word lists as sets with the shared cue tests), ``rule`` the ``loader.PatternRule`` (its
  checked options in ``rule.params``), ``state`` what the kind's ``setup(lex, lists, rules)``
  returned, once per extractor (compiled regexes, tries, character classes; None without setup);
- ``phase`` says when it runs: ``match`` kinds append new ``Candidate``s to ``out``; ``revise``
  kinds change the candidates of other rules in ``out`` before overlaps are resolved; ``link`` kinds
  run on the winners of the overlap resolution (``out`` is the winners) and add linked mentions
  where nothing is taken yet (``ctx.take``). Within a phase, rules run in file order;
- ``prepare(params, lists, path, line)`` (optional) turns the rule's options into what it runs on,
  raising a ``RuleError`` at the rule's line when they do not make sense.

The first paragraph of the function's docstring is the kind's entry in ``rules/entities/README.md``.
Modules starting with ``_`` hold helpers several kinds share.
"""
