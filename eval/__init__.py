"""scrutiny.eval."""
