"""The JSON API and the HTML pages against a real SQLite file, plus the highlighter.

The records are built by hand so every kind of fact, nesting and crossing of
spans, and every hostile string is known exactly; the browser test reuses them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from newsledger.api.app import create_app
from newsledger.ledger.merge import ingest_record
from newsledger.records import (
    Accusation,
    Claim,
    DocumentRecord,
    Entity,
    Event,
    Figure,
    Geo,
    Incident,
    Location,
    Perpetrator,
    Rebuttal,
    Role,
    Source,
    Span,
    Statement,
    Victim,
)
from newsledger.web.highlight import HighlightSpan, render_highlighted

LANDMINE_TEXT = """\
Armenia bears all the responsibilities for the civilian Azerbaijanis becoming the victims of \
landmines, the Azerbaijani Foreign Ministry said in a statement on Friday.

The statement came after the death of two Azerbaijani civilians, including two journalists, as a \
result of a mine blast in the country’s liberated Kalbajar district while on duty.

“According to the joint information of the Prosecutor General's Office and the Ministry of \
Internal Affairs of the Republic of Azerbaijan, on the morning of June 4, 2021, a vehicle carrying \
members of the film crew hit an anti-tank mine on the road in Susuzlug village of Kalbajar region. \
As a result of the explosion, two members of the film crew, operator of Azerbaijan Television \
Siraj Abishov and correspondent of the Azerbaijan State News Agency Maharram Ibrahimov, as well as \
representative of the district executive power Arif Aliyev were killed and four people were \
injured,” the statement said.

“This incident in Kalbajar once again shows that the mines in this area were deliberately planted \
by Armenia during the forced withdrawal of the Armed Forces of Azerbaijan after the \
counter-offensive operations,” it said.

Yerevan rejected the accusation. “Armenia has never planted mines on Azerbaijani territory since \
the ceasefire,” the Armenian Foreign Ministry said."""

# Every way article text could try to become markup, plus entities and quotes.
HOSTILE = """<script>window.__pwned = 1</script> & <img src=x onerror="window.__pwned=2"> &amp; \
"double" 'single' </mark></p><b>bold?</b>"""
HOSTILE_TEXT = f"""Officials said {HOSTILE} was posted online.

“Nothing <script>window.__pwned = 3</script> happened here,” the spokesman said."""


def span(text: str, needle: str, nth: int = 0) -> Span:
    """The [start, end) of the nth occurrence of needle: offsets by search, never by hand."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return (start, start + len(needle))


def between(text: str, first: str, last: str) -> Span:
    """From the start of `first` to the end of the next `last` after it."""
    start = text.index(first)
    return (start, text.index(last, start) + len(last))


def all_spans(text: str, word: str) -> list[Span]:
    return [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(word)}\b", text)]


def landmine_record() -> DocumentRecord:
    """The 4 June 2021 Kalbajar mine blast, with a rebuttal added to the article."""
    t = LANDMINE_TEXT
    s1 = between(t, "According to the joint", "were injured,")
    s2 = between(t, "This incident in Kalbajar", "operations,")
    s3 = between(t, "Armenia bears", "victims of landmines")
    s4 = between(t, "Armenia has never", "ceasefire,")
    return DocumentRecord(
        id="sha256:5e1f0c2d9a7b4e3f8a6c1d0b2e4f6a8c0e2d4f6a8b0c2e4d6f8a0b2c4d6e8f0a",
        source=Source(path="seeds/003_29b6a571400d5a83.txt", url="https://news.az/news/kalbajar",
                      outlet="News.Az"),
        title="Armenia bears responsibility for civilian landmine victims, says Baku",
        published="2021-06-04",
        text=t,
        entities=[
            Entity(id="e1", name="Azerbaijani Foreign Ministry", type="ORG", country="AZ",
                   actor_type="ministry",
                   mentions=[span(t, "Azerbaijani Foreign Ministry")]),
            Entity(id="e2", name="Armenia", type="GPE", country="AM", actor_type="state",
                   mentions=all_spans(t, "Armenia")),
            Entity(id="e3", name="Kalbajar", type="LOC", country="AZ",
                   mentions=all_spans(t, "Kalbajar"),
                   geo=Geo(lat=40.1, lon=46.04, precision="district")),
            Entity(id="e4", name="Susuzlug", type="LOC", country="AZ",
                   mentions=[span(t, "Susuzlug")]),
            Entity(id="e5", name="Siraj Abishov", type="PERSON", actor_type="person",
                   mentions=[span(t, "Siraj Abishov")],
                   roles=[Role(title="operator", organization="e8",
                               organization_name="Azerbaijan Television")]),
            Entity(id="e6", name="Maharram Ibrahimov", type="PERSON", actor_type="person",
                   mentions=[span(t, "Maharram Ibrahimov")],
                   roles=[Role(title="correspondent",
                               organization_name="Azerbaijan State News Agency")]),
            Entity(id="e7", name="Arif Aliyev", type="PERSON", actor_type="person",
                   mentions=[span(t, "Arif Aliyev")]),
            Entity(id="e8", name="Azerbaijan Television", type="ORG", actor_type="media",
                   mentions=[span(t, "Azerbaijan Television")]),
            Entity(id="e9", name="Prosecutor General's Office", type="ORG", country="AZ",
                   mentions=[span(t, "Prosecutor General's Office")]),
            Entity(id="e10", name="Armenian Foreign Ministry", type="ORG", country="AM",
                   actor_type="ministry", mentions=[span(t, "Armenian Foreign Ministry")]),
        ],
        statements=[
            Statement(id="s1", kind="indirect", speaker="e1",
                      speaker_name="Azerbaijani Foreign Ministry",
                      speaker_span=span(t, "the Azerbaijani Foreign Ministry"), cue="said",
                      content_span=s3, text=t[s3[0]:s3[1]], date="2021-06-04"),
            Statement(id="s2", kind="direct", speaker="e1",
                      speaker_name="Azerbaijani Foreign Ministry",
                      speaker_span=span(t, "the statement"), cue="said",
                      content_span=s1, text=t[s1[0]:s1[1]], date="2021-06-04"),
            Statement(id="s3", kind="direct", speaker="e1",
                      speaker_name="Azerbaijani Foreign Ministry",
                      speaker_span=span(t, "it said"), cue="said",
                      content_span=s2, text=t[s2[0]:s2[1]], date="2021-06-04"),
            Statement(id="s4", kind="direct", speaker="e10",
                      speaker_name="Armenian Foreign Ministry",
                      speaker_span=span(t, "the Armenian Foreign Ministry"), cue="said",
                      content_span=s4, text=t[s4[0]:s4[1]]),
        ],
        incidents=[
            Incident(
                id="i1", type="Explosions/Remote violence",
                subtype="Remote explosive/landmine/IED", weapon="anti-tank mine",
                date="2021-06-04", date_precision="day",
                location=Location(name="Susuzlug", admin1="Kalbajar", country="AZ",
                                  lat=40.1, lon=46.0, precision="village"),
                killed=Figure(best=3, low=2, high=3), injured=Figure(best=4, low=4, high=4),
                victims=[
                    Victim(entity="e5", name="Siraj Abishov", outcome="killed",
                           role="operator, Azerbaijan Television", civilian=True),
                    Victim(entity="e6", name="Maharram Ibrahimov", outcome="killed",
                           role="correspondent, Azerbaijan State News Agency", civilian=True),
                    Victim(entity="e7", name="Arif Aliyev", outcome="killed",
                           role="representative of the district executive power",
                           civilian=True),
                ],
                perpetrators=[Perpetrator(entity="e2", name="Armenia", status="alleged",
                                          asserted_by="e1")],
                claims=["c1", "c2", "c3"],
                # The second piece runs past the end of quote s2 (crossing spans).
                evidence=[between(t, "The statement came", "on duty."),
                          between(t, "a vehicle carrying", "the statement said.")],
            ),
        ],
        accusations=[
            Accusation(id="a1", accuser="e1", accuser_name="Azerbaijani Foreign Ministry",
                       accused="e2", accused_name="Armenia",
                       allegation="deliberate planting of landmines", category="landmines",
                       incident="i1",
                       evidence=between(t, "the mines in this area", "by Armenia"),
                       rebuttals=[Rebuttal(by="e10", by_name="Armenian Foreign Ministry",
                                           evidence=s4)]),
            # Starts inside nothing, swallows quote s1 and ends inside its attribution.
            Accusation(id="a2", accuser="e1", accuser_name="Azerbaijani Foreign Ministry",
                       accused="e2", accused_name="Armenia",
                       allegation="responsibility for civilian landmine victims",
                       category="landmines",
                       evidence=between(t, "Armenia bears", "Azerbaijani Foreign")),
        ],
        claims=[
            Claim(id="c1", subject="i1", field="killed", value=3, asserted_by="e1",
                  evidence=between(t, "two members of the film crew", "were killed")),
            Claim(id="c2", subject="i1", field="killed", value=2, asserted_by=None,
                  evidence=span(t, "the death of two Azerbaijani civilians")),
            Claim(id="c3", subject="i1", field="injured", value=4, asserted_by="e1",
                  evidence=span(t, "four people were injured")),
        ],
    )


def hostile_record() -> DocumentRecord:
    """Markup in every string a page shows: text, title, names, tooltips, URL."""
    t = HOSTILE_TEXT
    quote = between(t, "Nothing", "here,")
    return DocumentRecord(
        id="sha256:0badc0de" + "0" * 56,
        source=Source(path="<script>window.__pwned=10</script>.txt",
                      url="javascript:window.__pwned=11", outlet="<i>Evil & Co</i>"),
        title='<script>window.__pwned=12</script> "Breaking" & <img src=x onerror=alert(1)>',
        published="2021-06-05",
        text=t,
        entities=[Entity(id="e1", name='"><img src=x onerror="window.__pwned=13">',
                         type="PERSON", mentions=[span(t, "Officials")],
                         roles=[Role(title="<script>window.__pwned=14</script>")])],
        statements=[
            Statement(id="s1", kind="direct", speaker="e1",
                      speaker_name="</title><script>window.__pwned=15</script>",
                      speaker_span=span(t, "the spokesman"), cue='said" onmouseover="x',
                      content_span=quote, text=t[quote[0]:quote[1]]),
            Statement(id="s2", kind="indirect", speaker_name="Officials",
                      content_span=span(t, HOSTILE), text=HOSTILE),
        ],
        incidents=[Incident(id="i1", type="Riots", subtype="<b>Mob</b>", weapon="' onclick='x",
                            location=Location(name="<svg onload=alert(1)>"),
                            victims=[Victim(name="<u>victim</u>", outcome="injured")],
                            evidence=[span(t, "<img src=x onerror")])],
        accusations=[Accusation(id="a1", accuser_name="<b>accuser</b>",
                                accused_name="&lt;accused&gt;",
                                allegation="<script>window.__pwned=16</script>",
                                evidence=span(t, "&amp;"),
                                rebuttals=[Rebuttal(by_name="<i>denier</i>",
                                                    evidence=span(t, "happened here"))])],
        claims=[Claim(id="c1", subject="i1", field="injured", value='"><script>x</script>',
                      evidence=span(t, '"double"'))],
        events=[Event(id="v1", kind="diplomacy", trigger="<script>window.__pwned=17</script>",
                      evidence=[span(t, "was posted online")])],
    )


# --- HTML checks ------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class TagChecker(HTMLParser):
    """Checks nesting, records every tag, and collects the text of one element by id."""

    def __init__(self, text_id: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.text_id = text_id
        self.text_depth: int | None = None
        self.text = ""
        # (kind, id, role) of the marks open at each character of the collected text
        self.cover: list[frozenset[tuple[str, str, str | None]]] = []
        self.marks: list[tuple[str, str, str | None] | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in VOID:
            return
        self.stack.append(tag)
        if attributes.get("id") == self.text_id and self.text_id is not None:
            self.text_depth = len(self.stack)
        mark = None
        if tag == "mark" and "hl" in (attributes.get("class") or "").split():
            mark = (attributes["data-kind"], attributes["data-id"], attributes.get("data-role"))
        self.marks.append(mark)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        if self.text_depth == len(self.stack):
            self.text_depth = None
        self.stack.pop()
        self.marks.pop()

    def handle_data(self, data: str) -> None:
        if self.text_depth is not None:
            self.text += data
            open_marks = frozenset(m for m in self.marks if m is not None)
            self.cover.extend([open_marks] * len(data))


def check_html(html: str, text_id: str | None = None) -> TagChecker:
    checker = TagChecker(text_id)
    checker.feed(html)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    return checker


def assert_inert(html: str) -> None:
    """No markup from the records survived: only our own script, no handlers, no images."""
    checker = check_html(html)
    scripts = [a.get("src") for tag, a in checker.tags if tag == "script"]
    assert all(src and src.startswith("/static/") for src in scripts), scripts
    assert not [t for t, _ in checker.tags if t in {"img", "svg", "b", "i", "u"}]
    assert not [(t, a) for t, a in checker.tags if any(k.startswith("on") for k in a)]
    assert not [a for _, a in checker.tags if (a.get("href") or "").startswith("javascript:")]
    assert "__pwned" not in "".join(src or "" for src in scripts)


# --- highlighter -------------------------------------------------------------


def rendered(text: str, spans: list[HighlightSpan]) -> TagChecker:
    return check_html(f'<div id="t">{render_highlighted(text, spans)}</div>', "t")


def expected_cover(text: str, spans: list[HighlightSpan]) -> list[frozenset]:
    """What should be open at each character: every span over it, none in paragraph breaks."""
    breaks = {i for m in re.finditer(r"\n\s*\n", text) for i in range(m.start(), m.end())}
    return [
        frozenset() if i in breaks else frozenset(
            (s.kind, s.id, s.role) for s in spans if s.start <= i < s.end)
        for i in range(len(text))
    ]


def test_highlight_nests_and_crosses() -> None:
    text = "Alpha beta gamma delta epsilon."
    spans = [
        HighlightSpan(0, 16, "statement", "s1", "quote"),
        HighlightSpan(6, 10, "entity", "e1", "beta"),
        HighlightSpan(11, 22, "accusation", "a1", "crosses the quote's end"),
    ]
    out = render_highlighted(text, spans)
    assert str(out) == (
        '<p><mark class="hl hl-statement" data-kind="statement" data-id="s1" title="quote">'
        'Alpha <mark class="hl hl-entity" data-kind="entity" data-id="e1" title="beta">beta'
        '</mark> <mark class="hl hl-accusation" data-kind="accusation" data-id="a1" '
        'title="crosses the quote&#39;s end">gamma</mark></mark>'
        '<mark class="hl hl-accusation" data-kind="accusation" data-id="a1" '
        'title="crosses the quote&#39;s end"> delta</mark> epsilon.</p>'
    )
    checker = rendered(text, spans)
    assert checker.text == text
    assert checker.cover == expected_cover(text, spans)


def test_highlight_paragraphs_clip_and_escape() -> None:
    text = 'One <b>"x"</b> & y\n\nTwo\n \n\nThree\nline'
    spans = [
        HighlightSpan(-5, 3, "claim", "c1", 'say "hi" <now>'),
        HighlightSpan(15, 23, "incident", "i1", "over the break", None),
        HighlightSpan(8, 8, "entity", "e1"),
        HighlightSpan(400, 500, "entity", "e2"),
        HighlightSpan(20, 21, "statement", "s1", "speaker", "speaker"),
    ]
    out = str(render_highlighted(text, spans))
    assert out.startswith('<p><mark class="hl hl-claim" data-kind="claim" data-id="c1" '
                          'title="say &#34;hi&#34; &lt;now&gt;">One</mark>')
    assert "&lt;b&gt;&#34;x&#34;&lt;/b&gt; <mark" in out and "&amp; y</mark>" in out
    assert out.count("<p>") == 3 and "</p>\n\n<p>" in out and "</p>\n \n\n<p>" in out
    assert 'data-id="e1"' not in out and 'data-id="e2"' not in out
    assert out.count('data-id="i1"') == 2  # split at the paragraph break
    assert 'class="hl hl-statement hl-speaker"' in out and 'data-role="speaker"' in out
    checker = rendered(text, spans)
    assert checker.text == text
    clipped = [HighlightSpan(0, 3, "claim", "c1"), *spans[1:]]
    assert checker.cover == expected_cover(text, clipped)


def test_highlight_random_spans_stay_well_formed() -> None:
    """Any overlap pattern: balanced tags, exact text, every character under the right marks."""
    rng = random.Random(7)
    alphabet = "ab <>&\"' \n"
    kinds = ["statement", "accusation", "incident", "claim", "entity"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        spans = []
        for n in range(rng.randint(0, 8)):
            a, b = sorted(rng.randint(-3, len(text) + 3) for _ in range(2))
            spans.append(HighlightSpan(a, b, rng.choice(kinds), f"r{n}", text[:5]))
        checker = rendered(text, spans)
        assert checker.text == text
        size = len(text)
        clipped = [HighlightSpan(max(0, s.start), min(size, s.end), s.kind, s.id)
                   for s in spans]
        assert checker.cover == expected_cover(text, clipped)


def test_highlight_empty_text() -> None:
    assert render_highlighted("", [HighlightSpan(0, 4, "entity", "e1")]) == ""


# --- API and pages --------------------------------------------------------------


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    app = create_app(db_url)
    for record in (landmine_record(), hostile_record()):
        assert ingest_record(app.state.engine, record)  # stored and merged into the ledger
    with TestClient(app) as test_client:  # the lifespan disposes of the engine on exit
        yield test_client


def test_health(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_list_documents(client: TestClient) -> None:
    body = client.get("/api/documents").json()
    assert body["total"] == 2 and body["limit"] == 50 and body["offset"] == 0
    first = body["documents"][0]  # newest published first
    assert first["id"] == hostile_record().id
    landmine = body["documents"][1]
    assert landmine == {
        "id": landmine_record().id, "title": landmine_record().title,
        "published": "2021-06-04", "outlet": "News.Az",
        "path": "seeds/003_29b6a571400d5a83.txt", "n_entities": 10, "n_statements": 4,
        "n_incidents": 1, "n_accusations": 2, "n_claims": 3,
    }
    page = client.get("/api/documents", params={"limit": 1, "offset": 1}).json()
    assert [d["id"] for d in page["documents"]] == [landmine_record().id]
    assert page["total"] == 2
    found = client.get("/api/documents", params={"q": "Susuzlug"}).json()
    assert found["total"] == 1 and found["documents"][0]["id"] == landmine_record().id


def test_document_round_trip(client: TestClient) -> None:
    for record in (landmine_record(), hostile_record()):
        response = client.get(f"/api/documents/{record.id}")
        assert response.status_code == 200
        assert response.json() == record.to_json_dict()
    escaped = client.get("/api/documents/" + landmine_record().id.replace(":", "%3A"))
    assert escaped.json()["id"] == landmine_record().id


def test_document_not_found(client: TestClient) -> None:
    response = client.get("/api/documents/sha256:nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "document not found"}
    page = client.get("/documents/sha256:nope")
    assert page.status_code == 404 and "sha256:nope" in page.text


def test_incidents_filters(client: TestClient) -> None:
    body = client.get("/api/incidents").json()
    assert [(i["id"], i["doc_id"]) for i in body["incidents"]] == [
        ("i1", landmine_record().id), ("i1", hostile_record().id)]  # undated last
    blast = body["incidents"][0]
    assert blast["killed"] == {"best": 3, "low": 2, "high": 3}
    assert blast["doc_title"] == landmine_record().title and blast["published"] == "2021-06-04"
    assert blast["evidence"] == [list(s) for s in landmine_record().incidents[0].evidence]

    def ids(**params: str) -> list[str]:
        response = client.get("/api/incidents", params=params)
        assert response.status_code == 200
        return [i["doc_id"] for i in response.json()["incidents"]]

    assert ids(type="Riots") == [hostile_record().id]
    assert ids(type="Explosions/Remote violence") == [landmine_record().id]
    assert ids(date_from="2021-06-04", date_to="2021-06-04") == [landmine_record().id]
    assert ids(date_from="2021-06-05") == []
    assert ids(date_to="2021-06-03") == []
    assert ids(limit="1", offset="1") == [hostile_record().id]


@pytest.mark.parametrize(("path", "params", "field"), [
    ("/api/documents", {"limit": "0"}, "limit"),
    ("/api/documents", {"limit": "1001"}, "limit"),
    ("/api/documents", {"limit": "ten"}, "limit"),
    ("/api/documents", {"offset": "-1"}, "offset"),
    ("/api/incidents", {"limit": "5000"}, "limit"),
    ("/api/incidents", {"date_from": "June 4"}, "date_from"),
    ("/api/incidents", {"date_to": "2021-13-01"}, "date_to"),
])
def test_bad_params_are_422(client: TestClient, path: str, params: dict, field: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["query", field]]


def test_document_list_page(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "default-src 'none'" in response.headers["content-security-policy"]
    html = response.text
    assert "Armenia bears responsibility for civilian landmine victims, says Baku" in html
    assert "News.Az" in html and "2021-06-04" in html
    assert f'href="/documents/{landmine_record().id.replace(":", "%3A")}"' in html
    assert_inert(html)
    assert "&lt;script&gt;window.__pwned=12&lt;/script&gt; &#34;Breaking&#34; &amp; " in html
    assert "&lt;i&gt;Evil &amp; Co&lt;/i&gt;" in html
    searched = client.get("/", params={"q": "Susuzlug"}).text
    assert "landmine victims" in searched and "Evil" not in searched
    assert "1 document " in searched


def test_document_page_highlights_every_fact(client: TestClient) -> None:
    record = landmine_record()
    response = client.get(f"/documents/{record.id}")
    assert response.status_code == 200
    checker = check_html(response.text, "doc-text")
    assert record.text in checker.text
    covered: dict[tuple[str, str, str | None], set[int]] = {}
    offset = checker.text.index(record.text)
    for i, marks in enumerate(checker.cover[offset:offset + len(record.text)]):
        for mark in marks:
            covered.setdefault(mark, set()).add(i)

    def assert_marked(kind: str, rid: str, spans: list[Span], role: str | None = None) -> None:
        want = {i for a, b in spans for i in range(a, b) if record.text[i] != "\n"}
        assert want <= covered.get((kind, rid, role), set()), (kind, rid, role)

    for s in record.statements:
        assert_marked("statement", s.id, [s.content_span])
        assert_marked("statement", s.id, [s.speaker_span], "speaker")
    for inc in record.incidents:
        assert_marked("incident", inc.id, inc.evidence)
    for acc in record.accusations:
        assert_marked("accusation", acc.id, [acc.evidence])
        assert_marked("accusation", acc.id, [r.evidence for r in acc.rebuttals], "rebuttal")
    for claim in record.claims:
        assert_marked("claim", claim.id, [claim.evidence])
    for ent in record.entities:
        assert_marked("entity", ent.id, ent.mentions)
    html = response.text
    assert 'title="s2 · direct quote · Azerbaijani Foreign Ministry · said"' in html
    assert "Prosecutor General&#39;s Office" in html
    for panel in ("Statements", "Incidents", "Accusations", "Claims", "Entities"):
        assert f"{panel} <span" in html
    for rid in ("s1", "s2", "s3", "s4", "i1", "a1", "a2", "c1", "c2", "c3", "e10"):
        assert f'data-target="{rid}"' in html
    assert "3 (2–3)" in html and "Siraj Abishov" in html and "anti-tank mine" in html
    assert 'href="https://news.az/news/kalbajar"' in html


def test_document_page_escapes_everything(client: TestClient) -> None:
    record = hostile_record()
    response = client.get(f"/documents/{record.id}")
    assert response.status_code == 200
    html = response.text
    assert_inert(html)
    checker = check_html(html, "doc-text")
    assert record.text in checker.text  # shown as text, character for character
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "&amp;amp;" in html and "&#34;double&#34; &#39;single&#39;" in html
    assert ">javascript:window.__pwned=11<" in html  # shown, not linked
    titles = [a["title"] for _, a in checker.tags if "title" in a]
    assert '</title><script>window.__pwned=15</script>' in " ".join(titles)


def test_document_page_shows_other_events(client: TestClient) -> None:
    record = hostile_record()
    html = client.get(f"/documents/{record.id}").text
    checker = check_html(html, "doc-text")
    offset = checker.text.index(record.text)
    start, end = record.events[0].evidence[0]
    assert all(("event", "v1", None) in marks
               for marks in checker.cover[offset + start:offset + end])
    assert "Other events <span" in html and 'data-target="v1"' in html
    assert "&lt;script&gt;window.__pwned=17&lt;/script&gt;" in html  # the trigger, escaped


def test_incidents_page(client: TestClient) -> None:
    html = client.get("/incidents").text
    assert_inert(html)
    assert "Explosions/Remote violence" in html and "Susuzlug" in html and "3 (2–3)" in html
    assert "&lt;svg onload=alert(1)&gt;" in html
    links = re.findall(r'href="/incidents/(inc-[0-9a-f]+)"', html)
    assert len(set(links)) == 2  # one ledger incident per article here
    for incident_id in set(links):  # each incident page: escaped, with its report's evidence
        page = client.get(f"/incidents/{incident_id}").text
        assert_inert(page)
        assert '<section class="report"' in page and 'data-kind="incident"' in page
    landmine = next(page for i in set(links)
                    if "Susuzlug" in (page := client.get(f"/incidents/{i}").text))
    assert f'href="/documents/{landmine_record().id.replace(":", "%3A")}#i1"' in landmine
    assert client.get("/incidents/inc-000000000000").status_code == 404
    filtered = client.get("/incidents", params={"type": "Riots", "date_from": ""}).text
    assert "Susuzlug" not in filtered and "Riots" in filtered
    assert client.get("/incidents", params={"date_from": "soon"}).status_code == 422


def test_static_and_api_pages(client: TestClient) -> None:
    assert client.get("/static/app.js").status_code == 200
    assert "mark.hl" in client.get("/static/style.css").text
    api = client.get("/api")
    assert api.status_code == 200 and "/api/documents" in api.text
    schema = client.get("/openapi.json").json()
    assert {"/api/documents", "/api/documents/{doc_id}", "/api/incidents"} <= set(schema["paths"])
    assert "/documents/{doc_id}" not in schema["paths"]  # pages stay out of the API schema
