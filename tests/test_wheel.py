"""``pip install .`` into a new venv gives a working zhnews, used from a folder that is not the
checkout: the import, the API, the shipped rules and the CLI verbs.

The slowest test of the suite (a wheel build and a new venv, about half a minute); it uses no
network: the wheel is built without build isolation and the new venv borrows the project venv's
installed dependencies (a .pth line), so it tests the package, not the index."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from conftest import ROOT

ARTICLE = {"id": "w1", "text": "華為今年2月在深圳發布新款手機，余承東出席。", "published": "2025-03-14"}


def _run(*args, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300, **kwargs)


def test_wheel_installs_and_works_from_another_folder(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("pipeline", "rules"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
                 "-w", tmp_path / "dist", source, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("zhnews-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"zhnews/default_rules/{p.relative_to(ROOT / 'rules').as_posix()}"
               for p in (ROOT / "rules").rglob("*") if p.is_file()}
    assert shipped <= names, sorted(shipped - names)
    assert "zhnews/api.py" in names and not any(n.startswith("pipeline/") for n in names)

    venv = tmp_path / "venv"
    made = _run(sys._base_executable, "-m", "venv", venv, cwd=tmp_path)  # the stock interpreter, as a user has it
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout.strip()
    (Path(site) / "zz_project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    installed = _run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    api = _run(python, "-c", "import json, zhnews, zhnews.rules as r; x = zhnews.extract(%r, published='2025-03-14');"
               "print(json.dumps([zhnews.__file__, str(r.DEFAULT_RULES_DIR), [m.text for m in x.mentions],"
               " [d.value for d in x.dates]], ensure_ascii=False))" % ARTICLE["text"], cwd=elsewhere)
    assert api.returncode == 0, api.stderr
    module, rules_dir, mentions, dates = json.loads(api.stdout)
    assert module.startswith(site) and rules_dir == str(Path(site) / "zhnews" / "default_rules")
    assert {"華為", "余承東"} <= set(mentions) and dates == ["2025-02"]

    zhnews = venv / "bin" / "zhnews"
    check = _run(zhnews, "rules", "check", cwd=elsewhere)
    assert check.returncode == 0 and "ok:" in check.stdout, check.stdout + check.stderr
    explain = _run(zhnews, "explain", ARTICLE["text"], "--published", "2025-03-14", cwd=elsewhere)
    assert explain.returncode == 0 and "余承東" in explain.stdout, explain.stderr
    run = _run(zhnews, "run", "-", "--out", "out", cwd=elsewhere, input=json.dumps(ARTICLE, ensure_ascii=False))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "華為" in (elsewhere / "out" / "mentions.csv").read_text(encoding="utf-8-sig")
    spacy = _run(python, "-c", "import spacy; nlp = spacy.blank('zh'); nlp.add_pipe('zhnews');"
                 "print([e.text for e in nlp(%r).ents])" % ARTICLE["text"], cwd=elsewhere)
    assert spacy.returncode == 0 and "余承東" in spacy.stdout, spacy.stderr
