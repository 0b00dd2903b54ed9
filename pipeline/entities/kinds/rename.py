"""Kind ``rename``: X（原Y）."""
from __future__ import annotations

from ...registry import entity_kinds
from ._parens import RenameCues, parens, setup


@entity_kinds.register("rename", phase="link", setup=setup,
                       lists=["rename_cues", "rename_hints", "org_heads", "org_modifier_stop"])
def rename(ctx, rule, winners, cues: RenameCues) -> None:
    """Linking: X（原Y）, X（前身为Y） (the words of `rename_cues`): both are ORG mentions and aliases of each
    other; when only Y was recognised, the words right before the bracket are the new name, and a Latin
    name or one ending with an organisation head in the bracket is the former one."""
    parens(ctx, winners, True, rule, cues)
