"""Checking a story beyond loading it.

`geo validate` (every problem, and derived layers that a rebuild would change) and the control layer's geometry
checks.
"""

__all__ = [
    "control_checks",
    "validate",
]
