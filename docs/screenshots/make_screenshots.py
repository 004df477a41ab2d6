"""Regenerate the README screenshots: the real window at 1280x800, in five states.

Run under a virtual display so fonts and styles are those of a desktop:
    xvfb-run -s "-screen 0 1280x800x24" python docs/screenshots/make_screenshots.py [BASEDIR]
"""

from __future__ import annotations

import sys

from shots import open_session

from vdesk.qt.models.roles import Role


def main() -> int:
    session = open_session(restore_state=True)  # an empty notes store, as on a first start
    window = session.window
    session.save("1-first-start")
    window.open_node("plans-of-action/annex/chp_I/para_1")
    session.save("2-plans-of-action-section")
    window.open_node("vienna-declaration/annex/para_7")
    session.save("3-vienna-declaration-implemented-by")
    window.show_search()
    panel = window.search_panel
    panel.query_edit.setText("restorative justice")
    panel.run_search()  # counts per document, "Show 46 more"
    hits = [panel.model.index(r, 0).data(Role.NODE_ID) for r in range(panel.model.rowCount())]
    panel.open_row(hits.index("vienna-declaration/annex/para_28"))
    session.save("4-search-results")
    panel.query_edit.setText("restorative justice mediation xyzzy")
    panel.run_search()  # no provision has all the words: the closest, labelled
    panel.open_row(0)
    session.save("4b-search-partial-matches")
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
