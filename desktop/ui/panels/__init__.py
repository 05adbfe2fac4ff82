"""The panels around the timeline; each follows the document and the selection itself."""
