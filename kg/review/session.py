"""A review of one draft: its items, what has been decided, and each decision applied safely.

``kg review`` keeps one :class:`ReviewSession` per server.  The session analyses the
document once (as ``kg ingest --refresh`` would) and derives everything else from the
files on each request, so a page, a second tab, a restarted server and a curator
editing the YAML by hand all see the same state:

* a statement item is **decided** when the document file holds a statement about the
  same entities with the same quote (accepted or corrected), or ``rejected:`` holds it;
* a candidate name is decided when it is the name of an entity (created in the
  document file, or added to a registered entity's ``alt:``) or ``rejected:`` holds it;
  a statement naming the candidate then names that entity.

A decision is made against a **version** (a hash of the document file and the entity
files): if the files changed since the page last read them, it is refused
(:class:`Conflict`) and nothing is written, so a decision in one tab never silently
overwrites another's.  The new text is checked with the build's own loader and quote
check (:func:`kg.build.pipeline.load_inputs` with the text as an override) before the
atomic write; a problem is returned with the build's message (:class:`Invalid`).
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..build.output import write_atomic
from ..build.pipeline import build, load_inputs
from ..curation.loader import load_curation
from ..curation.yamlload import load_yaml, load_yaml_text
from ..errors import CurationError, KgError, Problem, UsageError
from ..ingest.alias import alias_edit
from ..ingest.analysis import analyse_text
from ..ingest.draft import MAX_PAIRS
from ..ingest.link import fold
from ..ingest.pipeline import Registry, load_registry
from ..ingest.refresh import draft_file, named_entities, saved_text
from ..ingest.suggest import Suggestion, allowed
from ..project import Project
from ..schema.model import Entity
from ..schema.ontology import Ontology, load_ontology
from ..text.normalize import NormalizedText, normalize_space, script_of
from ..text.quotes import pin
from .items import CandidateItem, Item, StatementItem, items_of
from .writer import add_item, drop_proposals, set_status

__all__ = ["MODALITIES", "Conflict", "Invalid", "ReviewSession"]

#: The modalities a reviewer picks from (the curation's lower-case names).
MODALITIES = ("reported", "announced", "directed", "recommended", "target")
#: Longest free-text field a decision may carry (a quote is at most a paragraph).
MAX_FIELD = 4000
#: Optional fields a corrected statement may set, by kind.
_EXTRA = {"fact": ("date",), "link": ("status", "date", "amount", "unit")}


class Conflict(KgError):
    """The files changed since the page read them (another tab, an editor): nothing was written."""

    exit_code = 1


class Invalid(KgError):
    """The build's checks refuse the change, or the request is malformed: nothing was written."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class _Decided:
    """What the files say has been decided (see module docs)."""

    statements: list[dict[str, Any]]
    rejected: list[dict[str, Any]]
    names: dict[str, str]  # folded name -> entity id, registry and document entities
    entity_ids: set[str]
    aliases: set[str]  # folded names that registered entities got in review
    status: str  # the file's curation status


def _text(value: Any, what: str) -> str | None:
    """A free-text field of a request: a string of bounded length, or absent."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_FIELD:
        raise Invalid(f"{what} must be text of at most {MAX_FIELD} characters")
    value = value.strip()
    return value or None


def _overlap(a: str, b: str) -> bool:
    a, b = normalize_space(a), normalize_space(b)
    return bool(a) and bool(b) and (a in b or b in a)


class ReviewSession:
    """The review of document ``doc_id``'s draft (see module docs).

    ``registry``: the entities and the trained suggestion engine, if the caller has them
    already (else read and trained from the project, as ``kg ingest`` does).

    Raises
    ------
    UsageError
        No such document, or no draft for it (never ingested, or already reviewed).
    IngestError, CurationError
        The text no longer matches the manifest, or the curation does not load.
    """

    def __init__(self, project: Project, doc_id: str, registry: Registry | None = None) -> None:
        self.project = project
        self.doc = doc_id
        entry, self.text = saved_text(project, doc_id)
        self.path = draft_file(project, doc_id)
        self.name = project.rel(self.path)
        if not self.path.exists():
            raise UsageError(f"document {doc_id} has no draft ({self.name}): run 'kg ingest --refresh {doc_id}' to draft it")
        status = (load_yaml(self.path, self.name) or {}).get("status")
        if status != "draft":
            raise UsageError(
                f"{self.name} is reviewed (status: {status}); kg review works on drafts: set 'status: draft' to review it again"
            )
        title = entry.get("title") or {}
        self.languages = [str(x) for x in entry.get("languages") or ["en"]]
        self.title = str(title.get(self.languages[0]) or title.get("en") or doc_id) if isinstance(title, dict) else str(title)
        self.ontology: Ontology = load_ontology(project.ontology, project.rel(project.ontology))
        registry = registry or load_registry(project)
        self.entities = {e.id: e for e in registry.entities}
        self._registry_digest = b""
        self.analysis = analyse_text(self.text, registry.entities, registry.ignores, registry.engine)
        self.view = NormalizedText(self.text)  # the build's whitespace-normalised matching, to pin quotes
        self._starts = [sentence.start for sentence in self.analysis.sentences]
        self.items: list[Item] = items_of(self.analysis, MAX_PAIRS)
        self.by_id = {item.id: item for item in self.items}
        self.candidates = {c.stub: c for c in self.analysis.candidates}
        self.lock = threading.Lock()

    # -- reading the files -------------------------------------------------------------

    def _entity_files(self) -> list[Path]:
        return sorted((self.project.curation / "entities").glob("*.yaml"))

    def version(self) -> str:
        """A hash of the document file and the entity files: what a decision is made against."""
        digest = hashlib.sha256()
        for path in [self.path, *self._entity_files()]:
            digest.update(path.name.encode() + b"\0" + (path.read_bytes() if path.exists() else b"") + b"\0")
        return digest.hexdigest()

    def _registry(self) -> dict[str, Entity]:
        """The registered entities, read again whenever a curation file changed (an alias added, here or elsewhere)."""
        digest = hashlib.sha256()
        for path in sorted(self.project.curation.glob("*/*.yaml")):
            if path != self.path:  # this document's own entities are read from its data on each request
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        if digest.digest() != self._registry_digest:
            with contextlib.suppress(CurationError):  # a file being edited by hand: keep the last good registry until it loads again
                self.entities = dict(load_curation(self.project.root, self.ontology, include_drafts=True).entities)
            self._registry_digest = digest.digest()
        return self.entities

    def _data(self) -> dict[str, Any]:
        data = load_yaml_text(self.path.read_text(encoding="utf-8"), self.name) or {}
        return data if isinstance(data, dict) else {}

    def _decided(self) -> _Decided:
        data = self._data()
        statements = [s for s in data.get("statements") or [] if isinstance(s, dict)]
        rejected = [r for r in data.get("rejected") or [] if isinstance(r, dict)]
        names: dict[str, str] = {}
        registry = self._registry()
        for entity in registry.values():
            if entity.where.file != self.name:  # this document's own entities are read from its data below
                for _, name in entity.names.all_names():
                    names.setdefault(fold(name), entity.id)
        registered = set(names)
        ids = {e for e, entity in registry.items() if entity.where.file != self.name}
        for entity in data.get("entities") or []:
            if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
                continue
            ids.add(entity["id"])
            for value in (entity.get("label") or {}, entity.get("alt") or {}):
                if isinstance(value, dict):
                    for v in value.values():
                        for name in v if isinstance(v, list) else [v]:
                            if isinstance(name, str):
                                names[fold(name)] = entity["id"]
        aliases = {fold(c.text) for c in self.candidates.values() if fold(c.text) in registered}
        return _Decided(statements, rejected, names, ids, aliases, str(data.get("status", "draft")))

    def _mapped(self, entity: str, decided: _Decided) -> str:
        """The entity a suggestion's id stands for now: a candidate's stub becomes the entity named like it."""
        cand = self.candidates.get(entity)
        if cand is None:
            return entity
        return decided.names.get(fold(cand.text), entity)

    def _rejection_of(self, item: Item, decided: _Decided) -> dict[str, Any] | None:
        """The ``rejected:`` entry that turns ``item`` down, if any."""
        if isinstance(item, CandidateItem):
            key = fold(item.candidate.text)
            return next((r for r in decided.rejected if "candidate" in r and fold(str(r["candidate"])) == key), None)
        s = item.suggestion
        for r in decided.rejected:
            same = (r.get("relation") == s.name and r.get("subject") == s.subject and r.get("object") == s.object) or (
                r.get("link") == s.name and named_entities(r) == {s.subject, s.object}
            )
            if same and normalize_space(str(r.get("quote", ""))) == normalize_space(item.quote):
                return r
        return None

    def state_of(self, item: Item, decided: _Decided) -> str:
        """``open``, ``accepted``, ``corrected``, ``rejected``, ``created`` or ``aliased`` (see module docs)."""
        if isinstance(item, CandidateItem):
            key = fold(item.candidate.text)
            if key in decided.names:
                return "aliased" if key in decided.aliases else "created"
            return "rejected" if self._rejection_of(item, decided) else "open"
        s = item.suggestion
        who = {self._mapped(s.subject, decided), self._mapped(s.object, decided)}
        for st in decided.statements:
            if named_entities(st) == who and _overlap(str(st.get("quote", "")), item.quote):
                same = st.get("relation" if s.kind == "fact" else "link") == s.name and (
                    s.kind == "link" or st.get("subject") == self._mapped(s.subject, decided)
                )
                return "accepted" if same else "corrected"
        rejection = self._rejection_of(item, decided)
        if rejection is not None:
            return "corrected" if rejection.get("corrected") is True else "rejected"
        return "open"

    # -- the state the page shows ------------------------------------------------------

    def _entity_json(self, entity: str, decided: _Decided) -> dict[str, Any]:
        mapped = self._mapped(entity, decided)
        known = self.entities.get(mapped)
        cand = self.candidates.get(entity)
        if known is not None:
            label = known.names.pref.get("en") or next(iter(known.names.pref.values()), mapped)
            return {"id": mapped, "label": label, "class": known.cls, "candidate": False}
        if cand is not None:
            return {"id": mapped, "label": cand.label_en or cand.text, "class": cand.cls, "candidate": mapped == entity}
        return {"id": mapped, "label": mapped, "class": "", "candidate": False}

    def _label(self, kind: str, name: str) -> str:
        if kind == "fact":
            relation = self.ontology.relations.get(name)
            return relation.label if relation else name
        iri = self.ontology.kinds.get(name)
        return self.ontology.label(iri) if iri is not None else name

    def _item_json(self, rank: int, item: Item, decided: _Decided) -> dict[str, Any]:
        common = {
            "id": item.id,
            "rank": rank,
            "state": self.state_of(item, decided),
            "quote": item.quote,
            "start": item.start,
            "end": item.end,
            "line": item.line,
        }
        if isinstance(item, CandidateItem):
            c = item.candidate
            alias = None
            if c.alias is not None:
                target = self.entities.get(c.alias.entity)
                label = (target.names.pref.get("en") or c.alias.entity) if target else c.alias.entity
                alias = {"id": c.alias.entity, "label": label, "how": c.alias.how}
            return common | {
                "type": "candidate",
                "name": c.text,
                "script": c.script,
                "proposed_id": c.stub,
                "class": c.cls,
                "label_en": c.label_en or "",
                "count": len(c.spans),
                "spans": [list(span) for span in c.spans],
                "alias_of": alias,
                "entity": decided.names.get(fold(c.text)),
            }
        s = item.suggestion
        needs = [e for e in (s.subject, s.object) if e in self.candidates and self._mapped(e, decided) == e]
        return common | {
            "type": "statement",
            "kind": s.kind,
            "name": s.name,
            "label": self._label(s.kind, s.name),
            "subject": self._entity_json(s.subject, decided),
            "object": self._entity_json(s.object, decided),
            "modality": s.modality.lower(),
            "score": round(s.confidence, 2),
            "source": s.source,
            "alternatives": [
                {"kind": k, "name": n, "label": self._label(k, n), "subject": self._mapped(a, decided), "object": self._mapped(b, decided)}
                for k, n, a, b in s.alternatives
            ],
            "needs": needs,
            "gloss_needed": script_of(item.quote) != "en",
        }

    def state(self) -> dict[str, Any]:
        """Everything the page shows (the shape is documented in :mod:`kg.review.app`)."""
        decided = self._decided()
        items = [self._item_json(rank, item, decided) for rank, item in enumerate(self.items, start=1)]
        reviewed = sum(1 for i in items if i["state"] != "open")
        return {
            "doc": self.doc,
            "title": self.title,
            "languages": self.languages,
            "status": decided.status,
            "version": self.version(),
            "text": self.text,
            "progress": {"reviewed": reviewed, "remaining": len(items) - reviewed, "total": len(items)},
            "modalities": list(MODALITIES),
            "classes": sorted(self.ontology.entity_classes),
            "items": items,
        }

    def options(self, subject: str, obj: str) -> list[dict[str, str]]:
        """Every statement the ontology allows between two entities (either direction), then every link kind."""
        decided = self._decided()
        cls = {e: self._entity_json(e, decided)["class"] for e in (subject, obj)}
        found = []
        for a, b in ((subject, obj), (obj, subject)):
            for name in sorted(self.ontology.relations):
                if self.ontology.relations[name].between_entities and allowed(self.ontology, "fact", name, cls[a], cls[b]):
                    found.append({"kind": "fact", "name": name, "label": self._label("fact", name), "subject": a, "object": b})
        if allowed(self.ontology, "link", "", cls[subject], cls[obj]):
            found += [
                {"kind": "link", "name": k, "label": self._label("link", k), "subject": subject, "object": obj}
                for k in sorted(self.ontology.kinds)
            ]
        return found

    # -- decisions ---------------------------------------------------------------------

    def _check(self, texts: dict[Path, str]) -> None:
        """Refuse ``texts`` (path -> new content) if the build's loader or quote check finds a problem in them."""
        try:
            load_inputs(self.project, include_drafts=True, overrides=texts)
        except CurationError as exc:
            mine = {self.project.rel(p) for p in texts}
            problems = [p for p in exc.problems if p.file in mine]
            if problems:
                raise Invalid("the build's checks refuse this change; nothing was written", problems) from exc

    def _write(self, texts: dict[Path, str]) -> None:
        self._check(texts)
        for path, text in texts.items():
            write_atomic(path, text.encode("utf-8"))

    def decide(self, version: str, item_id: str, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Apply one decision (see :mod:`kg.review.app` for the request) and return the new state.

        Raises
        ------
        Conflict
            ``version`` is not the files' version.
        Invalid
            An unknown item or action, a malformed field, or a change the build's checks refuse.
        """
        with self.lock:
            if version != self.version():
                raise Conflict("the draft changed in another tab or editor since this page read it; nothing was written")
            item = self.by_id.get(item_id)
            if item is None:
                raise Invalid(f"no item {item_id!r} in this review")
            text = self.path.read_text(encoding="utf-8")
            decided = self._decided()
            notes: list[str] = []
            if isinstance(item, StatementItem):
                texts = {self.path: self._statement_decision(text, item, action, payload, decided, notes)}
            else:
                texts = self._candidate_decision(text, item, action, payload, decided)
            self._write(texts)
            state = self.state()
            if notes:
                state["note"] = " ".join(notes)
            return state

    def _statement_decision(
        self, text: str, item: StatementItem, action: str, payload: dict[str, Any], decided: _Decided, notes: list[str]
    ) -> str:
        s = item.suggestion
        if action == "reject":
            return add_item(text, "rejected", self._rejection(s, item.quote), self.name, flow=True)
        if action not in ("accept", "correct"):
            raise Invalid(f"unknown action {action!r} for a statement: accept, correct or reject")
        given = payload.get("statement") if action == "correct" else payload
        if not isinstance(given, dict):
            raise Invalid("a correction needs a 'statement' object")
        statement = self._statement(s, item.quote, given, decided)
        statement["quote"] = self._pinned(item, statement["quote"], given.get("quote_at"), notes)
        new_text = add_item(text, "statements", statement, self.name)
        suggested = (s.kind, s.name, self._mapped(s.subject, decided), self._mapped(s.object, decided))
        made = ((statement.get("link") and "link") or "fact", statement.get("link") or statement.get("relation"))
        ends = tuple(statement["participants"]) if "participants" in statement else (statement["subject"], statement["object"])
        same = made == suggested[:2] and (ends == suggested[2:] or (s.kind == "link" and set(ends) == set(suggested[2:])))
        if not same:  # a correction: the suggestion as made was wrong, and is not proposed again
            new_text = add_item(new_text, "rejected", self._rejection(s, item.quote) | {"corrected": True}, self.name, flow=True)
        return new_text

    def _pinned(self, item: StatementItem, quote: str, quote_at: Any, notes: list[str]) -> str:
        """``quote`` grown to occur once in the document where the reviewer saw it (:func:`kg.text.quotes.pin`).

        Where it is: the suggestion's own quote is where the suggestion found it; a quote
        selected in the text comes with its offsets (``quote_at``: ``[start, end]`` in code
        points), which must hold that quote; a quote typed by hand has no place and is
        kept as typed (the build warns if it occurs more than once).  The quote grows within
        its sentence only, so that it still overlaps the suggestion's.
        """
        if quote_at is not None:
            if (
                not isinstance(quote_at, list)
                or len(quote_at) != 2
                or not all(isinstance(x, int) and not isinstance(x, bool) for x in quote_at)
                or not 0 <= quote_at[0] < quote_at[1] <= len(self.text)
            ):
                raise Invalid("quote_at must be [start, end]: code-point offsets into the document text, start before end")
            start, end = quote_at
            if normalize_space(self.text[start:end]) != normalize_space(quote):
                raise Invalid("quote_at does not hold the quote: select the words in the text again")
        elif normalize_space(quote) == normalize_space(item.quote):
            start, end = item.suggestion.sentence.start, item.suggestion.sentence.end
        else:
            return quote
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        sentence = self.analysis.sentences[i]
        lo, hi = min(sentence.start, start), max(sentence.end, end)
        new_start, new_end = pin(self.view, start, end, lo, hi)
        pinned = normalize_space(self.text[new_start:new_end])
        if pinned == normalize_space(quote):
            return quote
        times = len(self.view.find_original(quote))
        notes.append(
            f"The quote occurs {times} times in the document; it now reads \u201c{pinned}\u201d, so that the build finds the place you chose."
        )
        return pinned

    def _rejection(self, s: Suggestion, quote: str) -> dict[str, Any]:
        if s.kind == "link":
            return {"link": s.name, "participants": [s.subject, s.object], "quote": quote}
        return {"subject": s.subject, "relation": s.name, "object": s.object, "quote": quote}

    def _statement(self, s: Suggestion, quote: str, given: dict[str, Any], decided: _Decided) -> dict[str, Any]:
        """The curation item a decision writes: the suggestion, with what the reviewer changed."""
        kind = _text(given.get("kind"), "kind") or s.kind
        name = _text(given.get("name"), "name") or s.name
        subject = _text(given.get("subject"), "subject") or self._mapped(s.subject, decided)
        obj = _text(given.get("object"), "object") or self._mapped(s.object, decided)
        for entity in (subject, obj):
            if entity in self.candidates and entity not in decided.entity_ids:
                raise Invalid(
                    f"'{entity}' is a candidate name, not an entity yet: create it (or map it to a registered entity) first, then decide this statement"
                )
        modality = _text(given.get("modality"), "modality") or s.modality.lower()
        if modality not in MODALITIES:
            raise Invalid(f"unknown modality {modality!r}: one of {', '.join(MODALITIES)}")
        new_quote = _text(given.get("quote"), "quote") or quote
        if kind == "link":
            statement: dict[str, Any] = {"link": name, "participants": [subject, obj]}
        elif kind == "fact":
            statement = {"subject": subject, "relation": name, "object": obj}
        else:
            raise Invalid(f"unknown kind {kind!r}: fact or link")
        for key in _EXTRA[kind]:
            value = _text(given.get(key), key)
            if value is not None:
                statement[key] = value
        statement["modality"] = modality
        statement["quote"] = new_quote
        gloss = _text(given.get("gloss"), "gloss")
        if gloss is not None:
            statement["gloss"] = gloss
        return statement

    def _candidate_decision(
        self, text: str, item: CandidateItem, action: str, payload: dict[str, Any], decided: _Decided
    ) -> dict[Path, str]:
        c = item.candidate
        if action == "reject":
            return {self.path: add_item(text, "rejected", {"candidate": c.text}, self.name, flow=True)}
        entity = payload.get("entity")
        if action == "alias" or (action == "accept" and c.alias is not None and entity is None):
            target = entity if isinstance(entity, str) else (c.alias.entity if c.alias else None)
            if not target:
                raise Invalid("an alias needs the registered entity it is another name of")
            try:
                path, new_text = alias_edit(self.project, target, c.text)
            except KgError as exc:
                raise Invalid(str(exc)) from exc
            return {path: new_text}
        if action not in ("accept", "correct"):
            raise Invalid(f"unknown action {action!r} for a candidate name: accept, correct, alias or reject")
        given = entity if isinstance(entity, dict) else {}
        ent_id = _text(given.get("id"), "id") or c.stub
        cls = _text(given.get("class"), "class") or c.cls
        label_en = _text(given.get("label_en"), "label_en") or c.label_en or ""
        own = _text(given.get("label"), "label") or c.text
        label = {"en": label_en} if label_en else {}
        if c.script != "en":
            label[c.script] = own
        elif not label_en:
            label["en"] = own
        stub: dict[str, Any] = {"id": ent_id, "class": cls, "label": label}
        if own != c.text:  # the name as written stays a name of the entity, so its mentions link
            stub["alt"] = {c.script: [c.text]}
        return {self.path: add_item(text, "entities", stub, self.name)}

    def finish(self, version: str, status: str) -> tuple[dict[str, Any], list[str]]:
        """Mark the document reviewed (``complete`` or ``partial``) and validate it as the build will.

        The proposals nobody uncommented are removed from the file.  Returns the new
        state and the build's warnings about this document.

        Raises
        ------
        Conflict, Invalid
            As :meth:`decide`; the status stays ``draft`` if the document does not validate.
        """
        if status not in ("complete", "partial"):
            raise Invalid(f"unknown status {status!r}: complete or partial")
        with self.lock:
            if version != self.version():
                raise Conflict("the draft changed in another tab or editor since this page read it; nothing was written")
            old = self.path.read_text(encoding="utf-8")
            text = set_status(drop_proposals(old, self.name), status, self.name)
            try:
                load_inputs(self.project, overrides={self.path: text})
            except CurationError as exc:
                raise Invalid("the document does not validate yet; it stays a draft", list(exc.problems)) from exc
            write_atomic(self.path, text.encode("utf-8"))
            try:  # what kg validate does: the whole build, SHACL shapes included, nothing written
                result = build(self.project)
            except KgError as exc:
                write_atomic(self.path, old.encode("utf-8"))
                problems = list(exc.problems) if isinstance(exc, CurationError) else []
                raise Invalid(f"the graph does not validate with this document; it stays a draft: {exc}", problems) from exc
            warnings = [w for w in result.inputs.warnings if self.name in w or f"document {self.doc}" in w]
            return self.state(), warnings
