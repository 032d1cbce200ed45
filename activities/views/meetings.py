"""Meetings and their packs: the list, a new meeting, the pack (live, or as issued) and its
downloads, issuing it, and the chair's notes. Reading a pack needs only view_activity."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST, require_safe

from activities import clock
from activities.meetings.forms import MeetingForm, MeetingNoteForm
from activities.meetings.pack import MeetingPack
from activities.meetings.word import pack_document
from activities.meetings.workbook import pack_workbook
from activities.models import IssuedPack, Meeting
from activities.permissions import permission_required
from activities.plan_scope import plan_view
from activities.services.meetings import meeting_create, meeting_note_create, pack_issue
from activities.views.plan_workbook import XLSX_CONTENT_TYPE

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def load_meeting(pk: int) -> Meeting:
    meetings = Meeting.objects.select_related("previous", "issued_pack__issued_by")
    return get_object_or_404(meetings.prefetch_related("plans"), pk=pk)


def pack_content(meeting: Meeting) -> tuple[dict, IssuedPack | None]:
    """What the meeting's pack says: as issued (frozen), or built now."""
    issued = getattr(meeting, "issued_pack", None)
    if issued is not None:
        return issued.content, issued
    return MeetingPack.for_meeting(meeting, today=clock.today()).content(), None


def _meetings_page(request, meetings, plan=None):
    meetings = meetings.select_related("issued_pack").prefetch_related("plans")
    return render(request, "activities/meeting_list.html", {"meetings": meetings, "plan": plan})


@require_safe
@permission_required("activities.view_activity")
def meeting_list(request):
    return _meetings_page(request, Meeting.objects.all())


@require_safe
@permission_required("activities.view_activity")
@plan_view
def plan_meetings(request, plan):
    return _meetings_page(request, plan.meetings.all(), plan)


@permission_required("activities.add_meeting")
def meeting_new(request):
    form = MeetingForm(request.POST or None, initial={"plans": request.GET.getlist("plan")})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_create(author=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"{meeting} created. This is its pack as of now.")
            return redirect(meeting)
    return render(request, "activities/meeting_form.html", {"form": form})


@require_safe
@permission_required("activities.view_activity")
def meeting_pack(request, pk):
    meeting = load_meeting(pk)
    content, issued = pack_content(meeting)
    context = {
        "meeting": meeting,
        "pack": content,
        "issued": issued,
        "meeting_notes": meeting.notes.select_related("author", "activity__plan"),
    }
    return render(request, "activities/meeting_pack.html", context)


@require_safe
@permission_required("activities.view_activity")
def pack_page_css(request, pk):
    """The printed pack's page header (the meeting's title and date) and numbers: a stylesheet,
    since the Content-Security-Policy allows no inline style."""
    meeting = get_object_or_404(Meeting, pk=pk)
    css = render_to_string("activities/meeting_pack_page.css", {"meeting": meeting})
    return HttpResponse(css, content_type="text/css; charset=utf-8")


def _download(meeting, content: bytes, extension: str, content_type: str) -> HttpResponse:
    filename = f"meeting-pack-{meeting.date:%Y-%m-%d}-{meeting.pk}.{extension}"
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@require_safe
@permission_required("activities.view_activity")
def pack_docx(request, pk):
    meeting = load_meeting(pk)
    return _download(meeting, pack_document(pack_content(meeting)[0]), "docx", DOCX_CONTENT_TYPE)


@require_safe
@permission_required("activities.view_activity")
def pack_xlsx(request, pk):
    meeting = load_meeting(pk)
    return _download(meeting, pack_workbook(pack_content(meeting)[0]), "xlsx", XLSX_CONTENT_TYPE)


@require_POST
@permission_required("activities.add_issuedpack")
def issue_pack(request, pk):
    meeting = load_meeting(pk)
    try:
        pack_issue(meeting=meeting, author=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Pack issued: this page now shows it as issued, unchanged.")
    return redirect(meeting)


@permission_required("activities.add_meetingnote")
def note_new(request, pk):
    meeting = load_meeting(pk)
    initial = {key: request.GET.get(key) for key in ("plan", "reference") if key in request.GET}
    form = MeetingNoteForm(request.POST or None, plans=meeting.plans.all(), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_note_create(meeting=meeting, activity=data["activity"], kind=data["kind"],
                                text=data["text"], author=request.user)  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"{data['activity'].reference}: {data['kind']} recorded.")
            return redirect(meeting)
    return render(request, "activities/meeting_note_form.html", {"meeting": meeting, "form": form})
