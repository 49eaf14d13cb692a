"""Token patterns that type organisation names the small model gets wrong.

en_core_web_sm reads "The Azerbaijani Foreign Ministry" at a quote start as a
WORK_OF_ART and splits "the Ministry of Internal Affairs of the Republic of
Azerbaijan" in two; these patterns, built from the demonym and head-word
lists, run before ``ner`` so the model keeps them whole.
"""

from __future__ import annotations

from spacy.language import Language

from newsledger.datafiles import word_list
from newsledger.nlp.lexicons import demonyms, org_heads

RULER_NAME = "newsledger_orgs"


def _patterns() -> list[dict]:
    demonym_tokens = sorted({d.split()[-1] for d in demonyms()})
    fields = sorted(set(word_list("newsledger.nlp", "ministry_fields.txt")))
    heads = sorted(org_heads())
    demonym = {"LOWER": {"IN": [d.lower() for d in demonym_tokens]}, "IS_TITLE": True}
    field = {"TEXT": {"IN": fields}, "OP": "*"}
    head = {"TEXT": {"IN": heads}}
    name_words = {"IS_TITLE": True, "OP": "+"}
    of = {"LOWER": "of"}
    the = {"LOWER": "the", "OP": "?"}
    ministry = {"TEXT": {"IN": ["Ministry", "Office", "Forces", "Committee", "Council"]}}
    patterns = [
        [demonym, field, head],
        [ministry, of, name_words],
        [ministry, of, name_words, of, the, name_words],
        [ministry, of, name_words, of, the, name_words, of, name_words],
        [{"LOWER": "armed"}, {"LOWER": "forces"}, of, the, name_words],
    ]
    return [{"label": "ORG", "pattern": p} for p in patterns]


def add_orgs_ruler(nlp: Language) -> None:
    """Insert the organisation ruler before ``ner`` (it may overwrite earlier rulers)."""
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"overwrite_ents": True},
                         **where)
    ruler.add_patterns(_patterns())
