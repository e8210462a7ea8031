"""aiwarden: security toolkit for AI systems across their life cycle."""

__version__ = "0.1.0"
