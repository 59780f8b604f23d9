"""Accuracy of the ``counted`` column of ``govstudy.extract_quantities`` on hand-checked sentences.

Usage::

    .venv/bin/python tools/counted_accuracy.py tests/data/counted_dev.csv [MORE.csv ...]

Prints one line per miss (id, sentence, figure, gold alternatives, what the extractor gave) and,
last, ``counted_exact=<share> (n=<rows>, not_extracted=<k>)``. The gold format and the scoring
rule are in ``tests/counted_scoring.py``, which the tests use too; exit status 2 on a malformed
gold file (the message names the file, row and field).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.counted_scoring import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
