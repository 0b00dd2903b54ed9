"""Kind ``paren_alias``: a name and its original in brackets."""
from __future__ import annotations

from ...registry import entity_kinds
from ._parens import RenameCues, parens, setup


@entity_kinds.register("paren_alias", phase="link", setup=setup, lists=["rename_cues"])
def paren_alias(ctx, rule, winners, cues: RenameCues) -> None:
    """Linking: a name followed by its original in brackets, 杰弗里·辛顿（Geoffrey Hinton）: both are mentions,
    each the other's alias (a former name, X（原Y）, is left to `rename`)."""
    parens(ctx, winners, False, rule, cues)
