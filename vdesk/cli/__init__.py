"""The command line: argparse -> desk -> text or JSON, one module per command group.

:mod:`vdesk.cli.main` holds the parser, the dispatch and the exit codes;
:mod:`~vdesk.cli.corpus` (build, docs, toc, show, search), :mod:`~vdesk.cli.notes`
(annotate, note, notes …), :mod:`~vdesk.cli.bundles` (notes export|import) and
:mod:`~vdesk.cli.export` (export) each add their commands. The command line never
imports the desktop app.
"""
