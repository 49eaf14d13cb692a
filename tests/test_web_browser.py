"""The pages in a real headless Chromium: highlights render, panels drive them, no XSS.

Uses Debian's /usr/bin/chromium through Playwright; a browser is never downloaded.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect, sync_playwright

from newsledger.api.app import create_app
from newsledger.ledger.merge import ingest_record
from newsledger.web.highlight import record_spans
from test_api import hostile_record, landmine_record

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no `chromium` on PATH (Debian package "
                       "chromium); the test never downloads a browser"),
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn in a thread on a socket bound to a free port before the server starts."""
    db = tmp_path_factory.mktemp("browser") / "ledger.db"
    app = create_app(f"sqlite:///{db}")
    for record in (landmine_record(), hostile_record()):
        ingest_record(app.state.engine, record)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            thread.join(0.05)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()


@pytest.fixture(scope="module")
def browser_page(base_url: str) -> Iterator[tuple[Page, list[str]]]:
    """One page for the module, with every console error and uncaught exception collected."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(5000)
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            yield page, errors
        finally:
            browser.close()


def pwned(page: Page) -> str:
    return page.evaluate("typeof window.__pwned")


def test_list_to_document_and_focus(
    base_url: str, browser_page: tuple[Page, list[str]], tmp_path: Path
) -> None:
    page, errors = browser_page
    record = landmine_record()
    page.goto(base_url + "/")
    expect(page.locator("table.docs tbody tr")).to_have_count(2)
    page.screenshot(path=tmp_path / "documents.png", full_page=True)
    page.get_by_role("link", name=record.title).click()
    page.wait_for_url(re.compile(r"/documents/sha256"))
    expect(page.locator("h1.doc-title")).to_have_text(record.title)

    marks = page.locator("#doc-text mark.hl")
    expect(marks.first).to_be_visible()
    ids = set(page.eval_on_selector_all(
        "#doc-text mark.hl", "els => els.map(e => e.dataset.kind + ':' + e.dataset.id)"))
    want = (
        {f"statement:{s.id}" for s in record.statements}
        | {f"incident:{i.id}" for i in record.incidents}
        | {f"accusation:{a.id}" for a in record.accusations}
        | {f"claim:{c.id}" for c in record.claims}
        | {f"entity:{e.id}" for e in record.entities}
    )
    assert ids == want
    assert marks.count() >= len(record_spans(record))  # crossing spans come in pieces
    for rid in ("s2", "i1", "a1", "c1", "e5"):
        expect(page.locator(f'#doc-text mark[data-id="{rid}"]').first).to_be_visible()
    expect(page.locator(".chip-statement .n")).to_have_text(str(len(record.statements)))

    page.locator('.rec[data-target="s3"]').click()
    focused = page.locator('#doc-text mark.hl-focus')
    expect(page.locator('#doc-text mark[data-id="s3"]').first).to_have_class(
        re.compile(r"\bhl-focus\b"))
    assert set(focused.evaluate_all("els => els.map(e => e.dataset.id)")) == {"s3"}
    expect(page.locator('.rec[data-target="s3"]')).to_have_class(re.compile(r"\bactive\b"))

    # Clicking a highlight in the text selects its innermost record's card.
    page.locator('#doc-text mark[data-id="c3"]').first.click()
    expect(page.locator('.rec[data-target="c3"]')).to_have_class(re.compile(r"\bactive\b"))

    # The legend hides a kind: entity marks lose their underline.
    page.locator('input[data-toggle="entity"]').uncheck()
    expect(page.locator("#doc-text")).to_have_class(re.compile(r"\bhide-entity\b"))

    page.locator('input[data-toggle="entity"]').check()
    page.locator('.rec[data-target="i1"]').click()
    page.wait_for_timeout(300)
    page.screenshot(path=tmp_path / "document.png", full_page=False)
    assert errors == []


def test_hostile_markup_stays_text(
    base_url: str, browser_page: tuple[Page, list[str]], tmp_path: Path
) -> None:
    page, errors = browser_page
    record = hostile_record()
    page.goto(base_url + "/")
    assert pwned(page) == "undefined"
    page.goto(f"{base_url}/documents/{record.id}")
    expect(page.locator("#doc-text")).to_contain_text("<script>window.__pwned = 1</script>")
    assert page.locator("#doc-text").inner_text().replace("\n", "") == \
        record.text.replace("\n", "")
    assert page.locator("main img, main script, main svg").count() == 0
    page.locator('.rec[data-target="s1"]').click()
    page.locator('#doc-text mark[data-id="i1"]').first.hover()
    assert pwned(page) == "undefined"
    page.goto(base_url + "/incidents")
    assert pwned(page) == "undefined"
    page.screenshot(path=tmp_path / "incidents.png", full_page=True)
    for href in page.locator("table.incidents a").evaluate_all("l => l.map(a => a.href)"):
        page.goto(href)  # every ledger incident page, the hostile one's too
        assert pwned(page) == "undefined"
        assert page.locator("main script, main img").count() == 0
    page.goto(base_url + "/incidents")
    # A ledger incident's page shows each report's evidence, highlighted ...
    page.locator("table.incidents a").filter(has_text="Explosions").first.click()
    expect(page.locator("section.report")).to_have_count(1)
    expect(page.locator('section.report mark[data-kind="incident"]').first).to_be_visible()
    assert pwned(page) == "undefined"
    page.screenshot(path=tmp_path / "ledger_incident.png", full_page=True)
    # ... and a report's link opens its document with that incident's evidence in focus.
    page.get_by_role("link", name=landmine_record().title).click()
    expect(page.locator('#doc-text mark[data-id="i1"]').first).to_have_class(
        re.compile(r"\bhl-focus\b"))
    assert errors == []
