"""Numbers from recordings: the kernel density, the heatmaps built on it, and (later) metrics.

Pure numpy; never Qt.
"""
