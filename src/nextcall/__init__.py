"""nextcall: a terminal companion for outbound sales reps."""

__version__ = "0.1.0"
