"""Load the human-edited curation files into checked data classes.

Layout (all YAML, UTF-8, see ``docs/curation.md``)::

    seeds/manifest.yaml                 documents, checksums, metadata
    seeds/curation/entities/*.yaml      the entity registry ('entities:' list)
    seeds/curation/documents/<id>.yaml  one per document: 'document:', optional
                                        'entities:', 'statements:' and 'rejected:'

A statement is one of three shapes, told apart by its keys:

* a **fact** has ``relation`` (``subject relation object|value``),
* a **cooperation link** has ``link`` (its kind) and ``participants``,
* an **indicator** has ``measure`` and ``value``.

``rejected:`` lists suggestions a reviewer turned down (a fact, a link or a candidate
name, as suggested); they are checked and loaded as :class:`~kg.schema.model.Rejection`
(``Curation.rejections``), never as statements: a refresh does not propose them again
and training reads them as negative examples.

Every problem found is collected with its file, line and field; loading stops with a
:class:`~kg.errors.CurationError` listing all of them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Literal
from rdflib.namespace import XSD

from ..errors import CurationError, Problem
from ..project import Project
from ..rdf.iri import http_iri_problem
from ..schema.model import (
    Curation,
    DocumentMeta,
    Entity,
    EvidenceRef,
    Fact,
    Indicator,
    Link,
    Participant,
    Rejection,
    Statement,
    Where,
)
from ..schema.ontology import Ontology
from ..text.dates import DateFormatError, parse_date
from ..text.quotes import locate
from .fields import Ctx, check_keys, read_evidence, read_names, suggest, text_value
from .manifest import load_manifest, read_document
from .modality import MODALITY_HINT, Defaults, concept_name, read_defaults
from .yamlload import LineDict, load_yaml, load_yaml_text

__all__ = ["ENTITY_ID", "load_curation", "statement_id"]

ENTITY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO = re.compile(r"^[A-Z]{2}$")

_ENTITY_KEYS = {"id", "class", "label", "alt", "iso_code", "note", "same_as", "facts"}
_EVIDENCE_KEYS = {"quote", "gloss", "evidence", "doc"}
_FACT_KEYS = {"id", "subject", "relation", "object", "value", "date", "role", "note", "modality"} | _EVIDENCE_KEYS
_LINK_KEYS = {
    "id",
    "link",
    "participants",
    "status",
    "date",
    "start",
    "end",
    "field",
    "amount",
    "unit",
    "concerns",
    "note",
    "modality",
} | _EVIDENCE_KEYS
_INDICATOR_KEYS = {"id", "subject", "measure", "value", "unit", "date", "note", "comparator", "target", "modality"} | _EVIDENCE_KEYS
#: What an indicator's value means relative to the true figure ("more than 27,000" -> ">").
COMPARATORS = (">", ">=", "<", "<=", "~")
#: The three shapes of an item of ``rejected:``, told apart by their first key.
#: ``corrected: true`` marks a suggestion turned down because the reviewer corrected it (``kg review`` writes it).
_REJECTED_KEYS = {
    "relation": {"subject", "relation", "object", "quote", "corrected"},
    "link": {"link", "participants", "quote", "corrected"},
    "candidate": {"candidate"},
}
_REJECTED_HINT = (
    "write a rejected fact as '- {subject: a, relation: locatedIn, object: b, quote: \"...\"}', a link as "
    "'- {link: Hosting, participants: [a, b], quote: \"...\"}', a candidate name as '- {candidate: \"name\"}'"
)
_DOC_FILE_KEYS = {"document", "status", "modality", "sections", "entities", "statements", "notes", "rejected"}
_ENTITY_FILE_KEYS = {"entities", "notes"}
#: Curation status of a document file.
CURATION_STATUSES = ("complete", "partial", "draft")
#: Largest decimal exponent of an amount or indicator value, either way (10^18 and 10^-18).
#: The largest figures in the sources are about 10^13 (yuan); anything far beyond is a
#: typo in an exponent, and writing ``1e999999999`` out in full (as ``xsd:decimal``
#: requires) would exhaust memory or overflow the decimal context in the build.
MAX_EXPONENT = 18


def statement_id(doc: str, prefix: str, core: Iterable[object]) -> str:
    """A stable id from a statement's meaning (not its quote or gloss).

    Editing a gloss or fixing a quote keeps the IRI; changing what is asserted gives a
    new one.

    >>> statement_id("000", "fact", ["ciie", "hostedBy", "mofcom"])
    '000-fact-6fa10151'
    """
    digest = hashlib.sha256("\x1f".join(str(c) for c in core).encode("utf-8")).hexdigest()
    return f"{doc}-{prefix}-{digest[:8]}"


class _Loader:
    """Reads every curation file; accumulates problems across files."""

    def __init__(self, ontology: Ontology, docs: dict[str, DocumentMeta]) -> None:
        self.ontology = ontology
        self.docs = docs
        self.entities: dict[str, Entity] = {}
        self.pending: list[tuple[Ctx, Callable[[], Statement | None]]] = []
        self.problems: list[Problem] = []
        #: Modality defaults of each document, from the top of its curation file.
        self.defaults: dict[str, Defaults] = {}

    # -- entities ---------------------------------------------------------
    def entity(self, ctx: Ctx, item: Any, where: str) -> None:
        if not isinstance(item, LineDict):
            ctx.add(0, where, "each entity must be a mapping", "start each entity with '- id: ...'")
            return
        check_keys(ctx, item, _ENTITY_KEYS, where)
        ent_id = item.get("id")
        if not isinstance(ent_id, str) or not ENTITY_ID.match(ent_id):
            ctx.add(
                item.line_of("id"),
                f"{where}.id",
                f"invalid entity id {ent_id!r}",
                "use lower-case letters, digits and single hyphens, e.g. 'shanghai-technology-exchange'",
            )
            return
        where = f"{where}({ent_id})"
        if ent_id in self.entities:
            first = self.entities[ent_id].where
            ctx.add(
                item.line_of("id"),
                f"{where}.id",
                f"duplicate entity id '{ent_id}' (first defined at {first.file}:{first.line})",
                "one real-world thing is one entity: merge the two, or give this one a different id",
            )
            return
        cls = item.get("class")
        if not isinstance(cls, str) or cls not in self.ontology.entity_classes:
            ctx.add(item.line_of("class"), f"{where}.class", f"unknown class {cls!r}", suggest(str(cls), self.ontology.entity_classes))
            return
        names = read_names(ctx, item, where)
        if names is None:
            return
        iso = item.get("iso_code")
        if iso is not None and (not isinstance(iso, str) or not _ISO.match(iso)):
            ctx.add(
                item.line_of("iso_code"), f"{where}.iso_code", f"invalid ISO 3166-1 alpha-2 code {iso!r}", "two capital letters, e.g. 'TH'"
            )
            return
        if cls == "Country" and iso is None:
            ctx.add(item.line, f"{where}.iso_code", "a country needs its ISO 3166-1 alpha-2 code", "add 'iso_code: XX'")
            return
        if iso is not None and cls != "Country":
            ctx.add(
                item.line_of("iso_code"),
                f"{where}.iso_code",
                "only countries have an ISO 3166-1 code",
                "remove it, or make the class 'Country'",
            )
            return
        same_as = item.get("same_as", [])
        if isinstance(same_as, str):
            same_as = [same_as]
        bad_iri = (
            next((f"; {(s[:60] + '…' if len(s) > 60 else s)!r} {p}" for s in same_as if (p := http_iri_problem(s))), None)
            if isinstance(same_as, list)
            else ""
        )
        if bad_iri is not None:
            ctx.add(
                item.line_of("same_as"),
                f"{where}.same_as",
                f"must be a list of http(s) IRIs{bad_iri}",
                "e.g. 'same_as: [https://www.wikidata.org/entity/Q8686]'",
            )
            return
        self.entities[ent_id] = Entity(
            id=ent_id,
            cls=cls,
            names=names,
            where=Where(ctx.file, item.line_of("id"), where),
            iso_code=iso,
            note=text_value(item.get("note")),
            same_as=tuple(same_as),
        )
        facts = item.get("facts", [])
        if not isinstance(facts, list):
            ctx.add(item.line_of("facts"), f"{where}.facts", "must be a list of facts", "write '- relation: ...' items")
            return
        for j, fact in enumerate(facts):
            if isinstance(fact, LineDict) and "subject" not in fact:
                fact["subject"] = ent_id
                fact.key_lines["subject"] = fact.line
            self.statement(ctx, fact, f"{where}.facts[{j}]", None)

    # -- statements (checked after all entities are known) ---------------
    def statement(self, ctx: Ctx, item: Any, where: str, doc: str | None) -> None:
        if not isinstance(item, LineDict):
            ctx.add(0, where, "each statement must be a mapping", "start each statement with '- subject: ...' or '- link: ...'")
            return
        shapes = [k for k in ("relation", "link", "measure") if k in item]
        if len(shapes) != 1:
            ctx.add(
                item.line,
                where,
                "cannot tell what kind of statement this is" if not shapes else f"has both {' and '.join(shapes)}",
                "a fact has 'relation:', a cooperation link has 'link:', an indicator has 'measure:' (exactly one of them)",
            )
            return
        if "id" in item and (not isinstance(item["id"], str) or not ENTITY_ID.match(item["id"])):
            ctx.add(item.line_of("id"), f"{where}.id", f"invalid statement id {item['id']!r}", "lower-case letters, digits and hyphens")
            return
        builder = {"relation": self._fact, "link": self._link, "measure": self._indicator}[shapes[0]]
        self.pending.append((ctx, lambda: builder(ctx, item, where, doc)))

    # -- rejected suggestions (checked on their own: they name no registered entity) --
    def rejection(self, ctx: Ctx, item: Any, where: str, doc: str, line: int) -> Rejection | None:
        """One item of ``rejected:``: a fact, a link or a candidate name a reviewer turned down.

        Its ids are checked for their form only: a rejected suggestion may name a
        candidate's stub id that never became an entity.  ``line`` is the key's, for an
        item that is not a mapping (a scalar carries no line of its own).
        """
        shapes = [k for k in _REJECTED_KEYS if isinstance(item, LineDict) and k in item]
        if not isinstance(item, LineDict) or len(shapes) != 1:
            what = "has both " + " and ".join(shapes) if len(shapes) > 1 else "is not a rejected fact, link or candidate"
            ctx.add(item.line if isinstance(item, LineDict) else line, where, what, _REJECTED_HINT)
            return None
        shape = shapes[0]
        check_keys(ctx, item, _REJECTED_KEYS[shape], where)
        if shape == "candidate":
            name = text_value(item.get("candidate"))
            if name is None:
                ctx.add(
                    item.line_of("candidate"),
                    f"{where}.candidate",
                    "must be the candidate name as written",
                    "e.g. 'candidate: \"华为研究院\"'",
                )
                return None
            return Rejection(doc, "candidate", name, None, None, None, Where(ctx.file, item.line, where))
        quote = item.get("quote")
        ok = isinstance(quote, str) and bool(quote.strip())
        if not ok:
            ctx.add(item.line_of("quote"), f"{where}.quote", "a rejected suggestion needs its quote", "copy the quote as it was suggested")
        corrected = item.get("corrected", False)
        if not isinstance(corrected, bool):
            ctx.add(
                item.line_of("corrected"),
                f"{where}.corrected",
                f"must be true or false, got {corrected!r}",
                "write 'corrected: true' for a suggestion replaced by a corrected statement, or leave it out",
            )
            ok = False
        if shape == "relation":
            relation = item.get("relation")
            if not isinstance(relation, str) or relation not in self.ontology.object_relations:
                hint = suggest(str(relation), self.ontology.object_relations)
                ctx.add(item.line_of("relation"), f"{where}.relation", f"unknown relation {relation!r} (between two entities)", hint)
                ok = False
            ids = [self._rejected_id(ctx, item, key, f"{where}.{key}", item.get(key)) for key in ("subject", "object")]
            name = str(relation)
        else:
            ok_kind, kind = self._concept(ctx, item, "link", where, self.ontology.kinds)
            ok &= ok_kind and kind is not None
            if ok_kind and kind is None:
                ctx.add(item.line_of("link"), f"{where}.link", "the link needs a kind", suggest("", self.ontology.kinds))
            parts = item.get("participants")
            if not isinstance(parts, list) or len(parts) != 2:
                ctx.add(
                    item.line_of("participants"),
                    f"{where}.participants",
                    "a rejected link names the two participants it was suggested between",
                    "write 'participants: [a, b]'",
                )
                return None
            ids = [self._rejected_id(ctx, item, "participants", f"{where}.participants[{j}]", p) for j, p in enumerate(parts)]
            name = str(kind)
        if not ok or None in ids:
            return None
        return Rejection(
            doc, "fact" if shape == "relation" else "link", name, ids[0], ids[1], str(quote), Where(ctx.file, item.line, where), corrected
        )

    def _rejected_id(self, ctx: Ctx, item: LineDict, key: str, where: str, value: Any) -> str | None:
        """An id of a rejected suggestion: of an entity's form (a registered id or a candidate's stub id)."""
        if isinstance(value, str) and ENTITY_ID.match(value):
            return value
        ctx.add(
            item.line_of(key), where, f"invalid id {value!r}", "write the id as suggested: lower-case letters, digits and single hyphens"
        )
        return None

    def _ref(self, ctx: Ctx, item: LineDict, key: str, where: str, value: Any = None) -> str | None:
        ref = item.get(key) if value is None else value
        if not isinstance(ref, str) or ref not in self.entities:
            hint = suggest(str(ref), self.entities) if isinstance(ref, str) else "give the id of an entity in the registry"
            ctx.add(item.line_of(key), f"{where}.{key}", f"unknown entity {ref!r}", hint + " (or add the entity to the registry)")
            return None
        return ref

    def _date(self, ctx: Ctx, item: LineDict, key: str, where: str) -> tuple[bool, Literal | None]:
        if key not in item or item[key] is None:
            return True, None
        try:
            return True, parse_date(item[key])
        except DateFormatError as exc:
            ctx.add(item.line_of(key), f"{where}.{key}", str(exc), "write YYYY, YYYY-MM or YYYY-MM-DD (CE), or add ' BE' to a Thai year")
            return False, None

    def _concept(self, ctx: Ctx, item: LineDict, key: str, where: str, table: dict[str, Any], suffix: str = "") -> tuple[bool, str | None]:
        value = item.get(key)
        if value is None:
            return True, None
        if isinstance(value, str):
            for name in (value, value + suffix):
                for known in table:
                    if known.lower() == name.lower():
                        return True, known
        ctx.add(item.line_of(key), f"{where}.{key}", f"unknown {key} {value!r}", suggest(str(value), table))
        return False, None

    def _modality(
        self, ctx: Ctx, item: LineDict, where: str, doc: str, refs: tuple[EvidenceRef, ...], preset: str | None = None
    ) -> str | None:
        """The statement's modality: its own ``modality:``, else ``preset``, else its section's or document's default.

        A statement must end up with one: a plan the graph stated as a fact would be read
        as one.  ``None`` (with the problem recorded) when the value is unknown, when no
        default covers the statement, or when its quotes lie in sections with different
        defaults.
        """
        if "modality" in item:
            name = concept_name(item["modality"], self.ontology.modalities)
            if name is None:
                ctx.add(
                    item.line_of("modality"), f"{where}.modality", f"unknown modality {item['modality']!r}", f"write one of {MODALITY_HINT}"
                )
            return name
        if preset is not None:
            return preset
        defaults = self.defaults.get(doc)
        if defaults is None:
            ctx.add(
                item.line,
                f"{where}.modality",
                f"no modality, and document {doc} has no curation file to take a default from",
                f"add 'modality: ...', one of {MODALITY_HINT}",
            )
            return None
        found: dict[str | None, str] = {}
        if defaults.sections and defaults.index is not None:
            for ref in refs:
                located = locate(ref, defaults.index)
                if isinstance(located, Problem):
                    continue  # the build reports the missing quote; the document default stands in
                section = defaults.section_at(located.start)
                found.setdefault(
                    section.modality if section else defaults.modality, section.heading if section else "(before any listed section)"
                )
        if len(found) > 1:
            ctx.add(
                item.line,
                f"{where}.modality",
                "its quotes lie in sections with different default modalities ("
                + "; ".join(f"{m or 'none'}: {h}" for m, h in found.items())
                + ")",
                f"write the statement's own 'modality:', one of {MODALITY_HINT}",
            )
            return None
        modality = next(iter(found)) if found else defaults.modality
        if modality is None:
            ctx.add(
                item.line,
                f"{where}.modality",
                "no modality: the statement has no 'modality:' and no default of its document or section applies",
                f"add 'modality: ...', one of {MODALITY_HINT}; or set a default at the top of {defaults.file} "
                "('modality:' beside 'status:', or 'sections:' keyed by a heading of the document)",
            )
        return modality

    def _not_target(self, ctx: Ctx, item: LineDict, where: str, modality: str | None) -> str | None:
        """Refuse the target modality on a fact or link: a target is a goal *figure* (an indicator)."""
        if modality != "Target":
            return modality
        ctx.add(
            item.line_of("modality"),
            f"{where}.modality",
            "modality target is for goal figures (indicators); this statement is a fact or a cooperation link",
            "write 'modality: directed' for what a policy sets out to do, 'announced' for what an actor says it will do "
            "(or make the goal an indicator with 'target: true')",
        )
        return None

    def _fact(self, ctx: Ctx, item: LineDict, where: str, doc: str | None) -> Statement | None:
        check_keys(ctx, item, _FACT_KEYS, where)
        subject = self._ref(ctx, item, "subject", where)
        relation = item.get("relation")
        onto = self.ontology
        allowed = set(onto.object_relations) | set(onto.datatype_relations) | {"status"}
        if not isinstance(relation, str) or relation not in allowed:
            ctx.add(item.line_of("relation"), f"{where}.relation", f"unknown relation {relation!r}", suggest(str(relation), allowed))
            return None
        obj: str | None = None
        value: Literal | str | None = None
        if relation in onto.object_relations:
            if "value" in item:
                ctx.add(
                    item.line_of("value"),
                    f"{where}.value",
                    f"'{relation}' links two entities; it takes 'object:', not 'value:'",
                    "write 'object: <entity id>'",
                )
                return None
            obj = self._ref(ctx, item, "object", where)
            if obj is None:
                return None
        else:
            if "object" in item:
                ctx.add(
                    item.line_of("object"), f"{where}.object", f"'{relation}' takes a literal 'value:', not an entity", "write 'value: ...'"
                )
                return None
            if "value" not in item:
                ctx.add(item.line, f"{where}.value", f"'{relation}' needs a 'value:'", "add 'value: ...'")
                return None
            if relation == "status":
                ok, name = self._concept(ctx, item, "value", where, onto.statuses)
                if not ok or name is None:
                    return None
                value = name
            elif onto.is_date_relation(relation):
                ok, lit = self._date(ctx, item, "value", where)
                if not ok or lit is None:
                    return None
                value = lit
            elif XSD.positiveInteger in onto.relations[relation].range:
                raw = item["value"]
                if not isinstance(raw, int) or isinstance(raw, bool) or raw < 1:
                    ctx.add(
                        item.line_of("value"),
                        f"{where}.value",
                        f"ordinal must be a positive whole number, got {raw!r}",
                        "e.g. 'value: 2' for the second edition",
                    )
                    return None
                value = Literal(raw, datatype=XSD.integer)
            else:
                text = text_value(item["value"])
                if text is None:
                    ctx.add(item.line_of("value"), f"{where}.value", "must be a non-empty string", "write the value in English")
                    return None
                value = Literal(text, lang="en")
        ok, date = self._date(ctx, item, "date", where)
        evidence = read_evidence(ctx, item, where, doc, self.docs)
        if subject is None or not ok or evidence is None:
            return None
        if relation != "status" and not self._types_fit(ctx, item, where, relation, subject, obj):
            return None
        role = text_value(item.get("role"))
        doc_id, refs = evidence
        modality = self._not_target(ctx, item, where, self._modality(ctx, item, where, doc_id, refs))
        if modality is None:
            return None
        core = [subject, relation, obj if obj is not None else value, date, role]
        return Fact(
            id=item.get("id") or statement_id(doc_id, "fact", core),
            doc=doc_id,
            subject=subject,
            relation=relation,
            object=obj,
            value=value,
            evidence=refs,
            where=Where(ctx.file, item.line, where),
            date=date,
            role=role,
            note=text_value(item.get("note")),
            modality=modality,
        )

    def _types_fit(self, ctx: Ctx, item: LineDict, where: str, relation: str, subject: str, obj: str | None) -> bool:
        """Whether the subject's (and object's) class is one the relation expects; if not, say which relation fits.

        The expected classes are the ontology's (``schema:domainIncludes`` /
        ``schema:rangeIncludes``), so a park can no longer be a university's
        sub-organisation, nor a person hold a post in a country.
        """
        onto = self.ontology
        expected = onto.relations[relation]
        s_cls = self.entities[subject].cls
        o_cls = self.entities[obj].cls if obj is not None else None
        wrong = []
        if not onto.fits(expected.domain, s_cls):
            wrong.append(("subject", subject, s_cls, expected.domain))
        if o_cls is not None and obj is not None and not onto.fits(expected.range, o_cls):
            wrong.append(("object", obj, o_cls, expected.range))
        if not wrong:
            return True
        fitting = onto.relations_joining(s_cls, o_cls)
        same_role = [r for r in fitting if onto.relations[r].role == expected.role]
        pair = f"a {s_cls} to a {o_cls}" if o_cls else f"a {s_cls}"
        if fitting:
            ranked = same_role + [r for r in fitting if r not in same_role]  # a structural slip wants a structural relation
            more = f" (and {len(ranked) - 5} more)" if len(ranked) > 5 else ""
            fix = f"use a relation that joins {pair}: {', '.join(ranked[:5])}{more}"
        else:
            fix = f"no relation joins {pair}; check the entities' classes"
        for side, ent, cls, classes in wrong:
            accepts = " or ".join(str(c).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for c in classes)
            ctx.add(
                item.line_of(side),
                f"{where}.{side}",
                f"{ent!r} is a {cls}; '{relation}' expects {'a subject' if side == 'subject' else 'an object'} of class {accepts}",
                fix + " (or correct the entity's class)",
            )
        return False

    def _amount(self, ctx: Ctx, item: LineDict, key: str, where: str) -> tuple[bool, Decimal | None]:
        raw = item.get(key)
        if raw is None:
            return True, None
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            ctx.add(item.line_of(key), f"{where}.{key}", f"not a number: {raw!r}", 'write a plain number, e.g. 4720000000 or "4.72e9"')
            return False, None
        try:
            number = Decimal(str(raw).replace(",", "").replace("_", "").strip())
        except InvalidOperation:
            ctx.add(
                item.line_of(key),
                f"{where}.{key}",
                f"not a number: {raw!r}",
                'write a plain number, e.g. 4720000000 or "4.72e9" (in quotes)',
            )
            return False, None
        if not number.is_finite():
            ctx.add(item.line_of(key), f"{where}.{key}", f"not a finite number: {raw!r}", "write a plain number")
            return False, None
        if number and abs(number.adjusted()) > MAX_EXPONENT:
            ctx.add(
                item.line_of(key),
                f"{where}.{key}",
                f"implausible number {raw!r}: beyond 10^{MAX_EXPONENT} (or below 10^-{MAX_EXPONENT})",
                'check the exponent; write the amount in the unit, e.g. 4720000000 or "4.72e9" for 4.72 billion',
            )
            return False, None
        return True, number

    def _link(self, ctx: Ctx, item: LineDict, where: str, doc: str | None) -> Statement | None:
        check_keys(ctx, item, _LINK_KEYS, where)
        onto = self.ontology
        ok_kind, kind = self._concept(ctx, item, "link", where, onto.kinds)
        ok_status, status = self._concept(ctx, item, "status", where, onto.statuses)
        raw_parts = item.get("participants")
        participants: list[Participant] = []
        parts_ok = True
        if not isinstance(raw_parts, list) or len(raw_parts) < 2:
            ctx.add(
                item.line_of("participants"),
                f"{where}.participants",
                "a cooperation link needs a list of at least two participants",
                "write 'participants: [a, b]' or '- {entity: a, role: Host}' items",
            )
            parts_ok = False
        else:
            for j, part in enumerate(raw_parts):
                pwhere = f"{where}.participants[{j}]"
                if isinstance(part, str):
                    ref = self._ref(ctx, item, "participants", pwhere, part)
                    if ref is None:
                        parts_ok = False
                        continue
                    participants.append(Participant(ref, None, item.line_of("participants")))
                elif isinstance(part, LineDict):
                    check_keys(ctx, part, {"entity", "role"}, pwhere)
                    ref = self._ref(ctx, part, "entity", pwhere)
                    ok_role, role = self._concept(ctx, part, "role", pwhere, onto.roles, "Role")
                    if ref is None or not ok_role:
                        parts_ok = False
                        continue
                    participants.append(Participant(ref, role, part.line))
                else:
                    ctx.add(
                        item.line_of("participants"),
                        pwhere,
                        "a participant is an entity id or {entity: id, role: Role}",
                        "e.g. '- {entity: vietnam, role: Partner}'",
                    )
                    parts_ok = False
            ids = [p.entity for p in participants]
            if len(set(ids)) != len(ids):
                ctx.add(
                    item.line_of("participants"),
                    f"{where}.participants",
                    "the same participant is listed twice",
                    "list each participant once",
                )
                parts_ok = False
        concerns_raw = item.get("concerns", [])
        if isinstance(concerns_raw, str):
            concerns_raw = [concerns_raw]
        concerns: list[str] = []
        if not isinstance(concerns_raw, list):
            ctx.add(item.line_of("concerns"), f"{where}.concerns", "must be an entity id or a list of them", "e.g. 'concerns: ciie'")
            parts_ok = False
        else:
            for c in concerns_raw:
                ref = self._ref(ctx, item, "concerns", where, c)
                if ref is None:
                    parts_ok = False
                else:
                    concerns.append(ref)
        ok_amount, amount = self._amount(ctx, item, "amount", where)
        ok_unit, unit = self._concept(ctx, item, "unit", where, onto.units)
        if amount is not None and unit is None and ok_unit:
            ctx.add(item.line_of("amount"), f"{where}.unit", "an amount needs a unit", f"add 'unit: ...' ({', '.join(sorted(onto.units))})")
            ok_unit = False
        dates_ok = True
        dates: dict[str, Literal | None] = {}
        for key in ("date", "start", "end"):
            ok, dates[key] = self._date(ctx, item, key, where)
            dates_ok &= ok
        evidence = read_evidence(ctx, item, where, doc, self.docs)
        if not (ok_kind and kind and ok_status and parts_ok and ok_amount and ok_unit and dates_ok and evidence):
            if ok_kind and kind is None:
                ctx.add(item.line_of("link"), f"{where}.link", "the link needs a kind", suggest("", onto.kinds))
            return None
        doc_id, refs = evidence
        modality = self._not_target(ctx, item, where, self._modality(ctx, item, where, doc_id, refs))
        if modality is None:
            return None
        core = [kind, sorted(p.entity for p in participants), sorted(concerns), dates["date"], dates["start"], amount, unit, status]
        return Link(
            id=item.get("id") or statement_id(doc_id, "link", core),
            doc=doc_id,
            link_kind=kind,
            participants=tuple(participants),
            evidence=refs,
            where=Where(ctx.file, item.line, where),
            status=status,
            date=dates["date"],
            start=dates["start"],
            end=dates["end"],
            field=text_value(item.get("field")),
            amount=amount,
            unit=unit,
            concerns=tuple(concerns),
            note=text_value(item.get("note")),
            modality=modality,
        )

    def _indicator(self, ctx: Ctx, item: LineDict, where: str, doc: str | None) -> Statement | None:
        check_keys(ctx, item, _INDICATOR_KEYS, where)
        subject = self._ref(ctx, item, "subject", where)
        measure = text_value(item.get("measure"))
        if measure is None:
            ctx.add(
                item.line_of("measure"),
                f"{where}.measure",
                "must say in English what is measured",
                "e.g. 'measure: foreign-invested R&D centres'",
            )
        if "value" not in item:
            ctx.add(item.line, f"{where}.value", "an indicator needs a value", "add 'value: <number>'")
            return None
        ok_value, value = self._amount(ctx, item, "value", where)
        ok_unit, unit = self._concept(ctx, item, "unit", where, self.ontology.units)
        if ok_unit and unit is None:
            ctx.add(item.line, f"{where}.unit", "an indicator needs a unit", f"add 'unit: ...' ({', '.join(sorted(self.ontology.units))})")
            ok_unit = False
        ok_date, date = self._date(ctx, item, "date", where)
        comparator = item.get("comparator")
        ok_cmp = comparator is None or comparator in COMPARATORS
        if not ok_cmp:
            ctx.add(
                item.line_of("comparator"),
                f"{where}.comparator",
                f"unknown comparator {comparator!r}",
                f"one of {' '.join(COMPARATORS)} (in quotes): '>' for 'more than', '~' for 'about'",
            )
        target = item.get("target", False)
        if not isinstance(target, bool):
            ctx.add(
                item.line_of("target"),
                f"{where}.target",
                f"must be true or false, got {target!r}",
                "write 'target: true' for a goal, or leave it out for a reported figure",
            )
            ok_cmp = False
        evidence = read_evidence(ctx, item, where, doc, self.docs)
        if (
            subject is None
            or measure is None
            or not (ok_value and value is not None and ok_unit and unit and ok_date and ok_cmp and evidence)
        ):
            return None
        doc_id, refs = evidence
        # kg:isTarget is derived from the modality: 'target: true' is shorthand for
        # 'modality: target', and the two may not contradict each other.
        modality = self._modality(ctx, item, where, doc_id, refs, preset="Target" if target is True else None)
        if modality is None:
            return None
        if "target" in item and target != (modality == "Target"):
            ctx.add(
                item.line_of("target"),
                f"{where}.target",
                f"'target: {str(target).lower()}' contradicts 'modality: {modality.lower()}'",
                "a goal figure has modality target: write 'modality: target' and drop 'target:' (or drop one of the two)",
            )
            return None
        target = modality == "Target"
        core = [subject, measure, value, unit, date] + ([comparator] if comparator else []) + (["target"] if target else [])
        return Indicator(
            id=item.get("id") or statement_id(doc_id, "indicator", core),
            doc=doc_id,
            subject=subject,
            measure=measure,
            value=value,
            unit=unit,
            evidence=refs,
            where=Where(ctx.file, item.line, where),
            date=date,
            note=text_value(item.get("note")),
            comparator=comparator,
            target=bool(target),
            modality=modality,
        )


def _rejections(loader: _Loader, ctx: Ctx, data: LineDict, doc: str) -> list[Rejection]:
    """The checked items of a document file's ``rejected:`` (suggestions a reviewer turned down)."""
    items = data.get("rejected") or []
    if not isinstance(items, list):
        ctx.add(data.line_of("rejected"), "rejected", "must be a list", _REJECTED_HINT)
        return []
    return [
        r for i, item in enumerate(items) if (r := loader.rejection(ctx, item, f"rejected[{i}]", doc, data.line_of("rejected"))) is not None
    ]


def load_curation(root: Path, ontology: Ontology, include_drafts: bool = False, overrides: Mapping[Path, str] | None = None) -> Curation:
    """Load manifest, registry and document curation under ``root/seeds``.

    ``overrides`` maps curation files to the text to read instead of their content (a
    file not yet on disk included): a change is checked by the build's own rules
    before it is written (``kg review``), so that nothing invalid reaches the disk.

    A document file with ``status: draft`` (as ``kg ingest`` writes) is left out unless
    ``include_drafts``: a draft is machine-generated and unreviewed, so it must not
    reach the graph by accident, and an unfinished one must not stop the reviewed
    documents from being built.  Only its ``document:`` id is checked; its entities and
    statements are not read, and ``status`` records it as ``"draft"`` (so a caller can
    tell which documents were left out: those whose status is ``"draft"`` when drafts
    were not included).  With ``include_drafts`` it is loaded and checked like any other
    file (ids, quotes, glosses).

    Raises
    ------
    CurationError
        With every problem found, each naming file, line and field.
    """
    project = Project(root)
    seeds = project.seeds
    manifest_path = project.manifest
    docs, problems = load_manifest(manifest_path, project.rel(manifest_path), seeds)
    loader = _Loader(ontology, docs)
    curation_dir = seeds / "curation"
    overrides = overrides or {}
    entity_files = sorted(set((curation_dir / "entities").glob("*.yaml")) | {p for p in overrides if p.parent == curation_dir / "entities"})
    doc_files = sorted(set((curation_dir / "documents").glob("*.yaml")) | {p for p in overrides if p.parent == curation_dir / "documents"})
    contexts: list[Ctx] = []
    status: dict[str, str] = {}
    statement_items: list[tuple[Ctx, list[Any], str]] = []
    rejections: list[Rejection] = []
    for path in entity_files + doc_files:
        ctx = Ctx(project.rel(path))
        contexts.append(ctx)
        try:
            data = load_yaml_text(overrides[path], ctx.file) if path in overrides else load_yaml(path, ctx.file)
        except CurationError as exc:
            problems.extend(exc.problems)
            continue
        is_doc = path.parent.name == "documents"
        if data is None:
            # An empty registry file is harmless, but an empty document file is nearly
            # always a mistake (a truncated save), and skipping it would silently drop
            # every statement of that document from the graph.
            if is_doc:
                ctx.add(
                    0,
                    "",
                    "the file holds no YAML data (it is empty or only comments)",
                    f"start it with 'document: \"{path.stem}\"' and its statements, or delete the file if the document has no curation yet",
                )
            continue
        if not isinstance(data, LineDict):
            ctx.add(1, "", "a curation file must be a mapping at the top level", "start with 'entities:' or 'document:'")
            continue
        left_out = is_doc and data.get("status") == "draft" and not include_drafts
        if not left_out:  # a draft's keys are checked once it is loaded (--include-drafts, or reviewed)
            check_keys(ctx, data, _DOC_FILE_KEYS if is_doc else _ENTITY_FILE_KEYS, "(top)")
        doc: str | None = None
        if is_doc:
            doc = data.get("document")
            if isinstance(doc, int):
                doc = f"{doc:03d}"
            if not isinstance(doc, str) or doc not in docs:
                ctx.add(
                    data.line_of("document"),
                    "document",
                    f"unknown or missing document id {doc!r}",
                    suggest(str(doc), docs) + ' (quote ids like "000")',
                )
                continue
            if doc in status:
                ctx.add(
                    data.line_of("document"),
                    "document",
                    f"a second curation file for document '{doc}'",
                    "keep one curation file per document",
                )
                continue
            st = data.get("status", "partial")
            if st not in CURATION_STATUSES:
                ctx.add(data.line_of("status"), "status", f"unknown curation status {st!r}", f"one of {', '.join(CURATION_STATUSES)}")
                st = "partial"
            status[doc] = st
            if left_out:
                continue
            text: str | None = None
            if "sections" in data:  # section defaults are placed by the headings' offsets in the text
                document = seeds / docs[doc].file
                try:
                    text = read_document(document, project.rel(document))
                except CurationError:
                    text = None  # the build reports the unreadable document itself
            loader.defaults[doc] = read_defaults(ctx, data, doc, text, ontology.modalities)
        entities = data.get("entities", []) or []
        if not isinstance(entities, list):
            ctx.add(data.line_of("entities"), "entities", "must be a list", "write '- id: ...' items")
        else:
            for i, item in enumerate(entities):
                loader.entity(ctx, item, f"entities[{i}]")
        if is_doc and doc is not None:
            rejections += _rejections(loader, ctx, data, doc)
        statements = data.get("statements", []) or []
        if not is_doc and "statements" in data:
            continue
        if not isinstance(statements, list):
            ctx.add(data.line_of("statements"), "statements", "must be a list", "write '- subject: ...' items")
        else:
            statement_items.append((ctx, statements, doc or ""))
    for ctx, items, doc in statement_items:
        for i, item in enumerate(items):
            loader.statement(ctx, item, f"statements[{i}]", doc)
    built: list[Statement] = []
    for _ctx, make in loader.pending:
        made = make()
        if made is not None:
            built.append(made)
    seen: dict[str, Statement] = {}
    for st in built:
        if st.id in seen:
            first = seen[st.id].where
            problems.append(
                Problem(
                    st.where.file,
                    st.where.line,
                    st.where.field,
                    f"the same statement is curated twice (first at {first.file}:{first.line})",
                    "merge them: keep one and list both quotes under 'evidence:'",
                )
            )
        else:
            seen[st.id] = st
    manifest_name = project.rel(manifest_path)
    for meta in docs.values():
        if meta.publisher_entity and meta.publisher_entity not in loader.entities:
            problems.append(
                Problem(
                    manifest_name,
                    0,
                    f"documents({meta.id}).publisher_entity",
                    f"unknown entity '{meta.publisher_entity}'",
                    suggest(meta.publisher_entity, loader.entities) + " (or register the publisher)",
                )
            )
    for ctx in contexts:
        problems.extend(ctx.problems)
    if problems:
        raise CurationError(problems)
    return Curation(
        documents=docs,
        entities=loader.entities,
        statements=sorted(seen.values(), key=lambda s: s.id),
        status=status,
        rejections=tuple(rejections),
    )
