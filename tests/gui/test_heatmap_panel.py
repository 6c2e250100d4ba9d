"""The heatmap panel alone, with qtbot: it shows its state and writes the user's changes to it."""

from __future__ import annotations

import pytest

from viewer.gui.heatmap_panel import HeatmapPanel
from viewer.state.heatmap_params import KIND
from viewer.state.heatmap_settings import HeatmapSettings
from viewer.state.view_state import Scope, TimeRange, ViewState


@pytest.fixture
def panel(qtbot):
    p = HeatmapPanel(ViewState())
    qtbot.addWidget(p)
    return p


def test_the_controls_show_the_state_as_it_changes(panel):
    panel.state.update(
        heatmap=HeatmapSettings(kind="dwell", sigma=44, colormap="viridis", scale="absolute"),
        scope=Scope.ALL,
        legend=False,
    )
    assert panel.kind_buttons["dwell"].isChecked()
    assert (panel.sigma.value(), panel.sigma_label.text()) == (44, "44 px")
    assert panel.colormap.currentData() == "viridis" and panel.scale.currentData() == "absolute"
    assert panel.vmax.isEnabled() and not panel.legend.isChecked()
    assert panel.scope.currentData() == Scope.ALL
    assert panel.settings() == panel.state.heatmap  # what it shows is the state


def test_the_users_changes_become_the_states(panel, qtbot):
    got = []
    panel.state.changed.connect(got.append)
    panel.sigma.setValue(35)
    panel.colormap.setCurrentIndex(panel.colormap.findData("inferno"))
    panel.scope.setCurrentIndex(panel.scope.findData(Scope.SELECTED))
    panel.legend.setChecked(False)
    s = panel.state
    assert (s.heatmap.sigma, s.heatmap.colormap, s.scope, s.legend) == (
        35.0,
        "inferno",
        Scope.SELECTED,
        False,
    )
    assert got == [{"heatmap.sigma"}, {"heatmap.colormap"}, {"scope"}, {"legend"}]


def test_a_kind_button_shows_that_kind_at_its_own_opacity(panel):
    panel.kind_buttons["scroll"].click()
    assert panel.state.heatmap.kind == "scroll" and panel.state.heatmap.opacity == 0.45
    assert panel.opacity.value() == 45 and not panel.sigma.isEnabled()
    assert panel.scroll_metric.isVisibleTo(panel) and not panel.clicks.isVisibleTo(panel)
    assert [b.text() for b in panel.kind_buttons.values()] == [c.label for c in KIND.choices]


def test_the_time_range_is_said_and_cleared_from_the_panel(panel, qtbot):
    panel.state.update(time_range=TimeRange(0, 10_000))
    assert panel.time_range.isVisibleTo(panel)
    assert panel.time_range.text() == "Showing 0:00–0:10 into the visit of every session."
    panel.clear_time_range.click()
    assert panel.state.time_range is None and not panel.time_range.isVisibleTo(panel)


def test_two_panels_on_one_state_agree(qtbot):
    state = ViewState()
    a, b = HeatmapPanel(state), HeatmapPanel(state)
    qtbot.addWidget(a)
    qtbot.addWidget(b)
    a.sigma.setValue(60)
    assert b.sigma.value() == 60
