"""Long work shows progress without flooding a log (plain lines off a terminal)."""

from __future__ import annotations

import io

from govstudy._progress import Progress


def test_off_a_terminal_a_few_plain_lines_not_carriage_returns():
    out = io.StringIO()
    with Progress(100_000, desc="runs", unit="run", stream=out, every=3600) as p:
        for _ in range(100_000):
            p.update()
    text = out.getvalue()
    assert "\r" not in text and text.count("\n") == 1  # one closing line, however many updates
    assert text.startswith("runs: 100000/100000 run")


def test_disabled_is_silent_and_every_zero_reports_each_update():
    out = io.StringIO()
    with Progress(3, stream=out, enabled=False) as p:
        p.update(3)
    assert out.getvalue() == ""
    out = io.StringIO()
    p = Progress(None, desc="d", stream=out, every=0)
    p.update()
    p.postfix("models=1")
    p.update()
    p.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and lines[-1].endswith("models=1") and lines[0].startswith("d: 1 it")
