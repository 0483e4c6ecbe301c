"""The segmenter's own DAG walk must give exactly jieba.posseg's tokens (HMM off)."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from edukg.segment import Segmenter

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    from edukg.gazetteer import Gazetteer

    return Segmenter(place_names=Gazetteer.load().names())


@pytest.fixture(scope="module")
def tagger(segmenter: Segmenter):
    """jieba's own part-of-speech tokenizer over the same dictionary and tag table."""
    import jieba.posseg

    tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer, tagger.word_tag_tab = segmenter.jieba_tokenizer(), segmenter._tags
    return tagger


def _posseg(tagger, text: str) -> list[tuple[str, int, int, str]]:
    out, offset = [], 0
    for pair in tagger.cut(text, HMM=False):
        out.append((pair.word, offset, offset + len(pair.word), pair.flag))
        offset += len(pair.word)
    return out


def _ours(segmenter: Segmenter, text: str) -> list[tuple[str, int, int, str]]:
    return [(t.text, t.start, t.end, t.tag) for t in segmenter.tokens(text)]


def test_tokens_equal_posseg_on_the_seeds(segmenter, tagger):
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert _ours(segmenter, line) == _posseg(tagger, line), line


def test_tokens_equal_posseg_on_odd_text(segmenter, tagger):
    """ASCII runs (posseg joins single-letter words into one `eng` token), whitespace, \\r\\n,
    characters outside jieba's dictionary, digits with dots."""
    rng = random.Random(5)
    alphabet = ("abcXYZ019.+#&_ \t\r\n\u3000，。、教育局区县市PM2.5ｱ①Ⅷ\u00a0é"
                "中华人民共和国山东省潍坊芝罘区义务教育优质均衡")
    texts = ["", "\r\n", "PM2.5浓度", "A股和B股", "C++与C#", "2023年9月1日", "鿕鿖〇"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 50))) for _ in range(2000)]
    for text in texts:
        assert _ours(segmenter, text) == _posseg(tagger, text), repr(text)


def test_tokens_are_segmented_only_when_an_extractor_asks(segmenter: Segmenter):
    """extract_document hands each sentence's tokens over lazily: they are the segmenter's
    tokens when looked at, and a sentence with no head word or quotation is never cut."""
    from edukg.extract.document import Extractor
    from edukg.extract.institutions import extract_institutions
    from edukg.extract.programs import extract_programs
    from edukg.records import Sentence
    from edukg.segment import LazyTokens

    text = "威海市实施县管校聘改革，新建学校12所。"
    lazy = LazyTokens(segmenter, text)
    assert not lazy.segmented
    assert list(lazy) == list(segmenter.tokens(text)) and lazy.segmented
    assert len(lazy) == len(segmenter.tokens(text)) and lazy[0] == segmenter.tokens(text)[0]

    vocab = Extractor.load().vocab
    plain = Sentence(0, 0, "今年全市天气晴好，降水偏少。", "今年全市天气晴好，降水偏少。")
    untouched = LazyTokens(segmenter, plain.text)
    assert extract_programs(plain, untouched, vocab) == []
    assert extract_institutions(plain, untouched, frozenset(), vocab) == []
    assert not untouched.segmented

    named = Sentence(0, 0, "威海市第一中学推进集团化办学改革。", "威海市第一中学推进集团化办学改革。")
    used = LazyTokens(segmenter, named.text)
    assert extract_institutions(named, used, frozenset(), vocab) and used.segmented


def test_tag_table_equals_posseg(tmp_path, monkeypatch):
    """Built without the cache, the tag table is the one jieba.posseg makes for the same
    words: dict.txt's tags, with the lexicon's and the place names' tags over them."""
    import jieba.posseg

    monkeypatch.setenv("EDUKG_CACHE_DIR", str(tmp_path))
    built = Segmenter(place_names=["昆仑镇", "芝罘区"])
    tagger = jieba.posseg.POSTokenizer(built.jieba_tokenizer())
    tagger.makesure_userdict_loaded()
    assert built._tags == tagger.word_tag_tab
    assert built._tags["昆仑镇"] == "ns" and built._tags["教育"] == "vn"
