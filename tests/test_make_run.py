"""What `make run` does, end to end: ingest the sample corpus, serve it, read it in Chromium.

Runs the installed `newsledger` entry point as separate processes, exactly as
the Makefile does, against a throwaway SQLite file.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from test_web_browser import CHROMIUM, CHROMIUM_ARGS

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"
SAMPLE_DOCUMENTS = 13  # articles in CORPUS (one JSONL file holds two)
NEWSLEDGER = str(Path(sys.executable).parent / "newsledger")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no `chromium` on PATH (Debian package "
                       "chromium); the test never downloads a browser"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def served_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = f"sqlite:///{tmp_path_factory.mktemp('run') / 'ledger.db'}"
    ingest = subprocess.run([NEWSLEDGER, "ingest", str(CORPUS), "--db", db],
                            capture_output=True, text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr
    assert f"{SAMPLE_DOCUMENTS} added, 0 already in the ledger, 0 failed" in ingest.stderr
    port = free_port()
    server = subprocess.Popen([NEWSLEDGER, "serve", "--db", db, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if get_json(f"{base}/api/health")["status"] == "ok":
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("newsledger serve did not answer /api/health")
        yield base
    finally:
        server.terminate()
        server.wait(10)


def test_api_lists_the_sample_corpus(served_sample: str) -> None:
    listing = get_json(f"{served_sample}/api/documents?limit=100")
    assert listing["total"] == SAMPLE_DOCUMENTS
    incidents = get_json(f"{served_sample}/api/incidents?limit=1000")["incidents"]
    assert any(i["subtype"] == "Remote explosive/landmine/IED" for i in incidents)


def test_api_serves_the_sample_rebuttal_and_claimed_perpetrator(served_sample: str) -> None:
    listing = get_json(f"{served_sample}/api/documents?q=Brask&limit=10")["documents"]
    (summary,) = listing
    record = get_json(f"{served_sample}/api/documents/{summary['id']}")
    statuses = {(p["name"], p["status"]) for i in record["incidents"] for p in i["perpetrators"]}
    assert ("Sarn Volunteer Battalion", "claimed") in statuses
    assert any(a["rebuttals"] for a in record["accusations"])


def test_sample_corpus_pages_in_chromium(served_sample: str, tmp_path: Path) -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                     headless=True)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.goto(served_sample + "/")
            links = page.locator("a[href^='/documents/']")
            expect(links.first).to_be_visible()
            assert links.count() >= SAMPLE_DOCUMENTS
            page.get_by_text("Tractor", exact=False).first.click()
            expect(page.locator("mark.hl-incident").first).to_be_visible()
            assert page.locator("mark.hl-statement").count() >= 4
            page.screenshot(path=str(tmp_path / "sample-document.png"), full_page=True)
            page.goto(served_sample + "/incidents")
            assert page.locator("table tbody tr").count() >= 10
            assert not errors
        finally:
            browser.close()
