"""Markdown export of provisions with the user's notes, and safe Markdown rendering.

No Qt here: the GUI's export dialog and ``vdesk export`` share this code.
"""
