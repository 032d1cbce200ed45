"""Meetings and their packs: what changed since the previous meeting, built once for every door.

history.py   pure: an activity as it stood on a date (milestones, overdue), what a change was
pack.py      MeetingPack: the one builder the pack page, its Word and Excel downloads, issued packs
             and `manage.py meeting_pack` all use (a fixed number of queries)
sections.py  the pack's sections (summary, exceptions, changes, no update since) from loaded rows
word.py      the pack as a Word document (python-docx)
workbook.py  the pack as an Excel workbook (openpyxl)
forms.py     the meeting and note forms
"""
