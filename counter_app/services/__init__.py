"""Application services on top of the store, used alike by the GUI and the command line:
accounts and login, health checks (doctor), intake and the rest of the counter's work."""
