"""Date resolvers: what a rule's ``resolve:`` names. One module each (a closely related pair shares one).

A resolver turns a matched expression into a TIMEX3 value. It is registered by name, with the
lexicon tables it reads, and has this signature::

    @date_resolvers.register("week", lists=["week_prefix", "weekday", "not_weekday"])
    def week(lex: DateLexicon, c: Candidate, anchor: date | None, last: Ref | None,
             anchor_iso: str) -> Resolution | None:
        \"\"\"Weeks and weekdays relative to the anchor (下周, 上周三, 本周末).\"\"\"

``lex`` holds the tables of lexicon.yaml and reads numbers (``lex.num``, ``lex.integer``); ``c.g``
holds the named groups that matched (``GROUPS`` in ``model.py``); ``anchor`` is the document's
date and ``last`` the last calendar point resolved before this expression in the same text.
Return a ``Resolution`` (an empty value when the expression cannot be resolved: the row stays,
with no value) or None to drop the match. Nothing is ever resolved against today's date.

The loader looks each rule's resolver up once (``date_resolvers.get(name, path, line)``), so a
new resolver is one new module here plus rules that name it.
"""
