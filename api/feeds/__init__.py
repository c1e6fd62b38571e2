"""feeds capability."""
