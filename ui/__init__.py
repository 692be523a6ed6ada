"""PySide6 user interface: windows, dialogs, Qt models and the adapters that run core work off the GUI thread."""
