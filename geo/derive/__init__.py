"""Deriving a story's layers in its metric CRS.

The build (`python -m geo build`), the toolkit a story's derive hook uses, the situation layers, the world
topology and the CRS helpers.
"""

__all__ = [
    "build",
    "build_situation",
    "derivation",
    "metric",
    "topology",
]
