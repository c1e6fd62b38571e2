"""HTTP API, web pages and the command line."""
