"""The console script: exit codes and outputs."""

import subprocess
import sys

import pandas as pd

import govstudy
from govstudy.cli import main


def test_report_writes_index_tables_and_the_figures_table(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Report written" in out and (tmp_path / "index.html").is_file()
    figs = pd.read_csv(tmp_path / "tables" / "dataset_figures.csv")
    ds = govstudy.load_chengdu()
    assert len(figs) == len(ds.indicators)
    assert list(figs["evidence"]) == list(ds.indicators["evidence"])
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "3.4万余人" in html and "(34000, 35000)" in html


def test_report_refuses_a_broken_dataset(tmp_path, capsys):
    (tmp_path / "cases.csv").write_text("case_id\n", encoding="utf-8")
    assert main(["report", "--data", str(tmp_path), "--out", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err
    assert "sources.csv: file missing" in err and "Traceback" not in err


def test_console_script_never_prints_a_traceback(tmp_path):
    (tmp_path / "indicators.csv").write_bytes(b"\xff\xfe\x00garbage")
    res = subprocess.run([sys.executable, "-m", "govstudy.cli", "validate", str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 1
    assert "indicators.csv:1: -: not valid UTF-8" in res.stdout
    assert "Traceback" not in res.stdout + res.stderr


def test_text_dir_must_exist(capsys):
    assert main(["validate", "--text-dir", "/nonexistent"]) == 2
    assert "folder not found" in capsys.readouterr().err
