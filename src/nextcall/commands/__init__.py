"""Command palette providers."""
