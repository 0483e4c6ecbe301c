"""The plain records that flow between pipeline stages.

Each stage takes records from the one before and returns new ones; nothing is mutated
after creation (dataclasses are frozen, tokens are named tuples), so a stage can be tested on a hand-made record
and documents can be processed in separate processes.

Offsets: a `Sentence` knows its span in the normalised document text; mentions inside a
sentence use offsets relative to that sentence, so extractors can work on one sentence alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

# Entity kinds, as named by the ontology's core classes.
REGION = "Region"
PROGRAM = "Program"
INSTITUTION = "Institution"
ENTITY_KINDS = (REGION, PROGRAM, INSTITUTION)

# The key prefix of the stand-in for a report's own region that the report never names
# (regions.py makes it; rdf.py types it edu:UnnamedRegion).
UNNAMED_KEY = "unnamed:"

# Relation names, as named by the ontology's core properties.
PART_OF = "partOf"
LOCATED_IN = "locatedIn"
IMPLEMENTS = "implements"
HAS_OUTCOME = "hasOutcome"
CONFERRED_BY = "conferredBy"
MEMBER_OF = "memberOf"       # a school in an education group (ontology extension)
LEADS = "leads"              # a group's lead school (a subproperty of memberOf)


# ----------------------------------------------------------------------------- read

@dataclass(frozen=True)
class Document:
    """One input file, decoded to text (HTML already reduced to its article text)."""

    identifier: str          # the file name without extension: dcterms:identifier
    path: str
    text: str
    encoding: str = "utf-8"


# ------------------------------------------------------------------------ normalize

@dataclass(frozen=True)
class Sentence:
    """One sentence of the normalised (Simplified-script) text."""

    index: int
    start: int               # offset of the sentence in CleanDocument.text
    text: str                # Simplified script
    original: str            # the same sentence in the source script
    role: str = "body"       # its line's role on the page (layout.py): body, title, heading,
                             # item, table-head, or chrome (furniture naming bodies: no facts)
    heading: int = -1        # the heading (or table header row) sentence a list item sits under

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class CleanDocument:
    """A document with chrome and spam removed, in Simplified script, split into sentences."""

    identifier: str
    path: str
    text: str                # sentences joined by "\n"; offsets point into this
    sentences: tuple[Sentence, ...]
    script: str = "hans"     # "hans" or "hant": the script of the source text
    title: str | None = None
    publisher: str | None = None
    issued: str | None = None   # ISO date (YYYY-MM-DD) when the header states it
    source: str | None = None   # the periodical a reprinted article names as its origin
    subtitle: str | None = None  # a line under the headline (——访…): read for the report's place
    site: str | None = None      # the name of the site the page is on (its own body, at the top)
    url: str | None = None       # the page's own address, when its header or markup gives it


# -------------------------------------------------------------------------- segment

class Token(NamedTuple):
    """One jieba token; offsets relative to its sentence. A named tuple, not a frozen
    dataclass: a document has thousands and a frozen dataclass takes 2.3× as long to make."""

    text: str
    start: int
    end: int
    tag: str = ""            # jieba part-of-speech flag (ns place, v verb, x punctuation…)


# -------------------------------------------------------------------------- extract

@dataclass(frozen=True)
class Mention:
    """A named entity found in one sentence.

    `key` identifies the real-world thing across documents: the admin code for a resolved
    region, otherwise the normalised name. `original` is the surface form in the source
    script (differs from `text` for Traditional input).
    """

    kind: str                # REGION | PROGRAM | INSTITUTION
    text: str                # canonical surface form, Simplified, without quotes or 《》
    sentence: int
    start: int               # offsets in the sentence of the matched span
    end: int
    key: str
    original: str = ""
    subclass: str | None = None   # ontology subclass: "County", "School", "PolicyDocument", …
    aliases: tuple[str, ...] = ()  # other spellings seen for it in this mention (quoted core…)
    run_by: tuple[str, ...] = ()   # levels above the report that run a program it names as
                                   # 省…/市…/省市… ("province", "city")


@dataclass(frozen=True)
class RegionInfo:
    """What the gazetteer knows of a region: enough to place it in the hierarchy."""

    code: str                # GB/T 2260 code (6 digits) or statistical town code (9 digits)
    name: str                # full official name, e.g. 芝罘区
    level: str               # country | province | city | county | town
    parent: str | None       # code of the containing region
    short: str = ""          # short form, e.g. 芝罘


@dataclass(frozen=True)
class MeasureMention:
    """A stated number about a subject. `value` is None when the text lost the number."""

    sentence: int
    start: int
    end: int
    text: str                # the matched surface, e.g. 累计投入43余亿元
    indicator: str           # what is measured, e.g. 累计投入
    value: Decimal | None
    unit: str                # a code of measures.UNIT_CODE_LIST: CNY, percent, school, item …
    approximate: bool = False
    year: int | None = None
    subject: str | None = None    # entity key of the subject, filled by subject resolution
    unit_label: str | None = None  # the measure word as written (所, 套, 亿元 …), when there is one
    cumulative: bool | None = None  # a sum over several years (periods.py); None: not looked at


@dataclass(frozen=True)
class RecognitionMention:
    """An award, title, designation or evaluation passed."""

    sentence: int
    start: int
    end: int
    label: str               # e.g. 全国“双减”试点城市 (quotes removed)
    conferred_by: str | None = None   # entity key of the conferring institution
    year: int | None = None
    subject: str | None = None
    kind: str = ""           # assessment | pilot | prize | ranking | title (recognition_words.py)


@dataclass(frozen=True)
class RelationMention:
    """subject --predicate--> object, said in one sentence. Both ends are entity keys."""

    subject: str
    predicate: str
    object: str
    sentence: int
    since: int | None = None     # implements: the year the sentence says it began (自2018年起…)


@dataclass(frozen=True)
class Extraction:
    """Everything found in one document: the output of the per-document stages."""

    document: CleanDocument
    home_region: str | None                 # key of the region the report is about
    mentions: tuple[Mention, ...] = ()
    relations: tuple[RelationMention, ...] = ()
    measures: tuple[MeasureMention, ...] = ()
    recognitions: tuple[RecognitionMention, ...] = ()
    regions: tuple[RegionInfo, ...] = ()    # gazetteer records of every region key used
    fingerprint: Fingerprint | None = None  # for copy detection (copies.py); made when absent


@dataclass(frozen=True)
class Fingerprint:
    """What copy detection (copies.py) needs of one document: small enough to send from a
    worker process with its Extraction."""

    digest: str                  # SHA-1 of the article text: equal for exact copies
    signature: bytes             # MinHash hash values (little-endian unsigned 32-bit integers)
    figures: tuple[str, ...]     # digit runs of the article text, sorted
    length: int                  # characters of article text


# ----------------------------------------------------------------------------- link

@dataclass(frozen=True)
class Evidence:
    """Where a fact was said: a document and one sentence of its normalised text."""

    document: str            # Document identifier
    sentence: int
    start: int               # offsets of the sentence in the normalised document text
    end: int
    text: str
    since: int | None = None     # the year the sentence says the relation began (edu:sinceYear)


@dataclass(frozen=True)
class Entity:
    """One real-world thing, merged over all documents that mention it."""

    kind: str
    key: str
    label: str                        # canonical Simplified name
    alt_labels: tuple[str, ...] = ()  # other Simplified spellings
    hant_labels: tuple[str, ...] = () # Traditional spellings seen in sources
    subclass: str | None = None
    code: str | None = None           # admin code, regions only
    level: str | None = None          # regions only
    documents: tuple[str, ...] = ()   # identifiers of documents mentioning it


@dataclass(frozen=True)
class Fact:
    """A relation between two entities with every sentence that supports it."""

    subject: str
    predicate: str
    object: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Outcome:
    """A Measure or a Recognition with its subjects and every sentence that states it.

    The key is a digest of what is stated (holder, indicator, value, unit, year; for a
    recognition holder, label, conferrer, year), never of where: the same fact in several
    sentences or reports, or in reposts of one report, is one Outcome."""

    kind: str                          # "Measure" | "Recognition"
    key: str                           # deterministic identity (hash of the fact's key)
    label: str
    subjects: tuple[str, ...]
    evidence: tuple[Evidence, ...]     # one a sentence, in (document, sentence) order
    indicator: str | None = None
    value: Decimal | None = None
    unit: str | None = None
    approximate: bool = False
    year: int | None = None
    conferred_by: str | None = None
    unit_label: str | None = None      # the measure word as written
    recognition_kind: str | None = None    # a Recognition's kind (edu:recognitionKind)
    cumulative: bool = False           # a sum over several years (累计, 近三年, 2018—2022年)


@dataclass(frozen=True)
class KnowledgeBase:
    """The linked corpus: what the RDF stage turns into triples."""

    documents: tuple[CleanDocument, ...]
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    outcomes: tuple[Outcome, ...]
    skipped: tuple[tuple[str, str], ...] = field(default=())   # (path, reason)
    document_regions: tuple[tuple[str, str], ...] = field(default=())  # (document, region key):
                                                                      # what each report is about
    copies: tuple[tuple[str, str], ...] = field(default=())  # (document, the first copy of the
                                                             # same report): reposts, mirrors
