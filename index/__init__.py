"""scrutiny.index."""
