"""The heatmap's parameters live in one table, and every reader takes them from it: the settings'
defaults and checks, the command line, the window's panel, the saved settings, the compare view
and the legend (issue 14)."""

from __future__ import annotations

import dataclasses

import pytest

from viewer.analysis.heatmaps import HeatmapSettings
from viewer.state import heatmap_params as params


def test_the_settings_defaults_and_checks_are_the_tables():
    fields = {f.name: f.default for f in dataclasses.fields(HeatmapSettings)}
    for p in params.PARAMS.values():
        assert fields[p.name] == p.default, p.name
        if p.choices:
            with pytest.raises(ValueError):
                HeatmapSettings(**{p.name: "no such value"})
            for value in p.values:
                HeatmapSettings(**{p.name: value})
    assert set(params.REMEMBERED) <= set(fields)


def test_the_command_line_options_are_the_tables():
    from viewer.cli.parser import build_parser

    hm = next(
        a
        for a in build_parser()._subparsers._group_actions[0].choices.values()
        if a.prog.endswith("heatmap")
    )
    options = {a.option_strings[0]: a for a in hm._actions if a.option_strings}
    for p in params.PARAMS.values():
        if p.flag is None:
            continue
        action = options[p.flag]
        assert action.dest == p.name
        assert tuple(action.choices or ()) == p.values
        if p.name != "opacity":  # its default depends on the kind
            assert action.default == p.default
    args = build_parser().parse_args(["heatmap", "x", "-o", "y.png"])
    assert (args.kind, args.sigma, args.scale) == ("click", 20.0, "relative")


def test_the_legend_and_the_compare_view_name_kinds_from_the_table():
    from viewer.render.legend import KIND_TITLES

    assert KIND_TITLES == {c.value: c.title for c in params.KIND.choices}
    assert set(params.COMPARABLE_KINDS) < set(params.KIND.values)
