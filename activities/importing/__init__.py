"""Importing a plan file, one direction only:

read.py      file -> raw rows (size and row limits, header detection, column synonyms)
rows.py      raw rows -> validated plan rows + problems (owner and timescale parsers)
matching.py  plan rows -> which stored activity each is (by reference, by exact text, or new)
apply.py     matched rows -> preview diffed against the database -> applied in one transaction
parse.py runs the first two with the settings and known roles; preview_report.py renders a preview;
pending.py holds the browser's three steps (upload stores, preview reads, confirm applies) and
forms.py their forms. The import_plan command and the import page call the same functions.
"""
