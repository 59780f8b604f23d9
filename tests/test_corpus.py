"""The corpus engine: formats, encodings, failures, resumption, parallel runs, places.

Every document is made here, from sentences written for these tests.
"""

from __future__ import annotations

import codecs
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govstudy import extract_quantities
from govstudy.cli import main
from govstudy.corpus import (
    DOCUMENT_COLUMNS,
    extract_corpus,
    find_places,
    nearest_places,
    read_corpus,
    read_documents,
)

from .conftest import require_distributed

UTF8 = "晨光社区位于城市东部。今年社区新增停车位120个，惠及居民超过400人次。\n河湾街道组织志愿者约300人参与巡查；累计投入资金3.4万元。"
BOM = "松林村建成议事亭2处，村民满意度达到85%。"
GBK = "石桥镇今年完成改造项目15项，覆盖居民2000余户。"
MD = "# 工作简报\n\n**青田小区**共有住户860户，老年住户约三百户。\n"
HTML = """<!doctype html><html><head><meta charset="utf-8"><title>简报 77个</title>
<script>var n = "99个";</script><style>p { color: red }</style></head>
<body><nav>首页 导航 88个</nav><header>网站标题</header>
<article><h1>柳岸社区动态</h1><p>在<b>柳岸社区</b>，今年新增<span>35</span>
个充电桩。</p><p>辖区共有<a href="#">居民楼</a>12栋</p></article>
<footer>版权所有 66个</footer></body></html>"""
PDF_LINES = ["白鹭社区今年开展邻里活动共计四十余场，参与居民超过", "1500人次。", "附表"]


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer is ``lines`` (Type0 font with a ToUnicode map, no glyphs)."""
    chars = sorted({c for line in lines for c in line})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    ops = ["BT /F1 10 Tf 12 TL 40 800 Td"] + [
        "<" + "".join(f"{cid[c]:04X}" for c in line) + "> Tj T*" for line in lines
    ] + ["ET"]
    content = "\n".join(ops).encode("ascii")
    pairs = "\n".join(f"<{cid[c]:04X}> <{c.encode('utf-16-be').hex().upper()}>" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def "
        f"1 begincodespacerange <0000> <FFFF> endcodespacerange\n{len(chars)} beginbfchar\n{pairs}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H /DescendantFonts [6 0 R] "
        b"/ToUnicode 7 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(pdf)


def docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("梧桐街道召开居民议事会6场。")
    table = d.add_table(rows=2, cols=2)
    for r, (a, b) in enumerate([("项目", "数量"), ("新建驿站", "4处")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    d.add_paragraph("表后说明：驿站面积约50平方米。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def build_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a_utf8.txt").write_text(UTF8, encoding="utf-8")
    (folder / "b_bom.txt").write_bytes(codecs.BOM_UTF8 + BOM.encode("utf-8"))
    (folder / "c_gbk.txt").write_bytes(GBK.encode("gbk"))
    (folder / "d_notes.md").write_text(MD, encoding="utf-8")
    (folder / "e_page.html").write_text(HTML, encoding="utf-8")
    (folder / "f_report.docx").write_bytes(docx_bytes())
    (folder / "g_report.pdf").write_bytes(text_pdf(PDF_LINES))
    (folder / "h_corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\n%%EOF\n")
    (folder / "i_empty.txt").write_bytes(b"")
    (folder / "j_binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "sub" / "k_copy.txt").write_text(UTF8, encoding="utf-8")  # same bytes as a_utf8.txt
    (folder / "sub" / "notes.csv").write_text("not,a,document\n", encoding="utf-8")  # ignored in folders
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("corpus") / "in")


@pytest.fixture(scope="module")
def run1(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out1") / "out"
    docs = extract_corpus(corpus, out, workers=1, progress=False)
    return out, docs


def _status(docs: pd.DataFrame) -> dict[str, tuple[str, str]]:
    return {Path(p).name: (s, e) for p, s, e in zip(docs["path"], docs["status"], docs["error"])}


def test_documents_table_formats_encodings_and_failures(run1):
    out, docs = run1
    assert list(docs.columns) == list(DOCUMENT_COLUMNS)
    st = _status(docs)
    assert set(st) == {
        "a_utf8.txt", "b_bom.txt", "c_gbk.txt", "d_notes.md", "e_page.html", "f_report.docx",
        "g_report.pdf", "h_corrupt.pdf", "i_empty.txt", "j_binary.txt", "k_copy.txt",
    }
    ok = {n for n, (s, _) in st.items() if s == "ok"}
    assert ok == {"a_utf8.txt", "b_bom.txt", "c_gbk.txt", "d_notes.md", "e_page.html", "f_report.docx", "g_report.pdf"}
    assert st["h_corrupt.pdf"][0] == "error" and "not a readable PDF" in st["h_corrupt.pdf"][1]
    assert st["j_binary.txt"][0] == "error" and "encoding" in st["j_binary.txt"][1]
    assert st["i_empty.txt"] == ("empty", "no text")
    assert st["k_copy.txt"][0] == "duplicate" and st["k_copy.txt"][1].endswith("a_utf8.txt")
    enc = dict(zip(docs["path"].map(lambda p: Path(p).name), docs["encoding"]))
    assert (enc["a_utf8.txt"], enc["b_bom.txt"], enc["c_gbk.txt"], enc["e_page.html"]) == (
        "utf-8", "utf-8-sig", "gb18030", "utf-8",
    )
    fmt = dict(zip(docs["path"].map(lambda p: Path(p).name), docs["format"]))
    assert (fmt["d_notes.md"], fmt["e_page.html"], fmt["f_report.docx"], fmt["g_report.pdf"]) == (
        "markdown", "html", "docx", "pdf",
    )
    # the stored table has the same records (every status but 'skipped')
    stored = read_documents(out)
    pd.testing.assert_frame_equal(stored, docs)
    q = read_corpus(out)
    per_doc = q.groupby("path").size()
    assert all(per_doc[p] == n for p, n in zip(docs["path"], docs["n_quantities"]) if n)


def test_rows_and_surfaces(run1):
    out, _ = run1
    q = read_corpus(out)
    by = {Path(p).name: list(g["surface"]) for p, g in q.groupby("path", sort=False)}
    assert by["a_utf8.txt"] == ["120个", "超过400人次", "约300人", "3.4万元"]
    assert by["b_bom.txt"] == ["2处", "达到85%"]
    assert by["c_gbk.txt"] == ["15项", "2000余户"]
    assert by["d_notes.md"] == ["860户", "约三百户"]
    # HTML: no title, script, navigation or footer; inline markup and a source line break do not split "35个"
    assert by["e_page.html"] == ["35个", "12栋"]
    assert by["f_report.docx"] == ["6场", "4处", "约50平方米"]
    # PDF: the line wrapped by the layout is joined, so 超过 reaches 1500人次
    assert by["g_report.pdf"] == ["共计四十余场", "超过1500人次"]
    assert q["path"].is_monotonic_increasing
    assert (q["doc_id"] == q["sha256"].str[:16]).all()
    cols = list(extract_quantities("").columns)
    assert list(q.columns) == ["doc_id", "path", "sha256", *cols, "sentence", "place"]


def test_offsets_check_against_saved_texts(run1):
    out, docs = run1
    q = read_corpus(out)
    assert len(q) > 10
    for sha, g in q.groupby("sha256"):
        text = (out / "texts" / f"{sha}.txt").read_text(encoding="utf-8")
        for r in g.itertuples(index=False):
            assert text[r.start : r.end] == r.surface
            assert text[r.sentence_start : r.sentence_end] == r.sentence
    ok = docs[docs["status"] == "ok"]
    for sha, chars in zip(ok["sha256"], ok["chars"]):
        assert len((out / "texts" / f"{sha}.txt").read_text(encoding="utf-8")) == chars
    assert len(list((out / "texts").glob("*.txt"))) == len(ok)


def test_place_column(run1):
    out, _ = run1
    q = read_corpus(out)
    got = dict(zip(q["surface"], q["place"]))
    assert got["120个"] == "晨光社区"  # named in the previous sentence
    assert got["约300人"] == "河湾街道"
    assert got["3.4万元"] == "河湾街道"  # previous sentence (；ends one)
    assert got["2处"] == "松林村"
    assert got["2000余户"] == "石桥镇"
    assert got["860户"] == "青田小区"
    assert got["35个"] == "柳岸社区"
    assert got["超过1500人次"] == "白鹭社区"


def test_same_rows_with_2_workers_and_a_local_cluster(corpus, run1, tmp_path):
    distributed = require_distributed()
    out1, docs1 = run1
    q1 = read_corpus(out1)
    docs2 = extract_corpus(corpus, tmp_path / "w2", workers=2, progress=False)
    pd.testing.assert_frame_equal(docs2, docs1)
    pd.testing.assert_frame_equal(read_corpus(tmp_path / "w2"), q1)
    # in-process workers (fast to start; the process boundary is tested in test_uncertainty.py)
    with distributed.LocalCluster(
        host="127.0.0.1", n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
        dashboard_address=None,
    ) as cluster:
        docs3 = extract_corpus(corpus, tmp_path / "dask", scheduler=cluster.scheduler_address, progress=False)
    pd.testing.assert_frame_equal(docs3, docs1)
    pd.testing.assert_frame_equal(read_corpus(tmp_path / "dask"), q1)
    # the files on disk too: same parts, same bytes, and the same texts, whether the driver
    # (1 worker, the cluster) or the pool's workers (2 workers) saved them
    for other in ("dask", "w2"):
        for sub in ("quantities", "documents", "texts"):
            a = sorted((out1 / sub).iterdir())
            b = sorted((tmp_path / other / sub).iterdir())
            assert [p.name for p in a] == [p.name for p in b]
            assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_rerun_processes_nothing_new(corpus, tmp_path):
    src = build_corpus(tmp_path / "in")
    out = tmp_path / "out"
    first = extract_corpus(src, out, workers=1, progress=False)
    parts = sorted(p.name for p in (out / "documents").iterdir())
    again = extract_corpus(src, out, workers=1, progress=False)
    assert set(again["status"]) == {"skipped"}
    assert sorted(p.name for p in (out / "documents").iterdir()) == parts
    pd.testing.assert_frame_equal(read_documents(out), first)
    # a new file: only it is processed; a renamed copy of a known file is not
    (src / "l_new.txt").write_text("春风社区新增健身器材8套。", encoding="utf-8")
    shutil.copy(src / "c_gbk.txt", src / "m_moved.txt")
    third = extract_corpus(src, out, workers=1, progress=False)
    st = _status(third)
    assert st["l_new.txt"][0] == "ok" and st["m_moved.txt"][0] == "skipped"
    assert sum(third["status"] != "skipped") == 1
    assert read_corpus(out)["surface"].tolist().count("8套") == 1


def test_stopped_run_leaves_no_half_part(tmp_path):
    src = build_corpus(tmp_path / "in")
    out = tmp_path / "out"
    extract_corpus(src / "a_utf8.txt", out, workers=1, progress=False)
    # what a run stopped mid-part leaves: temporary files, a quantities part without its documents part
    (out / "quantities" / "part-00001.parquet").write_bytes(b"half")
    (out / "documents" / "part-00001.parquet.tmp").write_bytes(b"half")
    docs = extract_corpus(src, out, workers=1, progress=False)
    assert not list(out.rglob("*.tmp"))
    assert _status(docs)["a_utf8.txt"][0] == "skipped"
    assert read_corpus(out)["path"].map(lambda p: Path(p).name).tolist().count("a_utf8.txt") == 4


def test_encoding_override(tmp_path):
    src = build_corpus(tmp_path / "in")
    docs = extract_corpus(src / "c_gbk.txt", tmp_path / "gbk", encoding="gbk", workers=1, progress=False)
    assert docs.loc[0, ["status", "encoding", "n_quantities"]].tolist() == ["ok", "gbk", 2]
    docs = extract_corpus([src / "c_gbk.txt"], tmp_path / "utf8", encoding="utf-8", workers=1, progress=False)
    assert docs.loc[0, "status"] == "error"
    assert docs.loc[0, "error"].startswith("cannot decode as utf-8 (byte 0x")


def test_globs_formats_and_bad_input(tmp_path):
    src = build_corpus(tmp_path / "in")
    docs = extract_corpus(str(src / "**" / "*.txt"), tmp_path / "g", workers=1, progress=False)
    assert sorted(Path(p).name for p in docs["path"]) == [
        "a_utf8.txt", "b_bom.txt", "c_gbk.txt", "i_empty.txt", "j_binary.txt", "k_copy.txt",
    ]
    docs = extract_corpus(src, tmp_path / "f", formats=(".html", "pdf"), workers=1, progress=False)
    assert sorted(docs["format"]) == ["html", "pdf", "pdf"]
    with pytest.raises(FileNotFoundError, match="nowhere.txt"):
        extract_corpus(src / "nowhere.txt", tmp_path / "x", workers=1, progress=False)
    with pytest.raises(FileNotFoundError, match=r"\*\.docx"):
        extract_corpus(str(src / "sub" / "*.docx"), tmp_path / "x", workers=1, progress=False)
    with pytest.raises(ValueError, match="notes.csv.*unsupported"):
        extract_corpus(src / "sub" / "notes.csv", tmp_path / "x", workers=1, progress=False)
    with pytest.raises(ValueError, match="workers"):
        extract_corpus(src, tmp_path / "x", workers=0)
    with pytest.raises(ValueError, match="encoding"):
        extract_corpus(src, tmp_path / "x", encoding="no-such-codec")
    with pytest.raises(ValueError, match="not empty"):
        extract_corpus(src, src / "sub", workers=1, progress=False)
    with pytest.raises(ValueError, match="include"):
        extract_corpus(src / "a_utf8.txt", tmp_path / "g", include=("date",), workers=1, progress=False)
    # a wrong scheduler= is refused before anything is read or written
    with pytest.raises(TypeError, match="extract_corpus: scheduler must be None .* distributed.Client; got int"):
        extract_corpus(src, tmp_path / "y", scheduler=8786)
    assert not (tmp_path / "y").exists()


def test_output_folder_inside_input_is_not_read(tmp_path):
    src = build_corpus(tmp_path / "in")
    extract_corpus(src, src / "out", workers=1, progress=False, csv=True)
    docs = extract_corpus(src, src / "out", workers=1, progress=False)
    assert not docs["path"].str.contains("/out/").any()
    assert (src / "out" / "quantities.csv").is_file()


def test_progress_lines_without_a_terminal(tmp_path, capsys):
    src = build_corpus(tmp_path / "in")
    extract_corpus(src, tmp_path / "out", workers=1, progress=True)
    err = capsys.readouterr().err
    assert "\r" not in err
    lines = err.strip().splitlines()
    assert lines[0].startswith("govstudy corpus: 11 documents (")
    assert lines[-1].startswith("govstudy corpus: 11/11 documents,") and lines[-1].endswith("2 failed")


def test_cli_corpus_extract(tmp_path, capsys):
    src = build_corpus(tmp_path / "in")
    out = tmp_path / "out"
    code = main(["corpus", "extract", str(src), "-o", str(out), "--workers", "1", "--csv", "--no-progress"])
    assert code == 1  # a corrupt PDF, a binary file and an empty file
    cap = capsys.readouterr()
    assert "h_corrupt.pdf: error: not a readable PDF" in cap.err
    assert "i_empty.txt: empty: no text" in cap.err
    assert "11 documents: 7 ok, 1 empty, 2 failed, 1 duplicate, 0 skipped; 17 quantities" in cap.out
    csv = pd.read_csv(out / "quantities.csv")
    assert len(csv) == 17 and {"place", "sentence", "sha256"} <= set(csv.columns)
    assert len(pd.read_csv(out / "documents.csv")) == 11


# ---------------------------------------------------------------- places on hand-written sentences
@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("成都市锦江区东篱街道今年开展活动。", ["成都市", "锦江区", "东篱街道"]),
        ("志愿者走进白塔村和红石镇。", ["白塔村", "红石镇"]),
        ("持续完善云杉社区服务。", ["云杉社区"]),
        ("北新村社区召开会议。", ["北新村社区"]),
        ("来自A社区的居民。", ["A社区"]),
        ("全体市民参与农贸市场改造，广大村民参与乡村振兴。", []),
        ("推动城乡社区发展，改造老旧小区，该区新增各村道路。", []),
        ("3个社区、区级部门和中心城区。", []),
    ],
)
def test_find_places_on_own_sentences(text, places):
    df = find_places(text)
    assert df["place"].tolist() == places
    assert all(text[a:b] == p for a, b, p in zip(df["start"], df["end"], df["place"]))


def test_nearest_place_same_or_previous_sentence_only():
    t = "云杉社区位于城北。新增车位20个。今年完成改造3处。梧桐村随后建成驿站2处，云杉社区另有5处。"
    df = extract_quantities(t)
    assert df["surface"].tolist() == ["20个", "3处", "2处", "5处"]
    got = nearest_places(t, df["start"])
    # 20个: previous sentence; 3处: two sentences away, so none; 2处 and 5处: nearest before
    assert got == ["云杉社区", "", "梧桐村", "云杉社区"]


def test_a_name_never_spans_a_line_break():
    """A wrapped line (PDF, Word) leaves 杏湾 at the end of one line and 镇 at the start of the next:
    that is not the name 杏湾\n镇 (the name pattern used to let ``$`` match before the newline)."""
    t = "营造和谐邻里关系。杏湾\n镇培育商户约2721户。"
    assert find_places(t)["place"].tolist() == []
    assert nearest_places(t, extract_quantities(t)["start"]) == [""]


_PLACE_ALPHABET = "社区街道小区村镇乡县市杏湾云杉梧桐白塔北新场域民级位于走进和的A3。；！\n，、“”）"


@given(st.text(alphabet=_PLACE_ALPHABET, max_size=80))
def test_one_scan_finds_the_places_of_each_sentence(text):
    """nearest_places scans the whole text once; that must find exactly what a scan of each sentence finds."""
    from govstudy.corpus.places import _SENTENCE_END, _places

    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    per_sentence = [p for lo, hi in zip(bounds, bounds[1:]) for p in _places(text, lo, hi)]
    assert _places(text, 0, len(text)) == per_sentence
    # and the nearest place of every position is in its own sentence or the one before
    starts = list(range(len(text)))
    got = nearest_places(text, starts)
    for s, name in zip(starts, got):
        k = sum(b <= s for b in bounds[1:-1])  # sentence index
        window = text[bounds[max(k - 1, 0)]: s]
        assert (name == "") or (name in window and "\n" not in name)
    # the sentence starts of the extractor's frame give the same answer (for positions a figure
    # can start at: not inside a sentence end)
    inside = {i for m in _SENTENCE_END.finditer(text) for i in range(m.start(), m.end())}
    figure_starts = [s for s in starts if s not in inside]
    s0 = [max(b for b in bounds[:-1] if b <= s) for s in figure_starts]
    assert nearest_places(text, figure_starts, sentence_starts=s0) == [got[s] for s in figure_starts]


def test_word_paragraph_text_is_python_docx_text():
    """The compiled-XPath paragraph reader gives python-docx's Paragraph.text: tabs, line
    breaks, no page breaks, hyperlink text, no deleted (tracked) text."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from govstudy.corpus._readers import _paragraph_text, docx_text

    d = docx.Document()
    par = d.add_paragraph("开头")
    r = par.add_run("A")
    r.add_tab()
    r.add_text("B")
    r.add_break()
    r.add_text("C")
    r.add_break(WD_BREAK.PAGE)
    r.add_text("D")
    par._p.append(parse_xml(f'<w:hyperlink {nsdecls("w")}><w:r><w:t>链接3个</w:t></w:r></w:hyperlink>'))
    par._p.append(parse_xml(f'<w:del {nsdecls("w")}><w:r><w:delText>删去</w:delText></w:r></w:del>'))
    par.add_run("结尾")
    assert _paragraph_text(par._p) == par.text == "开头A\tB\nCD链接3个结尾"
    buf = io.BytesIO()
    d.save(buf)
    assert docx_text(buf.getvalue()) == "开头A\tB\nCD链接3个结尾"


def test_broken_docx_and_scanned_pdf_are_recorded(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "broken.docx").write_bytes(b"PK\x03\x04 this is not a Word file")
    (src / "scanned.pdf").write_bytes(text_pdf([]))  # a valid PDF whose page has no text layer
    docs = extract_corpus(src, tmp_path / "out", workers=1, progress=False)
    st = _status(docs)
    assert st["broken.docx"][0] == "error" and st["broken.docx"][1].startswith("not a readable .docx file")
    assert st["scanned.pdf"] == ("empty", "no text layer (a scanned PDF needs OCR first)")
