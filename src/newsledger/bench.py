"""Speed of the full extract path against bare spaCy, on the same corpus, in one run.

The corpus is generated reproducibly from the bundled sample articles: each
document is a seeded shuffle of their paragraphs, so it reads like wire copy
and exercises every extractor. Both sides get a warm-up first, so loading is
not counted: the model, and for the extract path also the resources its
extractors load on first use (the gazetteer, the first-name lists behind
"she said"); the ratio is what the extractors cost per document.
"""

from __future__ import annotations

import random
import time
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
    bare_seconds: float
    full_seconds: float

    @property
    def ratio(self) -> float:
        return self.full_seconds / self.bare_seconds if self.bare_seconds else 0.0

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


def generate_corpus(docs: int, corpus: Path = DEFAULT_CORPUS, seed: int = 13) -> list[str]:
    """``docs`` articles made of shuffled paragraphs of the sample corpus."""
    paragraphs = [p for item in iter_articles([str(corpus)]) if isinstance(item, Article)
                  for p in item.text.split("\n\n") if p.strip()]
    if not paragraphs:
        raise ValueError(f"{corpus}: no sample articles to build a corpus from")
    rng = random.Random(seed)
    return ["\n\n".join(rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(5, 9))))
            for _ in range(docs)]


def run_benchmark(docs: int, corpus: Path = DEFAULT_CORPUS) -> BenchResult:
    texts = generate_corpus(docs, corpus)
    articles = [Article(doc_id=f"bench:{i}", text=t, published="2024-03-08")
                for i, t in enumerate(texts)]
    bare, full = load_bare(), load_pipeline()
    list(bare.pipe(texts[:1]))
    list(build_records([articles[0], WARM_UP], full))

    started = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=32):
        pass
    bare_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for _ in build_records(articles, full):
        pass
    full_seconds = time.perf_counter() - started
    return BenchResult(docs=docs, words=sum(len(t.split()) for t in texts),
                       bare_seconds=bare_seconds, full_seconds=full_seconds)
