"""salesctl: run a sales organisation from plain YAML records in git."""

__version__ = "0.1.0"
