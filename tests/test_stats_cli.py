"""session-viewer stats and heatmap --compare on the demo."""

from __future__ import annotations

import csv
import io
import json

from helpers import DEMO, on_demo_desktop
from PIL import Image

from viewer.cli import main


def test_stats_by_variant_shows_the_cta_ctr_difference_with_an_interval(capsys):
    assert on_demo_desktop("stats", "--by", "variant") == 0
    out = capsys.readouterr().out
    assert out.startswith("brightside-desktop: 300 sessions, by variant")
    line = next(x for x in out.splitlines() if x.startswith("Hero CTA"))
    # Two CTRs with intervals, then B - A with its interval and p-value.
    assert line.count("%") >= 2 and "pts [" in line and "p = " in line
    assert "interaction rate" in out and "reached 50% of the page" in out


def test_stats_json_and_csv(capsys):
    assert on_demo_desktop("stats", "--by", "variant", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [g["name"] for g in data["groups"]] == ["variant=A", "variant=B"]
    diff = data["region_differences"]["Hero CTA"]
    assert diff["low"] > 0 and diff["p_value"] < 0.05
    assert main(["stats", str(DEMO), "--page", "brightside-mobile", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["section", "group", "name", "value", "low", "high", "k", "n"]
    assert any(r[0] == "region" and r[2] == "Hero CTA" for r in rows)


def test_stats_trend_and_filters(capsys):
    assert on_demo_desktop("stats", "--trend", "month", "--filter", "source=ad") == 0
    out = capsys.readouterr().out
    assert "(source=ad)" in out.splitlines()[0]
    assert "Trend: interaction rate (baseline: the previous 6 months)" in out
    assert "2026-10-01" in out and "(no baseline)" in out
    assert on_demo_desktop("stats", "--filter", "duration=..0.001") == 2
    assert "no session" in capsys.readouterr().err


def test_stats_with_a_regions_file(tmp_path, capsys):
    regions = tmp_path / "r.json"
    regions.write_text(
        json.dumps(
            {
                "format": "session-viewer",
                "version": 1,
                "type": "regions",
                "regions": [{"name": "Top", "rect": [0, 0, 1440, 300]}],
            }
        )
    )
    assert on_demo_desktop("stats", "--regions", str(regions)) == 0
    out = capsys.readouterr().out
    assert "\nTop " in out and "Hero CTA" not in out
    regions.write_text("{}")
    assert on_demo_desktop("stats", "--regions", str(regions)) == 2
    assert "not a regions file" in capsys.readouterr().err


def test_heatmap_compare_writes_three_panels(tmp_path, capsys):
    out = tmp_path / "diff.png"
    assert (
        on_demo_desktop(
            "heatmap",
            "--compare",
            "variant=A",
            "variant=B",
            "--legend",
            "--zoom",
            "0.5",
            "--permutations",
            "100",
            "-o",
            str(out),
        )
        == 0
    )
    msg = capsys.readouterr().out
    assert "significant over" in msg
    with Image.open(out) as im:
        assert im.width == 3 * 720 + 2 * 14  # three panels of 1440 CSS px at 0.5, and gaps
        meta = json.loads(im.text["session-viewer"])
    assert meta["compare"] == ["variant=A", "variant=B"] and meta["sessions"] == [136, 164]
    assert (
        on_demo_desktop(
            "heatmap",
            "--kind",
            "scroll",
            "--compare",
            "variant=A",
            "variant=B",
            "-o",
            str(tmp_path / "scroll.png"),
        )
        == 2
    )
    assert "compare click, move or dwell maps" in capsys.readouterr().err
