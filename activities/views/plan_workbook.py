"""Downloads of the whole plan (the list pages' filtered exports live in views/lists.py)."""

import io

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from activities import clock
from activities.permissions import permission_required
from activities.plan_workbook import export_plan

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@permission_required("activities.export_plan")
def export_plan_workbook(request):
    """The same workbook as `manage.py export_plan`, as an attachment named plan-YYYY-MM-DD.xlsx."""
    workbook = io.BytesIO()
    export_plan(workbook)
    filename = f"plan-{clock.today():%Y-%m-%d}.xlsx"
    return HttpResponse(
        workbook.getvalue(),
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
