"""Plain text out of the document formats of a corpus (private).

Each reader takes the bytes of a file and returns ``(text, encoding)``; the
offsets of :func:`govstudy.extract_quantities` refer to that text, which the
corpus engine saves beside its tables. A file that cannot be read raises
:class:`DocumentError` with a message saying why.
"""

from __future__ import annotations

import codecs
import io
import re
import threading

#: File suffix -> format name.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

# GB2312 and GBK are subsets of GB18030: decode with the superset.
_GB_FAMILY = frozenset(("gb2312", "gbk", "gb18030", "hz", "cp936"))
_DETECT_BYTES = 1 << 16


class DocumentError(Exception):
    """A document that cannot be turned into text (the message says why)."""


def decode_bytes(raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file: the given encoding, else a BOM, UTF-8, or a detected one."""
    if encoding:
        codec = codecs.lookup(encoding).name
        if codec == "utf-8" and raw.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
        return _decode(raw, codec), codec
    if raw.startswith(codecs.BOM_UTF8):
        return _decode(raw, "utf-8-sig"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(raw, "utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # detect on the head of the file (fast), then decode all of it strictly;
    # if the head misled, detect on the whole file
    for sample in ((raw[:_DETECT_BYTES], raw) if len(raw) > _DETECT_BYTES else (raw,)):
        best = from_bytes(sample).best()
        if best is None:
            continue
        codec = codecs.lookup(best.encoding).name
        codec = "gb18030" if codec in _GB_FAMILY else codec
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise DocumentError("cannot detect the text encoding (binary data?); name it with --encoding")


def _decode(raw: bytes, codec: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as err:
        raise DocumentError(
            f"cannot decode as {codec} (byte {err.object[err.start]:#04x} at offset {err.start})"
        ) from None


# ---------------------------------------------------------------- HTML
_DROP = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, head"
_BLOCKS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr html li main ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# a line break of the HTML source next to a Chinese character is no space
# (CSS text: segment breaks between CJK characters are removed); any other
# run of white space is one space
_BREAK_NEAR_CJK = re.compile(f"(?<=[{_CJK}])[ \t\r\f]*\n\\s*|\\s*\n[ \t\r\f]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")
# <meta charset="gbk"> or content="text/html; charset=gbk" in the head (the
# encoding sniffing of the HTML standard looks at the first 1024 bytes)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", re.I)


def _declared_charset(raw: bytes) -> str | None:
    m = _META_CHARSET.search(raw[:1024])
    if m is None:
        return None
    try:
        codec = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None
    return "gb18030" if codec in _GB_FAMILY else codec


def html_text(raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Main text of an HTML page: ``<article>``, ``<main>`` or ``<body>`` minus navigation.

    Block elements (p, div, li, h1 …) and ``<br>`` end a line; inline markup
    (b, a, span) does not, so a figure split by markup stays whole.
    """
    from selectolax.lexbor import LexborHTMLParser

    if not encoding and not raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = _declared_charset(raw)
    html, codec = decode_bytes(raw, encoding)
    tree = LexborHTMLParser(html)
    for node in tree.css(_DROP):
        node.decompose()
    root = None
    for sel in ("article", "main", '[role="main"]', "body"):
        root = tree.css_first(sel)
        if root is not None:
            break
    if root is None:
        root = tree.root
    parts: list[str] = []
    stack = [(root, False)] if root is not None else []
    while stack:
        node, closing = stack.pop()
        if closing:
            parts.append("\n")
            continue
        tag = node.tag
        if tag == "-text":
            parts.append(_SPACES.sub(" ", _BREAK_NEAR_CJK.sub("", node.text_content or "")))
            continue
        if tag == "br":
            parts.append("\n")
            continue
        if tag in _BLOCKS:
            parts.append("\n")
            stack.append((node, True))
        children = list(node.iter(include_text=True))
        stack.extend((c, False) for c in reversed(children))
    return _tidy_lines("".join(parts)), codec


def _tidy_lines(text: str) -> str:
    lines = (line.strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- Word
def docx_text(raw: bytes) -> str:
    """Paragraphs and table rows of a .docx body, in document order, one per line."""
    import docx
    from docx.table import Table

    try:
        doc = docx.Document(io.BytesIO(raw))
    except Exception as err:  # zipfile.BadZipFile, KeyError, lxml errors …
        raise DocumentError(f"not a readable .docx file ({type(err).__name__}: {err})") from None
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:  # merged cells come back once per grid column
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell.text.strip())
                lines.append("\t".join(cells))
        else:
            lines.append(_paragraph_text(block._p))
    return "\n".join(line for line in lines if line.strip())


_PARAGRAPH_PARTS = None


def _paragraph_text(p) -> str:
    """``Paragraph.text`` of python-docx, with one compiled XPath per paragraph.

    python-docx evaluates a fresh XPath string for the paragraph and again for
    each run, which made Word files the slowest text format of the corpus
    benchmark. This selects the same inner-content elements (of the runs and
    of the runs inside hyperlinks, in document order) with one precompiled
    expression and joins their ``str()``, which python-docx defines per
    element (w:t its text, w:tab a tab, a line break a newline, a page break
    nothing ...), so the text is the same.
    """
    global _PARAGRAPH_PARTS
    if _PARAGRAPH_PARTS is None:
        from docx.oxml.ns import nsmap
        from lxml import etree

        kinds = " or ".join(f"self::w:{k}" for k in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))
        _PARAGRAPH_PARTS = etree.XPath(f"w:r/*[{kinds}] | w:hyperlink/w:r/*[{kinds}]", namespaces={"w": nsmap["w"]})
    return "".join(map(str, _PARAGRAPH_PARTS(p)))


# ---------------------------------------------------------------- PDF
_FINAL = frozenset("。！？；：!?;:”」』）)")
_WRAP_MIN = 15  # a line this long that ends mid-sentence was wrapped by the layout


# PDFium is not thread-safe: one document at a time per process (a Dask
# worker may run several tasks in threads).
_PDFIUM_LOCK = threading.Lock()


def pdf_text(raw: bytes) -> str:
    """Text layer of a PDF, pages in order; lines wrapped by the layout are joined.

    Read with PDFium (pypdfium2): about ten times the speed of a pure-Python
    parser on the same pages, with the same text. A line of at least 15
    characters that does not end with sentence-final punctuation is joined to
    the next one (Chinese needs no space; a space is kept between two Latin
    letters or digits), so a figure or sentence broken by the page layout is
    read whole. Scanned pages (no text layer) give no text: the corpus engine
    records such a document as empty.
    """
    import pypdfium2 as pdfium

    pages: list[str] = []
    with _PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(raw)
        except pdfium.PdfiumError as err:
            if "password" in str(err).lower():
                raise DocumentError("encrypted PDF (a password is needed)") from None
            raise DocumentError(f"not a readable PDF ({err})") from None
        try:
            for i in range(len(doc)):
                page = doc[i]
                textpage = page.get_textpage()
                pages.append(textpage.get_text_range())
                textpage.close()
                page.close()
        except Exception as err:  # a page that PDFium cannot parse
            raise DocumentError(f"not a readable PDF ({type(err).__name__}: {err})") from None
        finally:
            doc.close()
    return "\n".join(_unwrap(p) for p in pages if p.strip())


def _unwrap(page: str) -> str:
    out: list[str] = []
    for line in page.splitlines():
        line = line.strip()
        if not line:
            continue
        prev = out[-1] if out else ""
        if len(prev) >= _WRAP_MIN and prev[-1] not in _FINAL:
            sep = " " if (prev[-1].isascii() and prev[-1].isalnum() and line[0].isascii() and line[0].isalnum()) else ""
            out[-1] = prev + sep + line
        else:
            out.append(line)
    return "\n".join(out)


def read_document(raw: bytes, fmt: str, encoding: str | None = None) -> tuple[str, str]:
    """``(text, encoding)`` of a document's bytes; encoding is '' for binary formats."""
    if fmt in ("text", "markdown"):
        return decode_bytes(raw, encoding)
    if fmt == "html":
        return html_text(raw, encoding)
    if fmt == "docx":
        return docx_text(raw), ""
    if fmt == "pdf":
        return pdf_text(raw), ""
    raise ValueError(f"unknown format {fmt!r}; expected one of {sorted(set(FORMATS.values()))}")
