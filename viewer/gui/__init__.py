"""The desktop application: the only package that imports Qt (PySide6).

It turns user actions into calls of the core (``viewer.recording``, ``viewer.analysis``,
``viewer.render``) and the core's results into pixels; it computes nothing itself.
"""
