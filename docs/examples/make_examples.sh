#!/bin/sh
# Regenerates the example exports in this folder from a fresh, throw-away base
# directory: a delegation's notes on chapters I and II of the plans of action,
# entered through the CLI, then exported with two presets.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
v() { python -m vdesk --basedir "$home" "$@" >/dev/null; }

v build
v note "POA sect. I.A 2(a)" --country AT --status implemented --position supports \
  --text "Criminal Code amended in 2002 (participation in a criminal organization)." \
  --ref-law "StGB § 278a" --date 2026-10-01 --sensitivity shareable
v note "POA sect. I.A 2(a)" --country DE --status implemented --position supports \
  --ref-law "StGB § 129" --date 2026-09-15 --sensitivity shareable
v note "POA sect. I.A 2(c)" --country AT --status in_progress --position supports \
  --text "Joint training with the Judges' Academy from spring 2027; budget not yet approved." \
  --date 2026-11-10
v note "POA sect. I.A 2(c)" --country DE --status not_started --position no_position \
  --date 2026-09-15 --sensitivity shareable
v note "POA sect. I.A 3(b)" --country AT --status not_started --position reservations \
  --text "Extrabudgetary contributions depend on the **2027 budget**; Ministry of Finance to confirm." \
  --date 2026-11-10 --sensitivity confidential
v note "POA sect. II.A 7(b)" --country AT --status in_progress --position supports \
  --text "National anti-corruption strategy 2023–2027 under review." \
  --ref-law "Anti-Corruption Strategy 2023" --date 2026-11-01
v note "POA sect. II.A 7(b)" --country DE --status implemented --position supports \
  --date 2026-09-15 --sensitivity shareable
v annotate "POA sect. I.A 2(c)" --quote "training programmes for judges, prosecutors" \
  --colour green --tags "training,capacity" \
  --comment "Agreed language to reuse in our statement on item 5."
v annotate "POA sect. I.A 3(b)" --quote "extrabudgetary contributions" --colour red \
  --comment "Do not commit to figures before the budget decision."
v annotate "POA sect. II.A 7(b)" --quote "national strategies and action plans" --colour yellow \
  --tags "corruption"

v export --out "$here/delegation-brief.md" --html "$here/delegation-brief.html" --force \
  --preset delegation-brief --title "Delegation brief: plans of action, chapters I and II"
v export --out "$here/annotated-excerpts.md" --html "$here/annotated-excerpts.html" --force \
  --preset annotated-excerpts
