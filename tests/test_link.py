"""Cross-document identity: variants merge, regions merge by code, evidence accumulates."""
from edukg.extract.document import Extractor, extract_document
from edukg.link import link
from edukg.normalize import normalize
from edukg.records import Document

import pytest


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.load()


def kb_of(texts: dict[str, str], extractor: Extractor):
    extractions = [extract_document(normalize(Document(k, f"{k}.txt", v)), extractor)
                   for k, v in texts.items()]
    return link(extractions)


def test_quoted_short_form_and_full_name_are_one_program(extractor):
    kb = kb_of({"a": "荣成市推行“县管校聘”管理改革。", "b": "文登区全面实施“县管校聘”。"}, extractor)
    programs = [e for e in kb.entities if e.kind == "Program"]
    assert len(programs) == 1
    assert {programs[0].label, *programs[0].alt_labels} >= {"县管校聘管理改革", "县管校聘"}
    implementers = {f.subject for f in kb.facts if f.predicate == "implements"}
    assert implementers == {"371082", "371003"}


def test_one_region_node_per_place_across_documents(extractor):
    kb = kb_of({"a": "芝罘区推进集团化办学。", "b": "烟台市芝罘区新建学校3所。"}, extractor)
    zhifu = [e for e in kb.entities if e.key == "370602"]
    assert len(zhifu) == 1 and zhifu[0].documents == ("a", "b")


def test_evidence_collects_every_supporting_sentence(extractor):
    kb = kb_of({"a": "芝罘区实施名校+工程。芝罘区深化“名校+”工程。"}, extractor)
    fact = next(f for f in kb.facts if f.predicate == "implements")
    assert len(fact.evidence) == 2
    assert all(e.document == "a" for e in fact.evidence)


def test_output_does_not_depend_on_document_order(extractor):
    texts = {"a": "荣成市推行“县管校聘”管理改革。", "b": "文登区全面实施“县管校聘”。"}
    forward = kb_of(texts, extractor)
    backward = kb_of(dict(reversed(list(texts.items()))), extractor)
    assert forward == backward


def test_traditional_input_gives_simplified_labels_and_keeps_the_original(extractor):
    kb = kb_of({"hk": "廣州市天河區教育局\n天河區全面推行「縣管校聘」管理改革，新建學校3所。"}, extractor)
    program = next(e for e in kb.entities if e.kind == "Program")
    assert program.label == "县管校聘管理改革"
    assert "縣管校聘管理改革" in program.hant_labels
    region = next(e for e in kb.entities if e.key == "440106")
    assert region.label == "天河区" and "天河區" in region.hant_labels


def test_a_school_called_only_by_its_number_is_not_joined_across_places():
    """第十三中学 in reports on two districts: two schools; 华西中学 in both: one."""
    from edukg.extract.document import Extractor, extract_document
    from edukg.link import link
    from edukg.normalize import normalize
    from edukg.records import Document

    ex = Extractor.load()
    docs = [extract_document(normalize(Document(name, f"{name}.txt", text)), ex) for name, text in (
        ("a", "柳州市鱼峰区教育工作总结\n鱼峰区教育局、第十三中学、华西中学等单位获市教育改革创新奖。"),
        ("b", "成都市成华区教育工作总结\n成华区教育局、第十三中学、华西中学等单位获市教育改革创新奖。"))]
    kb = link(docs)
    labels = [e.label for e in kb.entities if e.kind == "Institution"]
    assert labels.count("第十三中学") == 2 and labels.count("华西中学") == 1
