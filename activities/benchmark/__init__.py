"""manage.py benchmark: data.py builds a synthetic plan, measure.py measures it, results_table.py prints."""
