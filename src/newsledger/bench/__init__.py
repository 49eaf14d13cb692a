"""Benchmarks, run by `newsledger bench` (never timed tests): extract against
bare spaCy on the same corpus, and the ledger merge's cost per document as
the ledger grows."""
