"""Issue 14, API side: the same answers on both backends for NUL and huge offsets, the
Host check against DNS rebinding, and POST /api/documents behind a token."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from newsledger.api import ingest
from newsledger.api.app import create_app

TOKEN = "s3cret-team-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DEPOT = ("Four people were killed and nine wounded when a "
         "drone struck a fuel depot on the outskirts of Lisvar on Tuesday night, the regional "
         "governor said.")
BORDER = ("Two border guards were wounded in an exchange of fire near the village of Mirdash "
          "on Wednesday, the Velorian Defence Ministry said.")


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, ingest_token=TOKEN)) as test_client:
        yield test_client


def jsonl(*objects: object) -> bytes:
    return "".join(json.dumps(o) + "\n" for o in objects).encode()


# --- 4. NUL, 5. offsets: a 422 on both backends, never a 500 -------------------------


@pytest.mark.parametrize("url", [
    "/api/documents?q=a%00b", "/api/incidents?type=%00", "/api/documents/%00",
    "/api/ledger/incidents?type=%00", "/api/actors?q=%00", "/api/actors/%00",
    "/?q=%00", "/documents/%00", "/incidents?type=%00",
])
def test_a_nul_anywhere_is_a_422(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert response.json() == {"detail": "NUL character in the request"}


@pytest.mark.parametrize("url", [
    "/api/documents", "/api/incidents", "/api/ledger/incidents", "/api/actors"])
def test_an_offset_past_any_table_is_a_422(client: TestClient, url: str) -> None:
    assert client.get(f"{url}?offset={2**63}").status_code == 422
    assert client.get(f"{url}?offset={2**31 - 1}").status_code == 200


# --- 9. Host check ---------------------------------------------------------------------


@pytest.mark.parametrize(("bound", "extra", "host", "status"), [
    ("127.0.0.1", [], "127.0.0.1:8001", 200),
    ("127.0.0.1", [], "localhost:8001", 200),
    ("127.0.0.1", [], "rebind.attacker.example:8001", 400),
    ("127.0.0.1", [], "10.0.0.7:8001", 400),
    ("127.0.0.1", ["ledger.lan"], "ledger.lan", 200),
    ("0.0.0.0", [], "192.168.1.20:8001", 200),  # an address cannot be rebound
    ("0.0.0.0", [], "rebind.attacker.example", 400),
    ("0.0.0.0", ["*"], "rebind.attacker.example", 200),
])
def test_host_is_checked_against_the_bound_address(
    tmp_path, bound: str, extra: list[str], host: str, status: int,
) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'l.db'}", host=bound, allowed_hosts=extra)
    with TestClient(app) as client:
        response = client.get("/api/health", headers={"Host": host})
    assert response.status_code == status


# --- 9. POST /api/documents -------------------------------------------------------


def test_ingest_is_off_without_a_token(tmp_path) -> None:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'l.db'}")) as client:
        response = client.post("/api/documents", content=jsonl({"text": DEPOT}), headers=AUTH)
    assert response.status_code == 403
    assert "NEWSLEDGER_INGEST_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_ingest_needs_the_token(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/api/documents", content=jsonl({"text": DEPOT}), headers=headers)
    assert response.status_code == 401
    assert client.get("/api/documents").json()["total"] == 0


def test_ingest_refuses_oversized_bodies(client: TestClient,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)
    body = jsonl({"text": DEPOT * 10})
    assert client.post("/api/documents", content=body, headers=AUTH).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: refused while reading
        yield from (body[i:i + 100] for i in range(0, len(body), 100))

    assert client.post("/api/documents", content=chunks(), headers=AUTH).status_code == 413
    assert client.get("/api/documents").json()["total"] == 0


def test_ingest_stores_documents_and_reports_each_line(client: TestClient) -> None:
    body = jsonl({"id": "mnw-1", "text": DEPOT, "title": "Drone hits Lisvar depot"})
    body += b'{"id": "mnw-broken", "text": "Shelling resumed\n'
    body += jsonl({"id": "mnw-2", "text": BORDER, "published": "2024-04-03"})

    response = client.post("/api/documents", content=body, headers=AUTH)

    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["added"], result["already_stored"], result["failed"]) == (2, 0, 1)
    first, broken, second = result["documents"]
    assert broken["line"] == 2 and broken["status"] == "error"
    assert broken["error"].startswith("POST /api/documents:2: invalid JSON")
    record = client.get(f"/api/documents/{first['id']}").json()
    assert record["title"] == "Drone hits Lisvar depot" and record["text"] == DEPOT
    assert record["incidents"], "extracted like any ingested article"
    assert client.get(f"/api/documents/{second['id']}").json()["published"] == "2024-04-03"
    assert client.get("/api/ledger/incidents").json()["total"] >= 1  # merged into the ledger

    again = client.post("/api/documents", content=body, headers=AUTH).json()
    assert (again["added"], again["already_stored"], again["failed"]) == (0, 2, 1)


def test_a_body_with_nothing_usable_is_a_422(client: TestClient) -> None:
    response = client.post("/api/documents", content=jsonl({"title": "no text"}), headers=AUTH)
    assert response.status_code == 422
    (line,) = response.json()["detail"]["documents"]
    assert line["error"] == 'POST /api/documents:1: "text" is missing'
    assert client.post("/api/documents", content=b"", headers=AUTH).status_code == 422


def test_serve_checks_host_and_reads_the_token_by_default(
    tmp_path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from newsledger.cli import app as cli

    served: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app, **options))
    monkeypatch.setenv("NEWSLEDGER_INGEST_TOKEN", TOKEN)
    result = CliRunner().invoke(cli, ["serve", "--db", f"sqlite:///{tmp_path / 'l.db'}"])
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1"
    with TestClient(served["app"]) as client:  # type: ignore[arg-type]
        assert client.get("/api/health", headers={"Host": "127.0.0.1:8001"}).status_code == 200
        assert client.get("/api/health", headers={"Host": "evil.example"}).status_code == 400
        posted = client.post("/api/documents", content=jsonl({"text": "x"}),
                             headers={"Host": "localhost:8001", "Authorization": "Bearer no"})
        assert posted.status_code == 401  # on: a token is configured, and this is not it
