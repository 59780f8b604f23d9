"""Make executed notebooks fit to commit: no timestamps, small figures.

Run it after executing a notebook in place, e.g.::

    .venv/bin/jupyter nbconvert --to notebook --execute --inplace notebooks/01_dataset_tour.ipynb
    .venv/bin/python tools/clean_notebooks.py notebooks/01_dataset_tour.ipynb

For each notebook given (default: every ``notebooks/*.ipynb``) it

* removes the per-cell execution timestamps (``metadata.execution``, and the
  ``ExecuteTime`` of the jupyterlab-execute-time extension), which change on
  every run and say nothing about the notebook;
* drops the Python patch version from ``metadata.language_info`` (the kernel
  records the interpreter that happened to run it);
* re-encodes every PNG output as an indexed-colour PNG (at most 256 colours,
  no dithering). Matplotlib figures use few colours besides anti-aliasing, so
  the picture looks the same at a quarter of the bytes; nbval never compares
  images, and re-running the notebook simply produces full-colour PNGs again.

Cell outputs other than PNG data and the cell sources are left untouched; a
notebook already clean is not rewritten. Prints one line per notebook with its
size before and after.
"""

from __future__ import annotations

import base64
import io
import json
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
MAX_COLOURS = 256


def small_png(b64: str) -> str:
    """The PNG (base64) as an indexed-colour PNG, when that is smaller; else unchanged."""
    raw = base64.b64decode(b64)
    img = Image.open(io.BytesIO(raw))
    if img.mode == "P":
        return b64
    rgb = img.convert("RGB")
    if img.mode in ("RGBA", "LA"):  # composite transparency on white, as the notebook shows it
        bg = Image.new("RGB", img.size, "white")
        bg.paste(img.convert("RGBA"), mask=img.convert("RGBA").split()[-1])
        rgb = bg
    pal = rgb.quantize(MAX_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    pal.save(out, format="png", optimize=True)
    data = out.getvalue()
    if len(data) >= len(raw):
        return b64
    return base64.b64encode(data).decode("ascii")


def clean(nb: dict) -> dict:
    """The notebook without timestamps and with small PNG outputs (modified in place)."""
    info = nb.get("metadata", {}).get("language_info", {})
    if "version" in info:
        info["version"] = ".".join(str(info["version"]).split(".")[:2])
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {})
        meta.pop("execution", None)
        meta.pop("ExecuteTime", None)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            png = data.get("image/png")
            if isinstance(png, str):
                data["image/png"] = small_png(png.replace("\n", ""))
    return nb


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        before = path.read_bytes()
        nb = clean(json.loads(before))
        text = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"  # as nbformat writes
        after = text.encode("utf-8")
        if after != before:
            path.write_bytes(after)
        print(f"{path}: {len(before) / 1024:.0f} KB -> {len(after) / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
