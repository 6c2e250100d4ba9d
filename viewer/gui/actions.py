"""The window's commands in one table: id, title, keys (the standard ones where they exist,
and those video players taught everyone for the replay), the window's method that runs it, its
menu. The window builds its menus and shortcuts from this table and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

from viewer.state.heatmap_params import KIND


@dataclass(frozen=True)
class ActionSpec:
    """One entry of the action table."""

    id: str
    title: str
    shortcut: QKeySequence.StandardKey | str | tuple[str, ...] | None
    handler: Callable[..., object]  # called with the window (and a toggle's new state)
    menu: str
    tip: str = ""
    fallback: str = ""  # for platforms whose theme binds no key to the standard one
    replay: bool = False  # only while replaying, with keys that act on the page area
    checkable: bool = False
    checked: bool = False

    def key_sequences(self) -> list[QKeySequence]:
        if self.shortcut is None:
            return []
        if isinstance(self.shortcut, str):
            return [QKeySequence(self.shortcut)]
        if isinstance(self.shortcut, tuple):
            return [QKeySequence(k) for k in self.shortcut]
        keys = QKeySequence.keyBindings(self.shortcut)
        return keys or ([QKeySequence(self.fallback)] if self.fallback else [])


#: Every command of the window, with its standard keys where they exist.
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "open",
        "&Open File...",
        QKeySequence.StandardKey.Open,
        lambda w: w.choose_file(),
        "File",
        "Open a recording file",
    ),
    ActionSpec(
        "open_folder",
        "Open &Folder...",
        "Ctrl+Shift+O",
        lambda w: w.choose_folder(),
        "File",
        "Open a folder of recordings",
    ),
    ActionSpec("open_demo", "Open the &Demo", None, lambda w: w.open_demo(), "File"),
    ActionSpec(
        "close",
        "&Close Recordings",
        QKeySequence.StandardKey.Close,
        lambda w: w.pages.close(),
        "File",
        "Close what is open and let go of its memory",
        fallback="Ctrl+W",
    ),
    ActionSpec(
        "export",
        "&Export Heatmap...",
        "Ctrl+E",
        lambda w: w.export_heatmap(),
        "File",
        "Export the heatmap as a PNG",
    ),
    ActionSpec(
        "export_report",
        "Export &Report...",
        "Ctrl+Shift+R",
        lambda w: w.reports.export(),
        "File",
        "The segment's maps, numbers and A/B result as one HTML file to share (and PDF)",
    ),
    ActionSpec(
        "quit",
        "&Quit",
        QKeySequence.StandardKey.Quit,
        lambda w: w.close(),
        "File",
        fallback="Ctrl+Q",
    ),
    ActionSpec(
        "zoom_in",
        "Zoom &In",
        QKeySequence.StandardKey.ZoomIn,
        lambda w: w.canvas.zoom_in(),
        "View",
        fallback="Ctrl++",
    ),
    ActionSpec(
        "zoom_out",
        "Zoom &Out",
        QKeySequence.StandardKey.ZoomOut,
        lambda w: w.canvas.zoom_out(),
        "View",
        fallback="Ctrl+-",
    ),
    ActionSpec("fit_width", "&Fit Width", "Ctrl+0", lambda w: w.canvas.fit_width(), "View"),
    ActionSpec(
        "actual_size", "&Actual Size (100 %)", "Ctrl+1", lambda w: w.canvas.actual_size(), "View"
    ),
    ActionSpec(
        "full_screen",
        "Full &Screen",
        QKeySequence.StandardKey.FullScreen,
        lambda w: w.toggle_full_screen(),
        "View",
    ),
    *(
        ActionSpec(
            f"kind_{c.value}",
            f"&{c.title}",
            str(i + 1),
            lambda w, k=c.value: w.state.set_kind(k),
            "Heatmap",
        )
        for i, c in enumerate(KIND.choices)
    ),
    ActionSpec(
        "compare",
        "&Compare Two Segments...",
        "Ctrl+Shift+C",
        lambda w: w.open_compare(),
        "Heatmap",
        "Two segments' maps on one scale, where they differ, and their rates",
    ),
    ActionSpec(
        "draw_region",
        "&Draw Regions",
        "R",
        lambda w, on: w.metrics.toggle_draw(on),
        "Regions",
        "Drag on the page to add a region (an area of interest); drag a region to move it",
        checkable=True,
    ),
    ActionSpec(
        "show_regions",
        "&Show Regions",
        "Shift+R",
        lambda w, on: w.metrics.toggle_visible(on),
        "Regions",
        checkable=True,
        checked=True,
    ),
    ActionSpec("rename_region", "&Rename Region...", "F2", lambda w: w.metrics.rename(), "Regions"),
    ActionSpec(
        "delete_region", "De&lete Region", "Delete", lambda w: w.metrics.delete(), "Regions"
    ),
    ActionSpec(
        "undo_region",
        "&Undo",
        QKeySequence.StandardKey.Undo,
        lambda w: w.metrics.undo(),
        "Regions",
        fallback="Ctrl+Z",
    ),
    ActionSpec(
        "redo_region",
        "Re&do",
        QKeySequence.StandardKey.Redo,
        lambda w: w.metrics.redo(),
        "Regions",
        fallback="Ctrl+Shift+Z",
    ),
    ActionSpec("load_regions", "&Load Regions...", None, lambda w: w.metrics.load(), "Regions"),
    ActionSpec(
        "replay",
        "&Replay Selected Session",
        "Ctrl+R",
        lambda w: w.replays.play_selected(),
        "Replay",
        "Replay the selected session (or double-click it)",
    ),
    ActionSpec(
        "replay_together",
        "Replay Sessions &Together",
        "Ctrl+Shift+T",
        lambda w: w.replays.play_together(),
        "Replay",
        "Replay the selected sessions at once, one cursor each (or the first 50 listed)",
    ),
    ActionSpec(
        "play_pause", "&Play / Pause", "Space", lambda w: w.replay.toggle(), "Replay", replay=True
    ),
    ActionSpec(
        "back", "Back 5 s", "Left", lambda w: w.replay.seek_by(-5000), "Replay", replay=True
    ),
    ActionSpec(
        "forward", "Forward 5 s", "Right", lambda w: w.replay.seek_by(5000), "Replay", replay=True
    ),
    ActionSpec(
        "prev_event",
        "Previous Event",
        "Shift+Left",
        lambda w: w.replay.previous_event(),
        "Replay",
        replay=True,
    ),
    ActionSpec(
        "next_event",
        "Next Event",
        "Shift+Right",
        lambda w: w.replay.next_event(),
        "Replay",
        replay=True,
    ),
    ActionSpec(
        "to_start", "To the Start", "Home", lambda w: w.replay.to_start(), "Replay", replay=True
    ),
    ActionSpec("to_end", "To the End", "End", lambda w: w.replay.to_end(), "Replay", replay=True),
    # "<" and ">" are typed with Shift on most layouts; both forms are bound.
    ActionSpec(
        "slower", "Slower", ("<", "Shift+<"), lambda w: w.replay.slower(), "Replay", replay=True
    ),
    ActionSpec(
        "faster", "Faster", (">", "Shift+>"), lambda w: w.replay.faster(), "Replay", replay=True
    ),
    ActionSpec(
        "prev_session",
        "Previous Session",
        "PgUp",
        lambda w: w.replays.previous_session(),
        "Replay",
        replay=True,
    ),
    ActionSpec(
        "next_session",
        "Next Session",
        "PgDown",
        lambda w: w.replays.next_session(),
        "Replay",
        replay=True,
    ),
    ActionSpec(
        "export_clip",
        "Export Replay &Clip...",
        "Ctrl+Shift+E",
        lambda w: w.replays.export_clip(),
        "Replay",
        replay=True,
    ),
    ActionSpec(
        "exit_replay",
        "Back to the &Heatmap",
        "Escape",
        lambda w: w.replays.exit(),
        "Replay",
        replay=True,
    ),
    ActionSpec("about", "&About session-viewer", None, lambda w: w.about(), "Help"),
)
