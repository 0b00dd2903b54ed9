"""Write ``rules/entities/lists/glued_tail_chars.txt``: one-character verbs and function words that are
rarely the last character of a Chinese name, from jieba's bundled dictionary (MIT).

    .venv/bin/python benchmarks/make_glued_tail_chars.py [--min-odds 2.0] [--min-freq 2000] [--out FILE]

For each character: its frequency as a one-character word tagged as a verb, preposition, adverb,
locality, conjunction, particle, pronoun, measure word or adjective, against how often it ends a
two- or three-character dictionary name (tag ``nr``) with a common surname from ``surnames.tsv``.
Characters of ``given_name_chars.txt`` stay out. Deterministic: same jieba, same file.
"""
from __future__ import annotations

import argparse
import math
import os
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT / "rules" / "entities" / "lists"
WORD_TAGS = "vpdfcurqa"  # first letter of the jieba tags counted as a one-character word


def read_chars(path: Path) -> set[str]:
    return {ch for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#") for ch in line.split("\t")[0].replace(" ", "")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-odds", type=float, default=2.0)
    parser.add_argument("--min-freq", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=LISTS / "glued_tail_chars.txt")
    args = parser.parse_args()
    import jieba

    common = {line.split("\t")[0] for line in (LISTS / "surnames.tsv").read_text(encoding="utf-8").splitlines()
              if not line.startswith("#") and line.rstrip().endswith("common")}
    given = read_chars(LISTS / "given_name_chars.txt")
    final, single = Counter(), Counter()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            word, freq, tag = line.split()
            if tag == "nr" and len(word) in (2, 3) and word[0] in common:
                final[word[-1]] += 1
            elif len(word) == 1 and tag[0] in WORD_TAGS:
                single[word] += int(freq)
    n_final, n_single = sum(final.values()), sum(single.values())
    chosen = sorted(c for c, f in single.items()
                    if f >= args.min_freq and c not in given
                    and math.log((f / n_single) / ((final[c] + 0.5) / n_final)) >= args.min_odds)
    header = ("# One-character verbs and function words rarely ending a Chinese name (written by\n"
              "# benchmarks/make_glued_tail_chars.py from jieba's dictionary: frequent as a word of their own,\n"
              f"# rare as the last character of a dictionary name; --min-odds {args.min_odds} --min-freq {args.min_freq}).\n"
              "# An unknown word of a surname, a given name and one of these (郑明是, 林小东看) is the name\n"
              "# with the next word glued on. Characters of given_name_chars.txt are left out.\n")
    body = "\n".join(" ".join(chosen[k:k + 40]) for k in range(0, len(chosen), 40))
    args.out.write_text(header + body + "\n", encoding="utf-8")
    print(len(chosen), "characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
