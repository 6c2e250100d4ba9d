"""Reports to share: a page's maps, numbers and A/B result as one self-contained HTML file (and
its PDF). Qt-free: the command line and the window's File > Export Report make the same file."""
