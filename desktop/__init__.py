"""Kursk Timeline: a desktop editor for sourced, disputed timelines."""
