#!/usr/bin/env python3
"""Build ``src/edukg/data/gazetteer.tsv``, the region gazetteer used by ``edukg.gazetteer``.

Where the data comes from
-------------------------
The administrative divisions of China as shipped with **jionlp** (https://github.com/dongrixinyu/JioNLP,
Apache License 2.0), files ``jionlp/dictionary/china_location.zip`` and
``jionlp/dictionary/china_location_change.txt``. Only those data facts (names, codes, short
names, renamings) are used; no jionlp code is used and the runtime does not need jionlp.

* ``china_location.zip`` holds ``china_location.txt``, a tree indented with tabs:
  province (0 tabs), prefecture city (1), county (2) lines carry ``name<TAB>code<TAB>short``
  (a short may list alternatives separated by ``/``); town lines (3 tabs) carry only the name;
  village lines (4 tabs) are dropped.
* ``world_location.txt`` lists the countries of the world by continent:
  ``name<TAB>official name<TAB>capital<TAB>other cities``. Countries other than China become
  rows of level ``country`` (name and official name; cities are not used), so that a foreign
  partner school (越南—班·墨学院) lies in its country, not in the report's region.
* ``china_location_change.txt`` lists renamed, merged and abolished units:
  ``date type old-province old-short old-city old-short [old-county old-short]=>new-province
  new-city [new-county]``. The old full name is kept as a historical alias of the new region.

How to regenerate
-----------------
::

    python -m venv /tmp/gz && /tmp/gz/bin/pip install jionlp==1.5.31     # data only
    .venv/bin/python scripts/build_gazetteer.py                           # finds /tmp/gz
    # or: .venv/bin/python scripts/build_gazetteer.py --jionlp-dir DIR --out FILE

The jieba dictionary (jieba is a runtime dependency of edukg anyway) is read to derive the
per-region "blocker" words (see below). The output is deterministic for the same inputs.

Output format (UTF-8, tab separated, one header line, rows sorted by code)
--------------------------------------------------------------------------
``code name level parent short aliases official match_short generic blockers``

code
    GB/T 2260 six-digit code for province/city/county. Towns have no official code in the
    source: their key is ``<parent code>-<8 hex digits of sha1(town name)>``, e.g.
    ``370302-1a2b3c4d`` (ASCII only, stable across runs); a country's is
    ``country-<8 hex digits of sha1(name)>``. A county whose code is missing or
    clashes with another unit gets a key built the same way from its own (clashing) code.
level
    ``country`` | ``province`` | ``city`` | ``county`` | ``town``.
parent
    Code of the containing region (empty for provinces).
short
    The official short forms from the source, ``|``-separated, first = primary (empty for towns).
aliases
    ``|``-separated other names matched like full names: historical full names from the
    change list (襄樊市 for 襄阳市, 平泉县 for 平泉市) and the colloquial forms of autonomous
    units (大理州 for 大理白族自治州, 长阳县 for 长阳土家族自治县, 鄂温克旗 for 鄂温克族自治旗).
official
    ``1`` when ``code`` is an official division code, ``0`` for derived keys.
match_short
    ``|``-separated short forms that text matching may use (see "short forms" below).
generic
    ``1`` for names that are also ordinary words (城区, 郊区, 矿区, 东区, 新城区…, and towns
    with a one-character stem such as 口镇): the extractor only accepts them right after their
    parent's name (阳泉市城区).
blockers
    ``|``-separated strings that contain a matchable short (or a one-character-stem name like
    高县 / 新县) without meaning the region: longer words (三明治, 大同小异, 长治久安), and
    a frequent word overlapping its start (平台中 = 平台+台中, 黄河南, 提高县).

Special cases
-------------
* Municipalities and SARs (北京/上海/天津/重庆/香港/澳门): the source repeats the province as
  a city with the same code; that city line is folded into the province, whose districts
  get the province as parent. They keep ``level=province``.
* 省直辖县级行政区划 (the pseudo city "省直辖行政区划", e.g. 济源市, 仙桃市, 石河子市,
  海南's counties): the pseudo city is dropped and the counties get the province as parent.
* Cities without counties (东莞, 中山, 儋州, 嘉峪关; pseudo county "市直辖行政区划"): the
  pseudo county is dropped and the towns hang directly below the city.
* Taiwan's county-level units have no code in the source and partly wrong names: they are
  dropped (province and cities are kept). Hong Kong / Macao districts all share the SAR code
  in the source: they get derived (non-official) keys.
* Towns are kept only when they are 镇/乡/街道/苏木 (farms, parks, prisons… are dropped).

Country names
-------------
A country is matched by its name and its official name. A two-character name (越南, 日本,
加纳, 法国) gets blockers like a short form (增加纳入 is not 加纳, 合法国 not 法国), but
only from words it does not open (美国哈佛大学 and 越南语 do name the country; 朝鲜族 and
蒙古族, peoples of China, do not), and names
that are more often something else in these reports are not rows at all (``NOT_COUNTRIES``:
中非 is usually 中非合作, China-Africa).

Short forms usable for matching (``match_short``)
------------------------------------------------
A short form is matchable when it is at least two characters long, differs from the full
name, is not a development-zone nickname (ends in 区/园/港: 高新区, 经开区, 产业园…), is not a
generic place word (county shorts made only of direction/landform characters: 城东, 河西, 江北,
南山…), and is not on the reviewed list ``COMMON_WORDS`` below (ordinary words such as 和平,
东方, 合作, 公安, 前进, 光明, 惠民; lake/mountain names such as 西湖, 泰山; and 中山, the name
of countless streets, parks and schools). That list was made by reviewing every city/county
short that jieba's dictionary knows with a noticeable frequency.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import os
import re
import sys
import zipfile
from dataclasses import dataclass, field

HEADER = ("code", "name", "level", "parent", "short", "aliases", "official", "match_short",
          "generic", "blockers")
LEVELS = ("country", "province", "city", "county", "town")
# Countries left out: China itself (the other rows), and names that in Chinese text mostly
# mean something else (中非 = China-Africa in 中非合作).
NOT_COUNTRIES = ("中国", "中非")
TOWN_SUFFIXES = ("镇", "乡", "街道", "苏木")

# Names of county-level units that are also ordinary words: matched only after the parent.
GENERIC_STEM_CHARS = set("城郊矿东西南北中新")
GENERIC_TOWNS = {"小城镇"}
GENERIC_NAMES = {"新城区", "老城区", "主城区", "城中区", "市辖区", "开发区", "高新区", "新区", "市区"}

# County shorts made only of these characters are generic place words (城东, 河西, 江北, 南山…).
GENERIC_SHORT_CHARS = set("东西南北中上下前后新老城郊矿市区内外河江桥路铁山湖海")

# Reviewed list of city/county short forms that are ordinary words, or names of a mountain,
# lake or landmark more often than of the county (so never matched as a short form).
COMMON_WORDS = set("""
合作 和平 武功 平原 比如 南部 长安 解放 东方 前进 港口 中原 公安 友好 通道 示范区 共和 城中
古城 河口 友谊 平安 中方 凤凰 安定 商城 延长 江山 光明 新兴 运河 太平 万年 东风 红旗 新建
南岸 东海 城北 会同 工农 大名 龙门 新城 富裕 清水 前锋 复兴 长子 清新 宏伟 平定 芙蓉 洞口
太和 温泉 石门 西城 东城 向阳 振兴 三元 永安 大方 互助 新华 金台 建平 天桥 工业园 莲花 安宁
太湖 西山 平和 河西 牡丹 名山 滨海 黄龙 六合 海港 城西 城东 城南 南城 龙泉 白云 沙河 大城
大堂 航空港 建华 三门 大观 河东 建安 永和 二七 台前 江城 金山 方城 花山 凤山 长寿 石棉
丰满 通城 永福 永新 产业园 石龙 江海 双桥 北湖 月湖 文峰 高台 九龙 二道 上街 兴隆 无为
民权 松山 小店 同心 龙山 宝塔 元宝 平房 青山 万安 太白 白玉 灯塔 大兴 木兰 大关 卧龙
东安 天涯 清河 七星 海棠 博爱 青龙 回民 钟楼 鼓楼 江岸 南开 山城 马尾 安居 天心 和顺
开发 高新 经开 市中 市南 市北 路南 路北 桥东 桥西 铁东 铁西 城关 城厢 城区 郊区 新区 老城
矿区 东区 西区 南区 北区 中区 来宾 安康 东坡 西湖 东湖 南湖 洪湖 梁子湖 天山 泰山 恒山
衡山 庐山 五台山 峨眉山 武夷山 井冈山 黄埔 五峰 三台 甘泉 龙凤 爱民 新星 胜利 团结 先进
人民 民主 开放 发展 金水 安福 永丰 乐安 上高 新丰 宝丰 五一 大通 新市 长江 黄河 珠江
天元 石鼓 雨花 红星 铁山 大安 吉利 兴业 华侨 中山区 海城 白沙 清流 光泽 高明 赤壁 冀南
惠民 富民 乐业 兴国 新民 开化 中山
""".split())

# Development-zone nicknames end with these (高新区, 经开区, 产业园, 航空港…).
ZONE_SHORT_SUFFIXES = ("区", "园", "港")

# short + one of these is just another spelling of the region (招远县 for 招远市), never a blocker
ADMIN_FORM = re.compile(r"[省市县区旗州盟]|地区|自治[州县旗区]")

# Not in jieba, but not the region either.
EXTRA_BLOCKERS = ("北海道",)
# Prefixes before a short that still name its country/region (中国台湾, 全国香港…).
NOT_PLACES = ("中国", "全国", "我国")

# jieba frequency above which a word ending where a short form starts blocks it (blockers 3)
LEFT_WORD_MIN_FREQ = 500

MUNICIPALITY_LIKE = "省直辖行政区划"
CITY_DIRECT = "市直辖行政区划"


@dataclass
class Row:
    code: str
    name: str
    level: str
    parent: str
    shorts: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    official: bool = True
    match_short: list[str] = field(default_factory=list)
    generic: bool = False
    blockers: list[str] = field(default_factory=list)


def short_hash(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def derived_key(base: str, name: str) -> str:
    return f"{base}-{short_hash(name)}"


# ------------------------------------------------------------------------------- read

def find_jionlp_dir(explicit: str | None) -> str:
    if explicit:
        return explicit
    patterns = ["/tmp/gz/lib/python3*/site-packages/jionlp/dictionary"]
    patterns += [os.path.join(p, "jionlp", "dictionary") for p in sys.path if p]
    for pattern in patterns:
        for hit in sorted(glob.glob(pattern)):
            if os.path.exists(os.path.join(hit, "china_location.zip")):
                return hit
    sys.exit("cannot find jionlp/dictionary/china_location.zip; pass --jionlp-dir")


def read_tree(path: str) -> list[tuple[int, list[str]]]:
    with zipfile.ZipFile(path) as zf:
        text = zf.read("china_location.txt").decode("utf-8")
    lines = []
    for line in text.splitlines():
        line = line.rstrip("\r\n ")
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        lines.append((depth, [part.strip() for part in line.strip("\t").split("\t")]))
    return lines


def is_generic_name(name: str) -> bool:
    if name in GENERIC_NAMES:
        return True
    return len(name) == 2 and name[1] == "区" and name[0] in GENERIC_STEM_CHARS


def build_rows(lines: list[tuple[int, list[str]]]) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    used_codes: set[str] = set()
    province = city_parent = county_parent = None   # parent codes for the next levels down
    county_ok = False

    def add(row: Row) -> None:
        assert row.code not in rows, row.code
        rows[row.code] = row

    for depth, parts in lines:
        name = parts[0]
        code = parts[1] if len(parts) > 1 else ""
        shorts = [s for s in (parts[2].split("/") if len(parts) > 2 else []) if s]
        if depth == 0:
            province = code
            add(Row(code, name, "province", "", shorts))
            used_codes.add(code)
            city_parent = code
        elif depth == 1:
            if code == province or name == MUNICIPALITY_LIKE:
                city_parent = province          # folded municipality / 省直辖: counties → province
                continue
            add(Row(code, name, "city", province, shorts))
            used_codes.add(code)
            city_parent = code
        elif depth == 2:
            if name == CITY_DIRECT:
                county_parent, county_ok = city_parent, True   # towns hang below the city
                continue
            if not code:                          # Taiwan: no code, unreliable names → drop
                county_ok = False
                continue
            row = Row(code, name, "county", city_parent, shorts)
            if code in used_codes:                # shared SAR code or a duplicated code
                row.code, row.official = derived_key(code, name), False
            add(row)
            used_codes.add(row.code)
            county_parent, county_ok = row.code, True
        elif depth == 3:
            if not county_ok or not name.endswith(TOWN_SUFFIXES) or name in TOWN_SUFFIXES:
                continue
            key = derived_key(county_parent.split("-")[0], name)
            if key in rows:
                if rows[key].name == name:        # the same town listed twice
                    continue
                sys.exit(f"town key collision: {key} {name} {rows[key].name}")
            add(Row(key, name, "town", county_parent, official=False))
        # depth 4: villages, dropped
    return rows


def add_countries(rows: dict[str, Row], path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = [part.strip() for part in line.split("\t")]
            name = parts[0]
            if len(parts) < 2 or not name or name.endswith(":") or name in NOT_COUNTRIES:
                continue                            # a continent heading, or left out
            official = parts[1]
            row = Row(derived_key("country", name), name, "country", "", official=False)
            if official and official != name:
                row.aliases.append(official)
            assert row.code not in rows, row.code
            rows[row.code] = row


def read_changes(path: str) -> list[tuple[list[str], list[str]]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if "=>" not in line:
                continue
            old, new = line.split("=>", 1)
            old_parts = old.split("\t")[2:]          # drop date, type
            out.append((old_parts[0::2], new.split("\t")))   # old full names (skip shorts)
    return out


# ---------------------------------------------------------------------------- enrich

def find_path(rows: dict[str, Row], children: dict[str, list[str]], names: list[str]) -> str | None:
    """Code of the region reached by full names province → city → county. A city name equal
    to the province's (北京市/北京市, folded municipalities) is skipped."""
    current = [c for c in children.get("", ()) if rows[c].name == names[0]]
    for name in names[1:]:
        if len(current) != 1:
            return None
        if rows[current[0]].level == "province" and rows[current[0]].name == name:
            continue
        kids = children.get(current[0], ())
        current = [c for c in kids if rows[c].name == name]
        if not current:   # renamed since (金秀县 → 金秀瑶族自治县, 玉环区 → 玉环市): by short
            stem = name[:-1] if len(name) > 2 else name
            current = [c for c in kids if rows[c].shorts[:1] == [stem]]
    return current[0] if len(current) == 1 else None


def add_aliases(rows: dict[str, Row], change_path: str) -> None:
    children: dict[str, list[str]] = {}
    for row in rows.values():
        children.setdefault(row.parent, []).append(row.code)
    for old_names, new_names in read_changes(change_path):
        target = find_path(rows, children, [n for n in new_names if n])
        if target is None:
            print(f"warning: change target not found: {'/'.join(new_names)}", file=sys.stderr)
            continue
        old = old_names[-1]
        row = rows[target]
        if old != row.name and not is_generic_name(old) and old not in row.aliases:
            row.aliases.append(old)
    # colloquial forms of autonomous units
    taken = {row.name for row in rows.values()}
    for row in rows.values():
        if not row.shorts:
            continue
        short = row.shorts[0]
        for suffix, tail in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
            if row.name.endswith(suffix) and not short.endswith(tail):
                alias = short + tail
                if alias not in taken and alias not in row.aliases:
                    row.aliases.append(alias)


def matchable_short(row: Row, short: str) -> bool:
    if len(short) < 2 or short == row.name or short in COMMON_WORDS:
        return False
    if row.level == "province":
        return True
    if short.endswith(ZONE_SHORT_SUFFIXES) and not row.name.endswith(("市", "县")):
        return False        # 高新区, 经开区, 唐港区: a zone's nickname (张家港市's 张家港 is a city's)
    if row.level == "county" and all(ch in GENERIC_SHORT_CHARS for ch in short):
        return False
    return True


def load_jieba_dict() -> dict[str, tuple[int, str]]:
    import importlib.util
    spec = importlib.util.find_spec("jieba")     # only its dictionary file is read
    if spec is None or not spec.origin:
        print("warning: jieba not installed; no blockers computed", file=sys.stderr)
        return {}
    path = os.path.join(os.path.dirname(spec.origin), "dict.txt")
    words = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                words[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return words


def blockable(row: Row) -> list[str]:
    """The surfaces of a row that blockers guard: its matchable shorts, and a country's
    two-character name (a longer one, 新加坡 or 马来西亚, is not met by accident)."""
    if row.level == "country":
        return [row.name] if len(row.name) == 2 else []
    return row.match_short


def add_match_data(rows: dict[str, Row]) -> None:
    words = load_jieba_dict()
    surfaces = set()
    for row in rows.values():
        surfaces.add(row.name)
        surfaces.update(row.aliases)
        surfaces.update(row.shorts)
    for row in rows.values():
        if row.level == "town":   # one-character stems (口镇, 新镇) and 小城镇 are words
            row.generic = len(row.name) == 2 or row.name in GENERIC_TOWNS
        elif row.level == "country":
            continue
        else:
            row.generic = is_generic_name(row.name)
            row.match_short = [s for s in row.shorts if matchable_short(row, s)]

    # Blockers 1: longer dictionary words containing a matchable short, that are not place
    # names (jieba tag ns), not region names themselves and do not contain the full name
    # (those are handled by longest match): 三明治, 长治久安, 中山大学, 北京时间…
    by_short: dict[str, list[Row]] = {}
    for row in rows.values():
        for s in blockable(row):
            by_short.setdefault(s, []).append(row)
    lengths = sorted({len(s) for s in by_short})
    blockers: dict[str, set[str]] = {}
    # Place names (jieba tag ns) only block when the short sits inside them after a part
    # that is not itself a region (挪威海, 入海口, 长白山, 佛罗里达州; not 中国台湾, 辽宁抚顺).
    for word, (freq, tag) in [*words.items(), *((w, (99, "")) for w in EXTRA_BLOCKERS)]:
        if freq < 5 or word in surfaces or len(word) < 3:
            continue
        for n in lengths:
            if n >= len(word):
                break
            for i in range(len(word) - n + 1):
                piece = word[i:i + n]
                if tag == "ns" and (i == 0 or word[:i] in surfaces or word[:i] in NOT_PLACES
                                    or any(word[:i].startswith(p) for p in NOT_PLACES)):
                    continue
                for row in by_short.get(piece, ()):
                    # a word opening with a country's name means the country (美国哈佛大学,
                    # 越南语), unless it names one of China's peoples (朝鲜族, 蒙古族); one
                    # with the name inside does not (优越南, 拉美国家)
                    if ((i > 0 or word[n:].startswith("族") if row.level == "country"
                         else row.name not in word)
                            and not any(a in word for a in row.aliases)
                            and not ADMIN_FORM.fullmatch(word.replace(piece, "", 1))):
                        blockers.setdefault(row.code, set()).add(word)
    # Blockers 2: one-character-stem names (高县, 新县, 和县): a frequent word ending with
    # the stem right before it means the stem belongs to that word (提高县级, 创新县域).
    stems: dict[str, list[Row]] = {}
    for row in rows.values():
        if row.level == "county" and len(row.name) == 2 and not row.generic:
            stems.setdefault(row.name[0], []).append(row)
    for word, (freq, tag) in words.items():
        if freq < 100 or len(word) != 2 or word[1] not in stems:
            continue
        for row in stems[word[1]]:
            blockers.setdefault(row.code, set()).add(word[0] + row.name)
    # Blockers 3: a frequent word ending with the first character(s) of a matchable short
    # means the short starts inside that word: 平台中 (平台 + 台中), 黄河南 (黄河 + 河南).
    heads: dict[str, list[tuple[Row, str]]] = {}
    for row in rows.values():
        for s in blockable(row):
            for k in range(1, len(s)):
                heads.setdefault(s[:k], []).append((row, s))
    for word, (freq, tag) in words.items():
        if freq < LEFT_WORD_MIN_FREQ or word in surfaces:
            continue
        for k in range(1, len(word)):
            for row, s in heads.get(word[-k:], ()):
                blockers.setdefault(row.code, set()).add(word + s[k:])
    for code, found in blockers.items():
        rows[code].blockers = sorted(found)


# ------------------------------------------------------------------------------ write

CLEAN = re.compile(r"[\t\n|]")


def write(rows: dict[str, Row], out: str) -> None:
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(HEADER) + "\n")
        for code in sorted(rows):
            r = rows[code]
            fields = [r.code, r.name, r.level, r.parent, "|".join(r.shorts), "|".join(r.aliases),
                      "1" if r.official else "0", "|".join(r.match_short),
                      "1" if r.generic else "0", "|".join(r.blockers)]
            for value in fields[:2]:
                assert not CLEAN.search(value), value
            fh.write("\t".join(fields) + "\n")


def main(argv: list[str] | None = None) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "src", "edukg", "data", "gazetteer.tsv")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jionlp-dir", help="jionlp/dictionary folder (default: search /tmp/gz, sys.path)")
    ap.add_argument("--out", default=os.path.normpath(default_out))
    args = ap.parse_args(argv)

    src = find_jionlp_dir(args.jionlp_dir)
    rows = build_rows(read_tree(os.path.join(src, "china_location.zip")))
    add_aliases(rows, os.path.join(src, "china_location_change.txt"))
    add_countries(rows, os.path.join(src, "world_location.txt"))
    add_match_data(rows)
    write(rows, args.out)
    counts = {lvl: sum(1 for r in rows.values() if r.level == lvl) for lvl in LEVELS}
    print(f"wrote {len(rows)} regions to {args.out}: {counts}; "
          f"{sum(1 for r in rows.values() if not r.official)} without official code; "
          f"{os.path.getsize(args.out)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
