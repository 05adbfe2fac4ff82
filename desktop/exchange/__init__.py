"""File formats the timeline is exchanged in."""
