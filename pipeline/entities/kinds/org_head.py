"""Kind ``org_head``: organisation names ending in a head noun."""
from __future__ import annotations

from ...docview import char_class
from ... import memo
from ...registry import Option, entity_kinds
from ..common import NAME_TAGS, PROPER_TAGS, Candidate
from ._heads import NAME_PIECE_TAGS, UNIT_TAGS, clause_char, verb_word, extend_left, glued_clause, head_of, org_word, place_prefix, place_start


def _proper(ctx, k: int, i: int, head: str, alone: bool, strong: bool) -> bool:
    """A proper noun is among the name's words k..i-1, or the head word i is one on its own: a word
    jieba tags as a name or an organisation, or a dictionary word made of a place (and more) and a
    head noun (智利队/n, 沙特队/n, 中国交响乐团/n)."""
    tags, w, places = ctx.tags, ctx.words[i], ctx.lex.places
    deny = ctx.lex.acronym_deny
    if any(tags[t] in PROPER_TAGS and not (tags[t] == "eng" and ctx.words[t].upper() in deny)
           or t in ctx.gaz_tokens for t in range(k, i)):
        return True  # not a generic acronym (AI公司, IC设计公司: `acronym_deny`)
    return not alone and (tags[i] in ("nt", "nz", "x", "j", "ns") or w[:-len(head)] in places
                          or strong and len(w) >= 5 and place_prefix(w, places))


def _staffed(ctx, k: int, i: int, business: frozenset) -> bool:
    """Common nouns before a strong head name one organisation when a person's title follows the head
    (绿城/集团/董事长, 东风/派出所/民警): the title belongs to that organisation; a kind of business
    (保险/公司/董事长: `org_business_words`) stays generic."""
    j = i + 1
    if k == i or j >= len(ctx.words) or ctx.tags[j] != "n" or not ctx.lex.is_title(ctx.words[j]):
        return False
    if k > 0 and not ctx.sent_start[k] and ctx.tags[k - 1] in ("m", "r", "q", "mq"):
        return False  # 一位/大厂/研究院/负责人: a person described by a kind of organisation
    lex = ctx.lex
    return all(ctx.tags[t] in _BRAND_TAGS and ctx.words[t] not in business and ctx.words[t] not in lex.org_deny
               for t in range(k, i))


# tags of the common words that may make a brand before a strong head (绿城/n, 天正/nz, 链家/x)
_BRAND_TAGS = frozenset({"n", "nz", "x"})


def _local_place(ctx, k: int, levels: frozenset) -> bool:
    """Token k is a place word ending with an administrative level (杭州市, 长沙县, 浙江省: the last
    characters of `org_level_prefixes`), so a generic organisation word after it is that place's own."""
    w = ctx.words[k]
    return ctx.tags[k] == "ns" and len(w) >= 3 and w[-1] in levels


def setup(lex, lists, rules) -> dict:
    titles = [t for t in lex.person_titles if len(t) >= 2]
    return {"personal_heads": frozenset(lists["personal_org_heads"]),
            "title_finals": char_class(t[-1] for t in titles), "split_cache": {},
            "levels": frozenset(w for w in lists["org_level_prefixes"] if len(w) == 1),
            "numbers": frozenset("".join(lists["org_number_chars"])),
            "verbs": frozenset(lists["org_inner_verbs"]),
            "glue": frozenset("".join(lists["org_glue_chars"])),
            "determiners": frozenset(lists["org_determiners"]),
            "event_ends": tuple(lists.get("org_event_ends") or ()),
            "business": frozenset(lists["org_business_words"]),
            "legal": frozenset(lists["org_legal_forms"])}


@entity_kinds.register("org_head", phase="match", setup=setup, options=[
    Option("max_tokens", int, "words the name may take, head included", 7)],
    lists=["org_heads", "org_modifier_stop", "org_deny", "personal_org_heads", "places", "person_titles",
           "org_level_prefixes", "org_number_chars", "org_inner_verbs", "org_glue_chars", "org_determiners",
           "org_business_words", "org_legal_forms"],
    optional_lists=["org_event_ends"])
def org_head(ctx, rule, out, state: dict) -> None:
    """A name ending with a head noun of `org_heads` (公司, 集团, 银行, 大学, 研究院, 实验室, 委员会, 部, 局,
    队 …) extended left over proper-noun words, stopping at function words; an organisation word jieba
    knows whole (民进党/nt, 农委会/nt) extends only over places and other organisations, not over the verb
    before it (痛批民进党, 监督农委会); a dictionary word made of a place and a head (智利队) counts; a person
    title ending with a head (立委, 常委) is no organisation; a personal name (three-character unknown or
    name-tagged word with a common surname) at the left end is not taken in (局长陈志远/北城区规划局); a
    person's name before a word of `personal_org_heads` is the person's administration (克林顿政府): the
    person is the mention. A unit after an organisation belongs to it: a weak head (局, 科, 中心, 系) in a
    noun of three characters or more right after an organisation word (jieba `nt`, a gazetteer name, a
    word with a strong head: 卫生局/医政科, 江西省委/老干部局) or after a place (天津市/电话局), or alone when an organisation is among the
    words before it (广东发展银行/信用卡/中心); never a verb (司法部/举行, 世界卫生组织/主办). Words of the
    clause glued before a place that starts the name are left out (服务/北京银行, 战胜/中国香港女队,
    中外合资/杭州…公司; one-character words stay: 美国驻欧洲海军司令部). A number after a place or an
    organisation belongs to the name (沈阳市第三机床厂, 成都军区456医院); a generic organisation word
    of `org_deny` tagged `nt` names one after a place ending with a level of `org_level_prefixes`
    (杭州市人民政府, 深圳市商业银行; 中国商业银行 stays generic); a verb of `org_inner_verbs` inside a name
    that starts with a proper noun is part of it (北京华艺拍卖公司, 中国体育彩票发行管理中心); words glued before an organisation
    word or a head word starting with a place are left out as before a place (指导/清华大学…公司,
    逼平/比利时队); one word made of a place, more words and a strong head counts (中国交响乐团). An unknown
    word jieba made of a function character or a number and one more character never starts a name
    (这座/工厂, 二是/银行), nor does an unknown word of two characters the dictionary reads as clause words
    (prepositions, adverbs, locality words, verbs: 协议/上均/附有/银行, 邮电局/告上/法庭, 看别队), unless a place
    stands before it (中山市/互润/食品公司), nor one numeral character (揭阳/一/工厂 is a factory in Jieyang). A unit
    written with its head's title in one word is the unit (美国/财政部长 → 美国财政部; not 国务委员). An
    unknown word gluing a character of `org_glue_chars` to a level gives the level to the name (调任/为市/
    建材公司 → 市建材公司, 由市/纪委 → 市纪委) and never joins a name (八一队/之战/火车头队). A name right
    after a word of `org_determiners` (一家外国公司, 这家钢铁集团, 某红十字医院) is a kind, not one organisation; nor is a name whose last character opens a generic word with the unknown
    word after it (住建部/门要 is 住建部门, departments), nor a weak head of two characters right before a
    generic word of `org_deny` (中国/科技/企业: tech companies); nor a word ending like a meeting, a show
    or games (`org_event_ends`: 新年/音乐会, 全国/八运会, 六中全会), nor a gazetteer organisation right after
    another one (工联会/立法会/议员: two organisations)."""
    lex = ctx.lex
    personal_heads = state["personal_heads"]
    words, tags = ctx.words, ctx.tags
    max_tokens = int(rule.params.get("max_tokens", 7))
    heads, lengths, finals = lex.org_heads, lex.org_head_lengths, lex.org_head_finals
    org_head_cache = lex.org_head_cache
    for i in ctx.last_in(lex.org_final_chars):
        w = words[i]
        head = org_head_cache.get(w, False)
        if head is False:
            if len(org_head_cache) >= memo.ORG_HEADS:
                org_head_cache.clear()
            head = org_head_cache[w] = head_of(w, heads, lengths, finals)
        if head is None or w.endswith(state["event_ends"]) or _two_names(ctx, i, out):
            continue
        reading = _head_word(ctx, i, head, state)
        if reading is None:
            continue
        alone, strong, unit = reading
        tag = tags[i]
        k = extend_left(ctx, i, max_tokens, whole=not alone and tag == "nt", numbers=state["numbers"],
                        verbs=state["verbs"], glue=state["glue"])
        if unit and not any(org_word(ctx, t) or tags[t] == "ns" for t in range(k, i)):
            continue  # a weak head inside a word: a unit of an organisation (卫生局/医政科) or of a place
            # (天津市/电话局, 澳门特别行政区/筹委会) before it
        while k < i - 1 and lex.name_word(ctx, k):
            k += 1  # 王耀强/乌审旗/建设局: a person's name written before an organisation is not part of it
        if _titled_name(ctx, k, i) or _person_span(ctx, k, i, strong):
            continue  # 副司长/周望/军, 陈后/军: a surname and a given name read with a weak head, a person
        k = place_start(ctx, k, i, state["levels"])
        k = _after_bare_head(ctx, k, i)
        if i - k >= 2 and tags[k] in ("n", "vn") and tags[k + 1] == "x" and len(words[k + 1]) >= 2 \
                and k not in ctx.gaz_tokens and words[k] not in lex.places:
            k += 1  # 承办方/富龙/集团, 对象/美联/银行: a common noun before the brand is the clause's role word
        if k < i and k > 0 and ctx.lengths[k] == 1 and tags[k - 1] in ("nr", "nrfg", "nrt") and tags[k] != "ns":
            k += 1  # 副台长王子/nr 瑶/j 管理学院: the last character of a name cut off, not the organisation's
        if alone and k == i:
            continue
        if alone and not strong and (tag not in ("n", "ng", "nt", "nz", "j") or (
                tags[i - 1] not in PROPER_TAGS or tags[i - 1] in ("nr", "nrfg", "nrt"))
                and not any(org_word(ctx, t) for t in range(k, i))
                and not (tag == "j" and i - k >= 3 and tags[k] == "ns")):
            # 丁东/nr 所/c 言: a weak head alone needs a noun reading and a non-person modifier, or an
            # organisation before it (广东发展银行/信用卡/中心 is a unit of the bank), or a place and two
            # words before it when jieba reads the head as an abbreviation (中国/开源/智能/联盟/j)
            continue
        if head in personal_heads and i > 0 and tags[i - 1] in ("nr", "nrt", "nrfg"):
            continue  # 克林顿政府: the person's administration; the mention is the person
        if not _proper(ctx, k, i, head, alone, strong) and not (strong and _staffed(ctx, k, i, state["business"])) \
                and not (head in state["legal"] and i - k >= 2):  # 星河/动力/航天/科技/有限公司: a registered name
            continue
        if k > 0 and not ctx.sent_start[k] and (words[k - 1] in state["determiners"]
                                                 or tags[k - 1] == "x" and words[k - 1][:2] in state["determiners"]):
            continue  # 一家外国公司, 这家钢铁集团: a kind of organisation, not one named
        start, end = _glued_level(ctx, k, state, i), ctx.ends[i]
        text, n = ctx.text, len(w)
        if text[start:end] in lex.org_deny or text[end - n - 1:end] in lex.org_deny:
            continue  # 常德/市中心: a generic word across the words' boundary
        out.append(Candidate(start, end, rule.label, rule.id, rule.priority))
    _before_titles(ctx, rule, out, state, max_tokens)


def _two_names(ctx, i: int, out: list) -> bool:
    """Word i is a whole gazetteer organisation right after another whole one: two organisations
    written side by side (工联会/立法会/议员: a party's legislator), not one name."""
    gaz = ctx.gaz_tokens
    if i == 0 or i not in gaz or i - 1 not in gaz or ctx.sent_start[i]:
        return False
    start, end = ctx.starts[i], ctx.ends[i]
    spans = {(c.start, c.end) for c in out if c.label == "ORG" and c.rule_id.startswith("gazetteer")}
    return (start, end) in spans and any(e == start for _s, e in spans)


def _head_word(ctx, i: int, head: str, state: dict) -> tuple[bool, bool, bool] | None:
    """How word i, which ends with the org head ``head``, can end a name: (alone: the word is the head
    or a generic organisation word, strong: a strong head, unit: a weak head inside a longer word, a
    unit of what stands before it); None when it ends none (a generic word, a title, clause characters
    glued to the head)."""
    lex, words, tags = ctx.lex, ctx.words, ctx.tags
    heads, lengths, finals = lex.org_heads, lex.org_head_lengths, lex.org_head_finals
    w, tag = words[i], tags[i]
    strong = heads[head] == "strong"
    alone = len(w) == len(head)
    if not alone and w in lex.org_deny or not strong and _verb_end(w, head, lex):
        if tag != "nt" or i == 0 or not (_local_place(ctx, i - 1, state["levels"]) or tags[i - 1] == "b" and i > 1
                                         and _local_place(ctx, i - 2, state["levels"])):  # 海口市/中级/人民法院
            return None  # 率队, 带队, 中国/商业银行: generic, not one organisation
        alone = True  # 人民政府/nt, 商业银行/nt: generic alone, a name after a city (杭州市人民政府)
    if not alone and (w in lex.person_titles or len(w) > 3 and w[-2:] in lex.person_titles):
        return None  # 立委 (a legislator), 常委, 中央政治局常委: a person's title, not an organisation
    if tag == "x" and (glued_clause(w[:-len(head)], lex.given_chars) or len(w) == 2 and clause_char(w[0])
                       and (i == 0 or ctx.sent_start[i] or tags[i - 1] not in NAME_PIECE_TAGS)):
        return None  # 看别队/x, 随团/x: clause characters glued to a head, no name (尼美/根队 is one)
    if i + 1 < len(words) and tags[i + 1] == "x" and not ctx.sent_start[i + 1] \
            and w[-1] + words[i + 1][0] in lex.org_deny:
        return None  # 住建部/门要/x: the head's last character opens a generic word (部门)
    if not strong and len(head) > 1 and tag not in ("nt", "j") and i + 1 < len(words) \
            and not ctx.sent_start[i + 1] and words[i + 1] in lex.org_deny \
            and head_of(words[i + 1], heads, lengths, finals) is None:
        return None  # 中国/科技/企业: a weak head modifying a generic word (tech companies), no name
    unit = not alone and not strong and tag not in ("nt", "j")
    if unit and (len(w) < 3 or tag not in UNIT_TAGS):
        return None
    return alone, strong, unit


def _titled_name(ctx, k: int, i: int) -> bool:
    """A person's title (a word of `person_titles` or ending with one: 副司长, 省委书记) stands among
    tokens k..i-1 and what follows it is a name: three characters at most starting with a surname of
    `surnames.tsv`, its first word an unknown or name-tagged one (发改委/价格司/副司长/周望/军 is an
    official and his name, not an organisation; the organisation before the title is found on its own).
    A title followed by more words names the members of an organisation (高级公务员协会, 青年教师艺术团)
    and stays in it, and so does a unit after it (公安交通警察/支队)."""
    lex = ctx.lex
    for t in range(i - 1, k - 1, -1):
        w = ctx.words[t]
        if len(w) >= 2 and t not in ctx.gaz_tokens and ctx.tags[t] != "nt" and w not in lex.org_heads \
                and lex.is_title(w):
            name = ctx.text[ctx.ends[t]:ctx.ends[i]]
            return 2 <= len(name) <= 3 and ctx.tags[t + 1] in NAME_TAGS \
                and (name[0] in lex.surnames or name[:2] in lex.surnames)
    return False


def _person_span(ctx, k: int, i: int, strong: bool) -> bool:
    """Tokens k..i, a weak head alone after an unknown word, read as a Chinese personal name: three
    characters starting with a common surname (`surnames.tsv`) and ending with a given-name character
    (`given_name_chars`), the given name made of given-name characters (none of `not_given_chars`), or a
    title right before it (副司长/周望/军), or the name standing alone between separators, as in a list
    of names (、陈后/军，); none of its words a gazetteer name."""
    lex = ctx.lex
    start, end = ctx.starts[k], ctx.ends[i]
    name = ctx.text[start:end]
    if strong or len(name) != 3 or i - k != 1 or len(ctx.words[i]) != 1 or ctx.tags[k] not in ("x", "nr", "nrfg"):
        return False
    if lex.surnames.get(name[0]) != 1.0 or name[2] not in lex.given_chars or name in lex.person_deny:
        return False
    if k in ctx.gaz_tokens or i in ctx.gaz_tokens or lex.translit.issuperset(name):
        return False
    if lex.given_chars.issuperset(name[1:]) and lex.not_given.isdisjoint(name[1:]) or lex.title_before(ctx, k):
        return True
    return _separated(ctx, k - 1) and _separated(ctx, i + 1)


def _separated(ctx, t: int) -> bool:
    """Token t is outside the sentence or a separator (punctuation, space): nothing glued to the name."""
    return t < 0 or t >= len(ctx.words) or not ctx.words[t][:1].isalnum()


def _verb_end(w: str, head: str, lex) -> bool:
    """``w`` ends with a verb of `org_deny` closing with a one-character head (同步进行/j, 列车运行; not
    美国/国会, nor a bank's three-character abbreviation: 广发行)."""
    return len(head) == 1 and len(w) > 3 and w[-2:] in lex.org_deny and verb_word(w[-2:])


def _after_bare_head(ctx, k: int, i: int) -> int:
    """The name's first token when a bare head word among tokens k..i-2 stands right before an unknown
    word and only common words before it (虚拟/银行/汇霆/x 银行): the head word closes the kind (a virtual
    bank), the name starts after it."""
    heads = ctx.lex.org_heads
    for t in range(i - 2, k - 1, -1):
        if ctx.words[t] in heads and ctx.tags[t] == "n" and ctx.tags[t + 1] == "x" and not any(
                ctx.tags[q] in PROPER_TAGS or q in ctx.gaz_tokens for q in range(k, t + 1)):
            return t + 1  # not after a proper noun: 山东/宝泉/集团/罗蒙… is one name
    return k


def _glued_level(ctx, k: int, state: dict, i: int = -1) -> int:
    """Where the name starting at token k starts: before it, an unknown word made of a glue character
    and an administrative level (为市/建材公司, 由市/纪委, 位镇/党委) gives its level to the name; an
    unknown first word of three characters or more (k < ``i``, the head word) starting with a glue
    character starts after it (记者/从栖光/x 科技)."""
    if k > 0 and not ctx.sent_start[k] and ctx.tags[k - 1] == "x":
        w = ctx.words[k - 1]
        if len(w) == 2 and w[0] in state["glue"] and w[1] in state["levels"]:
            return ctx.starts[k - 1] + 1
    w = ctx.words[k]
    if k < i and ctx.tags[k] == "x" and len(w) >= 3 and w[0] in state["glue"]:
        return ctx.starts[k] + 1
    return ctx.starts[k]


def _before_titles(ctx, rule, out, state: dict, max_tokens: int) -> None:
    """An organisation written inside one word with the title after it (玉林/市委书记, 沭阳/县委副书记):
    the head part is the organisation's head, its name starts with the proper nouns before the word;
    a unit written with its own head's title (外交部长, 美国/财政部长) is the unit (外交部, 美国财政部),
    alone too."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    cache = state["split_cache"]
    for i in ctx.view.last_in(state["title_finals"]):
        w = words[i]
        if len(w) < 3:
            continue
        head = cache.get(w, False)
        if head is False:
            if len(cache) >= memo.TITLE_SPLITS:
                cache.clear()
            split = _title_split(w, lex)
            head = cache[w] = (split, False) if split else (_unit_title_split(w, lex), True)
        head, alone_ok = head
        if head is None:
            continue
        k = extend_left(ctx, i, max_tokens, glue=state["glue"]) if i else i
        k = place_start(ctx, k, i)
        start = _glued_level(ctx, k, state)  # 位镇/党委书记 → 镇党委
        if (k == i or not any(tags[t] in PROPER_TAGS for t in range(k, i))) and not alone_ok \
                and start == ctx.starts[k]:
            continue  # 市委书记 alone: whose? 外交部长 alone names the ministry
        out.append(Candidate(start, ctx.starts[i] + len(head), rule.label, rule.id, rule.priority))


def _unit_title_split(w: str, lex) -> str | None:
    """The unit a word starts with when it ends with its head's own title (外交部|长, 财政部|长, 公安局|长):
    a title of two characters starting with a one-character weak head, after a name of two characters
    or more that has no head of its own (not 法院|院长)."""
    title, org = w[-2:], w[:-1]
    if len(w) < 4 or title not in lex.person_titles or lex.org_heads.get(title[0]) != "weak" \
            or title[-1] in lex.title_suffixes:
        return None  # 国务委员: a member (`title_suffix_chars`), not the head of a unit
    if org in lex.org_deny or head_of(w[:-2], lex.org_heads, lex.org_head_lengths, lex.org_head_finals):
        return None
    return org


def _title_split(w: str, lex) -> str | None:
    """The strong organisation head a word starts with when the rest is a person title (市委|书记)."""
    for length in lex.title_lengths:
        if 2 <= length < len(w) - 1 and w[-length:] in lex.person_titles:
            head = w[:-length]
            if lex.org_heads.get(head) == "strong" and head not in lex.person_titles:
                return head
    return None
