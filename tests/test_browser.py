"""The report opened in a real browser (headless Chromium).

Checks that every figure renders (``naturalWidth > 0``), that the page logs no
console error, and keeps a screenshot under ``test-artifacts/`` (gitignored).
Skips with the reason when no Chromium is installed; CI installs Debian's
``chromium`` (see ``.ci/run``).

The report page has no script of its own: the check copies it, adds one
inline script that records errors and, after ``load``, writes the image
results into the DOM, and reads them back with ``--dump-dom``. Console
messages are also read from Chromium's log (``--enable-logging=stderr``).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from govstudy import load_chengdu
from govstudy.report import build_report

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT = 90  # seconds per Chromium run

_CHECK_SCRIPT = """<script>
window.__gsErrors = [];
window.addEventListener('error', function (e) {
  var t = e.target;
  if (t && t !== window && t.tagName) {
    __gsErrors.push('failed to load <' + t.tagName.toLowerCase() + '> ' + String(t.currentSrc || t.src || t.href || '').slice(0, 60));
  } else { __gsErrors.push('uncaught: ' + e.message); }
}, true);
window.addEventListener('unhandledrejection', function (e) { __gsErrors.push('unhandled rejection: ' + e.reason); });
(function () {
  var orig = console.error;
  console.error = function () {
    __gsErrors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return orig.apply(console, arguments);
  };
})();
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                   .map(function (i) { return i.alt; });
  var firstCjk = '', firstFamily = '';
  var cells = Array.prototype.slice.call(document.querySelectorAll('td'));
  for (var k = 0; k < cells.length && !firstCjk; k++) {
    if (/[\u4e00-\u9fff]/.test(cells[k].textContent)) {
      firstCjk = cells[k].textContent.trim(); firstFamily = getComputedStyle(cells[k]).fontFamily;
    }
  }
  var heads = Array.prototype.slice.call(document.querySelectorAll('th')).map(function (h) {
    var r = h.getBoundingClientRect(); return [h.textContent.trim(), Math.round(r.right)]; });
  function report(cjkFaces) {
    var out = document.createElement('pre');
    out.id = 'govstudy-check';
    out.textContent = JSON.stringify({images: imgs.length, widths: imgs.map(function (i) { return i.naturalWidth; }),
                                      shown: imgs.map(function (i) { return i.getBoundingClientRect().width; }),
                                      broken: broken, errors: window.__gsErrors, cjk_faces: cjkFaces,
                                      first_cjk_cell: firstCjk, first_cjk_family: firstFamily, headers: heads,
                                      cjk_covered: firstCjk ? document.fonts.check("16px 'govstudy-cjk'", firstCjk) : null,
                                      viewport: window.innerWidth,
                                      page_width: document.documentElement.scrollWidth});
    document.body.appendChild(out);
  }
  // force the embedded CJK font to load: proves the page carries a font Chromium can decode
  document.fonts.load("16px 'govstudy-cjk'", firstCjk || '巷子树社区').then(function (faces) {
    report(faces.filter(function (f) { return f.status === 'loaded'; }).length);
  }, function (err) { window.__gsErrors.push('font: ' + err); report(-1); });
});
</script>"""

_RESULT_RE = re.compile(r'<pre id="govstudy-check">(.*?)</pre>', re.S)
_CONSOLE_RE = re.compile(r":CONSOLE[:(]\d+\)?\] (.*)")


def _chromium() -> str:
    for cand in ("chromium", "chromium-browser", "/usr/bin/chromium", "google-chrome", "google-chrome-stable"):
        path = shutil.which(cand)
        if path:
            return path
    if os.environ.get("CI") == "true":  # .ci/run installs it: in CI a missing browser is a failure
        pytest.fail("CI=true but no Chromium found: .ci/run should have installed Debian's chromium")
    pytest.skip("no Chromium found (looked for chromium, chromium-browser, /usr/bin/chromium, google-chrome); "
                "install Debian's `chromium` package to run the browser test")


def _no_system_cjk_font(folder: Path) -> dict:
    """Environment for a Chromium whose only system fonts are Latin (matplotlib's DejaVu): no CJK font."""
    import matplotlib

    latin = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text("<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
                    f"<dir>{latin}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


def _run_chromium(args: list[str], profile: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run headless Chromium with a fresh profile; kill its whole process group on timeout."""
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
           "--disable-extensions", "--mute-audio", f"--user-data-dir={profile}", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, "LANG": "C.UTF-8", **(env or {})})
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"Chromium did not finish within {TIMEOUT} s: {' '.join(cmd)}\n{err[-2000:]}")
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _check_page(page: Path, tmp_path: Path, *, width: int = 1280, env: dict | None = None) -> dict:
    """Open ``page`` at ``width`` px with the check script added; return images/broken/errors/console."""
    text = page.read_text(encoding="utf-8")
    assert "<head>" in text
    probe = page.with_name(page.stem + "_browsercheck.html")
    probe.write_text(text.replace("<head>", "<head>" + _CHECK_SCRIPT, 1), encoding="utf-8")
    res = _run_chromium(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000",
                         f"--window-size={width},900", "--dump-dom", probe.as_uri()],
                        tmp_path / f"profile-check-{width}", env)
    probe.unlink()
    m = _RESULT_RE.search(res.stdout)
    assert m, f"the check script wrote no result (exit {res.returncode}); stderr:\n{res.stderr[-3000:]}"
    result = json.loads(html.unescape(m.group(1)))
    result["console"] = _CONSOLE_RE.findall(res.stderr)
    return result


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    _chromium()  # skip before building when there is no browser
    out = tmp_path_factory.mktemp("browser_report") / "r"
    build_report(load_chengdu(), out, seed=1, progress=None)
    return out


def test_report_renders_every_figure_without_console_errors(report_dir, tmp_path):
    result = _check_page(report_dir / "index.html", tmp_path)
    n_png = len(list((report_dir / "figures").glob("*.png")))
    assert result["images"] == n_png >= 3
    assert result["broken"] == []
    assert all(w > 100 for w in result["widths"])
    assert result["errors"] == []
    assert result["cjk_faces"] == 1  # the embedded Chinese font decodes and loads
    assert result["console"] == []  # the page has no script: any console message is a problem


def test_screenshot_is_kept_as_artifact(report_dir, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    if shot.exists():
        shot.unlink()
    res = _run_chromium(["--hide-scrollbars", "--window-size=1280,3000", f"--screenshot={shot}",
                         (report_dir / "index.html").as_uri()], tmp_path / "profile-shot")
    assert shot.is_file(), f"no screenshot (exit {res.returncode}); stderr:\n{res.stderr[-3000:]}"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # not a blank page


def test_the_browser_check_can_fail(tmp_path):
    """Negative control: a broken image, a console.error and an exception are all caught."""
    _chromium()
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html><head><meta charset='utf-8'></head><body>"
                   "<img alt='bad' src='data:image/png;base64,AAAA'><img alt='gone' src='missing.png'>"
                   "<script>console.error('boom'); undefinedFunction();</script></body></html>",
                   encoding="utf-8")
    result = _check_page(bad, tmp_path)
    assert sorted(result["broken"]) == ["bad", "gone"]
    assert "console.error: boom" in result["errors"]
    assert any("undefinedFunction" in e for e in result["errors"])
    assert any("boom" in c for c in result["console"])
    assert result["cjk_faces"] == 0  # no embedded font in this page


def test_desktop_width_shows_the_columns_a_reader_needs(report_dir, tmp_path):
    result = _check_page(report_dir / "index.html", tmp_path, width=1400)
    right = {name: x for name, x in result["headers"]}
    for col in ("interval", "evidence"):
        assert right[col] <= result["viewport"], (col, right[col], result["viewport"])


def test_phone_width_keeps_figures_readable_and_the_page_unscrolled(report_dir, tmp_path):
    result = _check_page(report_dir / "index.html", tmp_path, width=390)
    assert result["page_width"] <= result["viewport"] + 1  # only figures and tables scroll sideways
    assert result["shown"] == pytest.approx(result["widths"], abs=3)  # full size (+ 1 px border), not shrunk


def test_chinese_text_uses_the_embedded_font_without_a_system_cjk_font(report_dir, tmp_path):
    result = _check_page(report_dir / "index.html", tmp_path, env=_no_system_cjk_font(tmp_path / "nocjk"))
    assert result["first_cjk_cell"]
    # the embedded font decodes with no system font at all and covers the first Chinese cell; with
    # font-display: block the browser waits for it instead of drawing that text in a fallback (boxes)
    assert result["cjk_faces"] == 1 and result["cjk_covered"] is True, result["errors"]
    # ... and comes first in the stack (limited to CJK by its unicode-range): behind system-ui, Chromium drew
    # the first Chinese run of the page (the first table cell) as boxes, although the font covered it
    assert result["first_cjk_family"].split(",")[0].strip("'\" ") == "govstudy-cjk", result["first_cjk_family"]
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    assert "font-display: block" in page and "unicode-range: U+2E80-9FFF" in page
    assert result["errors"] == []
