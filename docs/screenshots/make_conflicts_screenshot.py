"""Regenerate pending-conflicts.png: Notes > Pending Conflicts… after importing a
colleague's bundle that has a second note for a provision and country, and a newer
version of a confidential note marked shareable.

Run under a virtual display so fonts and styles are those of a desktop:
    xvfb-run -s "-screen 0 1280x800x24" python docs/screenshots/make_conflicts_screenshot.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from shots import open_session

from vdesk.notes.bundle import dump_bundle, make_bundle
from vdesk.paths import AppPaths
from vdesk.store.notes.sqlite import SqliteNotesStore

POA = "plans-of-action/annex"
P2A = f"{POA}/chp_I/sec_A/para_2/subpara_a"
P6 = f"{POA}/chp_II/sec_A/para_6"


def main() -> int:
    session = open_session()
    window, notes = session.window, session.notes
    notes.add_national_note(
        P2A, country="AT", status="in_progress", position="supports",
        text="Draft amendment to the **Criminal Code**, s. 278a, before the Council of "
        "Ministers.", legal_refs=("Criminal Code (StGB), s. 278a",), date="2026-09-01",
        sensitivity="shareable", author="Maria Huber",
    )  # fmt: skip
    secret = notes.add_national_note(
        P6, country="AT", status="in_progress", position="reservations",
        text="Position under review by the Ministry of the Interior; do not circulate.",
        sensitivity="confidential", author="Maria Huber",
    )  # fmt: skip
    colleague = SqliteNotesStore.open(AppPaths.resolve(Path(tempfile.mkdtemp()) / "colleague"))
    colleague.add_national_note(
        P2A, country="AT", status="implemented", position="supports",
        text="In force since 1 October 2026: Criminal Code, s. 278a as amended, and the Code "
        "of Criminal Procedure:\n\n- special investigative techniques\n- witness protection",
        legal_refs=("Criminal Code (StGB), s. 278a", "Code of Criminal Procedure, ss. 136-140"),
        date="2026-10-01", sensitivity="shareable", author="Johann Berger",
    )  # fmt: skip
    bundle = make_bundle(colleague, personal=True, author="Permanent Mission of Austria")
    colleague.close()
    mine = make_bundle(notes, personal=True, confidential=True)
    leak = next(n for n in mine["national_notes"] if n["id"] == secret.id)
    soon = (datetime.now(UTC) + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    leak.update(sensitivity="shareable", text="Position agreed: Austria supports.", modified=soon)
    bundle["national_notes"].append(leak)
    desk = window.conflicts.services.desk
    assert desk is not None
    desk.apply_import(desk.plan_import(dump_bundle(bundle)))

    window.conflicts.show_conflicts()
    dlg = window.conflicts.dialog
    assert dlg is not None
    dlg.resize(1000, 680)
    session.save("pending-conflicts", dlg)
    dlg.close()
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
