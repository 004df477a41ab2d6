"""The window's features: each is given :class:`~vdesk.qt.services.Services`, never the window."""
