"""Find administrative regions in a document and decide which region it is about.

``extract_regions(doc, gazetteer)`` scans every sentence (Simplified text) for gazetteer
surface forms and returns :class:`RegionResult`: one REGION :class:`Mention` per linked span,
the home region, and the gazetteer records of every region used plus their ancestors.

Matching (per sentence, left to right, longest first)
-----------------------------------------------------
At each position the longest surface form that passes the *local* checks wins and its span is
consumed; if it fails them, the next shorter form starting there is tried. Local checks:

* a short form (威海, 淄川) is rejected inside a longer dictionary word that is not about the
  place (the gazetteer's per-region ``blockers``: 三明治, 长治久安, 北京大学, 提高县 …) and
  before a street word (中山路, 北京街, 人民大道);
* a name ending in 市 is rejected before 场/民 but not 民政 (上海市场 → 上海, 威海市民 → 威海,
  威海市民政局 stays), one ending in 区/县 before 域
  (河北区域 → 河北, 淄川区域 → 淄川);
* relative words (全市, 我区 …) are rejected in 市场/区域 and after a character that makes a
  word with their first character (安全区, 日本市场).

Which forms count
-----------------
* **strong**: full names of three or more characters (威海市, 环翠区), historical/colloquial
  aliases (襄樊市, 大理州), and short forms of provinces and prefecture cities (山东, 威海).
  The gazetteer only offers short forms that are at least two characters long, are not
  development-zone nicknames (高新区, 经开区), not generic place words (城东, 河西, 江北, 南山)
  and not on a reviewed list of ordinary words (和平, 东方, 公安, 西湖 …).
* **weak** (need support): short forms of counties (淄川, 芝罘, 荣成) and two-character
  county names with a one-character stem (涉县, 高县, 芒市). They count only when the county
  itself or its parent (city, or province for 省直辖县) is already in the document context.
* **towns** (昆仑镇, 张村街道) only with their suffix, and only when their county is linked in
  the document (or is the home region): town names repeat all over China.
* **generic** names that are also ordinary words (城区, 郊区, 矿区, 东区, 新城区, 口镇) only
  right after their parent (阳泉市城区).
* **lists**: in 昆仑、双杨、洪山、寨里镇 the stems listed before a linked town share its
  suffix: each is linked when stem + suffix is a town of the same county.
* **chain**: a name right after a linked region that is one of its ancestors is resolved
  below it (河北省邯郸市涉县, 广州市天河区, 北京市朝阳区), whatever its kind.

Ambiguity (朝阳区, 鼓楼区, 寨里镇 …)
----------------------------------
1. Anchors: every strong form with a single candidate, and every chain, is linked first.
   The *context* is the multiset of those regions and all their ancestors.
2. Each remaining match keeps the candidates that are allowed (weak ones with support, towns
   with their county linked). A single candidate is linked. Otherwise each candidate scores
   the deepest level (province 1, city 2, county 3, town 4) it shares with the context, and
   the context count of that shared region; the best wins only if its depth is higher than
   every other candidate's, or the depth is equal and its count at least twice theirs. A tie,
   or no shared ancestry at all, drops the match: precision over recall.
3. After the home region is known its lineage joins the context and step 2 runs again for
   what is still unresolved (towns of the home county, weak shorts).

Home region
-----------
1. ``doc.publisher`` and ``doc.title`` are scanned the same way (there a weak form that
   names a single place also counts: 涉县教育体育局); the deepest region found there (county
   over city over province; publisher first on a tie) is the home.
2. Otherwise every linked region and its ancestors gets a score: the mentions of it, each
   weighted ``1 + 2 / (1 + sentence index)`` (so the opening sentences count more; a region
   written as the prefix of its descendant, 广州市 in 广州市天河区, gets no mention credit),
   plus a quarter of the weight of mentions of its descendants, plus 0.5 for every relative word
   whose suffix its name ends with (全市 → …市, 全区 → …区). The highest score wins, ties to
   the deeper region then the smaller code; but when the winner's name fits none of the
   report's relative words and a deeper region's does, the best of those deeper regions wins
   (a 区 report names its province at the head of every title it won: 广东省首批…试点区).
   Two regions of one level tied at the top mean a report on several places (海南、辽宁、
   陕西… named alike): it has no home.

Relative mentions
-----------------
我市/全市/本市, 我区/全区/本区, 我县/全县/本县, 我省/全省/本省 (and 州/旗/盟) become
mentions of the nearest region in the home's lineage — the home itself first — whose name ends
with that suffix: in a 淄川区 report 全区 is 淄川区 and 全市 is 淄博市; in a 荣成市 report 我市 is
荣成市; in a 海淀区 report 全市 is 北京市; 全省 is the province (全区 in a 南宁市 report is 广西壮族
自治区). If no region of the lineage fits, the relative word is not linked.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..gazetteer import FORM_GENERIC, FORM_NAME, FORM_SHORT, Gazetteer
from ..layout import states_facts
from ..records import REGION, UNNAMED_KEY, CleanDocument, Mention, RegionInfo

SUBCLASS = {"country": "Country", "province": "Province", "city": "City", "county": "County",
            "town": "Town"}
# A report is never "about" a town or a foreign country as a whole: a town is too small to
# publish one, and a country named in it is a partner (越南—班·墨学院), not the publisher.
NOT_HOME = ("town", "country")
RANK = {"province": 1, "city": 2, "county": 3, "town": 4}

RELATIVE_SUFFIXES = "市区县省州旗盟"
RELATIVE_WORDS = {p + s: s for s in RELATIVE_SUFFIXES for p in "我全本"}
# 全 / 本 / 我 preceded by one of these makes another word (安全区, 日本市场, 自我…).
RELATIVE_LEFT_BLOCK = {
    "全": set("安完健齐周保成十万双"),
    "本": set("日基资成根样课剧版账文原书蓝范读脚标副"),
    "我": set("自忘"),
}
STREET_WORDS = ("路", "街", "大道", "大街", "巷", "胡同")
WHITESPACE = set(" \t\u3000\u00a0")
TOWN_SUFFIXES = ("街道", "镇", "乡", "苏木")
LIST_SEPARATORS = "、和及与"
LIST_ITEM_MAX = 6


@dataclass(frozen=True)
class RegionResult:
    """What the region stage found in one document."""

    mentions: tuple[Mention, ...] = ()
    home: str | None = None                  # code/key of the region the report is about
    regions: tuple[RegionInfo, ...] = ()     # every region used, plus ancestors, by code


@dataclass
class _Match:
    sentence: int
    start: int
    end: int
    surface: str
    entries: tuple[tuple[str, str], ...]     # (code, form) readings; () for 全市 …
    relative: str | None = None               # suffix character of a relative word
    code: str | None = None                   # resolved region
    prev: _Match | None = field(default=None, repr=False)   # the match right before it


# ------------------------------------------------------------------------------ scan

def _blocked(text: str, i: int, j: int, words: tuple[str, ...]) -> bool:
    surface = text[i:j]
    for word in words:
        k = word.find(surface)
        while k >= 0:
            s = i - k
            if s >= 0 and text.startswith(word, s):
                return True
            k = word.find(surface, k + 1)
    return False


def _local_entries(text: str, i: int, j: int, entries, gz: Gazetteer):
    """The entries for text[i:j] that survive the position-local checks."""
    surface = text[i:j]
    after = text[j:j + 2]
    last = surface[-1]
    if last == "市" and after[:1] in ("场", "民") and after != "民政":   # 市场, 市民, not 市民政局
        return ()
    if last in "区县" and after[:1] == "域":
        return ()
    kept = []
    for code, form in entries:
        if form == FORM_SHORT or (form == FORM_NAME and len(surface) == 2):
            if after.startswith(STREET_WORDS) and form == FORM_SHORT:
                continue
            if form == FORM_SHORT and last in "东西" and after[:1] in "南北":
                continue                # 湘西|北, 鲁西|南: a compass direction, not 湘西
            blockers = gz.blockers(code)
            if blockers and _blocked(text, i, j, blockers):
                continue
        kept.append((code, form))
    return tuple(kept)


def _relative_ok(text: str, i: int, j: int) -> bool:
    after = text[j:j + 1]
    if after in ("场", "域"):
        return False
    if i > 0 and text[i - 1] in RELATIVE_LEFT_BLOCK.get(text[i], ()):
        return False
    return True


def _overlapping_full_name(text: str, i: int, j: int, index) -> int | None:
    """Where a full name starts inside the short form text[i:j] and runs past it, if one
    does: a short form that cuts a full name in two is a chance reading (和|龙门镇)."""
    for k in range(i + 1, j):
        for end in index.starts(text, k):
            if end > j and any(f == FORM_NAME for _, f in index.forms[text[k:end]]):
                return k
    return None


def _scan(text: str, sentence: int, gz: Gazetteer) -> list[_Match]:
    index = gz.surface_index
    forms, heads = index.forms, index.heads
    out: list[_Match] = []
    n = len(text)
    i = 0
    prev: _Match | None = None
    while i < n:
        chosen = None
        rel = text[i:i + 2]
        if rel not in heads and text[i] not in forms and rel not in RELATIVE_WORDS:
            i += 1          # nothing can start here (most positions): skip index.starts
            continue
        if rel in RELATIVE_WORDS and _relative_ok(text, i, i + 2):
            chosen = _Match(sentence, i, i + 2, rel, (), relative=RELATIVE_WORDS[rel])
        ends = index.starts(text, i)
        for j in reversed(ends):
            if chosen is not None and j <= chosen.end:
                break
            entries = _local_entries(text, i, j, forms[text[i:j]], gz)
            if entries:
                chosen = _Match(sentence, i, j, text[i:j], entries)
                break
        if chosen is None:
            i += 1
            continue
        if chosen.entries and all(f == FORM_SHORT for _, f in chosen.entries):
            later = _overlapping_full_name(text, i, chosen.end, index)
            if later is not None:
                i = later       # 和龙|门镇: the conjunction 和 and the town 龙门镇, not 和龙
                continue
        # the previous match counts as "right before" when only whitespace separates them
        if prev is not None and all(ch in WHITESPACE for ch in text[prev.end:i]):
            chosen.prev = prev
        out.append(chosen)
        prev = chosen
        i = chosen.end
    return out


# --------------------------------------------------------------------------- resolve

class _Resolver:
    def __init__(self, gz: Gazetteer) -> None:
        self.gz = gz
        self.context: Counter[str] = Counter()   # linked regions and ancestors, with counts
        self.linked: set[str] = set()            # regions linked directly

    def add(self, code: str) -> None:
        self.linked.add(code)
        self.context.update(self.gz.lineage(code))

    def _kind(self, code: str, form: str, surface: str) -> str:
        level = self.gz.level(code)
        if form == FORM_GENERIC:
            return "generic"
        if level == "town":
            return "town"
        if level == "country":      # guarded by its blockers; no Chinese place shares a name
            return "strong"
        if form == FORM_SHORT:
            return "strong" if level in ("province", "city") else "weak"
        if len(surface) <= 2:
            return "weak"
        return "strong"

    def chain(self, m: _Match) -> str | None:
        p = m.prev
        if p is None or p.code is None:
            return None
        codes = {c for c, _ in m.entries if p.code in self.gz.lineage(c)[1:]}
        return codes.pop() if len(codes) == 1 else None

    def anchor(self, m: _Match) -> str | None:
        """A strong form with a single candidate (ignoring generic readings)."""
        codes = {c for c, f in m.entries if f != FORM_GENERIC}
        if len(codes) != 1:
            return None
        code = next(iter(codes))
        kinds = {self._kind(c, f, m.surface) for c, f in m.entries if c == code}
        return code if "strong" in kinds else None

    def allowed(self, code: str, kind: str) -> bool:
        if kind == "strong":
            return True
        if kind == "weak":
            parent = self.gz.parent(code)
            return code in self.context or (parent is not None and parent in self.context)
        if kind == "town":
            return self.gz.parent(code) in self.linked
        return False                               # generic: only through a chain

    def score(self, code: str) -> tuple[int, int]:
        for c in self.gz.lineage(code):             # nearest (deepest) first
            if c in self.context:
                return RANK.get(self.gz.level(c) or "", 0), self.context[c]
        return 0, 0

    def resolve(self, m: _Match) -> str | None:
        code = self.chain(m)
        if code is not None:
            return code
        allowed: list[str] = []
        every: set[str] = set()
        for c, f in m.entries:
            kind = self._kind(c, f, m.surface)
            ok = self.allowed(c, kind)
            if kind in ("strong", "weak") or ok:   # towns / generic names out of context
                every.add(c)                      # are no competitors
            if ok and c not in allowed:
                allowed.append(c)
        if not allowed:
            return None
        if len(every) == 1:
            return allowed[0]
        scored = sorted(((self.score(c), c) for c in allowed), reverse=True)
        (depth, count), best = scored[0]
        if depth == 0:
            return None
        for (d, n), _ in scored[1:]:
            if d == depth and count < 2 * n:
                return None
        return best


def _relative_target(gz: Gazetteer, home: str, suffix: str) -> str | None:
    for code in gz.lineage(home):
        name = gz.name(code) or ""
        if suffix == "省":
            if gz.level(code) == "province" and name.endswith("省"):
                return code
        elif name.endswith(suffix):
            return code
    return None


def _home_from_header(doc: CleanDocument, gz: Gazetteer, resolver: _Resolver) -> str | None:
    """The region the header says the report is about: the issuing body's, else the title's
    (with its subtitle), else the site's (a county's portal publishes the county's reports;
    the portal's links to its parent governments say nothing). Within one of them the deepest region named wins (河北省邯郸市涉县 →
    涉县); the publisher is asked first because a title names what a report is about less
    surely than its issuer does (某市教育局关于公布某县…名单的通知 is the city's)."""
    for text in (doc.publisher, " ".join(t for t in (doc.title, doc.subtitle) if t), doc.site):
        best: tuple[int, str] | None = None
        for m in _scan(text or "", -1, gz):
            if m.relative:
                continue
            code = resolver.chain(m) or resolver.anchor(m) or resolver.resolve(m) \
                or _only_candidate(m, gz)
            m.code = code
            if code is None or gz.level(code) in NOT_HOME:
                continue
            if best is None or gz.level_rank(code) > best[0]:
                best = (gz.level_rank(code), code)
        if best:
            return best[1]
    return None


def national_issuer(doc: CleanDocument) -> bool:
    """Issued by a central body (教育部, 国务院教育督导委员会…): a national document, about
    the place its title names or about no one region."""
    return bool(doc.publisher and _NATIONAL_BODY.match(doc.publisher))


_NATIONAL_BODY = re.compile(r"^(?:中华人民共和国|中共中央|国务院|教育部|国家|全国|中央)")


def _only_candidate(m: _Match, gz: Gazetteer) -> str | None:
    """In the publisher or title a weak form (涉县, 荣成) is trusted when it names one place:
    the header says which place the report is about."""
    codes = {c for c, f in m.entries if f != FORM_GENERIC and gz.level(c) != "town"}
    return codes.pop() if len(codes) == 1 else None


def _home_from_body(matches: list[_Match], gz: Gazetteer, doc: CleanDocument) -> str | None:
    """The region the report's own text is most about (see the module docstring); the page's
    furniture (portal links to the parent governments, the footer's address) has no vote."""
    score: Counter[str] = Counter()
    relative: Counter[str] = Counter()
    # a region written as the prefix of its descendant (广州市 in 广州市天河区) only
    # qualifies that descendant: it gets ancestor credit through it, no mention credit
    prefixes = {id(m.prev) for m in matches
                if m.code and m.prev is not None and m.prev.code
                and m.prev.code in gz.lineage(m.code)[1:]}
    sentences = doc.sentences
    for m in matches:
        if 0 <= m.sentence < len(sentences) and not states_facts(sentences[m.sentence].role):
            continue
        if m.relative:
            relative[m.relative] += 1
            continue
        if m.code is None or gz.level(m.code) in NOT_HOME:
            continue
        weight = 1.0 + 2.0 / (1 + max(m.sentence, 0))
        lineage = gz.lineage(m.code)
        if id(m) not in prefixes:
            score[lineage[0]] += weight
        for ancestor in lineage[1:]:
            score[ancestor] += 0.25 * weight
    if not score:
        return None
    for code in list(score):
        name = gz.name(code) or ""
        for suffix, n in relative.items():
            if name.endswith(suffix):
                score[code] += 0.5 * n

    def rank(c: str) -> tuple:
        return score[c], gz.level_rank(c), [-ord(ch) for ch in c]

    best = max(score, key=rank)
    used = tuple(relative)
    if used and not (gz.name(best) or "").endswith(used):
        # the report calls itself 全区 but names no 区 as often as its province, which heads
        # the titles it won (广东省首批…试点区): the deeper region its relative words name
        deeper = [c for c in score if (gz.name(c) or "").endswith(used)
                  and gz.level_rank(c) > gz.level_rank(best)]
        if deeper:
            return max(deeper, key=rank)
    if any(c != best and abs(score[c] - score[best]) < 1e-9
           and gz.level_rank(c) == gz.level_rank(best) for c in score):
        return None     # 海南、辽宁、陕西…, named alike: a report on several places, none its own
    return best


def _enumerated_towns(matches: list[_Match], sentences, gz: Gazetteer) -> list[_Match]:
    """Towns listed with a shared suffix: in 昆仑、双杨、洪山、寨里镇 the items before the
    linked 寨里镇 are towns too when stem + 镇 is a town of the same county."""
    forms = gz.surface_index.forms
    taken = {(m.sentence, i) for m in matches if m.code for i in range(m.start, m.end)}
    extra: list[_Match] = []
    for m in matches:
        if m.code is None or m.relative or gz.level(m.code) != "town":
            continue
        suffix = next((x for x in TOWN_SUFFIXES if m.surface.endswith(x)), None)
        if suffix is None:
            continue
        parent = gz.parent(m.code)
        text = sentences[m.sentence].text
        pos = m.start
        while pos > 1 and text[pos - 1] in LIST_SEPARATORS:
            sep = pos - 1
            found = None
            for length in range(min(LIST_ITEM_MAX, sep), 1, -1):
                stem = text[sep - length:sep]
                if any(ch in LIST_SEPARATORS for ch in stem):
                    continue
                for code, form in forms.get(stem + suffix, ()):
                    if form == FORM_NAME and gz.level(code) == "town" and gz.parent(code) == parent:
                        found = (stem, code)
                        break
                if found:
                    break
            if found is None:
                break
            stem, code = found
            start = sep - len(stem)
            if any((m.sentence, i) in taken for i in range(start, sep)):
                break
            extra.append(_Match(m.sentence, start, sep, stem, (), code=code))
            pos = start
    return extra


# ------------------------------------------------------------------------------ main

def extract_regions(doc: CleanDocument, gazetteer: Gazetteer) -> RegionResult:
    """Region mentions, home region and the regions used (see the module docstring)."""
    gz = gazetteer
    matches: list[_Match] = []
    for sentence in doc.sentences:
        matches.extend(_scan(sentence.text, sentence.index, gz))

    resolver = _Resolver(gz)
    # 1. anchors and chains
    for m in matches:
        if m.relative is None:
            m.code = resolver.chain(m) or resolver.anchor(m)
            if m.code is not None:
                resolver.add(m.code)
    # 2. the rest, by context
    for m in matches:
        if m.relative is None and m.code is None:
            m.code = resolver.resolve(m)
    for m in matches:
        if m.code is not None and m.relative is None:
            resolver.add(m.code)
    # 3. home, relative words, then what the home's lineage can still resolve
    home = _home_from_header(doc, gz, resolver)
    if home is None and not national_issuer(doc):
        home = _home_from_body(matches, gz, doc)
    unnamed = None
    if home is None and not national_issuer(doc):
        unnamed = _unnamed_home(doc, matches, gz)
        if unnamed is not None:
            home = unnamed.code
            for m in matches:
                if m.relative is not None:
                    m.code = home if unnamed.name.startswith(UNNAMED_PREFIX + m.relative) else (
                        _relative_target(gz, unnamed.parent, m.relative) if unnamed.parent else None)
    if home is not None and unnamed is None:
        resolver.linked.add(home)
        resolver.context.update(gz.lineage(home))
        for m in matches:
            if m.relative is not None:
                m.code = _relative_target(gz, home, m.relative)
        for m in matches:
            if m.relative is None and m.code is None:
                m.code = resolver.resolve(m)

    by_sentence = {s.index: s for s in doc.sentences}
    matches.extend(_enumerated_towns(matches, by_sentence, gz))
    matches.sort(key=lambda m: (m.sentence, m.start))

    mentions = []
    used: set[str] = set()
    for m in matches:
        if m.code is None:
            continue
        info = unnamed if unnamed is not None and m.code == unnamed.code else gz.get(m.code)
        if info is None:
            continue
        used.add(m.code)
        sentence = by_sentence[m.sentence]
        original = m.surface
        if len(sentence.original) == len(sentence.text):
            original = sentence.original[m.start:m.end]
        aliases = () if m.relative or m.surface == info.name else (m.surface,)
        mentions.append(Mention(kind=REGION, text=info.name, sentence=m.sentence, start=m.start,
                                end=m.end, key=m.code, original=original,
                                subclass=SUBCLASS.get(info.level), aliases=aliases))
    if home is not None and unnamed is None:
        used.add(home)
    if unnamed is not None:
        used.discard(unnamed.code)
        if unnamed.parent:
            used.add(unnamed.parent)
    codes = sorted({c for code in used for c in gz.lineage(code)})
    regions = tuple(r for r in (gz.get(c) for c in codes) if r is not None)
    if unnamed is not None:
        regions += (unnamed,)
    return RegionResult(mentions=tuple(mentions), home=home, regions=regions)


UNNAMED_PREFIX = "未具名的"
_UNNAMED_LEVEL = {"县": "county", "区": "county", "旗": "county", "市": "city", "州": "city",
                  "盟": "city"}
_MIN_RELATIVE = 2


def is_unnamed(key: str | None) -> bool:
    """Whether a region key is the stand-in for a report's own region it never names."""
    return bool(key) and key.startswith(UNNAMED_KEY)


def _unnamed_home(doc: CleanDocument, matches: list[_Match], gz: Gazetteer) -> RegionInfo | None:
    """A report that speaks of 我县/全区 throughout but never names its place (the name was
    masked, or lives only in the page's address): its numbers are the county's all the same,
    not the parent city's. They go to an explicit stand-in region, "未具名的县（title）",
    of the level the relative words give, inside the parent the page names (the portal's
    links, the footer's address or the text) when that is one chain of regions."""
    sentences = doc.sentences
    said: Counter[str] = Counter(
        m.relative for m in matches if m.relative in _UNNAMED_LEVEL
        and states_facts(sentences[m.sentence].role))
    if not said:
        return None
    suffix, count = max(said.items(), key=lambda kv: (kv[1], -"县区旗市州盟".index(kv[0])))
    if count < _MIN_RELATIVE:
        return None
    level = _UNNAMED_LEVEL[suffix]
    rank = RANK[level]
    if any(m.code and gz.level_rank(m.code) >= rank and gz.level(m.code) not in NOT_HOME
           and states_facts(sentences[m.sentence].role) for m in matches if not m.relative):
        return None         # it names places of that level: a report on several, not an unnamed one
    above = {m.code for m in matches if m.code and not m.relative and 0 < gz.level_rank(m.code) < rank}
    parent = max(above, key=gz.level_rank, default=None)
    if parent is not None and not all(c in gz.lineage(parent) for c in above):
        parent = None       # names in different provinces: no one parent
    about = doc.title or doc.identifier
    return RegionInfo(code=UNNAMED_KEY + doc.identifier, name=f"{UNNAMED_PREFIX}{suffix}（{about}）",
                      level=level, parent=parent)
