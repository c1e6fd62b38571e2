"""notifications capability."""
