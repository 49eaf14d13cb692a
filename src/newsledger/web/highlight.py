"""Render article text with every extracted fact marked at its evidence span.

Spans overlap and nest (a quote holds claims and entity mentions, an
accusation may straddle a quote), so the text is cut at every span boundary
and tags are closed and reopened where spans cross: the output is always
well-formed HTML whose text content is exactly the article text. The text is
untrusted, so every piece of it goes through ``markupsafe.escape``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from newsledger.records import DocumentRecord, Figure, Incident, Span

# Outer-to-inner order for spans covering the same stretch of text, so a
# quote wraps the claims inside it rather than the other way round.
KIND_ORDER = ("statement", "accusation", "incident", "event", "claim", "entity")

_PARA_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class HighlightSpan:
    """One highlighted stretch of text, tied to the record it is evidence for."""

    start: int
    end: int
    kind: str  # one of KIND_ORDER
    id: str  # the record id: "s1", "i1", "e3" ...
    title: str = ""  # tooltip text
    role: str | None = None  # "speaker", "rebuttal", "perpetrator": a secondary span of the record


def _rank(span: HighlightSpan) -> tuple[int, int]:
    """Longer spans open first so they sit outside; ties go by KIND_ORDER."""
    kind = KIND_ORDER.index(span.kind) if span.kind in KIND_ORDER else len(KIND_ORDER)
    return (-span.end, kind)


def _open_tag(span: HighlightSpan) -> str:
    classes = f"hl hl-{span.kind}" + (f" hl-{span.role}" if span.role else "")
    role = f' data-role="{escape(span.role)}"' if span.role else ""
    return (
        f'<mark class="{escape(classes)}" data-kind="{escape(span.kind)}" '
        f'data-id="{escape(span.id)}"{role} title="{escape(span.title)}">'
    )


def _render_run(text: str, start: int, end: int, spans: list[HighlightSpan]) -> str:
    """Mark up text[start:end] given spans already clipped to that range."""
    points = sorted({start, end, *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[HighlightSpan]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
    out: list[str] = []
    stack: list[HighlightSpan] = []  # open tags, outermost first
    for a, b in pairwise(points):
        ended = [i for i, s in enumerate(stack) if s.end <= a]
        reopen: list[HighlightSpan] = []
        if ended:
            # Closing a span means closing everything opened inside it too;
            # the inner ones that still run are reopened right away.
            cut = ended[0]
            out.append("</mark>" * (len(stack) - cut))
            reopen = [s for s in stack[cut:] if s.end > a]
            del stack[cut:]
        for span in sorted(reopen + starting.get(a, []), key=_rank):
            out.append(_open_tag(span))
            stack.append(span)
        out.append(str(escape(text[a:b])))
    out.append("</mark>" * len(stack))
    return "".join(out)


def render_highlighted(text: str, spans: list[HighlightSpan]) -> Markup:
    """Escape ``text`` into ``<p>`` paragraphs with ``<mark>`` tags at ``spans``.

    Spans are clipped to the text and dropped when empty; a span that runs
    across a paragraph break is split into one piece per paragraph. The blank
    lines between paragraphs stay in the output, so the HTML's text content
    equals ``text``.
    """
    size = len(text)
    clipped = [
        HighlightSpan(max(0, s.start), min(size, s.end), s.kind, s.id, s.title, s.role)
        for s in spans
    ]
    clipped = [s for s in clipped if s.start < s.end]
    paragraphs: list[tuple[int, int]] = []
    pos = 0
    for brk in _PARA_BREAK.finditer(text):
        paragraphs.append((pos, brk.start()))
        pos = brk.end()
    paragraphs.append((pos, size))

    out: list[str] = []
    prev_end = 0
    for p_start, p_end in paragraphs:
        out.append(str(escape(text[prev_end:p_start])))
        prev_end = p_end
        if p_start == p_end:
            continue
        inside = [
            HighlightSpan(max(p_start, s.start), min(p_end, s.end), s.kind, s.id, s.title, s.role)
            for s in clipped
            if s.start < p_end and s.end > p_start
        ]
        out.append(f"<p>{_render_run(text, p_start, p_end, inside)}</p>")
    out.append(str(escape(text[prev_end:])))
    return Markup("".join(out))


def format_figure(fig: Figure) -> str:
    """A casualty figure as "3" or "3 (2–4)" when sources disagree; "–" if unknown."""
    if fig.best is None and fig.low is None and fig.high is None:
        return "–"
    best = "?" if fig.best is None else str(fig.best)
    lo, hi = fig.low, fig.high
    if (lo is None or lo == fig.best) and (hi is None or hi == fig.best):
        return best
    return f"{best} ({'?' if lo is None else lo}–{'?' if hi is None else hi})"


def _join(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


def _incident_title(inc: Incident) -> str:
    place = inc.location.name if inc.location else None
    killed = None if inc.killed.best is None else f"killed {format_figure(inc.killed)}"
    injured = None if inc.injured.best is None else f"injured {format_figure(inc.injured)}"
    return _join(inc.id, inc.type, inc.subtype, inc.date, place, killed, injured)


def record_spans(record: DocumentRecord) -> list[HighlightSpan]:
    """Every evidence span of a record, with the tooltip that explains it."""
    names = {e.id: e.name for e in record.entities}
    spans: list[HighlightSpan] = []

    def add(span: Span | None, kind: str, rid: str, title: str, role: str | None = None) -> None:
        if span is not None:
            spans.append(HighlightSpan(span[0], span[1], kind, rid, title, role))

    for st in record.statements:
        speaker = st.speaker_name or names.get(st.speaker or "") or "unknown speaker"
        kind = "direct quote" if st.kind == "direct" else "indirect statement"
        add(st.content_span, "statement", st.id, _join(st.id, kind, speaker, st.cue))
        add(st.speaker_span, "statement", st.id, _join(st.id, "speaker", speaker), "speaker")
    for inc in record.incidents:
        title = _incident_title(inc)
        for ev in inc.evidence:
            add(ev, "incident", inc.id, title)
        for p in inc.perpetrators:
            add(p.name_span, "incident", inc.id,
                _join(inc.id, f"perpetrator: {p.name}", p.status), "perpetrator")
    for event in record.events:
        for ev in event.evidence:
            add(ev, "event", event.id,
                _join(event.id, event.kind.replace("_", " "), f"“{event.trigger}”"))
    for acc in record.accusations:
        accuser = acc.accuser_name or names.get(acc.accuser or "") or "?"
        accused = acc.accused_name or names.get(acc.accused or "") or "?"
        add(acc.evidence, "accusation", acc.id,
            _join(acc.id, "accusation", f"{accuser} → {accused}", acc.allegation))
        for reb in acc.rebuttals:
            by = reb.by_name or names.get(reb.by or "") or "?"
            add(reb.evidence, "accusation", acc.id, _join(acc.id, f"rebuttal by {by}"), "rebuttal")
    for cl in record.claims:
        by = names.get(cl.asserted_by or "") if cl.asserted_by else "the outlet"
        add(cl.evidence, "claim", cl.id,
            _join(cl.id, f"{cl.subject}.{cl.field} = {cl.value} ({cl.qualifier})",
                  f"asserted by {by or cl.asserted_by}"))
    for ent in record.entities:
        for mention in ent.mentions:
            add(mention, "entity", ent.id, _join(ent.id, ent.type, ent.name))
    return spans


def report_spans(record: DocumentRecord, incident_id: str) -> list[HighlightSpan]:
    """The spans that are evidence for one incident of ``record``: its own
    spans (perpetrators included), the claims about it, the accusations
    linked to it."""
    accusations = {a.id for a in record.accusations if a.incident == incident_id}
    claims = {c.id for c in record.claims if c.subject == incident_id}
    return [s for s in record_spans(record)
            if (s.kind == "incident" and s.id == incident_id)
            or (s.kind == "claim" and s.id in claims)
            or (s.kind == "accusation" and s.id in accusations)]


def render_excerpt(text: str, spans: list[HighlightSpan]) -> Markup:
    """Only the paragraphs of ``text`` that hold a span, highlighted, with
    "…" where paragraphs are left out: one report's evidence on a page that
    shows many reports."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for brk in _PARA_BREAK.finditer(text):
        bounds.append((pos, brk.start()))
        pos = brk.end()
    bounds.append((pos, len(text)))
    kept = [i for i, (a, b) in enumerate(bounds) if any(s.start < b and s.end > a for s in spans)]
    out: list[str] = []
    for position, index in enumerate(kept):
        if position and kept[position - 1] != index - 1:
            out.append('<p class="gap">…</p>')
        a, b = bounds[index]
        inside = [HighlightSpan(max(a, s.start) - a, min(b, s.end) - a, s.kind, s.id, s.title,
                                s.role) for s in spans if s.start < b and s.end > a]
        out.append(str(render_highlighted(text[a:b], inside)))
    return Markup("".join(out))
