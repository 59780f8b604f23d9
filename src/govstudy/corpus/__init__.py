"""Extract quantities from a whole corpus: many files, many cores, or a Dask cluster.

:func:`extract_corpus` reads files, folders and globs of ``.txt``, ``.md``,
``.html``/``.htm``, ``.docx`` and ``.pdf`` (text layer), runs
:func:`govstudy.extract_quantities` on each document and writes, in a folder
``OUT``:

* ``OUT/quantities/`` -- a Parquet dataset with one row per quantity: every
  column of :func:`~govstudy.extract_quantities`, plus ``doc_id``, ``path``,
  ``sha256`` (of the document's bytes), ``sentence`` (the text of the
  sentence) and ``place`` (the governance unit named before the figure, see
  :mod:`govstudy.corpus.places`);
* ``OUT/documents/`` -- a Parquet dataset with one row per document
  (:data:`DOCUMENT_COLUMNS`: path, sha256, bytes, chars, encoding, format,
  n_quantities, status, error);
* ``OUT/texts/<sha256>.txt`` -- the plain text the offsets refer to (UTF-8;
  offsets are ``str`` indices), so that ``text[start:end] == surface`` can be
  checked for every row;
* ``OUT/quantities.csv`` and ``OUT/documents.csv`` on request (``csv=True``).

How it runs

* Documents are processed on the local cores by default (``workers``
  processes; ``workers=1`` runs in this process) or on a Dask cluster
  (``scheduler``: an address such as ``tcp://10.0.0.5:8786`` or a
  ``distributed.Client``; the workers must see the input paths, e.g. on a
  shared file system, and have govstudy installed). Results come back to
  this process, which writes ``OUT``: the rows and their order (path, then
  offset) are the same whatever the number of workers.
* A rerun skips every document whose SHA-256 is already in ``OUT`` (also a
  file moved or copied elsewhere); a file whose bytes appear twice in one run
  is processed once and the copy recorded with status ``duplicate``. Results
  are committed in parts of about 64 MB of input, so a run that is stopped
  loses at most the part in progress.
* A document that cannot be read (undecodable text, corrupt or encrypted
  PDF, broken .docx) gets status ``error`` and its message in ``error``; one
  with no text (empty file, scanned PDF without a text layer) gets status
  ``empty``. Neither stops the run.
* Text files: a BOM, else UTF-8, else the encoding detected by
  charset-normalizer (GBK and GB2312 are read as their superset GB18030);
  ``encoding=`` overrides. HTML: the declared charset, then the same; the
  main text is ``<article>``, ``<main>`` or ``<body>`` without navigation,
  headers, footers and scripts (parsed with selectolax). Word: paragraphs and
  table rows (python-docx). PDF: the text layer (PDFium, via pypdfium2), lines wrapped by the
  layout joined. Markdown is read as the text it is.
"""

from __future__ import annotations

import argparse
import functools
import glob
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import pandas as pd

from .._dask import check_scheduler, get_client, nthreads, ordered
from .._gcpause import paused_gc
from ..extract import KINDS, extract_quantities
from ._readers import FORMATS, DocumentError, read_document
from .places import find_places, nearest_places

__all__ = [
    "extract_corpus",
    "read_corpus",
    "read_documents",
    "find_places",
    "nearest_places",
    "FORMATS",
    "DOCUMENT_COLUMNS",
    "STATUSES",
    "add_corpus_parser",
    "run_corpus",
]

#: Columns of the ``documents`` table.
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id", "path", "sha256", "bytes", "chars", "encoding", "format", "n_quantities", "status", "error",
)

#: Values of ``documents.status`` (``skipped`` only in the table a run returns).
STATUSES: tuple[str, ...] = ("ok", "empty", "error", "duplicate", "skipped")

_PART_BYTES = 64_000_000  # input bytes per committed part
_PART_DOCS = 5000
_PLAIN_EVERY = 10.0  # seconds between progress lines when not on a terminal
_META = "corpus.json"
# what a worker imports to read every format: preloaded once by the pool's server
_WORKER_MODULES = ("govstudy.corpus", "pyarrow", "pypdfium2", "docx", "selectolax.lexbor", "charset_normalizer")
_LAYOUT = 1


# ---------------------------------------------------------------- inputs
def _collect(paths, suffixes: frozenset[str], out: Path) -> list[tuple[str, str]]:
    """(path, format) of every input file, sorted by path, each once (nothing inside ``out``)."""
    skip = os.path.realpath(out) + os.sep
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found: dict[str, str] = {}
    seen: set[str] = set()

    def add(p: Path, explicit: bool) -> None:
        suffix = p.suffix.lower()
        if suffix not in suffixes:
            if explicit:
                raise ValueError(
                    f"{p}: unsupported file type {p.suffix or '(no suffix)'!r}; "
                    f"expected one of {', '.join(sorted(suffixes))}"
                )
            return
        key = os.path.realpath(p)
        if key.startswith(skip):
            if explicit:
                raise ValueError(f"{p}: this file is inside the output folder {out}")
            return
        if key not in seen:
            seen.add(key)
            found[p.as_posix()] = FORMATS[suffix]

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for sub in sorted(p.rglob("*")):
                if sub.is_file():
                    add(sub, False)
        elif p.is_file():
            add(p, True)
        elif glob.has_magic(str(raw)):
            matches = sorted(glob.glob(str(raw), recursive=True))
            if not matches:
                raise FileNotFoundError(f"{raw}: no file matches this pattern")
            for m in matches:
                mp = Path(m)
                if mp.is_file():
                    add(mp, False)
                elif mp.is_dir():
                    for sub in sorted(mp.rglob("*")):
                        if sub.is_file():
                            add(sub, False)
        else:
            raise FileNotFoundError(f"{raw}: no such file or folder")
    return sorted(found.items())


def _sha256_file(path: str) -> tuple[str, int]:
    h = hashlib.sha256()
    n = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            n += len(chunk)
    return h.hexdigest(), n


# ---------------------------------------------------------------- one document (runs on a worker)
@functools.lru_cache(maxsize=None)
def _schema(include: tuple[str, ...]):
    """Arrow schema of the quantities table (one per ``include``; built once, it runs the extractor)."""
    import pyarrow as pa

    empty = extract_quantities("", include=include)
    types = {"int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    fields = [pa.field(c, pa.string()) for c in ("doc_id", "path", "sha256")]
    fields += [pa.field(c, types.get(str(empty[c].dtype), pa.string())) for c in empty.columns]
    fields += [pa.field("sentence", pa.string()), pa.field("place", pa.string())]
    return pa.schema(fields)


def _documents_schema():
    import pyarrow as pa

    ints = {"bytes", "chars", "n_quantities"}
    return pa.schema([pa.field(c, pa.int64() if c in ints else pa.string()) for c in DOCUMENT_COLUMNS])


def _process(job):
    """Read, extract and tabulate one document: (record, Arrow table or None, text or None).

    Never raises for a bad document: its record says ``status='error'``. The
    cyclic garbage collector is paused meanwhile (:mod:`govstudy._gcpause`).
    """
    *document, text_dir = job
    with paused_gc():
        rec, table, text = _process_document(document)
    if text_dir is not None and text is not None:  # a local pool writes the text where the driver would
        _save_text(Path(text_dir), rec["sha256"], text)
        text = None
    return rec, table, text


def _save_text(folder: Path, sha256: str, text: str) -> None:
    """Write ``folder/<sha256>.txt`` once, atomically (a temporary file per process, then a rename)."""
    dest = folder / f"{sha256}.txt"
    if not dest.exists():
        tmp = folder / f"{sha256}.txt.{os.getpid()}.tmp"
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, dest)


def _process_document(job):
    import pyarrow as pa

    path, fmt, encoding, include = job
    rec = dict.fromkeys(DOCUMENT_COLUMNS)
    rec.update(path=path, format=fmt, chars=0, n_quantities=0, encoding="", error="")
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        rec.update(doc_id="", sha256="", bytes=0, status="error", error=f"cannot read: {err.strerror or err}")
        return rec, None, None
    sha = hashlib.sha256(raw).hexdigest()
    rec.update(doc_id=sha[:16], sha256=sha, bytes=len(raw))
    try:
        text, codec = read_document(raw, fmt, encoding)
    except DocumentError as err:
        rec.update(status="error", error=str(err))
        return rec, None, None
    except Exception as err:  # a reader bug or an exotic file must not stop the corpus
        rec.update(status="error", error=f"{type(err).__name__}: {err}")
        return rec, None, None
    rec.update(encoding=codec, chars=len(text))
    if not text.strip():
        why = "no text layer (a scanned PDF needs OCR first)" if fmt == "pdf" and raw else "no text"
        rec.update(status="empty", error=why)
        return rec, None, None
    df = extract_quantities(text, include=include)
    n = len(df)
    schema = _schema(include)
    starts, s0, s1 = df["start"].tolist(), df["sentence_start"].tolist(), df["sentence_end"].tolist()
    cols = {
        "doc_id": [rec["doc_id"]] * n,
        "path": [path] * n,
        "sha256": [sha] * n,
        **{c: df[c].to_numpy() for c in df.columns},
        "sentence": [text[a:b] for a, b in zip(s0, s1)],
        "place": nearest_places(text, starts, sentence_starts=s0),
    }
    table = pa.table({f.name: pa.array(cols[f.name], type=f.type) for f in schema}, schema=schema)
    rec.update(n_quantities=n, status="ok")
    return rec, table, text


# ---------------------------------------------------------------- executors
class _Local:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = None
        if workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # forkserver (spawn where there is none): safe with the threads of
            # pyarrow, Dask or Jupyter, unlike fork. The server imports this
            # module and the readers once and forks the workers from it, so a
            # pool starts fast after the first. (A script using workers > 1 needs the usual
            # ``if __name__ == "__main__":`` guard, as with any multiprocessing.)
            if "forkserver" in multiprocessing.get_all_start_methods():
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(list(_WORKER_MODULES))
            else:  # pragma: no cover - Windows
                ctx = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)

    def results(self, jobs):
        if self.pool is None:
            return map(_process, jobs)
        return ordered(lambda j: self.pool.submit(_process, j), jobs, 4 * self.workers)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


class _Dask:
    def __init__(self, scheduler) -> None:
        self.client, self.own = get_client(scheduler, "extract_corpus")
        self.threads = nthreads(self.client)

    def results(self, jobs):
        return ordered(lambda j: self.client.submit(_process, j, pure=False), jobs, 4 * self.threads)

    def close(self) -> None:
        if self.own:
            self.client.close()


# ---------------------------------------------------------------- output folder
class _Store:
    """The OUT folder: committed parts, the texts and the run metadata."""

    def __init__(self, out: Path, include: tuple[str, ...]) -> None:
        import pyarrow.parquet as pq

        self.out = out
        self.qdir, self.ddir, self.tdir = out / "quantities", out / "documents", out / "texts"
        self.schema = _schema(include)
        self.dschema = _documents_schema()
        if out.exists() and not out.is_dir():
            raise NotADirectoryError(f"{out}: the output must be a folder")
        meta = {"layout": _LAYOUT, "include": list(include), "columns": self.schema.names}
        meta_path = out / _META
        if meta_path.is_file():
            old = json.loads(meta_path.read_text(encoding="utf-8"))
            if old.get("include") != meta["include"] or old.get("columns") != meta["columns"]:
                raise ValueError(
                    f"{out}: written with include={old.get('include')} and columns {old.get('columns')}; "
                    f"this run has include={meta['include']} and columns {meta['columns']}: use another output folder"
                )
        elif out.is_dir() and any(out.iterdir()):
            raise ValueError(f"{out}: not empty and not a corpus output folder (no {_META}); use another folder")
        for d in (self.qdir, self.ddir, self.tdir):
            d.mkdir(parents=True, exist_ok=True)
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        # a stopped run leaves temporary files and maybe a quantities part
        # without its documents part: neither counts as done
        for d in (self.qdir, self.ddir, self.tdir):
            for f in d.glob("*.tmp"):
                f.unlink()
        done = {f.name for f in self.ddir.glob("part-*.parquet")}
        for f in self.qdir.glob("part-*.parquet"):
            if f.name not in done:
                f.unlink()
        self.known: set[str] = set()
        for f in sorted(self.ddir.glob("part-*.parquet")):
            self.known.update(pq.read_table(f, columns=["sha256"]).column("sha256").to_pylist())
        nums = [int(f.stem.split("-")[1]) for f in self.ddir.glob("part-*.parquet")]
        self.next_part = max(nums, default=-1) + 1
        self._tables: list = []
        self._docs: list[dict] = []
        self._bytes = 0

    def add(self, rec: dict, table, text: str | None) -> None:
        if text is not None:
            _save_text(self.tdir, rec["sha256"], text)
        if table is not None and table.num_rows:
            self._tables.append(table)
        self._docs.append(rec)
        self._bytes += rec["bytes"] or 0
        if self._bytes >= _PART_BYTES or len(self._docs) >= _PART_DOCS:
            self.commit()

    def commit(self) -> None:
        """Write the buffered documents as one part (quantities first, then documents)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._docs:
            return
        name = f"part-{self.next_part:05d}.parquet"
        table = pa.concat_tables(self._tables) if self._tables else self.schema.empty_table()
        docs = pa.Table.from_pylist(self._docs, schema=self.dschema)
        for t, d in ((table, self.qdir), (docs, self.ddir)):
            tmp = d / (name + ".tmp")
            pq.write_table(t, tmp, compression="zstd")
            os.replace(tmp, d / name)
        self.next_part += 1
        self._tables, self._docs, self._bytes = [], [], 0


# ---------------------------------------------------------------- progress
class _Progress:
    """tqdm on a terminal, a plain line every few seconds otherwise, nothing if disabled."""

    def __init__(self, enabled: bool, ndocs: int, nbytes: int, skipped: int) -> None:
        self.enabled, self.ndocs, self.nbytes = enabled and ndocs > 0, ndocs, nbytes
        self.docs = self.bytes = self.failed = 0
        self.t0 = self.last = time.monotonic()
        self.bar = None
        if not self.enabled:
            return
        stream = sys.stderr
        if stream.isatty():
            from tqdm.auto import tqdm

            self.bar = tqdm(
                total=nbytes / 1e6, unit="MB", desc="govstudy corpus", file=stream,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.1f}/{total:.1f} MB "
                "[{elapsed}<{remaining}, {rate_fmt}{postfix}]",
            )
            self.bar.set_postfix_str(f"0/{ndocs} documents")
        else:
            extra = f", {skipped} already in the output" if skipped else ""
            print(f"govstudy corpus: {ndocs} documents ({nbytes / 1e6:.1f} MB) to process{extra}", file=stream, flush=True)

    def update(self, rec: dict) -> None:
        nbytes = 0 if rec["status"] == "duplicate" else (rec["bytes"] or 0)  # as in the total
        self.docs += 1
        self.bytes += nbytes
        self.failed += rec["status"] == "error"
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(nbytes / 1e6)
            self.bar.set_postfix_str(f"{self.docs}/{self.ndocs} documents", refresh=False)
        elif time.monotonic() - self.last >= _PLAIN_EVERY:
            self.last = time.monotonic()
            self._line()

    def _line(self) -> None:
        dt = max(time.monotonic() - self.t0, 1e-9)
        print(
            f"govstudy corpus: {self.docs}/{self.ndocs} documents, {self.bytes / 1e6:.1f}/{self.nbytes / 1e6:.1f} MB, "
            f"{self.bytes / 1e6 / dt:.2f} MB/s, {self.failed} failed",
            file=sys.stderr, flush=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.enabled:
            self._line()


# ---------------------------------------------------------------- public API
def extract_corpus(
    paths,
    out,
    *,
    workers: int | None = None,
    scheduler=None,
    encoding: str | None = None,
    include=(),
    formats=tuple(FORMATS),
    progress: bool = True,
    csv: bool = False,
) -> pd.DataFrame:
    """Extract the quantities of every document of a corpus into a Parquet dataset.

    Parameters
    ----------
    paths : str, path or list of them
        Files, folders (searched recursively for the ``formats`` suffixes)
        and glob patterns (``"news/**/*.html"``).
    out : str or path
        Output folder (created; a folder written by an earlier run is
        resumed). See the module documentation for its layout.
    workers : int, optional
        Local worker processes (default: the number of CPU cores; 1 runs in
        this process). Not used with ``scheduler``.
    scheduler : str or distributed.Client, optional
        A Dask scheduler address (``"tcp://host:8786"``) or client: run the
        documents on that cluster instead (default None: here). A client
        passed in is left open; one made from an address is closed at the
        end. Needs ``pip install 'govstudy[cluster]'``.
    encoding : str, optional
        Encoding of every text and HTML file (default: detected per file).
    include : iterable of str, optional
        Extra kinds of numerals, as in :func:`govstudy.extract_quantities`
        (adds a ``kind`` column). An output folder keeps the ``include`` it
        was started with.
    formats : iterable of str, optional
        File suffixes to read in folders and globs (default all of
        :data:`FORMATS`: .txt, .md, .html, .htm, .docx, .pdf).
    progress : bool, optional
        Show progress on standard error: a bar on a terminal, a line every 10
        seconds otherwise (default True).
    csv : bool, optional
        Also write ``quantities.csv`` and ``documents.csv`` (all documents
        in the folder, sorted by path).

    Returns
    -------
    pandas.DataFrame
        One row per input file, sorted by path, columns
        :data:`DOCUMENT_COLUMNS`: what this run did with it (``status``
        ``skipped`` when it was already in ``out``).

    Raises
    ------
    FileNotFoundError
        If a path does not exist or a pattern matches nothing.
    TypeError
        If ``scheduler`` is neither None, an address string nor a client.
    ValueError
        If a file named explicitly has an unsupported suffix, an option is
        invalid, or ``out`` was written with another ``include``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("玉林社区今年新增车位20个，惠及居民超过400人次。", encoding="utf-8")
    >>> _ = (folder / "b.txt").write_bytes("桐梓林村建成驿站3处。".encode("gbk"))
    >>> docs = extract_corpus(folder, folder / "out", workers=1, progress=False)
    >>> docs[["format", "encoding", "n_quantities", "status"]]
      format   encoding  n_quantities status
    0   text      utf-8             2     ok
    1   text    gb18030             1     ok
    >>> q = read_corpus(folder / "out")
    >>> q[["surface", "lower", "upper", "place"]]
       surface  lower  upper  place
    0      20个   20.0   20.0   玉林社区
    1  超过400人次  400.0    inf   玉林社区
    2       3处    3.0    3.0   桐梓林村
    >>> extract_corpus(folder, folder / "out", workers=1, progress=False)["status"].tolist()
    ['skipped', 'skipped']
    """
    include = (include,) if isinstance(include, str) else tuple(include)
    bad = [k for k in include if k not in KINDS]
    if bad:
        raise ValueError(f"unknown kind(s) {bad} in include=; expected any of {list(KINDS)}")
    include = tuple(k for k in KINDS if k in include)  # one order, whatever the caller's
    suffixes = frozenset(s.lower() if s.startswith(".") else "." + s.lower() for s in formats)
    unknown = sorted(suffixes - set(FORMATS))
    if unknown or not suffixes:
        raise ValueError(f"formats= {unknown or '()'} not supported; expected suffixes among {list(FORMATS)}")
    if encoding is not None:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ValueError(f"unknown encoding {encoding!r}") from None
    check_scheduler(scheduler, "extract_corpus")
    if scheduler is not None and workers is not None:
        raise ValueError("give workers= or scheduler=, not both (a cluster has its own workers)")
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive integer, not {workers!r}")

    files = _collect(paths, suffixes, Path(out))
    store = _Store(Path(out), include)
    # plan, in path order: skip what OUT has, process each distinct content once
    records: list[dict] = []
    jobs: list[tuple] = []
    first_path: dict[str, str] = {}
    slots: list[int | dict] = []  # job index, or a finished record (duplicate)
    todo_bytes = skipped = 0
    for path, fmt in files:
        try:
            sha, size = _sha256_file(path)
        except OSError as err:
            raise OSError(f"{path}: cannot read: {err.strerror or err}") from None
        base = dict.fromkeys(DOCUMENT_COLUMNS)
        base.update(doc_id=sha[:16], path=path, sha256=sha, bytes=size, chars=0, encoding="", format=fmt,
                    n_quantities=0, error="")
        if sha in store.known:
            records.append({**base, "status": "skipped", "error": "already in the output"})
            skipped += 1
        elif sha in first_path:
            slots.append({**base, "status": "duplicate", "error": f"same bytes as {first_path[sha]}"})
        else:
            first_path[sha] = path
            slots.append(len(jobs))
            jobs.append((path, fmt, encoding, include))
            todo_bytes += size

    bar = _Progress(progress, len(slots), todo_bytes, skipped)
    engine = _Dask(scheduler) if scheduler is not None else _Local(min(workers, max(1, len(jobs))))
    # local pool workers save the texts themselves (same disk), so the texts do
    # not travel back to this process; a cluster's workers may be elsewhere
    text_dir = str(store.tdir) if isinstance(engine, _Local) and engine.pool is not None else None
    jobs = [(*job, text_dir) for job in jobs]
    try:
        results = iter(engine.results(jobs))
        for slot in slots:
            if isinstance(slot, dict):
                rec, table, text = slot, None, None
            else:
                rec, table, text = next(results)
            store.add(rec, table, text)
            records.append(rec)
            bar.update(rec)
        store.commit()
    finally:
        engine.close()
        bar.close()
    if csv:
        read_corpus(store.out).to_csv(store.out / "quantities.csv", index=False)
        read_documents(store.out).to_csv(store.out / "documents.csv", index=False)
    docs = pd.DataFrame.from_records(records, columns=list(DOCUMENT_COLUMNS))
    return docs.sort_values("path", kind="stable", ignore_index=True).astype(
        {"bytes": "int64", "chars": "int64", "n_quantities": "int64"}
    )


def _read_parts(folder: Path, schema) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = sorted(folder.glob("part-*.parquet"))
    table = pa.concat_tables([pq.read_table(p) for p in parts]) if parts else schema.empty_table()
    return table.to_pandas()


def _check_out(out) -> Path:
    out = Path(out)
    if not (out / _META).is_file():
        raise FileNotFoundError(f"{out}: not a corpus output folder (no {_META}); run extract_corpus first")
    return out


def read_corpus(out) -> pd.DataFrame:
    """The quantities of a corpus output folder, sorted by path, document and offset.

    Parameters
    ----------
    out : str or path
        A folder written by :func:`extract_corpus`.

    Returns
    -------
    pandas.DataFrame
        One row per quantity (the ``OUT/quantities`` dataset). The text that
        ``start``/``end`` index is ``OUT/texts/<sha256>.txt``.
    """
    out = _check_out(out)
    meta = json.loads((out / _META).read_text(encoding="utf-8"))
    df = _read_parts(out / "quantities", _schema(tuple(meta.get("include", ()))))
    return df.sort_values(["path", "sha256", "start", "end"], kind="stable", ignore_index=True)


def read_documents(out) -> pd.DataFrame:
    """The ``documents`` table of a corpus output folder, sorted by path.

    Parameters
    ----------
    out : str or path
        A folder written by :func:`extract_corpus`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`DOCUMENT_COLUMNS`, one row per document processed
        (status ``ok``, ``empty``, ``error`` or ``duplicate``).
    """
    out = _check_out(out)
    df = _read_parts(out / "documents", _documents_schema())
    return df.sort_values(["path", "sha256"], kind="stable", ignore_index=True)


# ---------------------------------------------------------------- command line
def add_corpus_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``govstudy corpus extract`` to a ``govstudy`` argparse subparsers object.

    Examples
    --------
    >>> ap = argparse.ArgumentParser(prog="govstudy")
    >>> _ = add_corpus_parser(ap.add_subparsers(dest="command"))
    >>> args = ap.parse_args(["corpus", "extract", "news", "-o", "out", "--workers", "2"])
    >>> args.paths, args.out, args.workers, args.scheduler, args.csv
    (['news'], 'out', 2, None, False)
    """
    p = subparsers.add_parser(
        "corpus", help="extract quantities from a whole corpus of documents (Parquet output)",
        description="Work on a corpus of documents (.txt, .md, .html, .docx, .pdf).",
    )
    csub = p.add_subparsers(dest="corpus_command", required=True)
    e = csub.add_parser(
        "extract", help="one Parquet row per quantity, resumable, on local cores or a Dask cluster",
        description="Extract the quantities of every document under PATHS into OUT (Parquet datasets "
        "quantities/ and documents/, the plain texts in texts/). A rerun skips documents already in OUT.",
    )
    e.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (recursive) or glob patterns")
    e.add_argument("-o", "--out", required=True, metavar="OUT", help="output folder")
    e.add_argument("--workers", type=int, default=None, metavar="N", help="local worker processes (default: all cores)")
    e.add_argument("--scheduler", default=None, metavar="ADDRESS", help="run on this Dask scheduler, e.g. tcp://host:8786")
    e.add_argument("--encoding", default=None, metavar="ENC", help="encoding of text/HTML files (default: detected)")
    e.add_argument("--include", action="append", default=[], choices=KINDS, help="also extract this kind (repeatable)")
    e.add_argument("--csv", action="store_true", help="also write quantities.csv and documents.csv")
    e.add_argument("--no-progress", dest="progress", action="store_false", help="no progress output")
    e.set_defaults(func=run_corpus)
    return p


def run_corpus(args) -> int:
    """Run ``govstudy corpus extract``; exit code 1 if a document failed or was empty.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("新增车位20个。", encoding="utf-8")
    >>> ap = argparse.ArgumentParser(prog="govstudy")
    >>> _ = add_corpus_parser(ap.add_subparsers(dest="command"))
    >>> run_corpus(ap.parse_args(["corpus", "extract", str(folder), "-o", str(folder / "out"),
    ...                           "--workers", "1", "--no-progress"]))
    OUT: 1 documents: 1 ok, 0 empty, 0 failed, 0 duplicate, 0 skipped; 1 quantities
    0
    """
    docs = extract_corpus(
        args.paths, args.out, workers=args.workers, scheduler=args.scheduler, encoding=args.encoding,
        include=tuple(dict.fromkeys(args.include)), progress=args.progress, csv=args.csv,
    )
    n = docs["status"].value_counts()
    bad = docs[docs["status"].isin(["error", "empty"])]
    for row in bad.itertuples(index=False):
        print(f"{row.path}: {row.status}: {row.error}", file=sys.stderr)
    print(
        f"OUT: {len(docs)} documents: {n.get('ok', 0)} ok, {n.get('empty', 0)} empty, {n.get('error', 0)} failed, "
        f"{n.get('duplicate', 0)} duplicate, {n.get('skipped', 0)} skipped; "
        f"{int(docs['n_quantities'].sum())} quantities"
    )
    return 1 if len(bad) else 0
