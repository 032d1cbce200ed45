"""The benchmark's targets, which of them a run missed, and the table printed for people."""

# Per page, the same at every size: session, user, two permission reads, the plan in the address,
# the plan switcher, then the page's own (the meeting pack's sections take the most).
QUERY_BUDGET = 15
# figure -> (the largest value that meets the target, what it compares)
TARGETS = {
    "list_vs_admin": (1.0, "/activities/ (overdue, by next due, 50 rows) ÷ admin change list"),
    "list_scaling": (1.5, "/activities/ at N activities ÷ at 100"),
    "dashboard_scaling": (1.5, "dashboard at N activities, M updates ÷ at 100"),
    "overdue_scaling": (1.5, "overdue review, first page, at N ÷ at 100"),
    "import_vs_read": (2.0, "import of R new .xlsx rows ÷ openpyxl read-only of its cells"),
    "export_vs_write": (1.5, "plan export to .xlsx ÷ openpyxl write-only of its values"),
    "import_peak_mb": (150, "peak Python allocations (tracemalloc) of that import, MB"),
}
# figure -> what it compares: reported without a target
REPORTED = {
    "pack_vs_overdue": "a meeting's pack page (the whole plan, then and now) ÷ the overdue review",
    "import_vs_calamine": "the same import ÷ python-calamine reading its cells (the reading floor)",
    "import_vs_read_excel_layout": "the same import ÷ read, on the file saved as Excel saves it",
}


def missed(result: dict) -> list[str]:
    """Every target the result misses, in words; a figure that could not be measured is a miss."""
    misses = []
    for page, count in result["queries"].items():
        small = result["queries_at_100"][page]
        if count > QUERY_BUDGET:
            misses.append(f"queries.{page}: {count} > {QUERY_BUDGET}")
        if count != small:
            misses.append(f"queries.{page}: {count} at N but {small} at 100 activities")
    for figure, (target, _) in TARGETS.items():
        value = result[figure]
        if value is None:
            misses.append(f"{figure}: not measured")
        elif value > target:
            misses.append(f"{figure}: {value} > {target}")
    return misses


def table(result: dict) -> str:
    settings, plan = result["settings"], result["plan"]
    lines = [
        f"Database: {result['database']}; portfolio: {plan['plans']} plans, "
        f"{plan['activities']:,} activities ({plan['measured_plan_activities']:,} in the plan "
        f"whose pages are measured), {plan['status_updates']:,} status updates, "
        f"{plan['overdue']:,} overdue; "
        f"medians of {settings['repeat']} interleaved runs "
        f"({settings['file_repeat']} for the import and export).",
        "",
        f"{'figure':<32} {'value':>9} {'target':>8}  ok   what",
    ]
    for page, count in result["queries"].items():
        small = result["queries_at_100"][page]
        ok = count <= QUERY_BUDGET and count == small
        lines.append(
            f"{'queries.' + page:<32} {count:>9} {'≤ ' + str(QUERY_BUDGET):>8}  {mark(ok)}  SQL queries "
            f"(one plan of 100 activities: {small})"
        )
    for figure, (target, what) in TARGETS.items():
        value = result[figure]
        shown = "-" if value is None else f"{value:g}"
        ok = value is not None and value <= target
        lines.append(f"{figure:<32} {shown:>9} {'≤ ' + format(target, 'g'):>8}  {mark(ok)}  {what}")
    for figure, what in REPORTED.items():
        value = result.get(figure)
        if value is not None:
            lines.append(f"{figure:<32} {value:>9g} {'-':>8}  -    {what} (no target)")
    lines += [
        "",
        "Medians (ms): " + ", ".join(f"{k} {v:g}" for k, v in result["medians_ms"].items()),
    ]
    lines.append(f"Memory: {result['memory_method']}.")
    return "\n".join(lines)


def mark(ok: bool) -> str:
    return "yes" if ok else "NO "
