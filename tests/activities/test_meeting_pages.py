"""The meetings pages: who may create meetings, record notes and issue packs; the pack page, its
Word and Excel downloads with the same content; an issued pack unchanged after the plan moves on."""

import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from activities import services
from activities.models import IssuedPack, Meeting, MeetingNote
from activities.services.meetings import meeting_create
from activities.timeline import activity_timeline
from tests.activities import test_meeting_pack as history
from tests.factories import default_plan

REFUSED = 403
board = history.board  # the plan with history around a meeting on 1 December 2023
at = history.at


@pytest.fixture
def meeting(board, reviewer):
    return meeting_create(
        title="Performance board",
        date=datetime.date(2024, 1, 15),
        chair="ACC Jordan Reid",
        plans=[default_plan()],
        compare_from=datetime.date(2023, 12, 1),
        author=reviewer,
    )


def main(page: str) -> str:
    """The page's own content (the header holds a fresh CSRF token each time)."""
    return page[page.index("<main") : page.index("</main>")]


def actions(meeting):
    pk = meeting.pk
    return {
        "list meetings": ("get", "/meetings/", None),
        "read pack": ("get", f"/meetings/{pk}/", None),
        "download Word": ("get", f"/meetings/{pk}/pack.docx", None),
        "download Excel": ("get", f"/meetings/{pk}/pack.xlsx", None),
        "open new meeting form": ("get", "/meetings/new/", None),
        "create meeting": (
            "post",
            "/meetings/new/",
            {
                "title": "Board",
                "date": "2024-02-15",
                "chair": "ACC",
                "plans": [default_plan().pk],
                "previous": meeting.pk,
            },  # fmt: skip
        ),
        "record note": (
            "post",
            f"/meetings/{pk}/notes/new/",
            {"plan": "test-plan", "reference": "1.2", "kind": "action", "text": "Report back."},
        ),
        "issue pack": ("post", f"/meetings/{pk}/issue/", {}),
    }


READS = {"list meetings", "read pack", "download Word", "download Excel"}
WRITES = {"open new meeting form", "create meeting", "record note", "issue pack"}


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("administrator", READS | WRITES),
        ("reviewer", READS | WRITES),
        ("editor", READS),
        ("outsider", set()),
        ("anonymous", set()),
    ],
)
def test_who_may_read_packs_and_who_may_create_meetings_notes_and_issue(
    client, request, meeting, persona, allowed
):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    for name, (method, path, data) in actions(meeting).items():
        response = getattr(client, method)(path, data)
        if name in allowed:
            assert response.status_code in (200, 302), name
            assert "/accounts/login/" not in response.get("Location", ""), name
        elif persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        else:
            assert response.status_code == REFUSED, name
    written = Meeting.objects.count() - 1, MeetingNote.objects.count(), IssuedPack.objects.count()
    assert written == ((1, 1, 1) if "create meeting" in allowed else (0, 0, 0))


def test_creating_a_meeting_names_its_previous_meeting(client, reviewer, meeting):
    client.force_login(reviewer)
    response = client.post(
        "/meetings/new/",
        {
            "title": "Performance board",
            "date": "2024-02-15",
            "chair": "ACC Jordan Reid",
            "plans": [default_plan().pk],
            "previous": meeting.pk,
        },  # fmt: skip
    )
    created = Meeting.objects.exclude(pk=meeting.pk).get()
    assert response["Location"] == f"/meetings/{created.pk}/"
    assert (created.previous, created.since, created.created_by) == (
        meeting,
        meeting.date,
        reviewer,
    )


def test_a_first_meeting_without_a_date_to_compare_with_is_refused_saying_so(
    client, reviewer, board
):
    client.force_login(reviewer)
    response = client.post(
        "/meetings/new/",
        {"title": "Board", "date": "2024-02-15", "chair": "ACC", "plans": [default_plan().pk]},
    )
    assert response.status_code == 200
    assert "Enter the date to compare with, or choose the previous meeting." in response.text
    assert not Meeting.objects.exists()


def test_a_previous_meeting_after_this_one_is_refused(client, reviewer, meeting):
    client.force_login(reviewer)
    response = client.post(
        "/meetings/new/",
        {
            "title": "Board",
            "date": "2024-01-10",
            "chair": "ACC",
            "plans": [default_plan().pk],
            "previous": meeting.pk,
        },  # fmt: skip
    )
    assert "The previous meeting must be before this one" in response.text
    assert Meeting.objects.count() == 1


def test_the_pack_page_shows_summary_exceptions_and_changes(client, editor, meeting):
    client.force_login(editor)
    page = client.get(f"/meetings/{meeting.pk}/").text
    for heading in ("Summary", "Exceptions", "Changes since the last meeting",
                    "No status update since the last meeting"):  # fmt: skip
        assert f">{heading}</h2>" in page
    assert "Head of Corporate Communications" in page and "Supplier delay" in page
    assert "compared with 1 December 2023" in page
    assert "Issue this pack" not in page  # an editor reads packs, and issues none


def test_the_word_document_has_the_pack_sections_and_content(client, editor, meeting):
    client.force_login(editor)
    response = client.get(f"/meetings/{meeting.pk}/pack.docx")
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Summary", "Newly overdue", "Newly complete"]
    assert {
        "Exceptions",
        "Changes since the last meeting",
        "Head of Corporate Communications",
    } <= set(headings)
    assert document.sections[0].header.paragraphs[0].text == "Performance board, 15 January 2024"
    assert round(document.sections[0].page_width.mm) == 210
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Off track" in cells and any("Supplier delay" in cell for cell in cells)


def test_the_excel_workbook_has_a_sheet_per_section_with_dates_as_dates(client, editor, meeting):
    client.force_login(editor)
    response = client.get(f"/meetings/{meeting.pk}/pack.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Exceptions", "Changes", "No update since"]
    changes = list(workbook["Changes"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[2]) for row in changes][-1] == ("2.1", "Re-baselined")
    assert isinstance(changes[0][7], datetime.datetime)
    exceptions = list(workbook["Exceptions"].iter_rows(min_row=2, values_only=True))
    assert exceptions[0][3] == "1.2" and exceptions[0][7] == datetime.datetime(2023, 11, 30)


def test_an_issued_pack_is_unchanged_after_the_plan_moves_on(client, reviewer, meeting, board):
    client.force_login(reviewer)
    client.post(f"/meetings/{meeting.pk}/issue/", follow=True)  # shows the "issued" message
    issued = main(client.get(f"/meetings/{meeting.pk}/").text)
    services.status_update_create(
        activity=board["1.2"],
        status="on_track",
        commentary="Back on track.",
        at=at(meeting.date, 11),
    )
    again = main(client.get(f"/meetings/{meeting.pk}/").text)
    assert "This is the pack as issued on" in again
    assert again == issued and "Back on track." not in again
    second = client.post(f"/meetings/{meeting.pk}/issue/", follow=True)
    assert "already been issued" in second.text
    assert IssuedPack.objects.count() == 1


def test_a_chairs_note_appears_in_the_history_and_the_next_meetings_pack(
    client, reviewer, meeting, board
):
    client.force_login(reviewer)
    client.post(f"/meetings/{meeting.pk}/notes/new/",
                {"plan": "test-plan", "reference": "1.2", "kind": "action", "text": "Report back in March."})  # fmt: skip
    timeline = activity_timeline(board["1.2"])
    assert [(e.title, e.commentary) for e in timeline if e.kind == "note"] == [
        ("Action from Performance board, 15 January 2024", "Report back in March.")
    ]
    later = meeting_create(title="Performance board", date=datetime.date(2024, 2, 15), chair="ACC",
                           plans=[default_plan()], previous=meeting, author=reviewer)  # fmt: skip
    page = client.get(f"/meetings/{later.pk}/").text
    assert "Report back in March." in page
    assert "Report back in March." in client.get(f"/meetings/{meeting.pk}/").text  # its own, too


def test_a_note_on_an_unknown_reference_is_refused_naming_it(client, reviewer, meeting):
    client.force_login(reviewer)
    response = client.post(f"/meetings/{meeting.pk}/notes/new/",
                           {"plan": "test-plan", "reference": "9.9", "kind": "note", "text": "X"})  # fmt: skip
    assert "Test plan has no activity 9.9." in response.text
    assert not MeetingNote.objects.exists()


def test_the_pack_page_takes_the_same_queries_at_two_sizes(
    client, editor, meeting, django_assert_max_num_queries
):
    from tests.factories import make_activity, make_theme

    client.force_login(editor)
    with django_assert_max_num_queries(30) as small:
        client.get(f"/meetings/{meeting.pk}/")
    theme = make_theme("More")
    for _ in range(12):
        make_activity(theme=theme, due=datetime.date(2023, 12, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/meetings/{meeting.pk}/")


def test_the_printed_page_header_names_the_meeting(client, editor, meeting):
    client.force_login(editor)
    css = client.get(f"/meetings/{meeting.pk}/page.css")
    assert css["Content-Type"].startswith("text/css")
    assert 'content: "Performance board"' in css.text and "counter(pages)" in css.text


def test_control_characters_in_commentary_do_not_stop_the_word_download(
    client, editor, meeting, board
):
    services.status_update_create(
        activity=board["1.2"],
        status="off_track",
        commentary="Late\x0bagain\x01.",
        at=at(meeting.date, 9),
    )
    client.force_login(editor)
    response = client.get(f"/meetings/{meeting.pk}/pack.docx")
    cells = [
        c.text
        for t in Document(io.BytesIO(response.content)).tables
        for r in t.rows
        for c in r.cells
    ]
    assert any("Lateagain." in cell for cell in cells)


def test_a_meeting_title_cannot_break_out_of_the_printed_header(client, editor, reviewer, board):
    meeting = meeting_create(
        title='Board"; } body { display: none } @page { x: "', date=datetime.date(2024, 1, 15),
        chair="ACC", plans=[default_plan()], compare_from=datetime.date(2023, 12, 1), author=reviewer,
    )  # fmt: skip
    client.force_login(editor)
    css = client.get(f"/meetings/{meeting.pk}/page.css").text
    header = css[css.index("@top-left") : css.index("@top-right")]
    assert (
        header.count('"') == 2
        and "}" not in header.split('"')[1]
        and ";" not in header.split('"')[1]
    )
