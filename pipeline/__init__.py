"""zhnews: rule-based extraction of people, organisations, events and dates from Chinese news.

Stages (one module each): ingest -> normalize -> segment -> extract -> tables; ``run`` drives a batch.
"""
__version__ = "0.1.0"
