"""The window's view state without Qt: what changes are told, what they ask for."""

from __future__ import annotations

import pytest

from viewer.state.heatmap_params import DEFAULT_OPACITY, Kind
from viewer.state.heatmap_settings import HeatmapSettings
from viewer.state.view_state import SCOPES, Scope, TimeRange, ViewState


def listen(state):
    got = []
    state.changed.connect(got.append)
    return got


def test_a_change_tells_exactly_what_changed_and_nothing_else():
    state = ViewState()
    got = listen(state)
    assert state.update(heatmap=state.heatmap.with_(sigma=30.0)) == {"heatmap.sigma"}
    assert state.update(scope=Scope.ALL, legend=False) == {"scope", "legend"}
    assert state.update(scope=Scope.ALL) == frozenset()  # the same value: no event
    assert got == [{"heatmap.sigma"}, {"scope", "legend"}]


def test_colours_and_the_legend_only_repaint_everything_else_asks_for_a_new_map():
    assert not ViewState.needs_new_map(frozenset({"heatmap.colormap", "heatmap.opacity"}))
    assert not ViewState.needs_new_map(frozenset({"legend"}))
    for name in ("heatmap.sigma", "heatmap.kind", "scope", "time_range", "heatmap.scale"):
        assert ViewState.needs_new_map(frozenset({name, "heatmap.opacity"}))


def test_a_new_kind_comes_with_its_own_opacity():
    state = ViewState()
    assert state.set_kind(Kind.SCROLL) == {"heatmap.kind", "heatmap.opacity"}
    assert state.heatmap.opacity == DEFAULT_OPACITY[Kind.SCROLL] == 0.45
    assert state.set_kind("scroll") == frozenset()  # already shown


def test_the_map_is_computed_over_the_time_range():
    state = ViewState(HeatmapSettings(kind="move"))
    assert state.map_settings().t_range is None
    state.update(time_range=TimeRange(1_000, 61_000, "s1"))
    assert state.map_settings() == HeatmapSettings(kind="move", t_range=(1_000, 61_000))
    assert state.time_range.words() == "Showing 0:01–1:01 into the visit of session s1."
    assert TimeRange(0, 5_000).words().endswith("into the visit of every session.")


def test_bad_values_change_nothing():
    state = ViewState()
    got = listen(state)
    with pytest.raises(ValueError, match="unknown scope"):
        state.update(scope="everyone", legend=False)
    with pytest.raises(ValueError, match="time_range"):
        state.update(heatmap=HeatmapSettings(t_range=(0, 1)))
    with pytest.raises(TypeError, match="no field"):
        state.update(colour="red")
    assert (state.scope, state.legend, state.heatmap) == (Scope.SEGMENT, True, HeatmapSettings())
    assert got == []


def test_the_default_scope_is_the_first_offered():
    assert ViewState().scope == SCOPES[0].value == Scope.SEGMENT
