"""zhnews: rule-based extraction of people, organisations, events and dates from Chinese news.

Stages (one module each): ingest -> normalize -> segment -> extract -> tables; ``run`` drives a batch.
The Python API is ``zhnews.extract(text, published=None, rules=None)`` for one article and
``zhnews.run(corpus, out, ...)`` for a corpus (see ``api.py``); ``nlp.add_pipe("zhnews")`` adds it to
a spaCy pipeline (``spacy_component.py``).
"""
__version__ = "0.1.0"

_API = ("extract", "Extraction", "RunResult", "Document", "Mention", "Entity", "Date", "Event", "EventArgument", "Fact")


def __getattr__(name: str):
    # loaded on first use, so the CLI and the stage modules do not pay for the API's imports
    if name in _API:
        from . import api

        return getattr(api, name)
    if name == "run":  # the batch module, callable as the API's run (see the end of run.py)
        import importlib

        return importlib.import_module(".run", __name__)
    raise AttributeError(f"module 'zhnews' has no attribute {name!r}")


__all__ = [*_API, "run"]
