"""inspcheck: the register of inspection recommendations, kept as YAML in git."""

__version__ = "0.1.0"
