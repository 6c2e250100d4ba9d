"""File > Export Report: the list's segment as the report the command line writes."""

from __future__ import annotations

import json
import re

from helpers import DEMO, LOAD_TIMEOUT

from viewer.cli import main as cli_main
from viewer.gui.report_export import ONE_GROUP, ReportDialog


def _numbers(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="numbers">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def _stats(capsys, *args) -> dict:
    assert cli_main(["stats", str(DEMO), *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_window_exports_the_lists_segment_as_the_command_lines_report(
    demo_window, qtbot, tmp_path, capsys
):
    w = demo_window
    page = w.pages.current.page.id
    assert "export_report" in w.actions_by_id
    out = tmp_path / "ab.html"
    with qtbot.waitSignal(w.exported, timeout=LOAD_TIMEOUT) as shown:
        w.reports.export_to(out, by="variant", trend="month")
    assert shown.args == [str(out)]
    html = out.read_text()
    # The demo's clicks name their elements: the report counts them as stats --elements does.
    want = _stats(capsys, "--page", page, "--by", "variant", "--trend", "month", "--elements")
    assert _numbers(html) == want
    assert len(re.findall(r'<img src="data:image/png', html)) == 5
    # The list filtered to variant B: the report is of those sessions.
    w.browser.tag.setCurrentText("variant=B")
    assert w.browser.model.mask.sum() < len(w.pages.current.sessions)
    out_b = tmp_path / "b.html"
    with qtbot.waitSignal(w.exported, timeout=LOAD_TIMEOUT):
        w.reports.export_to(out_b)
    want = _stats(capsys, "--page", page, "--filter", "variant=B", "--elements")
    assert _numbers(out_b.read_text()) == want


def test_the_report_dialog_offers_the_groupings_and_suggests_variant(qtbot, tmp_path):
    d = ReportDialog(None, ["device", "source", "variant"], tmp_path / "r.html", 300)
    qtbot.addWidget(d)
    path, by, trend, pdf = d.choice()
    assert (path, by, trend, pdf) == (tmp_path / "r.html", "variant", None, False)
    d.by.setCurrentText(ONE_GROUP)
    d.trend.setCurrentText("per week")
    assert d.choice()[1:3] == (None, "week")
