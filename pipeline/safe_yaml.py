"""Limits checked on YAML text before it is loaded (front matter and rule files).

``yaml.safe_load`` runs no code, but it still builds whatever the text describes: an alias bomb
("billion laughs") expands to gigabytes when the data is walked, and deep nesting exhausts the
recursion of the loader. The event stream is read first (a flat loop, no recursion, no
expansion) and such text is refused with the line where it goes wrong.
"""
from __future__ import annotations

import yaml

_EventReader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml's parser when present: ~20x faster


class YamlShapeError(ValueError):
    """YAML that parses but is refused: an alias, or nesting deeper than allowed."""

    def __init__(self, line: int, problem: str):
        self.line, self.problem = line, problem
        super().__init__(f"line {line}: {problem}")


def check_yaml_shape(text: str, max_depth: int) -> None:
    """Raise ``YamlShapeError`` for an alias (``*name``) or nesting deeper than ``max_depth``;
    YAML syntax errors propagate as ``yaml.YAMLError``."""
    depth = 0
    reader = _EventReader(text)
    try:
        while True:
            event = reader.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                return
            _check_event(event, depth, max_depth)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        reader.dispose()


def _check_event(event, depth: int, max_depth: int) -> None:
    if isinstance(event, yaml.AliasEvent):
        raise YamlShapeError(event.start_mark.line + 1, f"uses the alias *{event.anchor}; anchors and aliases "
                             "(&name, *name) are not allowed: write the value out")
    if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)) and depth >= max_depth:
        raise YamlShapeError(event.start_mark.line + 1, f"is nested more than {max_depth} levels deep; flatten it")
