"""Downloads of a whole plan (the list pages' filtered exports live in views/lists.py)."""

import io

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from activities import clock
from activities.permissions import permission_required
from activities.plan_scope import plan_view
from activities.plan_workbook import export_plan, workbook_file_name

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@permission_required("activities.export_plan")
@plan_view
def export_plan_workbook(request, plan):
    """The same workbook as `manage.py export_plan --plan`, named <short-name>-YYYY-MM-DD.xlsx."""
    workbook = io.BytesIO()
    export_plan(plan, workbook)
    filename = workbook_file_name(plan, clock.today())
    return HttpResponse(
        workbook.getvalue(),
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
