"""Reporting cycles: schedule.py (pure dates), due.py (the one rule: due an update, and from whom),
messages.py (what each event sends to whom), sending.py (claim, send, record), forms.py."""
