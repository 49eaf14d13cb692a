"""From a cleaned article to its evidence-linked record.

The spaCy pipeline does the language work once per document (``nlp.pipe``
batches it); the registered extractors named in ``pipeline.toml`` then run
in order over the parsed document.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.extract.context import Extraction
from newsledger.extract.registry import Extractor, get_extractor
from newsledger.ingest.article import Article, IngestError
from newsledger.nlp.pipeline import load_pipeline
from newsledger.records import DocumentRecord, Source

BATCH_SIZE = 32


@cache
def configured_extractors() -> tuple[Extractor, ...]:
    config = tomllib.loads(
        resources.files("newsledger.ledger").joinpath("pipeline.toml").read_text("utf-8"))
    return tuple(get_extractor(name) for name in config["pipeline"]["extractors"])


def record_from_doc(article: Article, doc: Doc) -> DocumentRecord:
    """Run every configured extractor over one parsed article."""
    ex = Extraction(article=article, doc=doc)
    for run in configured_extractors():
        run(ex)
    return DocumentRecord(
        id=article.doc_id,
        source=Source(path=article.path, id=article.source_id, url=article.url,
                      outlet=article.outlet),
        title=article.title, published=article.published, text=article.text,
        entities=ex.entities, statements=ex.statements, incidents=ex.incidents,
        accusations=ex.accusations, claims=ex.claims, events=ex.events)


def build_records(items: Iterable[Article | IngestError], nlp: Language | None = None,
                  ) -> Iterator[DocumentRecord | IngestError]:
    """Records for a stream of ingest results, parsed in batches, in input order.

    Ingest errors pass through in place; a document whose extraction fails
    becomes an error for that document only, so one bad article never stops
    a batch.
    """
    nlp = nlp or load_pipeline()
    pairs = ((item.text if isinstance(item, Article) else "", item) for item in items)
    for doc, item in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH_SIZE):
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            yield record_from_doc(item, doc)
        except Exception as err:  # an extractor bug must not sink the batch
            yield IngestError(item.path or item.doc_id, f"extraction failed: {err!r}")
