"""The import's choices before its preview: which field each column feeds, and what unknown
status words and owner names mean. Each choice is kept on the pending upload and the file is
read again with it (views/imports.py read_or_wait)."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from activities.importing.forms import ColumnMappingForm
from activities.importing.pending import pending_columns_choose, pending_values_choose
from activities.permissions import permission_required
from activities.views.imports import load_pending, read_or_wait, value_form


@permission_required("activities.import_plan")
def columns(request, pk):
    """Which field each column feeds: the suggestions shown, confirmed or corrected, kept."""
    pending = load_pending(request, pk)
    ready, instead = read_or_wait(request, pending)
    if instead:
        return instead
    layout = ready[0].layout
    if layout is None or not layout.choosable:  # the published text: its columns are fixed
        return redirect(pending)
    form = ColumnMappingForm(request.POST or None, layout=layout)
    if request.method == "POST" and form.is_valid():
        pending_columns_choose(pending=pending, choices=form.choices())
        return redirect(pending)
    context = {"pending": pending, "layout": layout, "form": form}
    return render(request, "activities/import_columns.html", context)


@require_POST
@permission_required("activities.import_plan")
def values(request, pk):
    """Keep what the unknown status words mean and who the unknown owners are; preview again."""
    pending = load_pending(request, pk)
    ready, instead = read_or_wait(request, pending)
    if instead:
        return instead
    form = value_form(request.POST, *ready)
    if form.is_valid():
        pending_values_choose(pending=pending, values=form.values())
    return redirect(pending.get_absolute_url() + "#values")
