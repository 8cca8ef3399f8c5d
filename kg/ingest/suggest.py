"""Typed statement suggestions: what each sentence probably says of each pair of names it holds.

For every pair of names in a sentence (registered entities and candidate names alike),
the statement classifier gives the probability of each label.  The suggestion is the
most probable label that the ontology allows for the two entities' classes, in the
direction the label gives (an ``issuedBy`` whose subject is not a policy document is
dropped for the next label), the more specific of two close labels first (see
:data:`SPECIFICITY_WEIGHT`); when ``none`` is the most probable the pair is still
suggested if a statement label reaches :data:`MIN_CONFIDENCE`, since a curator would
rather strike a weak suggestion than miss a statement.  A name that is a member of a
coordinated list ("A, B and C") passes its suggestion on to the other members, with the
same quote, so that "organised by A, B and C" becomes three statements.

The modality of a suggestion is read from cue words of its sentence
(:meth:`kg.ingest.cues.Cues.modality`).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from rdflib import URIRef

from ..rdf.vocab import KG
from ..schema.ontology import Ontology
from ..text.mentions import Mention
from ..text.normalize import script_of
from .classifier import NONE, StatementModel, parse_label
from .cues import Cues
from .features import pair_features, pairs_in
from .prior import ClassPrior
from .split import Sentence
from .training import Classes, make_pair, other_mentions

__all__ = ["MIN_CONFIDENCE", "ListFinder", "Suggestion", "allowed", "combine", "outermost", "specificity", "suggest"]

#: A statement is suggested when its score (:func:`_scores`) reaches this.
MIN_CONFIDENCE = 0.1
#: What a cue word adds to the score of its labels, by where it is: between the names,
#: just before the first or after the second, between them but far apart, anywhere in
#: the sentence (a verb whose subjects are listed: "A, B and C issued ...").
CUE_WEIGHTS = {"cue_b": 0.4, "cue_l": 0.2, "cue_r": 0.2, "cue_bfar": 0.1, "cue_s": 0.15}
#: How many labels a suggestion offers in all: its own and the next best the ontology allows,
#: so that a reviewer corrects a wrong relation by picking, not by looking it up.
ALTERNATIVES = 3
#: What a relation's cue word between the names adds to the direction its place gives (:func:`_first_is_subject`).
DIRECTION_MARGIN = 0.1
#: What each other name between the two takes off the score: the nearer the names, the likelier the statement.
BETWEEN_PENALTY = 0.1
#: How much the classifier's probability and the class prior (:mod:`kg.ingest.prior`) count.
#: Measured by ``kg holdout`` (docs/curation.md): held out of its document, the
#: classifier alone typed 5-10 % of the curated pairs right, cue words with the class
#: prior about 35 %; the classifier still helps rank the pairs of a language it has read.
MODEL_WEIGHT = 0.5
PRIOR_WEIGHT = 0.3
#: What a label's specificity (:func:`specificity`) adds when the labels a pair may take
#: are ranked: of two labels with close scores, the one the ontology allows for fewer
#: kinds of entity wins ("Qiu Wenjin, director of the DRC": ``holdsPositionIn``, which
#: only a person takes, over ``develops``, which any actor takes; ``issuedBy`` over
#: ``develops`` for a policy document and a ministry).  The generic labels collect the
#: cue words of every sentence ("develop", 发展, พัฒนา) and the class prior of every
#: pair of actors, so a close call is more often the specific one.  It only orders a
#: pair's labels: the pair's confidence stays its best allowed score.  Measured by
#: ``kg holdout``: 0.02 to 0.1 type the same pairs right (typed recall 74 -> 76 of 521,
#: no document worse); 0.2 and more win one more but lose two in the Chinese document.
SPECIFICITY_WEIGHT = 0.05
#: Two members of one coordinated list are not each other's subject and object: they
#: act together.  A relation cue of their sentence makes them the link of that act
#: ("MOST, NDRC and MOF issued ..." -> the three co-issued).
LIST_LINKS = {"issuedBy": "CoIssuing"}
#: The class every participant of a cooperation link has (``ontology/shapes.ttl``: the
#: agent of a participation is a ``kg:Actor``).
PARTICIPANT = KG.Actor

#: The relations that put one thing inside another, and the size of the places they may join:
#: a place is only ever inside a larger kind of place (a district in a city, a city in a
#: country, a country in a world region).  The ontology lets ``locatedIn`` and ``partOf``
#: join any two places, so without this "Germany, Shanghai" would be typed as Germany
#: located in Shanghai.  Places of other kinds (an economic region, a place) are not ranked.
CONTAINMENT = frozenset({"locatedIn", "partOf"})
PLACE_RANK = {"District": 1, "City": 2, "Municipality": 3, "Province": 3, "Country": 4, "WorldRegion": 5}

#: ``groups(text, mentions)``: the coordinated lists among ``mentions`` (each a list of two or more).
ListFinder = Callable[[str, list[Mention]], list[list[Mention]]]


@dataclass(frozen=True)
class Suggestion:
    """A typed statement the draft proposes.

    ``kind`` is ``fact`` (``name`` a relation, ``subject`` -> ``object``) or ``link``
    (``name`` a cooperation kind, ``subject`` and ``object`` its two participants).
    ``via_list`` says the statement was passed on from another member of a list;
    ``source`` what the quote is: the ``sentence`` that names both, the ``name`` of
    one that holds the other's name (:mod:`kg.ingest.inside`), or a sentence that names
    one while the other is the ``topic`` of the text it leaves unnamed (:mod:`kg.ingest.implicit`).
    """

    kind: str
    name: str
    subject: str
    object: str
    confidence: float
    modality: str
    sentence: Sentence
    line: int
    via_list: bool = False
    source: str = "sentence"
    #: The next most likely statements of the same two names, ``(kind, name, subject, object)``, best first.
    alternatives: tuple[tuple[str, str, str, str], ...] = ()

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Identity: a link is the same whichever participant comes first."""
        if self.kind == "link":
            a, b = sorted((self.subject, self.object))
            return (self.kind, self.name, a, b)
        return (self.kind, self.name, self.subject, self.object)


def allowed(ontology: Ontology, kind: str, name: str, subject_cls: str, object_cls: str) -> bool:
    """Whether the ontology lets ``subject_cls`` -[name]-> ``object_cls`` (links join two actors)."""
    if kind == "link":
        return ontology.fits((PARTICIPANT,), subject_cls) and ontology.fits((PARTICIPANT,), object_cls)
    relation = ontology.relations.get(name)
    if relation is None:
        return False
    if name in CONTAINMENT and PLACE_RANK.get(subject_cls, 0) >= PLACE_RANK.get(object_cls, 9) > 0:
        return False  # a country is not in a city, nor a province in another province
    return ontology.fits(relation.domain, subject_cls) and ontology.fits(relation.range, object_cls)


def _permits(ontology: Ontology) -> Callable[[str, str, str, str], bool]:
    """:func:`allowed` for ``ontology``, each answer remembered: a document asks the same few hundred questions thousands of times."""
    known: dict[tuple[str, str, str, str], bool] = {}

    def permits(kind: str, name: str, subject_cls: str, object_cls: str) -> bool:
        key = (kind, name, subject_cls, object_cls)
        if key not in known:
            known[key] = allowed(ontology, kind, name, subject_cls, object_cls)
        return known[key]

    return permits


def specificity(ontology: Ontology) -> dict[tuple[str, str], float]:
    """How specific each typed label is: ``-log10`` of the share of (subject, object) class pairs it allows.

    Keys are ``("fact", relation)`` for every relation between entities and ``("link", "")``
    for every cooperation kind (a link joins any two actors).  ``holdsPositionIn``
    (a person and an organisation) is about 2, ``develops`` (any actor and almost
    anything) about 0.2, ``partOf`` (nearly any two entities) near 0.
    """
    names = sorted(ontology.entity_classes)

    def share(expected: tuple[URIRef, ...]) -> float:
        return sum(1 for c in names if ontology.fits(expected, c)) / len(names) if names else 1.0

    out = {("link", ""): -math.log10(max(share((PARTICIPANT,)) ** 2, 1e-6))}
    for name, relation in ontology.relations.items():
        if relation.between_entities:
            out[("fact", name)] = -math.log10(max(share(relation.domain) * share(relation.range), 1e-6))
    return out


def _scores(probs: dict[str, float], features: list[str], prior: dict[str, float], same_list: bool = False) -> dict[str, float]:
    """Each statement label's score: classifier probability, class prior and the weight of its cue words.

    The classifier has seen few statements of a kind (and none in a language it was not
    trained on); the class prior says what joins two kinds of entity in any language;
    the cue words carry what a linguist knows of every language.  A cue of a relation
    counts for both directions: the ontology and the other two choose between them.
    ``same_list``: the two names are members of one coordinated list, so only links
    are scored (see :data:`LIST_LINKS`), and only those a cue word of the sentence speaks
    for: "parks located in places like Fudan University, Shanghai Jiao Tong University and
    Tongji University" lists three universities and links none of them.
    """
    labels = (set(probs) | set(prior)) - {NONE}
    scores = {label: MODEL_WEIGHT * probs.get(label, 0.0) + PRIOR_WEIGHT * prior.get(label, 0.0) for label in labels}
    passive = "passive_b" in features
    cued: set[str] = set()
    penalty = 0.0
    for feature in features:
        if feature.startswith("between_names="):
            penalty = BETWEEN_PENALTY * int(feature.partition("=")[2])
        where, _, cue = feature.partition("=")
        weight = CUE_WEIGHTS.get(where)
        if weight is None:
            continue
        section, _, name = cue.partition(":")
        if section == "links":
            targets = [f"link:{name}"]
        elif section == "relations":
            targets = [f"{name}>", f"{name}<"] + ([f"link:{LIST_LINKS[name]}"] if same_list and name in LIST_LINKS else [])
            if where == "cue_b":  # the other direction is less likely, not this one more
                other = f"{name}<" if _first_is_subject(name, passive) else f"{name}>"
                scores[other] = scores.get(other, 0.0) - DIRECTION_MARGIN
        else:
            continue  # modality cues say how, not what
        for label in targets:
            scores[label] = scores.get(label, 0.0) + weight
            cued.add(label)
    # Taken off every label, those its cue words brought in too: a label the classifier and
    # the prior never saw for the pair is no likelier across three other names than one they did.
    scores = {label: score - penalty for label, score in scores.items()}
    if same_list:
        scores = {label: score for label, score in scores.items() if label.startswith("link:") and label in cued}
    return scores


def _first_is_subject(relation: str, passive: bool) -> bool:
    """Whether the name before a relation's cue word is the relation's subject.

    Thai, Chinese and English put the doer before the verb ("MOST issued the plan", 科技部
    发布, กระทรวงออกประกาศ), unless a word of passive voice stands between ("the plan issued
    by MOST", 由, โดย).  The ontology names the relations whose object is the doer with
    "By" (``issuedBy``, ``organisedBy``, ``establishedBy`` ...); in every other relation
    the subject comes first (``supports``, ``locatedIn``, ``partOf`` ...).
    """
    return passive is relation.endswith("By")


def _choose(
    probs: dict[str, float],
    features: list[str],
    x: str,
    y: str,
    classes: Classes,
    ontology: Ontology,
    prior: ClassPrior | None,
    same_list: bool,
    specific: dict[tuple[str, str], float] | None = None,
    permits: Callable[[str, str, str, str], bool] | None = None,
) -> tuple[tuple[str, str, str, str], float, tuple[tuple[str, str, str, str], ...]] | None:
    """The best allowed statement, the best allowed score and the next allowed statements (:data:`ALTERNATIVES`).

    The allowed statements are ranked by score plus :data:`SPECIFICITY_WEIGHT` times
    their label's ``specific`` value (:func:`specificity`; none: by score alone).
    ``None`` when the best allowed score does not reach :data:`MIN_CONFIDENCE`.
    ``permits``: :func:`allowed` for this ontology, remembered (:func:`_permits`).
    """
    (cx, rx), (cy, ry) = classes.of(x), classes.of(y)
    expected = {} if prior is None else prior.probs(cx, cy, rx, ry)
    permits = permits or (lambda kind, name, s, o: allowed(ontology, kind, name, s, o))
    # What specificity can add to a score: a label whose score plus this stays below the
    # ALTERNATIVES-th best ranking so far cannot enter them (the labels come best first).
    reach = SPECIFICITY_WEIGHT * max(specific.values(), default=0.0) if specific else 0.0
    ranked: list[tuple[tuple[str, str, str, str], float]] = []
    keys: list[float] = []
    for label, score in sorted(_scores(probs, features, expected, same_list).items(), key=lambda kv: (-kv[1], kv[0])):
        if not ranked and score < MIN_CONFIDENCE:
            return None
        if len(keys) >= ALTERNATIVES and score + reach < sorted(keys, reverse=True)[ALTERNATIVES - 1]:
            break
        kind, name, x_first = parse_label(label)
        subject, obj = (x, y) if x_first else (y, x)
        if permits(kind, name, classes.of(subject)[0], classes.of(obj)[0]):
            ranked.append(((kind, name, subject, obj), score))
            keys.append(score + (SPECIFICITY_WEIGHT * specific.get((kind, "" if kind == "link" else name), 0.0) if specific else 0.0))
    if not ranked:
        return None
    confidence = ranked[0][1]
    if specific is not None:
        weight = SPECIFICITY_WEIGHT

        def ranking(r: tuple[tuple[str, str, str, str], float]) -> tuple[float, tuple[str, str, str, str]]:
            (kind, name, _, _), score = r
            return -(score + weight * specific.get((kind, "" if kind == "link" else name), 0.0)), r[0]

        ranked = sorted(ranked, key=ranking)
    return ranked[0][0], round(confidence, 4), tuple(statement for statement, _ in ranked[1:ALTERNATIVES])


def suggest(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    classes: Classes,
    model: StatementModel,
    ontology: Ontology,
    cues: Cues,
    lists: ListFinder | None = None,
    prior: ClassPrior | None = None,
) -> list[Suggestion]:
    """Every suggestion of the text, most confident first (then in text order), each statement once.

    ``lists`` finds the coordinated lists of a sentence's names; ``prior`` is the class
    prior of the engine (without it, the classifier and the cue words decide alone).
    """
    starts = [s.start for s in sentences]
    by_sentence: dict[int, list[Mention]] = {}
    for m in outermost(mentions):
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= sentences[i].end:
            by_sentence.setdefault(i, []).append(m)
    # First every pair of every sentence, so that the classifier reads them in one batch.
    work: list[tuple[Sentence, list[Mention], list[tuple[Mention, Mention]]]] = []
    feats: list[list[str]] = []
    for i, inside in sorted(by_sentence.items()):
        sentence = sentences[i]
        if getattr(sentence, "heading", False):
            continue
        pairs = pairs_in(inside, sentence.start, sentence.end)
        if pairs:
            work.append((sentence, inside, pairs))
            feats += [
                pair_features(text, make_pair(x, y, classes, sentence.start, sentence.end, text), other_mentions(inside, x, y), cues)
                for x, y in pairs
            ]
    predicted = iter(zip(model.predict(feats), feats, strict=True))
    specific = specificity(ontology)
    permits = _permits(ontology)
    found: dict[tuple[str, str, str, str], Suggestion] = {}
    for sentence, inside, pairs in work:
        modality = cues.modality(sentence.text, script_of(sentence.text))
        line = text.count("\n", 0, sentence.start) + 1
        groups = lists(text, inside) if lists else []
        group_of = {m.entity: i for i, g in enumerate(groups) for m in g}
        here: list[Suggestion] = []
        for x, y in pairs:
            probs, features = next(predicted)
            same_list = x.entity in group_of and group_of[x.entity] == group_of.get(y.entity)
            chosen = _choose(probs, features, x.entity, y.entity, classes, ontology, prior, same_list, specific, permits)
            if chosen is not None:
                (kind, name, subject, obj), score, others = chosen
                source = "topic" if x.start == x.end or y.start == y.end else "sentence"  # kg.ingest.implicit
                here.append(Suggestion(kind, name, subject, obj, score, modality, sentence, line, source=source, alternatives=others))
        here += _through_lists(here, groups, classes, ontology)
        for s in here:
            if s.subject != s.object and (s.key not in found or s.confidence > found[s.key].confidence):
                found[s.key] = s
    return sorted(found.values(), key=lambda s: (-s.confidence, s.sentence.start, s.key))


def outermost(mentions: list[Mention]) -> list[Mention]:
    """The mentions not inside a longer one, in text order (the names of one span all stay).

    A registered name inside a candidate name ("南亚" in "中国-南亚技术转移中心") is part of
    what the sentence names, not a name the sentence relates to the others: the centre is
    what Jiangxi draws on, not South Asia.  What the longer name says of the one inside it
    is :mod:`kg.ingest.inside`'s.

    >>> m = [Mention("centre", 0, 11, "中国-南亚技术转移中心"), Mention("south-asia", 3, 5, "南亚"), Mention("jx", 12, 15, "江西省")]
    >>> [x.entity for x in outermost(m)]
    ['centre', 'jx']
    """
    out: list[Mention] = []
    reach, reach_from = -1, -1  # the furthest end so far, and where the first mention to reach it starts
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        # Every earlier mention starts at or before m: one ends past m, or ends with m but starts before it.
        if m.end < reach or (m.end == reach and reach_from < m.start):
            continue
        out.append(m)
        if m.end > reach:
            reach, reach_from = m.end, m.start
    return out


def combine(*found: list[Suggestion]) -> list[Suggestion]:
    """The suggestions of several sources, each statement once (its most confident), in :func:`suggest`'s order."""
    best: dict[tuple[str, str, str, str], Suggestion] = {}
    for s in (s for group in found for s in group):
        if s.key not in best or s.confidence > best[s.key].confidence:
            best[s.key] = s
    return sorted(best.values(), key=lambda s: (-s.confidence, s.sentence.start, s.key))


def _through_lists(here: list[Suggestion], groups: list[list[Mention]], classes: Classes, ontology: Ontology) -> list[Suggestion]:
    """The suggestions of a list member passed on to the other members of its list."""
    member_of = {m.entity: g for g in groups for m in g}
    more = []
    for s in here:
        if s.subject in member_of and member_of[s.subject] is member_of.get(s.object):
            continue  # a statement between two members of one list is not passed to the others
        for side in ("subject", "object"):
            member = getattr(s, side)
            for other in member_of.get(member, []):
                subject, obj = (other.entity, s.object) if side == "subject" else (s.subject, other.entity)
                alternatives = _moved(s.alternatives, member, other.entity, classes, ontology)
                moved = replace(s, via_list=True, subject=subject, object=obj, alternatives=alternatives)
                cls_s, cls_o = classes.of(moved.subject)[0], classes.of(moved.object)[0]
                if other.entity != member and allowed(ontology, s.kind, s.name, cls_s, cls_o):
                    more.append(moved)
    return more


def _moved(
    alternatives: tuple[tuple[str, str, str, str], ...], member: str, other: str, classes: Classes, ontology: Ontology
) -> tuple[tuple[str, str, str, str], ...]:
    """``alternatives`` with ``member`` replaced by ``other``, those the ontology still allows."""
    out = []
    for kind, name, a, b in alternatives:
        subject, obj = (other if a == member else a), (other if b == member else b)
        if allowed(ontology, kind, name, classes.of(subject)[0], classes.of(obj)[0]):
            out.append((kind, name, subject, obj))
    return tuple(out)
