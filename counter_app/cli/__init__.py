"""``counter-app`` command line: the core's own commands and the plug-in hook for the rest."""
