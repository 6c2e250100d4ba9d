"""The replay bar under the canvas: transport buttons, speed, options, time, and the timeline."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
)

from viewer.gui.plain import ElidedLabel, plain_label
from viewer.gui.timeline import TimelineWidget
from viewer.replay.clock import SPEEDS


class ReplayPanel(QFrame):
    """Transport controls and the timeline (shown only while replaying)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("replay-panel")
        self.setFrameShape(QFrame.Shape.NoFrame)
        icon = self.style().standardIcon

        def tool(icon_kind, tip: str) -> QToolButton:
            b = QToolButton()
            b.setIcon(icon(icon_kind))
            b.setIconSize(QSize(18, 18))
            b.setToolTip(tip)
            b.setAutoRaise(True)
            return b

        SP = QStyle.StandardPixmap
        self.prev_session = tool(SP.SP_MediaSkipBackward, "Previous session in the list")
        self.prev_event = tool(SP.SP_MediaSeekBackward, "Previous event (Shift+Left)")
        self.play = tool(SP.SP_MediaPlay, "Play / pause (Space)")
        self.next_event = tool(SP.SP_MediaSeekForward, "Next event (Shift+Right)")
        self.next_session = tool(SP.SP_MediaSkipForward, "Next session in the list")
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}x", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.setToolTip("Speed (< and >)")
        self.skip_idle = QCheckBox("Skip idle")
        self.skip_idle.setChecked(True)
        self.skip_idle.setToolTip("Jump over stretches with no events")
        self.idle_seconds = QDoubleSpinBox()
        self.idle_seconds.setRange(0.5, 600)
        self.idle_seconds.setValue(2.0)
        self.idle_seconds.setDecimals(1)
        self.idle_seconds.setSuffix(" s")
        self.idle_seconds.setToolTip("A stretch without events this long or longer is idle")
        self.loop = QCheckBox("Loop")
        self.loop.setToolTip("Shift+drag on the timeline to select a range")
        self.whole_page = QCheckBox("Whole page")
        self.whole_page.setToolTip(
            "Show the whole page with the user's viewport as a frame, "
            "instead of following their view"
        )
        self.time = plain_label("0:00 / 0:00")
        self.time.setMinimumWidth(96)
        # The title gives way first when the window is narrow (it never widens the window).
        self.title = ElidedLabel("")
        self.title.setObjectName("muted")
        self.range_map = QPushButton("Map range")
        self.range_menu = QMenu(self.range_map)
        self.range_session = self.range_menu.addAction("This session")
        self.range_all = self.range_menu.addAction("All sessions, same time into their visits")
        self.range_map.setMenu(self.range_menu)
        self.range_map.setToolTip("Heatmap of the selected stretch of time")
        self.export = QPushButton("Clip...")
        self.export.setToolTip(
            "Export the selected range (or the whole session) as an animated WebP or GIF"
        )
        # Many sessions at once: what lines them up on the shared timeline.
        self.align = QComboBox()
        self.align.setToolTip(
            "Line the sessions up at their starts, or at the moment each first saw a region"
        )
        self.align.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.align.setMinimumContentsLength(14)
        self.align.hide()
        self.close_button = QPushButton("Done")
        self.close_button.setToolTip("Leave the replay (Esc)")
        self.timeline = TimelineWidget()

        # Two rows, so that the bar fits a 1024 px laptop screen beside the docks: what moves
        # through the session, then how it is shown and what to do with a stretch of it.
        transport = QHBoxLayout()
        transport.setContentsMargins(8, 4, 8, 0)
        transport.setSpacing(6)
        for w in (
            self.prev_session,
            self.prev_event,
            self.play,
            self.next_event,
            self.next_session,
            self.speed,
            self.time,
            self.loop,
        ):
            transport.addWidget(w)
        transport.addWidget(self.title, 1)
        transport.addWidget(self.close_button)
        options = QHBoxLayout()
        options.setContentsMargins(8, 0, 8, 0)
        options.setSpacing(8)
        for w in (self.skip_idle, self.idle_seconds, self.whole_page, self.align):
            options.addWidget(w)
        options.addStretch(1)
        for w in (self.range_map, self.export):
            options.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(2)
        layout.addLayout(transport)
        layout.addWidget(self.timeline)
        layout.addLayout(options)

    def set_playing(self, playing: bool) -> None:
        sp = QStyle.StandardPixmap
        kind = sp.SP_MediaPause if playing else sp.SP_MediaPlay
        self.play.setIcon(self.style().standardIcon(kind))

    def set_selection_tools(self, has_range: bool) -> None:
        self.range_map.setEnabled(has_range)
        self.loop.setEnabled(has_range)
        if not has_range:
            self.loop.setChecked(False)

    def set_crowd(self, on: bool) -> None:
        """Many sessions at once (True) or one: the tools of one session's replay (its
        neighbours, idle stretches, its view, its clip) give way to the alignment."""
        for w in (
            self.prev_session,
            self.next_session,
            self.skip_idle,
            self.idle_seconds,
            self.whole_page,
            self.range_map,
            self.export,
        ):
            w.setVisible(not on)
        self.align.setVisible(on)

    def set_alignments(self, regions: list[str], current: str | None) -> None:
        """The alignment choices: the sessions' starts, then each region's first view."""
        self.align.blockSignals(True)
        self.align.clear()
        self.align.addItem("Align at their starts", None)
        for name in regions:
            self.align.addItem(f"Align at first view of {name}", name)
        i = self.align.findData(current)
        self.align.setCurrentIndex(max(0, i))
        self.align.blockSignals(False)

    def sizeHint(self) -> QSize:
        return QSize(640, 124)
