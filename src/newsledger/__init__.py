"""newsledger: an evidence-linked ledger of conflict and political news."""

__version__ = "0.1.0"
