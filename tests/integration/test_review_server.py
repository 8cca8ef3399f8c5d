"""``kg review`` as a real server: the JSON API and the guarantees it shares with ``kg serve``.

The command runs as a subprocess on a private copy of the project with one ingested
draft (tests/review_support.py); requests go through http.client so that Host, Origin
and sizes can be forged.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.project import Project
from tests.integration.test_ingest_workflow import run
from tests.review_support import ingest, review_server

ROOT = Path(__file__).resolve().parents[2]

ARTICLE = "支持杜邦上海研发中心开展国际合作。\n\n上海技术交易所与越南签署合作协议。\n"


class Client:
    """Requests to a running ``kg review`` (its port and the page's token)."""

    def __init__(self, url: str, root: Path) -> None:
        self.root = root
        self.port = int(re.search(r":(\d+)/", url).group(1))  # type: ignore[union-attr]
        self.token = re.search(r'name="review-token" content="([^"]+)"', self.get("/")[2]).group(1)  # type: ignore[union-attr]

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers={"Host": f"127.0.0.1:{self.port}", **(headers or {})})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8")
        finally:
            conn.close()

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: Any, token: str | None = None, **headers: str) -> tuple[int, dict[str, str], str]:
        body = json.dumps(data).encode("utf-8")
        sent = {"Content-Type": "application/json", "X-Review-Token": self.token if token is None else token, **headers}
        return self.request("POST", path, body, sent)

    def state(self) -> dict[str, Any]:
        status, _, body = self.get("/api/state")
        assert status == 200
        return json.loads(body)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    root = tmp_path_factory.mktemp("review") / "project"
    for name in ("seeds", "ontology"):
        shutil.copytree(ROOT / name, root / name)
    doc = ingest(root, "article.txt", ARTICLE, "--id", "r01")
    with review_server(root, doc) as running:
        yield Client(running.url, root)


def test_the_state_lists_the_draft_s_items_and_is_never_cached(server: Client) -> None:
    status, headers, body = server.get("/api/state")
    assert status == 200 and headers["cache-control"] == "no-store" and headers["content-type"].startswith("application/json")
    state = json.loads(body)
    assert state["doc"] == "r01" and state["items"] and state["text"] == ARTICLE


def test_the_page_loads_nothing_from_elsewhere(server: Client) -> None:
    status, headers, body = server.get("/")
    assert status == 200 and "default-src 'self'" in headers["content-security-policy"]
    assert server.token in body and '<script src="static/review.js">' in body
    assert headers["x-frame-options"] == "DENY"
    for asset in ("/static/review.js", "/static/review.css"):
        assert server.get(asset)[0] == 200
    assert server.get("/static/..%2fsession.py")[0] == 404
    assert server.get("/static/app.py")[0] == 404


def test_requests_for_another_host_or_from_another_site_are_refused(server: Client) -> None:
    assert server.get("/api/state", Host="evil.example:80")[0] == 403  # DNS rebinding
    assert server.get("/api/state", Host=f"localhost:{server.port}")[0] == 200
    status, _, body = server.post("/api/decide", {"version": "x", "item": "y", "action": "reject"}, Origin="http://evil.example")
    assert status == 403 and "cross-site" in body
    assert server.request("PUT", "/api/state")[0] == 405


def test_a_write_needs_the_page_s_token_and_json_and_a_bounded_body(server: Client) -> None:
    version = server.state()["version"]
    decision = {"version": version, "item": "none", "action": "reject"}
    assert server.post("/api/decide", decision, token="")[0] == 403
    assert server.post("/api/decide", decision, token=server.token[::-1])[0] == 403  # a wrong one
    status, _, _ = server.request(
        "POST", "/api/decide", json.dumps(decision).encode(), {"X-Review-Token": server.token, "Content-Type": "text/plain"}
    )
    assert status == 415
    big = json.dumps({**decision, "gloss": "x" * 70_000}).encode()
    assert server.request("POST", "/api/decide", big, {"X-Review-Token": server.token, "Content-Type": "application/json"})[0] == 413
    status, _, body = server.request(
        "POST", "/api/decide", b"{not json", {"X-Review-Token": server.token, "Content-Type": "application/json"}
    )
    assert status == 400 and "not JSON" in body


def test_decisions_answer_with_the_new_state_a_conflict_or_the_build_s_problems(server: Client) -> None:
    state = server.state()
    item = next(i for i in state["items"] if i["type"] == "statement" and i["gloss_needed"] and i["state"] == "open")
    status, _, body = server.post("/api/decide", {"version": state["version"], "item": item["id"], "action": "accept"})
    assert status == 422
    problems = json.loads(body)["problems"]
    assert problems[0]["file"] == "seeds/curation/documents/r01.yaml" and "gloss" in problems[0]["message"]

    status, _, body = server.post("/api/decide", {"version": state["version"], "item": item["id"], "action": "accept", "gloss": "a gloss"})
    assert status == 200
    after = json.loads(body)
    assert next(i for i in after["items"] if i["id"] == item["id"])["state"] == "accepted"
    assert after["progress"]["reviewed"] == state["progress"]["reviewed"] + 1

    other = next(i for i in after["items"] if i["state"] == "open")
    status, _, body = server.post("/api/decide", {"version": state["version"], "item": other["id"], "action": "reject"})  # an old version
    assert status == 409
    answer = json.loads(body)
    assert answer["error"] == "conflict" and answer["state"]["version"] == after["version"]


def test_options_and_entity_search(server: Client) -> None:
    status, _, body = server.get("/api/options?subject=dupont-shanghai-rd-centre&object=shanghai")
    options = json.loads(body)["options"]
    assert (
        status == 200
        and {"kind": "fact", "name": "locatedIn", "label": "located in", "subject": "dupont-shanghai-rd-centre", "object": "shanghai"}
        in options
    )
    assert any(o["kind"] == "link" for o in options)
    found = json.loads(server.get("/api/entities?q=%E4%B8%8A%E6%B5%B7%E6%8A%80%E6%9C%AF")[2])["entities"]  # 上海技术
    assert found[0]["id"] == "shanghai-technology-exchange"
    found = json.loads(server.get("/api/entities?q=vietnam")[2])["entities"]
    assert found[0]["id"] == "vietnam"


def test_a_draft_broken_by_hand_is_named_with_its_line_and_nothing_is_written(server: Client) -> None:
    draft = server.root / "seeds" / "curation" / "documents" / "r01.yaml"
    good = draft.read_text(encoding="utf-8")
    version = server.state()["version"]
    try:
        draft.write_text(good + "statements: [oops\n", encoding="utf-8")
        status, _, body = server.get("/api/state")
        answer = json.loads(body)
        assert status == 422 and answer["error"] == "unreadable"
        assert answer["problems"][0]["file"] == "seeds/curation/documents/r01.yaml" and answer["problems"][0]["line"] > 0
        status, _, body = server.post("/api/decide", {"version": version, "item": "x", "action": "reject"})
        assert status == 422 and json.loads(body)["error"] == "unreadable"
        assert draft.read_text(encoding="utf-8").endswith("statements: [oops\n")
    finally:
        draft.write_text(good, encoding="utf-8")
    assert server.get("/api/state")[0] == 200


def test_without_a_draft_kg_review_says_what_to_do(project_copy: Project) -> None:
    result = run("review", "--no-open", "--root", str(project_copy.root))
    assert result.returncode == 2 and "no draft to review" in result.stderr
    result = run("review", "000", "--no-open", "--root", str(project_copy.root))
    assert result.returncode == 2 and "is reviewed (status: complete)" in result.stderr
