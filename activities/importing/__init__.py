"""Importing a plan file, one direction only:

read.py   file -> raw rows (size and row limits, header detection, column synonyms)
rows.py   raw rows -> validated plan rows + problems (owner and timescale parsers)
apply.py  plan rows -> preview diffed against the database -> applied in one transaction
parse.py runs the first two with the settings and known roles; preview_report.py renders a preview.
The import_plan command and the import page both call parse_plan, build_preview, apply_preview.
"""
