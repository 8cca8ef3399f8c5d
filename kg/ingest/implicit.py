"""The place a report is about, as the unnamed side of the sentences that leave it out.

A report on what a city has done names the city now and then and leaves it out
everywhere else: "First is to increase the concentration and display of Zhangjiang
Science City." (Shanghai develops the science city), "โดยได้ก่อตั้งเครือข่าย…" (by
establishing the network: Shanghai established it).  The curators record these with
the city as one side; a sentence that names one thing has no pair of names to give them.

So in a text that is not a plan (a plan's subject-less clauses are the plan's own:
:mod:`kg.ingest.directives`), the *topic* — the place the text names most often, at
least :data:`~kg.ingest.anaphora.MIN_MENTIONS` times, as "the city" stands for
(:mod:`kg.ingest.anaphora`) — gets a mention of no width at the start of each sentence
that names one thing only, not the topic, and does not open with it.  The sentence
classifier then types the topic and that name as it types any pair: the topic is read
as the subject before the sentence's first word, and the suggestion's source is
``topic``, so that a reviewer knows the quote does not name it.  A sentence that names
two things or more has pairs of its own, and its subject is more often among them
than the topic (pairing the topic there too found 4 more statements on the seed
documents held out, and cost 69 more review actions for 10 more kept statements); a
sentence that opens with its name has its subject.
"""

from __future__ import annotations

import bisect
from collections import Counter

from ..schema.ontology import Ontology
from ..text.mentions import Mention
from .anaphora import topic
from .cues import Cues
from .directives import reads_as_plan
from .split import Sentence
from .suggest import outermost
from .training import Classes

__all__ = ["TOPIC_CLASS", "implied_topic"]

#: The class of the topic: a report is about a place (a city, a province, a country).
TOPIC_CLASS = "Place"


def implied_topic(sentences: list[Sentence], mentions: list[Mention], classes: Classes, ontology: Ontology, cues: Cues) -> list[Mention]:
    """A mention of no width of the text's topic at the start of every sentence that names one other thing only.

    ``mentions``: the text's names, the stand-ins of :func:`~kg.ingest.anaphora.resolve`
    included.  None in a plan, in a text with no topic, and in headings.

    >>> from kg.ingest.cues import Cues
    >>> from kg.ingest.split import sentences
    >>> from kg.ingest.training import classes_of
    >>> from kg.schema.model import Entity, Names, Where
    >>> from kg.schema.ontology import load_ontology
    >>> ontology = load_ontology(__import__("pathlib").Path(__file__).parents[2] / "ontology" / "kg.ttl")
    >>> w = Where("x", 1)
    >>> sh = Entity("shanghai", "Municipality", Names({"en": "Shanghai"}, {}), w)
    >>> lab = Entity("lab", "Laboratory", Names({"en": "Zhangjiang Lab"}, {}), w)
    >>> text = "Shanghai grew. Shanghai built. Shanghai won. It also opened Zhangjiang Lab."
    >>> named = [Mention("shanghai", i, i + 8, "Shanghai") for i in (0, 15, 31)] + [Mention("lab", 60, 74, "Zhangjiang Lab")]
    >>> [(m.entity, m.start, m.end) for m in implied_topic(sentences(text), named, classes_of([sh, lab], ontology), ontology, Cues({}))]
    [('shanghai', 45, 45)]
    """
    if reads_as_plan(sentences, cues):
        return []
    about = topic(Counter(m.entity for m in mentions), TOPIC_CLASS, classes, ontology)
    if about is None:
        return []
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    starts = [m.start for m in ordered]
    out = []
    for sentence in sentences:
        if getattr(sentence, "heading", False):
            continue
        first, last = bisect.bisect_left(starts, sentence.start), bisect.bisect_left(starts, sentence.end)
        inside = [m for m in ordered[first:last] if m.end <= sentence.end]
        named = outermost(inside)
        if len({m.entity for m in named}) == 1 and named[0].start > sentence.start and named[0].entity != about:
            out.append(Mention(about, sentence.start, sentence.start, ""))
    return out
