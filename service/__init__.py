"""scrutiny.service."""
