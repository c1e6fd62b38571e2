"""asyncpg repositories, one module per aggregate. Callers own the transaction."""
