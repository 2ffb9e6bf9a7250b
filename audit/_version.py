"""The package version (a leaf module: nothing here imports the package root)."""

__version__ = "0.1.0"
