"""What every layer shares and that does no I/O: node kinds and frozen values."""
