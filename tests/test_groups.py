"""Education groups, their lead schools and members, on a hand-written report."""
from edukg.extract.document import extract_document
from edukg.normalize import normalize
from edukg.records import Document


def memberships(text: str, extractor) -> set[tuple[str, str, str]]:
    ex = extract_document(normalize(Document("t", "t.txt", text)), extractor)
    names = {m.key: m.text for m in ex.mentions}
    return {(names[r.subject], r.predicate, names[r.object]) for r in ex.relations
            if r.predicate in ("leads", "memberOf")}


def test_lead_and_member_schools_of_a_group(extractor):
    found = memberships("遵义市汇川区教育局\n汇川区组建了汇川中学教育集团和航天小学教育集团。"
                        "汇川中学、航天小学分别发挥龙头作用。\n"
                        "航天小学教育集团由航天小学牵头，成员学校有董公寺小学、高坪小学和泗渡小学。", extractor)
    assert ("汇川中学", "leads", "汇川中学教育集团") in found     # named after its lead school
    assert ("航天小学", "leads", "航天小学教育集团") in found
    assert {("董公寺小学", "memberOf", "航天小学教育集团"), ("高坪小学", "memberOf", "航天小学教育集团"),
            ("泗渡小学", "memberOf", "航天小学教育集团")} <= found
    assert not any(s == "董公寺小学" and o == "汇川中学教育集团" for s, p, o in found)


def test_schools_that_join_a_group(extractor):
    found = memberships("黔南州都匀市教育局\n都匀二中、都匀市第六中学等3所学校加入都匀一中教育集团。", extractor)
    assert ("都匀市第六中学", "memberOf", "都匀一中教育集团") in found
