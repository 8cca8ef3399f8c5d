"""The review page in real headless Chromium against a real ``kg review`` server.

Each test drafts a small document with ``kg ingest`` in a private copy of the project,
serves it with ``kg review`` in a subprocess and decides on it with the keyboard, then
reads what was written: the curation file, and the graph ``kg build`` makes of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Dataset

from kg.project import Project
from tests.conftest import SPARQL_PREFIXES
from tests.review_support import announced, curation, errors, go_to, ingest, kg, open_review, review_server, select_text, state, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

from playwright.sync_api import Browser, Page  # noqa: E402

ARTICLE = (
    "上海技术交易所与越南签署技术转移合作协议。\n"
    "杜邦上海研发中心位于张江综合性国家科学中心。\n"
    "华为研究院与上海技术交易所开展联合研发。\n"
    "湄公河创新中心与上海技术交易所建立了长期技术合作。\n"
    "The Shanghai Tech Exchange hosted the signing.\n"
)
THAI = "เซี่ยงไฮ้จะร่วมมือกับประเทศไทยด้านวิทยาศาสตร์และเทคโนโลยี\nเวียดนามลงนามบันทึกความเข้าใจกับเซี่ยงไฮ้\n"
HOSTILE = (
    "The Shanghai Technology Exchange works with Vietnam.\n"
    '<img src=x onerror="alert(1);document.body.dataset.pwned=1"> <script>alert(2);document.body.dataset.pwned=2</script>\n'
    "Thailand and Vietnam signed a <b onmouseover=alert(3)>memorandum</b> of understanding.\n"
)
CONFLICT = "This draft changed in another tab or editor; your decision was not written. Check it and decide again."


def _statement(data: dict[str, Any], name: str, *ends: str) -> dict[str, Any]:
    """The state's statement item ``name`` between ``ends`` (in this order for a fact)."""
    for item in data["items"]:
        if item["type"] == "statement" and item["name"] == name:
            found = (item["subject"]["id"], item["object"]["id"])
            if found == ends or (item["kind"] == "link" and set(found) == set(ends)):
                return item
    raise AssertionError(f"no suggestion {name} {ends}: {[(i.get('name'), i.get('subject'), i.get('object')) for i in data['items']]}")


def _candidate(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in data["items"] if item["type"] == "candidate" and item["name"] == name)


def _gloss_and_save(page: Page, gloss: str) -> None:
    page.focus("#f-gloss")
    page.keyboard.type(gloss)
    page.keyboard.press("Enter")


def _what(statement: dict[str, Any]) -> tuple[object, ...]:
    """A curated statement as the test compares it (participants as a set: a link has no direction)."""
    kind = "link" if "link" in statement else "fact"
    ends = frozenset(statement["participants"]) if kind == "link" else (statement["subject"], statement["object"])
    return (kind, statement.get("link") or statement["relation"], ends, statement["modality"], statement["quote"], statement.get("gloss"))


def test_a_review_made_with_the_keyboard_is_written_and_builds(browser: Browser, project_copy: Project) -> None:
    root = project_copy.root
    doc = ingest(root, "article.txt", ARTICLE)
    with review_server(root, doc) as server:
        page, logs, requests = open_review(browser, server.url)
        data = state(page)
        text = data["text"]
        assert page.get_attribute("#text", "lang") == "zh"
        assert page.evaluate("document.getElementById('text').textContent") == text
        total = data["progress"]["total"]
        assert page.inner_text("#progress") == f"0 reviewed / {total} remaining"
        assert page.locator("#text mark.cur").count() >= 1  # the first item's quote, strongly highlighted
        assert page.locator("#text mark.hl:not(.cur)").count() >= 1  # the other open quotes, lightly

        # accept: a Chinese quote asks for its gloss first
        located = _statement(data, "locatedIn", "dupont-shanghai-rd-centre", "zhangjiang-comprehensive-national-science-centre")
        go_to(page, located["id"])
        assert "杜邦上海研发中心位于张江综合性国家科学中心。" in page.inner_text("li.current .quote")
        assert "".join(page.eval_on_selector_all("#text mark.cur", "ms => ms.map(m => m.textContent)")) == located["quote"]
        page.keyboard.press("a")
        page.wait_for_selector("#f-gloss")
        assert page.evaluate("document.activeElement.id") == "f-gloss"
        page.keyboard.type("The DuPont Shanghai R&D Centre is in the Zhangjiang Comprehensive National Science Centre.")
        page.keyboard.press("Enter")
        assert "1 reviewed" in announced(page, "Accepted: ")
        assert page.inner_text("#progress") == f"1 reviewed / {total - 1} remaining"

        # correct: another kind from the options, and a narrower quote selected in the text
        link = _statement(data, "TechnologyCooperation", "shanghai-technology-exchange", "vietnam")
        go_to(page, link["id"])
        page.keyboard.press("e")
        wait_until(page, "() => document.querySelectorAll('#f-relation option').length > 3")
        labels: list[str] = page.eval_on_selector_all("#f-relation option", "os => os.map(o => o.textContent)")
        assert any("located in" in label for label in labels)  # facts in both directions and the link kinds
        mou = next(label for label in labels if label.startswith("Memorandum"))
        page.select_option("#f-relation", label=mou)
        narrowed = text[link["start"] : link["end"] - 1]  # without the full stop
        assert narrowed == "上海技术交易所与越南签署技术转移合作协议"
        select_text(page, link["start"], link["end"] - 1)
        wait_until(page, "q => document.getElementById('f-quote').value === q", narrowed)
        _gloss_and_save(page, "The Shanghai Technology Exchange signed a technology transfer cooperation agreement with Vietnam")
        assert "Memorandum" in announced(page, "Corrected: ")

        # reject
        sub = _statement(data, "subOrganizationOf", "dupont-shanghai-rd-centre", "dupont")
        go_to(page, sub["id"])
        page.keyboard.press("r")
        announced(page, "Rejected: ")

        # a refused decision shows the build's problem beside the item and keeps the form open
        supports = _statement(state(page), "supports", "shanghai", "shanghai-technology-exchange")
        go_to(page, supports["id"])
        page.keyboard.press("e")
        page.fill("#f-quote", "上海技术交易所与泰国")  # not in the text
        _gloss_and_save(page, "the Shanghai Technology Exchange and Thailand")
        page.wait_for_selector("li.current .problems li")
        problem = page.inner_text("li.current .problems")
        assert f"{doc}.yaml:" in problem and "quote" in problem
        assert page.is_visible("#f-quote")
        assert announced(page, "Not written: ")
        page.keyboard.press("Escape")
        page.wait_for_selector("#f-quote", state="detached")
        assert state(page)["progress"]["reviewed"] == 3

        # a candidate becomes an entity
        huawei = _candidate(data, "华为研究院")
        go_to(page, huawei["id"])
        assert "huawei-research-institute" in page.inner_text("li.current .card")
        page.keyboard.press("e")
        page.wait_for_selector("#f-id")
        assert page.input_value("#f-label") == "华为研究院"
        page.select_option("#f-class", "ResearchInstitute")
        page.fill("#f-label-en", "Huawei Research Institute")
        page.focus("#f-label-en")
        page.keyboard.press("Enter")
        assert "huawei-research-institute" in announced(page, "Created: ")

        # a candidate is another name of a registered entity
        alias = _candidate(state(page), "Shanghai Tech Exchange")
        go_to(page, alias["id"])
        page.keyboard.press("e")
        page.wait_for_selector("#f-alias")
        page.focus("#f-alias")
        page.keyboard.type("Shanghai Technology Exchange")
        page.wait_for_selector("#f-alias-list li[role=option]:not(.none)")
        ids: list[str] = page.eval_on_selector_all("#f-alias-list li[role=option] code", "cs => cs.map(c => c.textContent)")
        for _ in range(ids.index("shanghai-technology-exchange")):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")  # picks the entity
        assert page.is_checked("#f-use-alias")
        page.keyboard.press("Enter")  # saves
        assert "Shanghai Tech Exchange" in announced(page, "Alias added: ")

        states = {item["id"]: item["state"] for item in state(page)["items"]}
        decided = [states[item["id"]] for item in (located, link, sub, supports, huawei, alias)]
        assert decided == ["accepted", "corrected", "rejected", "open", "created", "aliased"]
        assert page.inner_text("#progress") == f"5 reviewed / {total - 5} remaining"
        page.select_option("#finish-status", "complete")
        page.click("#finish-button")
        page.wait_for_selector("#finish-result.ok", timeout=120_000)
        assert "complete" in page.inner_text("#finish-result")
        assert page.text_content("#doc-status") == "complete"
        assert all(url.startswith(server.url) for url in requests), requests
        assert errors(logs, 422) == []
        page.close()

    built = kg(root, "build", "-q")
    assert built.returncode == 0, built.stderr
    written = curation(root, doc)
    assert written["status"] == "complete"
    assert sorted(map(_what, written["statements"]), key=repr) == sorted(
        [
            (
                "fact",
                "locatedIn",
                ("dupont-shanghai-rd-centre", "zhangjiang-comprehensive-national-science-centre"),
                "reported",
                "杜邦上海研发中心位于张江综合性国家科学中心。",
                "The DuPont Shanghai R&D Centre is in the Zhangjiang Comprehensive National Science Centre.",
            ),
            (
                "link",
                "MemorandumOfUnderstanding",
                frozenset({"shanghai-technology-exchange", "vietnam"}),
                link["modality"],
                narrowed,
                "The Shanghai Technology Exchange signed a technology transfer cooperation agreement with Vietnam",
            ),
        ],
        key=repr,
    )
    rejected = written["rejected"]
    assert {"subject": "dupont-shanghai-rd-centre", "relation": "subOrganizationOf", "object": "dupont", "quote": sub["quote"]} in rejected
    assert any(
        r.get("link") == "TechnologyCooperation" and set(r["participants"]) == {"shanghai-technology-exchange", "vietnam"} for r in rejected
    )
    assert not any(r.get("relation") == "supports" for r in rejected)  # the refused correction left nothing behind
    [entity] = [e for e in written["entities"] if e["id"] == "huawei-research-institute"]
    assert entity["class"] == "ResearchInstitute" and entity["label"] == {"en": "Huawei Research Institute", "zh": "华为研究院"}
    defined = [
        e
        for path in sorted((root / "seeds" / "curation").rglob("*.yaml"))
        for e in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("entities") or []
    ]  # a registered entity is defined in an entity file or in the document that introduced it
    exchange = next(e for e in defined if isinstance(e, dict) and e.get("id") == "shanghai-technology-exchange")
    assert "Shanghai Tech Exchange" in str(exchange.get("alt"))

    graph = Dataset()
    graph.parse(root / "build" / "kg.trig", format="trig")
    in_doc = graph.query(
        SPARQL_PREFIXES + f"SELECT ?s WHERE {{ GRAPH ent:document-{doc} {{ ?s prov:wasDerivedFrom ?e }} }}"
    )  # every statement of the document, with its evidence
    assert len({row[0] for row in in_doc}) == 2
    assert graph.query(
        SPARQL_PREFIXES
        + f"ASK {{ GRAPH ent:document-{doc} {{ ent:dupont-shanghai-rd-centre kg:locatedIn ent:zhangjiang-comprehensive-national-science-centre }} }}"
    ).askAnswer


def test_hostile_markup_in_a_document_stays_text(browser: Browser, project_copy: Project) -> None:
    root = project_copy.root
    doc = ingest(root, "hostile.txt", HOSTILE)
    with review_server(root, doc) as server:
        page, logs, requests = open_review(browser, server.url)
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        shown = page.evaluate("document.getElementById('text').textContent")
        assert shown == state(page)["text"] and '<img src=x onerror="alert(1);' in shown and "<script>alert(2);" in shown
        for _ in range(len(state(page)["items"])):  # every card, with its quote, drawn once
            page.keyboard.press("j")
        page.keyboard.press("e")
        page.wait_for_timeout(300)
        for pane in ("#text", "#items"):
            assert page.locator(f"{pane} img, {pane} script, {pane} b").count() == 0
        assert page.evaluate("document.body.dataset.pwned") is None
        assert dialogs == []
        assert all(url.startswith(server.url) for url in requests), requests
        assert errors(logs) == []


def test_a_decision_on_a_stale_page_is_refused_then_made(browser: Browser, project_copy: Project) -> None:
    """Two tabs on one draft: B's decision after A changed the file is refused, said, and can be made again."""
    root = project_copy.root
    doc = ingest(root, "thai.txt", THAI)
    with review_server(root, doc) as server:
        tab_a, logs_a, _ = open_review(browser, server.url)
        tab_b, logs_b, requests_b = open_review(browser, server.url)
        assert tab_a.get_attribute("#text", "lang") == "th"
        data = state(tab_a)
        first, second = [item for item in data["items"] if item["type"] == "statement"][:2]
        go_to(tab_a, first["id"])
        tab_a.keyboard.press("r")
        announced(tab_a, "Rejected: ")

        go_to(tab_b, second["id"])
        tab_b.keyboard.press("r")
        assert announced(tab_b, CONFLICT[:30]).strip() == CONFLICT
        assert tab_b.is_visible("#toast") and tab_b.inner_text("#toast") == CONFLICT
        assert CONFLICT in tab_b.inner_text("li.current .problems")
        rejected = curation(root, doc).get("rejected") or []
        assert len(rejected) == 1  # A's decision only: B's was not written
        # B now shows the draft as it is: A's decision, and B's item still open
        assert {i["id"]: i["state"] for i in state(tab_b)["items"]}[first["id"]] == "rejected"
        assert tab_b.evaluate("window.kgReview.S.current") == second["id"]

        tab_b.keyboard.press("r")
        assert "2 reviewed" in announced(tab_b, "Rejected: ")
        assert len(curation(root, doc)["rejected"]) == 2
        assert all(url.startswith(server.url) for url in requests_b), requests_b
        assert errors(logs_a) == [] and errors(logs_b, 409) == []


def test_help_and_labels_for_keyboard_and_screen_reader_users(browser: Browser, project_copy: Project, tmp_path: Path) -> None:
    root = project_copy.root
    doc = ingest(root, "thai.txt", THAI)
    with review_server(root, doc) as server:
        page, logs, _ = open_review(browser, server.url)
        assert page.get_attribute("#live", "role") == "status" and page.get_attribute("#live", "aria-live") == "polite"
        page.keyboard.press("?")
        assert page.is_visible("#help") and "accept" in page.inner_text("#help")
        page.keyboard.press("Escape")
        assert not page.is_visible("#help")
        page.keyboard.press("e")
        page.wait_for_selector("#f-relation")
        unlabelled = page.evaluate(
            """[...document.querySelectorAll('input, select, textarea, button')].filter(c => {
                 if (c.type === 'hidden' || c.closest('[hidden]')) return false;
                 const label = c.labels && c.labels.length ? c.labels[0].textContent.trim() : '';
                 return !(label || c.getAttribute('aria-label') || c.textContent.trim());
               }).map(c => c.outerHTML)"""
        )
        assert unlabelled == []
        page.keyboard.press("r")  # no single-letter key decides while a form is open
        assert page.is_visible("#f-relation") and state(page)["progress"]["reviewed"] == 0
        page.keyboard.press("Escape")
        page.wait_for_selector("#f-relation", state="detached")
        focusable = page.evaluate("[...document.querySelectorAll('button, select, input')].every(c => c.tabIndex >= 0)")
        assert focusable
        page.screenshot(path=str(tmp_path / "review.png"))
        assert errors(logs) == []


def test_a_selected_name_written_twice_keeps_the_place_it_was_selected(browser: Browser, project_copy: Project) -> None:
    """The second 上海技术交易所 selected for the second sentence's link is written so that the build finds that one."""
    root = project_copy.root
    doc = ingest(root, "twice.txt", "越南与上海技术交易所签署合作协议。\n上海技术交易所与泰国签署谅解备忘录。\n")
    with review_server(root, doc) as server:
        page, logs, _ = open_review(browser, server.url)
        data = state(page)
        text = data["text"]
        second = text.index("\n") + 1
        link = next(
            i
            for i in data["items"]
            if i["type"] == "statement" and i["start"] >= second and "thailand" in (i["subject"]["id"], i["object"]["id"])
        )
        go_to(page, link["id"])
        page.keyboard.press("e")
        page.wait_for_selector("#f-quote")
        select_text(page, second, second + len("上海技术交易所"))
        wait_until(page, "q => document.getElementById('f-quote').value === q", "上海技术交易所")
        _gloss_and_save(page, "The Shanghai Technology Exchange and")
        said = announced(page, "Corrected: ")
        written = curation(root, doc)["statements"][0]["quote"]
        assert written.startswith("上海技术交易所") and text.count(written) == 1 and text.index(written) == second
        assert "occurs 2 times" in said and page.is_visible("#toast") and written in page.inner_text("#toast")
        assert errors(logs) == []
