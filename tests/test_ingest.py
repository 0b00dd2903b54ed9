"""Ingest: encodings, metadata sources and every kind of bad file, on real files."""
from __future__ import annotations

import codecs

import pytest

from zhnews.ingest import decode, discover, read_document, read_manifests, split_front_matter

ARTICLE_S = "百度研究院前科学家李明远宣布创立澜舟智算，公司于今年2月完成首轮融资。"
ARTICLE_T = "前百度研究院科學家李明遠宣布創立瀾舟智算，公司於今年2月完成首輪融資。"


@pytest.mark.parametrize("encoding,text,expected", [
    ("utf-8", ARTICLE_S, "utf-8"),
    ("utf-8-sig", ARTICLE_S, "utf-8-sig"),
    ("utf-16", ARTICLE_T, "utf-16"),
    ("gb18030", ARTICLE_S, "gb18030"),
    ("big5", ARTICLE_T, "big5"),
])
def test_decode_detects_encoding(encoding, text, expected):
    body = (text + "\n") * 3
    decoded, name, warning = decode(body.encode(encoding))
    assert decoded == body
    assert name == expected
    assert warning == ""


def test_gbk_text_is_not_mistaken_for_big5_and_vice_versa():
    assert decode((ARTICLE_T * 2).encode("big5"))[1] == "big5"
    assert decode((ARTICLE_S * 2).encode("gbk"))[1] == "gb18030"


def test_truncated_utf8_is_partial_not_lost():
    data = (ARTICLE_S * 2).encode("utf-8")[:-2]  # cut inside the last character
    text, name, warning = decode(data)
    assert name == "utf-8" and "truncated" in warning
    assert text.startswith(ARTICLE_S) and text.endswith("\ufffd")


@pytest.mark.parametrize("data,words", [
    (b"%PDF-1.7\n\x00\x01binary", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (bytes(range(256)) * 4, "binary"),
])
def test_binary_files_are_refused_with_reason(data, words):
    with pytest.raises(ValueError, match=words):
        decode(data)


def test_random_high_bytes_are_undecodable():
    data = bytes([0xFF, 0xFE, 0xFD, 0x81, 0x30]) * 50 + b"\x80\x80\xff"
    with pytest.raises(ValueError, match="undecodable|binary"):
        decode(b"x" + data)


def test_front_matter_parsed_and_body_offset(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("---\ntitle: 标题\npublished: 2025-03-14 09:30\nsource: 经济日报\n---\n" + ARTICLE_S, encoding="utf-8")
    doc = read_document(path, tmp_path)
    assert doc.status == "ok"
    assert doc.metadata == {"title": "标题", "published": "2025-03-14", "source": "经济日报"}
    assert doc.text[doc.body_start:] == ARTICLE_S


def test_broken_front_matter_fails_with_line_and_fix(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("---\ntitle: 标题\npublished: [2025\n---\n" + ARTICLE_S, encoding="utf-8")
    doc = read_document(path, tmp_path)
    assert doc.status == "failed"
    assert "front matter" in doc.error and "line" in doc.error


def test_unclosed_front_matter(tmp_path):
    meta, start, error = split_front_matter("---\ntitle: x\n" + ARTICLE_S)
    assert start == 0 and "never closed" in error


def test_bad_published_date_is_partial(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("---\npublished: 下周\n---\n" + ARTICLE_S, encoding="utf-8")
    doc = read_document(path, tmp_path)
    assert doc.status == "partial" and "published" in doc.error and "published" not in doc.metadata


def test_manifest_supplies_metadata_and_front_matter_wins(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE_S, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text("---\ntitle: 前言标题\n---\n" + ARTICLE_S, encoding="utf-8")
    (tmp_path / "sub" / "manifest.csv").write_text(
        "path,title,source,url,published,author\na.txt,标题A,来源A,http://x/a,2024-05-06,作者A\n"
        "b.txt,清单标题,来源B,,2024/5/7,\n", encoding="utf-8")
    manifest, problems = read_manifests(tmp_path)
    assert problems == []
    a = read_document(tmp_path / "sub" / "a.txt", tmp_path, manifest["sub/a.txt"])
    b = read_document(tmp_path / "sub" / "b.txt", tmp_path, manifest["sub/b.txt"])
    assert a.metadata["published"] == "2024-05-06" and a.metadata["author"] == "作者A"
    assert b.metadata["title"] == "前言标题" and b.metadata["published"] == "2024-05-07"


def test_discover_skips_readme_manifest_and_hidden(tmp_path):
    for name in ("a.txt", "b.md", "README.md", "manifest.csv", "c.html", "d.jsonl", "e.pdf", ".cache/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(ARTICLE_S, encoding="utf-8")
    assert [p.name for p in discover(tmp_path)] == ["a.txt", "b.md", "c.html", "d.jsonl"]


def test_doc_id_is_stable_across_edits(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE_S, encoding="utf-8")
    first = read_document(path, tmp_path)
    path.write_text(ARTICLE_S + "补充。", encoding="utf-8")
    second = read_document(path, tmp_path)
    assert first.doc_id == second.doc_id and first.content_hash != second.content_hash


def test_oversized_and_empty_files_fail_with_reason(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("新" * 400, encoding="utf-8")
    assert "limit" in read_document(big, tmp_path, max_bytes=1000).error
    empty = tmp_path / "empty.txt"
    empty.write_bytes(codecs.BOM_UTF8 + b"  \n")
    doc = read_document(empty, tmp_path)
    assert doc.status == "failed" and "empty" in doc.error
