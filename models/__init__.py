"""Records, migrations and asyncpg repositories: the only package that writes SQL."""
