"""Dialogs that take values and give values back, knowing nothing of the main window."""
