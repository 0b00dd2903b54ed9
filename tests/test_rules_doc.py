"""`zhnews rules doc`: the registry sections of the rules READMEs, printed or rewritten."""
from __future__ import annotations

from click.testing import CliRunner

from zhnews import registry
from zhnews.cli import main
from zhnews.registry import Option, Registry, readme_section
from zhnews.rules_doc import readme_docs, write_readmes


def _kinds() -> Registry:
    kinds = Registry("test kind")  # no package: the decorators below are all it has

    @kinds.register("shout", options=[Option("times", int, "how often", 2)], lists=["loud_words"])
    def shout(ctx, rule, out):
        """Repeats a loud word."""

    return kinds


def _rules(tmp_path, readme: str | None = "# Test rules\n\nHand-written text.\n"):
    (tmp_path / "test").mkdir()
    if readme is not None:
        (tmp_path / "test" / "README.md").write_text(readme, encoding="utf-8")
    return tmp_path


def test_sections_are_generated_and_written_once(tmp_path):
    kinds = _kinds()
    rules = _rules(tmp_path)
    [doc] = readme_docs(rules, {"test": (kinds,)})
    assert doc.stale and doc.problems == [] and doc.sections == [readme_section(kinds)]
    assert "`shout` | Repeats a loud word." in doc.sections[0] and "`loud_words`" in doc.sections[0]
    assert write_readmes([doc]) == [rules / "test" / "README.md"]
    text = (rules / "test" / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# Test rules\n\nHand-written text.\n") and readme_section(kinds) in text
    [again] = readme_docs(rules, {"test": (kinds,)})
    assert not again.stale and write_readmes([again]) == []


def test_a_registry_whose_package_cannot_be_imported_is_reported(tmp_path):
    missing = Registry("missing kind", ".no_such_package")
    rules = _rules(tmp_path)
    [doc] = readme_docs(rules, {"test": (_kinds(), missing)})
    assert len(doc.sections) == 1  # the other registry is still documented
    assert doc.problems == [f"missing kind: zhnews.no_such_package cannot be imported (No module named "
                            f"'zhnews.no_such_package'); its section of {rules / 'test' / 'README.md'} is left as it is"]
    # asked again, the registry tries again instead of passing for an empty one
    assert readme_docs(rules, {"test": (missing,)})[0].problems


def test_cli_prints_and_writes(tmp_path, monkeypatch):
    kinds = _kinds()
    monkeypatch.setattr(registry, "REGISTRIES", {"test": (kinds,)})
    rules = _rules(tmp_path)
    shown = CliRunner().invoke(main, ["rules", "doc", "--rules", str(rules)])
    assert shown.exit_code == 0, shown.output
    assert "out of date" in shown.output and readme_section(kinds) in shown.output
    assert readme_section(kinds) not in (rules / "test" / "README.md").read_text(encoding="utf-8")
    written = CliRunner().invoke(main, ["rules", "doc", "--rules", str(rules), "--write"])
    assert written.exit_code == 0 and f"wrote {rules / 'test' / 'README.md'}" in written.output
    assert readme_section(kinds) in (rules / "test" / "README.md").read_text(encoding="utf-8")
    again = CliRunner().invoke(main, ["rules", "doc", "--rules", str(rules), "--write"])
    assert "the README files are up to date" in again.output


def test_cli_says_what_cannot_be_documented(tmp_path, monkeypatch):
    monkeypatch.setattr(registry, "REGISTRIES", {"test": (Registry("missing kind", ".no_such_package"),)})
    result = CliRunner().invoke(main, ["rules", "doc", "--rules", str(_rules(tmp_path, readme=None))])
    assert result.exit_code == 1
    assert "missing kind: zhnews.no_such_package cannot be imported" in result.stderr
    assert "README.md does not exist" in result.stderr
