"""Speed of the full extract path against bare spaCy, on the same corpus, in one run.

The corpus is generated reproducibly from the bundled sample articles: each
document is a seeded shuffle of their paragraphs, so it reads like wire copy
and exercises every extractor. Both sides get a warm-up first, so loading is
not counted: the model, and for the extract path also the resources its
extractors load on first use (the gazetteer, the first-name lists behind
"she said"); the ratio is what the extractors cost per document.

A shared machine's speed drifts by as much as the extractors cost, so both
paths run several rounds, alternating which goes first, and each is timed
by its best round (as ``timeit`` does: a slower round measures the other
processes, not the code); the per-round ratios are shown beside it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table

from newsledger.ingest.article import Article
from newsledger.ingest.sources import iter_articles
from newsledger.ledger.build import build_records
from newsledger.nlp.pipeline import load_bare, load_pipeline

DEFAULT_CORPUS = Path("samples/corpus")
# touches what the extractors load lazily: a pronoun speaker needs the name lists
WARM_UP = Article(doc_id="bench:warm-up", published="2024-03-08", text=(
    "Defence Minister Rashad Guliyev visited the village on Monday. “The road to Tesvani is "
    "open again,” he said, after a mine killed two deminers near the village."))


@dataclass
class BenchResult:
    docs: int
    words: int
    bare_rounds: list[float]
    full_rounds: list[float]

    @property
    def bare_seconds(self) -> float:
        return min(self.bare_rounds)

    @property
    def full_seconds(self) -> float:
        return min(self.full_rounds)

    @property
    def ratio(self) -> float:
        return self.full_seconds / self.bare_seconds if self.bare_seconds else 0.0

    @property
    def round_ratios(self) -> list[float]:
        return [full / bare for bare, full in zip(self.bare_rounds, self.full_rounds, strict=True)
                if bare]

    def table(self) -> Table:
        table = Table(title=f"newsledger bench: {self.docs} documents, {self.words:,} words")
        for column in ("path", "seconds", "docs/s", "words/s"):
            table.add_column(column)
        for name, seconds in (("bare spaCy nlp.pipe", self.bare_seconds),
                              ("newsledger extract", self.full_seconds)):
            table.add_row(name, f"{seconds:.2f}", f"{self.docs / seconds:.1f}",
                          f"{self.words / seconds:,.0f}")
        table.caption = f"extract / bare = {self.ratio:.2f}x"
        return table

    def spread(self) -> str:
        """How much the rounds disagreed: the noise the best-round figure leaves out."""
        ratios = self.round_ratios
        return (f"best of {len(ratios)} rounds; extract / bare per round: "
                f"{min(ratios):.2f}x to {max(ratios):.2f}x")


def generate_corpus(docs: int, corpus: Path = DEFAULT_CORPUS, seed: int = 13) -> list[str]:
    """``docs`` articles made of shuffled paragraphs of the sample corpus."""
    paragraphs = [p for item in iter_articles([str(corpus)]) if isinstance(item, Article)
                  for p in item.text.split("\n\n") if p.strip()]
    if not paragraphs:
        raise ValueError(f"{corpus}: no sample articles to build a corpus from")
    rng = random.Random(seed)
    return ["\n\n".join(rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(5, 9))))
            for _ in range(docs)]


def run_benchmark(docs: int, corpus: Path = DEFAULT_CORPUS, rounds: int = 3) -> BenchResult:
    texts = generate_corpus(docs, corpus)
    articles = [Article(doc_id=f"bench:{i}", text=t, published="2024-03-08")
                for i, t in enumerate(texts)]
    bare, full = load_bare(), load_pipeline()
    list(bare.pipe(texts[:1]))
    list(build_records([articles[0], WARM_UP], full))

    bare_rounds: list[float] = []
    full_rounds: list[float] = []
    paths: list[tuple[list[float], Callable[[], Iterable[object]]]] = [
        (bare_rounds, lambda: bare.pipe(texts, batch_size=32)),
        (full_rounds, lambda: build_records(articles, full))]
    for round_number in range(max(rounds, 1)):
        for times, run in paths[::-1] if round_number % 2 else paths:
            started = time.perf_counter()
            for _ in run():
                pass
            times.append(time.perf_counter() - started)
    return BenchResult(docs=docs, words=sum(len(t.split()) for t in texts),
                       bare_rounds=bare_rounds, full_rounds=full_rounds)
