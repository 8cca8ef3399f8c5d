"""The place a document is about, where its sentences say "the city" (本市, 沪, เมืองนี้) instead of its name.

A report on Shanghai names Shanghai in one sentence and says "the city has formed the
construction plan for ..." in the next; a Chinese one writes 在沪的 ("in Shanghai") with
the city's one-character name.  A statement of such a sentence has Shanghai as one side,
but no pair of names in the sentence gives it.  Here each such word (an ``anaphora`` cue
of :mod:`kg.ingest.cues`, keyed by the class it stands for) becomes a mention of the
document's *topic* of that class: the entity of that class (or below it) the document
names most often, if it names it at least :data:`MIN_MENTIONS` times.  A sentence that
names the topic itself (not merely inside another name: "Shanghai Jiaotong University …"
does not name Shanghai), or a word inside another name, is left alone.
"""

from __future__ import annotations

from collections import Counter

from ..schema.ontology import Ontology
from ..text.mentions import Mention
from ..text.normalize import script_of
from .cues import Cues
from .split import Sentence
from .suggest import outermost
from .training import Classes

__all__ = ["MIN_MENTIONS", "resolve", "topic"]

#: A document is about an entity it names at least this often.
MIN_MENTIONS = 3


def topic(counts: Counter[str], cls: str, classes: Classes, ontology: Ontology) -> str | None:
    """The most named entity of class ``cls`` or below it (ties by id), if named often enough."""
    expected = ontology.entity_classes.get(cls)
    if expected is None:
        return None
    fitting = [(n, e) for e, n in counts.items() if n >= MIN_MENTIONS and ontology.fits((expected,), classes.of(e)[0])]
    return min(fitting, key=lambda t: (-t[0], t[1]))[1] if fitting else None


def resolve(
    text: str, sentences: list[Sentence], mentions: list[Mention], classes: Classes, ontology: Ontology, cues: Cues
) -> list[Mention]:
    """Mentions of the document's topics where an anaphora cue stands for them (see the module docs).

    >>> from kg.ingest.cues import Cue
    >>> from kg.ingest.training import classes_of
    >>> from kg.schema.model import Entity, Names, Where
    >>> from kg.schema.ontology import load_ontology
    >>> from kg.ingest.split import sentences
    >>> ontology = load_ontology(__import__("pathlib").Path(__file__).parents[2] / "ontology" / "kg.ttl")
    >>> sh = Entity("shanghai", "Municipality", Names({"en": "Shanghai"}, {}), Where("x", 1))
    >>> text = "Shanghai grew. Shanghai built. Shanghai won. The city opened a lab."
    >>> named = [Mention("shanghai", i, i + 8, "Shanghai") for i in (0, 15, 31)]
    >>> cues = Cues({"en": [Cue("anaphora", "Municipality", "the city")]})
    >>> [(m.entity, m.name) for m in resolve(text, sentences(text), named, classes_of([sh], ontology), ontology, cues)]
    [('shanghai', 'The city')]
    """
    counts = Counter(m.entity for m in mentions)
    topics: dict[str, str | None] = {}
    out: list[Mention] = []
    for sentence in sentences:
        found = cues.spans(sentence.text, script_of(sentence.text), "anaphora")
        if not found:
            continue  # most sentences: no need to look at their mentions
        inside = [m for m in mentions if m.start >= sentence.start and m.end <= sentence.end]
        for start, end, cue in found:
            if cue.key not in topics:
                topics[cue.key] = topic(counts, cue.key, classes, ontology)
            about = topics[cue.key]
            a, b = sentence.start + start, sentence.start + end
            named_itself = any(m.entity == about for m in outermost(inside))  # not a word inside another name
            if about is None or named_itself or any(m.start < b and a < m.end for m in inside):
                continue
            out.append(Mention(about, a, b, text[a:b]))
            inside.append(out[-1])  # one stand-in per sentence is enough to pair it
    return out
