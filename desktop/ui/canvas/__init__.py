"""The timeline canvas: lanes, their layout, painting, hit-testing, gestures and annotations. It knows nothing of the document, the actions, the panels or the window."""
