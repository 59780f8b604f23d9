"""Progress of long work: a tqdm bar on a terminal, a plain line every few seconds otherwise.

A log (CI, ``make benchmarks > log``) then gets a handful of readable lines
instead of thousands of carriage-return updates. Bottom layer: imports only
the standard library and tqdm.
"""

from __future__ import annotations

import sys
import time

__all__ = ["Progress"]


class Progress:
    """A progress indicator: ``update(k)``, ``total`` settable, ``postfix(text)``, ``close()``.

    Parameters
    ----------
    total : int or None
        Expected number of steps (``None``: unknown).
    desc, unit : str
    enabled : bool
        ``False``: silent.
    every : float
        Seconds between plain lines when the stream is not a terminal.
    stream : file, optional
        Default ``sys.stderr``.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> with Progress(3, desc="runs", unit="run", stream=out, every=0) as p:
    ...     p.update(3)
    >>> out.getvalue().splitlines()[-1].startswith("runs: 3/3 run")
    True
    """

    def __init__(self, total=None, *, desc: str = "", unit: str = "it", enabled: bool = True,
                 every: float = 5.0, stream=None):
        self.total, self.desc, self.unit, self.every = total, desc, unit, every
        self.enabled = bool(enabled)
        self.stream = stream if stream is not None else sys.stderr
        self.n = 0
        self.extra = ""
        self.t0 = self.last = time.monotonic()
        self.bar = None
        if self.enabled and getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=desc, unit=unit, file=self.stream)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def set_total(self, total) -> None:
        self.total = total
        if self.bar is not None:
            self.bar.total = total
            self.bar.refresh()

    def update(self, k: int = 1) -> None:
        self.n += k
        if self.bar is not None:
            self.bar.update(k)
        elif self.enabled and time.monotonic() - self.last >= self.every:
            self.last = time.monotonic()
            self._line()

    def postfix(self, text: str) -> None:
        self.extra = text
        if self.bar is not None:
            self.bar.set_postfix_str(text, refresh=False)

    def _line(self) -> None:
        dt = max(time.monotonic() - self.t0, 1e-9)
        of = f"/{self.total}" if self.total is not None else ""
        extra = f", {self.extra}" if self.extra else ""
        print(f"{self.desc}: {self.n}{of} {self.unit} ({self.n / dt:.3g}/s, {dt:.0f} s){extra}",
              file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif self.enabled:
            self._line()
            self.enabled = False
