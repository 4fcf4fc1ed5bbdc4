"""SQLite storage: the connection and its migrations, the instance lock, and the queries."""
