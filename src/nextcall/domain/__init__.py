"""The rules of the product, in plain Python: no Textual, no SQLite."""
