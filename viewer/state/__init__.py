"""Qt-free state: the one place each setting's type, choices, labels and defaults live."""
