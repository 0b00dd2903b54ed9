"""The install cannot depend on the day: the lock holds every requirement of every locked package.

``make install`` installs the lock with ``--no-deps`` (pip resolves nothing), so a requirement the
lock misses would only show up as a broken import on a user's machine. These tests read the
metadata of the installed distributions and check each of their requirements, extras and
environment markers included, against the pins in ``requirements.lock``."""
from __future__ import annotations

import importlib.metadata as md
import re
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", re.M)


def locked_pins(text: str) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in _PIN.findall(text)}


def unmet_requirements(pins: dict[str, str], requires_of, roots: list[tuple[str, frozenset[str]]]) -> list[str]:
    """Walk the requirements from ``roots`` (name, extras asked for) through ``requires_of(name)``
    (the requirement strings a distribution declares); return every one the pins do not satisfy."""
    environment = default_environment()
    problems: list[str] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = list(roots)
    while todo:
        name, extras = todo.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        for line in requires_of(name) or ():
            req = Requirement(line)
            # a requirement applies when its marker holds with no extra or with one of the extras asked for
            if req.marker is not None and not any(
                    req.marker.evaluate({**environment, "extra": extra}) for extra in ("", *extras)):
                continue
            dep = canonicalize_name(req.name)
            if dep not in pins:
                problems.append(f"{name} needs {req} ({dep} is not in the lock)")
            elif not req.specifier.contains(pins[dep], prereleases=True):
                problems.append(f"{name} needs {req}, the lock pins {dep}=={pins[dep]}")
            else:
                todo.append((dep, frozenset(req.extras)))
    return sorted(set(problems))


def _installed_requires(name: str) -> list[str] | None:
    return md.distribution(name).requires


def test_every_requirement_of_every_locked_package_is_locked():
    pins = locked_pins(LOCK.read_text(encoding="utf-8"))
    assert "spacy" in pins and "smart-open" in pins
    # zhnews itself with the extra the lock is compiled for, then everything it pulls in
    roots = [("zhnews", frozenset({"test"}))] + [(name, frozenset()) for name in pins]
    assert unmet_requirements(pins, _installed_requires, roots) == []


def test_installed_versions_are_the_locked_ones():
    pins = locked_pins(LOCK.read_text(encoding="utf-8"))
    wrong = {name: md.version(name) for name, version in pins.items() if md.version(name) != version}
    assert wrong == {}


def test_an_extra_the_lock_misses_is_reported():
    """The check itself: smart-open[http] pulls in requests; a lock without it must fail."""
    requires = {"weasel": ["smart-open[http]>=5.2.1"],
                "smart-open": ["wrapt", 'requests; extra == "http"', 'boto3; extra == "s3"']}
    pins = {"weasel": "1.0.1", "smart-open": "9.0.2", "wrapt": "1.17.0"}
    problems = unmet_requirements(pins, requires.get, [("weasel", frozenset())])
    assert problems == ['smart-open needs requests; extra == "http" (requests is not in the lock)']
    pins["requests"] = "2.32.0"
    assert unmet_requirements(pins, requires.get, [("weasel", frozenset())]) == []
    pins["smart-open"] = "4.0.0"
    assert unmet_requirements(pins, requires.get, [("weasel", frozenset())]) == [
        "weasel needs smart-open[http]>=5.2.1, the lock pins smart-open==4.0.0"]


BENCH_LOCK = ROOT / "benchmarks" / "requirements-bench.lock"


def test_the_benchmark_lock_keeps_the_main_locks_versions_and_hashes_every_pin():
    """`make bench-dates` installs benchmarks/requirements-bench.lock into the same venv with
    --no-deps --require-hashes: a package both locks hold must have one version (else the bench
    install would change the pipeline's), and every pin needs a hash or pip refuses the file."""
    main_pins = locked_pins(LOCK.read_text(encoding="utf-8"))
    bench_text = BENCH_LOCK.read_text(encoding="utf-8")
    bench_pins = locked_pins(bench_text)
    assert "jionlp" in bench_pins
    differ = {name: (version, main_pins[name]) for name, version in bench_pins.items()
              if name in main_pins and main_pins[name] != version}
    assert differ == {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", bench_text.strip()):
        if _PIN.match(block):
            assert "--hash=sha256:" in block, block.splitlines()[0]
