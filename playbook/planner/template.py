"""The documented program-sheet template that `playbook new --programs` writes."""

from __future__ import annotations

from .sheet import COLUMNS

_DOC = """\
# Your program sheet: one row per program you researched before Match Week.
# Lines starting with # are notes for you; playbook skips them. Keep the header row as it is.
# On Monday run:  playbook soap PROFILE --unfilled LIST.csv --programs THIS_FILE
#
# program      the program's name as the List of Unfilled Programs will show it (required)
# nrmp_code    its NRMP program code, e.g. 1234140C0, if you know it; matching uses it first
# specialty    e.g. Pediatrics, Internal Medicine, PM&R, Family Medicine, Transitional Year (required)
# position     categorical, preliminary, transitional or advanced (PGY-2); empty = from the code, else categorical
# state        two-letter state code, e.g. OH
# setting      university, community or university_affiliated
# j1           does it sponsor J-1 visas? yes, no or unknown (empty = unknown)
# h1b          does it sponsor H-1B visas? yes, no or unknown (empty = unknown)
# img_history  how often it takes IMGs: often, sometimes, rarely or unknown
# resources    what it offers that matters to you, e.g. genetics clinic; neurorehab unit
# notes        anything else: contacts, rotations you did there, what residents told you
#
# Example rows (remove the # to use them as a pattern; they are not real programs):
# Quillmoor Children's Hospital (example),0001320C0,Pediatrics,categorical,OH,community,yes,no,often,,rotated here
# Brindlewood University (example),,Internal Medicine,preliminary,PA,university,yes,yes,sometimes,genetics clinic,
"""

TEMPLATE = _DOC + ",".join(COLUMNS) + "\n"
