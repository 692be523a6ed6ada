"""Packaging: the PyInstaller bundle description, the Debian package builder, the Windows
installer script and the provisioning templates (not part of the installed program)."""
