"""Qt widgets. They read the model and change it only through undoable commands."""
