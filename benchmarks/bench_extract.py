"""Throughput of :func:`govstudy.extract_quantities` on a synthetic corpus, and its linearity.

Generates a seeded corpus of synthetic sentences (about 10 MB of UTF-8; made
of a small invented vocabulary and random figures, not article text), runs
the extractor over it once and prints, last, one line
``chars_per_second=<number>`` (characters per second of CPU time of this
single-threaded process, i.e. on one core; the wall-clock rate, which also
counts time other processes take the core, is printed above it). Target: at least 1e6 characters per second
on one core.

Before that it times adversarial inputs (issue #17) at a size n and 4n and
prints ``linear_ratio_<input>=<r>``, the CPU time per character at 4n over
the time per character at n (best of 3 each): 1.0 is linear time, 4.0
quadratic. Target: below 1.5 for every input. The inputs: a comma-grouped
digit chain (``100,100,…人``), names explained in parentheses
(``工作法(说明)共3万元。`` repeated), a numeral tower (``一亿亿…人``), stacked
qualifiers (``约超近不足…300余多人``), a long run of Chinese numerals, and
random characters from the extractor's alphabet.

Usage: ``python benchmarks/bench_extract.py [--mb 10] [--seed 0] [--no-linear]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from govstudy.extract import extract_quantities

# Invented filler vocabulary (synthetic; no source text).
_SUBJECTS = ["社区", "街道", "网格", "小区", "居委会", "党支部", "志愿队", "物业", "业委会", "服务中心"]
_VERBS = ["开展", "组织", "推动", "完成", "新增", "服务", "解决", "建成", "投入", "动员", "惠及", "培育"]
_NOUNS = ["居民", "党员", "志愿者", "活动", "项目", "议题", "车位", "驿站", "商户", "家庭", "老人", "儿童"]
_FILLER = [
    "持续完善基层治理体系", "统一协调各方资源", "一线工作人员积极参与", "进一步提升服务质量",
    "围绕群众关心的问题", "推动共建共治共享", "加强协商议事", "形成良好氛围", "多方联动",
    "倾听居民意见建议", "探索治理新路径", "激发社区内生动力", "营造和谐邻里关系", "整合辖区各类资源",
]
_QUAL_PRE = ["", "", "", "超过", "近", "约", "共", "累计", "不足", "高达", "超"]
_QUAL_POST = ["", "", "", "", "以上", "左右"]
_UNITS = ["人", "人次", "个", "项", "场", "名", "户", "家", "处", "万元", "元", "平方米"]
_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 100:
        t, u = divmod(n, 10)
        return ("" if t == 1 else _CN[t]) + "十" + (_CN[u] if u else "")
    h, r = divmod(n, 100)
    return _CN[h] + "百" + ("" if r == 0 else ("零" + _CN[r] if r < 10 else _chinese(r)))


def _number(rng: np.random.Generator) -> str:
    form = rng.integers(0, 6)
    if form == 0:
        return str(int(rng.integers(1, 1000)))
    if form == 1:
        return f"{rng.integers(1, 100) / 10:.1f}万"
    if form == 2:
        return f"{int(rng.integers(1, 100)) * 10}余"
    if form == 3:
        return _chinese(int(rng.integers(1, 999)))
    if form == 4:
        return f"{int(rng.integers(1, 9))}至{int(rng.integers(10, 20))}"
    return f"{int(rng.integers(1000, 99999)):,}"


# Template mix, calibrated so that the corpus has about the density of
# numeral candidates (one per ~35 characters) and of quantities (one per
# ~90 characters) of a real governance news report (the project's source
# text: 37 and 95; this corpus: about 27 and 92, i.e. somewhat denser).
# A denser corpus runs slower per character.
_MIX = [0.28, 0.08, 0.08, 0.56]


def _sentence(rng: np.random.Generator) -> str:
    pick = lambda xs: xs[int(rng.integers(0, len(xs)))]  # noqa: E731
    kind = rng.choice(4, p=_MIX)
    if kind == 0:
        return f"{pick(_SUBJECTS)}{pick(_VERBS)}{pick(_QUAL_PRE)}{_number(rng)}{pick(_UNITS)}{pick(_QUAL_POST)}{pick(_NOUNS)}，{pick(_FILLER)}。"
    if kind == 1:
        return f"{pick(_NOUNS)}满意度{pick(_QUAL_PRE)}{int(rng.integers(1, 100))}%，{pick(_FILLER)}。"
    if kind == 2:
        return f"{int(rng.integers(2000, 2030))}年{int(rng.integers(1, 13))}月以来，{pick(_SUBJECTS)}{pick(_FILLER)}，{pick(_FILLER)}。"
    return f"{pick(_SUBJECTS)}{pick(_FILLER)}，{pick(_FILLER)}，{pick(_VERBS)}{pick(_NOUNS)}，{pick(_FILLER)}。\n"


def make_corpus(megabytes: float = 10, seed: int | None = 0) -> str:
    """Seeded synthetic corpus of about ``megabytes`` MB (UTF-8)."""
    rng = np.random.default_rng(seed)
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    while size < target:
        s = _sentence(rng)
        parts.append(s)
        size += len(s.encode("utf-8"))
    return "".join(parts)


def _adversarial(n: int, rng_seed: int = 0) -> dict[str, str]:
    """Adversarial inputs of about ``n`` characters each."""
    rng = np.random.default_rng(rng_seed)
    alphabet = list("0123456789,.%-至到余多万亿千百十几数半两零一二三四五超过近约共达不足以上下左右人个项元名成分之第年月号()（）“”工作法、的。")
    return {
        "digit_chain": ",".join(["100"] * (n // 4)) + "人",
        "parentheses": "工作法(说明)共3万元。" * (n // 12),
        "numeral_tower": ("一" + "亿" * 199 + "人") * (n // 201),
        "qualifier_stack": ("约超近不足将近逾" * 4 + "300余多人以上左右") * (n // 43),
        "numeral_run": "一二三四五六七八九十百千" * (n // 12),
        "random": "".join(rng.choice(alphabet, size=n)),
    }


def _cpu(text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        extract_quantities(text)
        best = min(best, time.process_time() - c0)
    return best


def linear_ratios(n: int = 50_000) -> dict[str, float]:
    """CPU time per character at 4n over that at n, per adversarial input (1.0 = linear)."""
    small, big = _adversarial(n), _adversarial(4 * n)
    out = {}
    for name in small:
        t1, t4 = _cpu(small[name]), _cpu(big[name])
        out[name] = (t4 / len(big[name])) / (t1 / len(small[name])) if t1 > 0 else float("nan")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB of UTF-8 (default 10)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-linear", action="store_true", help="skip the adversarial linear-time ratios")
    ap.add_argument("--linear-n", type=int, default=50_000, help="size n of the adversarial inputs (default 50000)")
    args = ap.parse_args()
    if not args.no_linear:
        for name, r in linear_ratios(args.linear_n).items():
            print(f"linear_ratio_{name}={r:.2f}")
    text = make_corpus(args.mb, args.seed)
    extract_quantities(text[:10_000])  # warm caches
    w0, c0 = time.perf_counter(), time.process_time()
    df = extract_quantities(text)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    nbytes = len(text.encode("utf-8"))
    print(f"corpus: {len(text):,} chars, {nbytes / 1e6:.1f} MB UTF-8 (synthetic, seed={args.seed})")
    print(f"quantities found: {len(df):,}; CPU time {cpu:.2f} s, wall-clock {wall:.2f} s")
    print(f"wall_chars_per_second={len(text) / wall:.0f} (depends on other load on the machine)")
    print(f"bytes_per_second={nbytes / cpu:.0f}")
    # CPU time of this single-threaded process: the one-core throughput.
    print(f"chars_per_second={len(text) / cpu:.0f}")


if __name__ == "__main__":
    main()
