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


def test_the_command_line_options_are_the_tables(capsys):
    from viewer.cli.parser import build_parser

    parser = build_parser()
    base = ["heatmap", "x", "-o", "y.png"]
    defaults = parser.parse_args(base)
    for p in params.PARAMS.values():
        if p.flag is None:
            continue
        if p.name != "opacity":  # its default depends on the kind
            assert getattr(defaults, p.name) == p.default, p.name
        if p.choices:
            for value in p.values:
                assert getattr(parser.parse_args([*base, p.flag, value]), p.name) == value
            with pytest.raises(SystemExit):
                parser.parse_args([*base, p.flag, "no-such-value"])
            assert "invalid choice" in capsys.readouterr().err
        elif p.type is float:
            assert getattr(parser.parse_args([*base, p.flag, "0.5"]), p.name) == 0.5
    assert (defaults.kind, defaults.sigma, defaults.scale) == ("click", 20.0, "relative")


def test_the_legend_and_the_compare_view_name_kinds_from_the_table():
    from viewer.render.legend import KIND_TITLES

    assert KIND_TITLES == {c.value: c.title for c in params.KIND.choices}
    assert set(params.COMPARABLE_KINDS) < set(params.KIND.values)
