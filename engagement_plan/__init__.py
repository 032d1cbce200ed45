"""The project's configuration package.

openpyxl switches to lxml whenever lxml is importable, and python-docx (the meeting packs' Word
documents) installs lxml. openpyxl's lxml path bypasses defusedxml and writes different XML, so the
importer's reading (and its hostile-file guards, tests/activities/importing/test_hostile_files.py)
would change with an unrelated dependency. Keep openpyxl on the standard library + defusedxml path;
this module is imported before any app module (settings are loaded first).
"""

import os

os.environ.setdefault("OPENPYXL_LXML", "False")
