"""The application core: every use case of vdesk, for the command line and the desktop."""

from .changes import Changes
from .desk import Desk

__all__ = ["Changes", "Desk"]
