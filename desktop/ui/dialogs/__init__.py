"""Dialogs: they take values and return values."""
