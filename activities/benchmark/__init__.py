"""manage.py benchmark: data.py builds a synthetic plan, measure.py measures it, report.py prints."""
