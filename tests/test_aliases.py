"""Other names of one institution folded into it, on hand-written pages of other provinces."""
import pytest

from edukg.extract.document import Extractor, extract_document
from edukg.normalize import normalize
from edukg.records import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.load()


def institutions(text: str, extractor: Extractor) -> dict[str, set[str]]:
    """Each institution's label and the other names its mentions carry."""
    ex = extract_document(normalize(Document("t", "t.txt", text)), extractor)
    out: dict[str, set[str]] = {}
    for m in ex.mentions:
        if m.kind == "Institution":
            out.setdefault(m.text, set()).update(m.aliases)
    return out


def test_a_name_in_brackets_and_a_short_form_are_aliases(extractor):
    found = institutions("岳阳市教育局\n长沙市雅礼中学岳阳学校（长沙雅礼岳阳学校）已进入收尾阶段。"
                         "湖南省岳阳市第一中学（简称岳一中）是省重点中学。长沙雅礼岳阳学校设24个班。", extractor)
    assert "长沙雅礼岳阳学校" in found["长沙市雅礼中学岳阳学校"]
    assert "长沙雅礼岳阳学校" not in found
    assert "岳一中" in found["湖南省岳阳市第一中学"]


def test_a_renamed_school_is_one_school_under_its_new_name(extractor):
    found = institutions("长沙市开福区教育局\n学校以集团方式创办清水塘小学，该校后来更名为北辰小学。", extractor)
    assert found["北辰小学"] == {"清水塘小学"} and "清水塘小学" not in found


def test_the_names_a_schools_own_page_says_it_bore(extractor):
    page = ("长沙市开福区清水塘小学 学校简介\n"
            "1952年,学校创办,当时的校名叫马厂村小学。1958年,学校成为“湖南师范学院附属小学”。\n"
            "学校与长沙市东风路小学结对。")
    found = institutions(page, extractor)
    assert {"马厂村小学", "湖南师范学院附属小学"} <= found["长沙市开福区清水塘小学"]
    assert "长沙市东风路小学" in found       # a partner is a school of its own
