"""`manage.py meeting_pack`: the same pack as the page, as JSON or a Word document, without a meeting."""

import datetime
import io
import json
import re

import pytest
from docx import Document

from django.core.management import CommandError, call_command

from activities.meetings.pack import MeetingPack
from tests.activities import test_meeting_pack as history
from tests.factories import default_plan, make_plan

board = history.board


def run(*args) -> str:
    out = io.StringIO()
    call_command("meeting_pack", *args, stdout=out)
    return out.getvalue()


def test_json_gives_the_shape_the_issue_names_and_the_builders_content(board):
    printed = json.loads(run("--plan", "test-plan", "--since", "2023-12-01", "--json"))
    assert {"summary", "exceptions", "changes", "no_update_since"} <= set(printed)
    change = printed["changes"][0]
    assert {"reference", "kind", "old", "new", "author", "at"} <= set(change)
    assert (change["reference"], change["kind"], change["old"], change["new"]) == (
        "1.2", "status", "At risk", "Off track"
    )  # fmt: skip
    built = MeetingPack(
        plans=[default_plan()], as_of=datetime.date(2024, 1, 15), since=datetime.date(2023, 12, 1)
    ).content()
    assert printed == json.loads(json.dumps(built))


def test_as_of_reads_the_plan_back_to_that_date(board):
    printed = json.loads(
        run("--plan", "test-plan", "--since", "2023-12-01", "--as-of", "2024-01-05", "--json")
    )
    assert printed["as_of"] == "2024-01-05"
    assert "2.1" in [row["reference"] for row in printed["summary"]["newly_overdue"]]


def test_docx_writes_the_word_document_and_says_so(board, tmp_path):
    path = tmp_path / "pack.docx"
    line = run("--since", "2023-12-01", "--docx", str(path))
    assert line.startswith("Test plan as of 2024-01-15 against 2023-12-01: 4 activities,")
    assert f"Word document written to {path}." in line
    headings = [p.text for p in Document(path).paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Summary", "Exceptions", "Changes since the last meeting",
                        "No status update since the last meeting"]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "1 Dec"], "“1 Dec” is not a date: write it as YYYY-MM-DD"),
        (["--since", "2024-02-01"], "--since (2024-02-01) must be before the pack's date"),
        (
            ["--plan", "nope", "--since", "2023-12-01"],
            "There is no plan with the short name “nope”",
        ),
        (
            ["--since", "2023-12-01", "--docx", "/no/such/folder/p.docx"],
            "Cannot write /no/such/folder/p.docx",
        ),
    ],
)
def test_bad_arguments_are_refused_in_words(board, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)


def test_several_plans_need_plan_named(board):
    make_plan("Equality plan")
    with pytest.raises(CommandError, match="There are several plans, so say which one"):
        run("--since", "2023-12-01")
