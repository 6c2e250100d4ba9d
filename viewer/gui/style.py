"""The window's style sheet."""

STYLE = """
QMainWindow, QDockWidget { background: #f6f7fb; }
QLabel#title { font-weight: 600; font-size: 13pt; color: #111827; }
QLabel#muted { color: #5a6270; }
QPushButton#segment { padding: 5px 6px; min-width: 30px; border: 1px solid #cfd5e2;
                      background: #ffffff; border-radius: 5px; }
QPushButton#segment:checked { background: #4f46e5; color: white; border-color: #4f46e5; }
QDockWidget::title { padding: 6px; background: #eceff6; font-weight: 600; }
QTableView { gridline-color: #e6e9f0; selection-background-color: #4f46e5; }
QStatusBar QLabel { color: #374151; padding: 0 8px; }
QFrame#map-legend { background: #ffffff; border-top: 1px solid #dde1ea; }
QLabel#legend-title { font-weight: 600; color: #111827; }
QLabel#legend-note { color: #92400e; }
QPushButton#legend-action { padding: 3px 10px; border: 1px solid #cfd5e2; border-radius: 4px;
                            background: #ffffff; }
QPushButton#legend-action:hover { border-color: #4f46e5; }
QFrame#replay-panel QPushButton { padding: 3px 10px; min-width: 30px; }
QToolBar { spacing: 6px; padding: 4px; border-bottom: 1px solid #dde1ea; background: #ffffff; }
"""
