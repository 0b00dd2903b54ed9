"""The generated sections of the rules READMEs (``zhnews rules doc``).

Each rules folder that has registered kinds (``registry.REGISTRIES``: entities, dates, events)
documents them in a section of its ``README.md`` between markers, generated from the registry by
``registry.sync_readme``: the kinds, what each does, its options and the word lists it reads. This
module computes those sections for a rules folder and rewrites the READMEs that differ.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import registry as registry_module
from .registry import Registry, readme_section, sync_readme


@dataclass
class ReadmeDoc:
    """One rules folder's README: its generated sections, and its text before and after syncing them."""

    stage: str
    path: Path
    sections: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # registries that could not be documented, and why
    current: str | None = None  # None: the folder has no README
    updated: str | None = None

    @property
    def stale(self) -> bool:
        return self.current is not None and self.updated != self.current


def readme_docs(rules_dir: Path, registries: dict[str, tuple[Registry, ...]] | None = None) -> list[ReadmeDoc]:
    """The generated sections of ``rules_dir/<stage>/README.md`` for every stage of ``registries``
    (default: ``registry.REGISTRIES``). A registry whose package cannot be imported is reported
    in ``problems`` and its section left as it is."""
    registries = registry_module.REGISTRIES if registries is None else registries
    docs = []
    for stage, stage_registries in registries.items():
        path = Path(rules_dir) / stage / "README.md"
        doc = ReadmeDoc(stage, path, current=path.read_text(encoding="utf-8") if path.is_file() else None)
        text = doc.current
        for registry in stage_registries:
            try:
                section = readme_section(registry)
            except ImportError as exc:
                where = f"zhnews{registry.package}" if registry.package else "its module"
                doc.problems.append(f"{registry.name}: {where} cannot be imported ({exc}); its section of "
                                    f"{path} is left as it is")
                continue
            doc.sections.append(section)
            if text is not None:
                text = sync_readme(text, registry)
        doc.updated = text
        if doc.current is None:
            doc.problems.append(f"{path} does not exist: nothing to update (create it to hold the generated sections)")
        docs.append(doc)
    return docs


def write_readmes(docs: list[ReadmeDoc]) -> list[Path]:
    """Rewrite the READMEs whose generated sections differ; returns the paths written."""
    written = []
    for doc in docs:
        if doc.stale:
            doc.path.write_text(doc.updated, encoding="utf-8")
            doc.current = doc.updated
            written.append(doc.path)
    return written
