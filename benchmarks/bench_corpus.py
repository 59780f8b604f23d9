"""End-to-end throughput of ``govstudy corpus extract`` on a synthetic corpus.

Builds a seeded, SYNTHETIC corpus (invented sentences and names, no source
text) of at least 200 MB of files in a temporary folder -- UTF-8 and GBK
.txt, .md, .html, .docx (python-docx) and .pdf with a text layer -- runs
:func:`govstudy.corpus.extract_corpus` on it (reading, decoding, parsing,
extracting, places, writing Parquet and texts) with 1 local worker, 2 local
workers and a ``distributed.LocalCluster`` of 2 single-threaded worker
processes on 127.0.0.1, checks that the three runs give the same rows, and
prints, last::

    mb_per_second_1_worker=...
    mb_per_second_2_workers=...
    scaling=...
    mb_per_second_cluster=...

MB are 10**6 bytes of input files. Targets: >= 2 MB/s per worker,
scaling >= 1.7 on 2 workers. Start-up of the worker pool and of the cluster
is done (and printed) before the timed runs: it is a fixed cost, not a
rate. The machine's load average is printed with the results, since other
processes on the cores lower every wall-clock rate; the CPU seconds of all
the processes of a run (this one, pool or cluster workers) are measured too,
and ``cpu_mb_per_second_*`` lines (MB per CPU-second) show the rate per
worker that a core of its own would give, independent of that load.

Usage: ``python benchmarks/bench_corpus.py [--mb 200] [--seed 0] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

# Invented vocabulary (synthetic; no source text).
_NAME_A = list("晨河松石青柳梧白云春桃杏枫竹兰梅荷溪泉湖")
_NAME_B = list("光湾林桥田岸桐鹭杉风园苑坪塘湾山原城港")
_SUFFIX = ["社区", "街道", "村", "镇", "小区"]
_VERBS = ["新增", "建成", "组织", "完成", "开展", "投入", "惠及", "动员", "培育", "改造"]
_NOUNS = ["停车位", "志愿者", "议事会", "驿站", "充电桩", "居民", "党员", "项目", "活动", "商户"]
_UNITS = ["个", "人", "场", "处", "项", "户", "人次", "万元", "平方米", "名"]
_PRE = ["", "", "", "超过", "约", "共", "累计", "近", "不足"]
_POST = ["", "", "", "", "以上", "左右", "余"]
_FILLER = [
    "持续完善基层治理体系", "围绕群众关心的问题", "推动共建共治共享", "加强协商议事",
    "倾听居民意见建议", "探索治理新路径", "营造和谐邻里关系", "整合辖区各类资源",
]


# Sentence kinds (figure, percentage, date, filler) in the proportions of
# benchmarks/bench_extract.py, calibrated there to about the density of
# figures of a real governance news report (one quantity per ~90 characters).
_SENTENCE_MIX = [0.28, 0.08, 0.08, 0.56]


def _sentence_pool(rng: np.random.Generator, n: int = 20_000) -> list[str]:
    pick = lambda xs: xs[int(rng.integers(len(xs)))]  # noqa: E731
    pool = []
    for _ in range(n):
        place = pick(_NAME_A) + pick(_NAME_B) + pick(_SUFFIX)
        k = rng.choice(4, p=_SENTENCE_MIX)
        if k == 0:
            s = f"{place}{pick(_VERBS)}{pick(_NOUNS)}{pick(_PRE)}{int(rng.integers(2, 3000))}{pick(_UNITS)}{pick(_POST)}，{pick(_FILLER)}。"
        elif k == 1:
            s = f"{pick(_NOUNS)}满意度达到{int(rng.integers(50, 100))}%，{pick(_FILLER)}。"
        elif k == 2:
            s = f"{int(rng.integers(2015, 2026))}年以来，{place}{pick(_FILLER)}，{pick(_FILLER)}。"
        else:
            s = f"{pick(_FILLER)}，{pick(_FILLER)}，{pick(_VERBS)}{pick(_NOUNS)}，{pick(_FILLER)}。"
        pool.append(s)
    return pool


def _paragraphs(rng, pool, nbytes: int) -> list[str]:
    """Paragraphs of 3-12 pool sentences, about ``nbytes`` of UTF-8 in all."""
    paras, size = [], 0
    while size < nbytes:
        idx = rng.integers(0, len(pool), size=int(rng.integers(3, 13)))
        p = "".join(pool[i] for i in idx)
        paras.append(p)
        size += 3 * len(p)
    return paras


def _pdf(lines: list[str]) -> bytes:
    """One page per 60 lines, Type0 font with a ToUnicode map (a text layer, no glyphs)."""
    chars = sorted({c for line in lines for c in line})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    pages = [lines[i : i + 60] for i in range(0, len(lines), 60)]
    bf = []
    for k in range(0, len(chars), 100):
        block = chars[k : k + 100]
        bf.append(f"{len(block)} beginbfchar\n" + "\n".join(
            f"<{cid[c]:04X}> <{c.encode('utf-16-be').hex().upper()}>" for c in block) + "\nendbfchar")
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def "
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n" + "\n".join(bf)
            + "\nendcmap CMapName currentdict /CMap defineresource pop end end").encode("ascii")
    n_fixed = 4  # catalog, pages, font, descendant font; then cmap, then (page, content) pairs
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        4: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        5: b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    }
    kids = []
    for i, page in enumerate(pages):
        pid, cid_obj = n_fixed + 2 + 2 * i, n_fixed + 3 + 2 * i
        ops = "BT /F1 10 Tf 12 TL 40 800 Td\n" + "\n".join(
            "<" + "".join(f"{cid[c]:04X}" for c in line) + "> Tj T*" for line in page) + "\nET"
        content = ops.encode("ascii")
        objs[pid] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % cid_obj
        objs[cid_obj] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        kids.append(b"%d 0 R" % pid)
    objs[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for k in sorted(objs):
        offsets[k] = len(out)
        out += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
    xref = len(out)
    n = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % n + b"".join(b"%010d 00000 n \n" % offsets[k] for k in range(1, n))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, xref)
    return bytes(out)


def _docx(paras: list[str]) -> bytes:
    """A .docx whose bytes depend on ``paras`` only (python-docx stamps the time of creation)."""
    import datetime
    import zipfile

    import docx

    d = docx.Document()
    fixed = datetime.datetime(2020, 1, 1)
    d.core_properties.created = d.core_properties.modified = fixed
    for p in paras:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    out = io.BytesIO()  # the same members again, with a fixed date (the zip entries carry the time too)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, src.read(info))
    return out.getvalue()


def _html(paras: list[str], rng) -> bytes:
    body = "".join(f"<p>{p[:20]}<span>{p[20:40]}</span>{p[40:]}</p>\n" for p in paras)
    nav = "".join(f'<li><a href="/n/{i}">栏目{i}</a></li>' for i in range(20))
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>简报</title>'
            f"<script>var k = {int(rng.integers(1000))};</script></head><body><nav><ul>{nav}</ul></nav>"
            f"<article><h1>工作简报</h1>\n{body}</article><footer>版权所有</footer></body></html>").encode("utf-8")


# share of input bytes per format, and file size range in MB (synthetic mix)
_MIX = [("txt", 0.43, 0.2, 2.0), ("gbk", 0.10, 0.2, 1.0), ("md", 0.05, 0.1, 0.5), ("html", 0.30, 0.1, 1.0),
        ("docx", 0.10, 0.05, 0.3), ("pdf", 0.02, 0.1, 0.4)]


def make_corpus(folder: Path, megabytes: float = 200, seed: int = 0) -> tuple[int, int]:
    """Write the synthetic corpus into ``folder``; returns (files, bytes)."""
    rng = np.random.default_rng(seed)
    pool = _sentence_pool(rng)
    total = files = 0
    for fmt, share, lo, hi in _MIX:
        target, size, i = share * megabytes * 1e6, 0, 0
        sub = folder / fmt
        sub.mkdir(parents=True, exist_ok=True)
        while size < target:
            want = int(rng.uniform(lo, hi) * 1e6)
            if fmt == "docx":  # zipped: about 4x the text per byte
                data = _docx(_paragraphs(rng, pool, 4 * want))
            elif fmt == "pdf":  # hex glyph codes: about 1.5 bytes per byte of UTF-8 text
                text = "".join(_paragraphs(rng, pool, want * 2 // 3))
                data = _pdf([text[k : k + 40] for k in range(0, len(text), 40)])
            elif fmt == "html":
                data = _html(_paragraphs(rng, pool, want * 4 // 5), rng)
            else:
                text = "\n".join(_paragraphs(rng, pool, want))
                data = ("# 工作简报\n\n" + text).encode() if fmt == "md" else text.encode("gbk" if fmt == "gbk" else "utf-8")
            suffix = {"gbk": "txt"}.get(fmt, fmt)
            (sub / f"doc{i:05d}.{suffix}").write_bytes(data)
            size += len(data)
            i += 1
        total += size
        files += i
    return files, total


class _CpuMeter:
    """CPU seconds of this process and all its descendants (pool workers, cluster workers)."""

    def __init__(self, every: float = 0.2) -> None:
        import psutil  # a dependency of distributed

        self.psutil, self.every = psutil, every
        self.me = psutil.Process()
        self.last: dict[int, float] = {}
        self.base = self._sample()
        self.base_self = time.process_time()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _sample(self) -> dict[int, float]:
        for child in self.me.children(recursive=True):
            try:
                t = child.cpu_times()
                self.last[child.pid] = t.user + t.system
            except self.psutil.Error:
                pass
        return dict(self.last)

    def _run(self) -> None:
        while not self.stop.wait(self.every):
            self._sample()

    def seconds(self) -> float:
        self.stop.set()
        self.thread.join()
        self._sample()
        children = sum(v - self.base.get(pid, 0.0) for pid, v in self.last.items())
        return time.process_time() - self.base_self + children


def _timed(label, paths, out, **kw):
    from govstudy.corpus import extract_corpus

    meter = _CpuMeter()
    t0 = time.perf_counter()
    docs = extract_corpus(paths, out, progress=False, **kw)
    dt = time.perf_counter() - t0
    cpu = meter.seconds()
    nbytes = int(docs["bytes"].sum())
    print(f"{label}: {len(docs)} documents, {nbytes / 1e6:.1f} MB, {int(docs['n_quantities'].sum()):,} quantities, "
          f"wall {dt:.1f} s, CPU {cpu:.1f} s (all processes), load average {os.getloadavg()[0]:.2f}", flush=True)
    return nbytes / 1e6 / dt, nbytes / 1e6 / cpu, docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=200.0, help="corpus size in MB of files (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", default=None, help="build the corpus in this folder and keep it")
    args = ap.parse_args()
    import distributed

    from govstudy.corpus import read_corpus

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="govstudy-bench-corpus-"))
    try:
        src = tmp / "corpus"
        for old in ("corpus", "warm", "out1", "out2", "outc"):  # a kept folder from an earlier run
            shutil.rmtree(tmp / old, ignore_errors=True)
        t0 = time.perf_counter()
        files, nbytes = make_corpus(src, args.mb, args.seed)
        print(f"corpus: {files} files, {nbytes / 1e6:.1f} MB (SYNTHETIC, seed={args.seed}; "
              f"{', '.join(f'{f} {s:.0%}' for f, s, _, _ in _MIX)} of bytes), built in {time.perf_counter() - t0:.1f} s")
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} before the runs")
        # start-up (not timed): the worker pool's server imports govstudy once
        t0 = time.perf_counter()
        _timed("warm-up (2 workers, pool start-up)", sorted((src / "md").iterdir())[:2], tmp / "warm", workers=2)
        print(f"pool start-up and warm-up: {time.perf_counter() - t0:.1f} s")
        r1, c1, d1 = _timed("1 worker", src, tmp / "out1", workers=1)
        r2, c2, d2 = _timed("2 workers", src, tmp / "out2", workers=2)
        q1 = read_corpus(tmp / "out1")
        assert q1.equals(read_corpus(tmp / "out2")) and d1.equals(d2), "1 and 2 workers differ"
        shutil.rmtree(tmp / "out2")
        t0 = time.perf_counter()
        with distributed.LocalCluster(host="127.0.0.1", n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            print(f"cluster start-up: {time.perf_counter() - t0:.1f} s")
            with distributed.Client(cluster) as client:
                from govstudy.corpus import _WORKER_MODULES

                client.run(lambda: [__import__(m) for m in _WORKER_MODULES])  # imports before the clock starts
                rc, cc, dc = _timed("LocalCluster, 2 worker processes", src, tmp / "outc", scheduler=client)
        assert q1.equals(read_corpus(tmp / "outc")) and d1.equals(dc), "cluster and 1 worker differ"
        print("rows identical with 1 worker, 2 workers and the cluster")
        # per CPU-second: what one worker does on a core of its own, whatever else runs on the machine
        print(f"cpu_mb_per_second_1_worker={c1:.2f}")
        print(f"cpu_mb_per_second_2_workers={c2:.2f} (per CPU-second of workers and driver together)")
        print(f"cpu_mb_per_second_cluster={cc:.2f}")
        print(f"mb_per_second_1_worker={r1:.2f}")
        print(f"mb_per_second_2_workers={r2:.2f}")
        print(f"scaling={r2 / r1:.2f}")
        print(f"mb_per_second_cluster={rc:.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
