"""The import page refuses, in the page's error summary, a file past the settings' work limits."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from activities.models import PendingImport
from tests.activities.importing.support import plan_data_counts

pytestmark = pytest.mark.django_db
CSV = b"Activity,Owner(s),Timescale\nWe will.,X,May 2024\nWe will too.,X,June 2024\n"
LONGER_CSV = CSV + b"We will.,X,May 2024\n" * 400  # the clock is looked at every 1,000 cells


@pytest.mark.parametrize(
    "limit, data, refusal",
    [
        (
            {"PLAN_IMPORT_MAX_CELLS": 5},
            CSV,
            "plan.csv: more than 5 cells, the most an import reads",
        ),
        (
            {"PLAN_IMPORT_MAX_TEXT_CHARACTERS": 30},
            CSV,
            "plan.csv: more than 30 characters of text, the most an import reads",
        ),
        ({"PLAN_IMPORT_MAX_SECONDS": 0}, LONGER_CSV, "the import&#x27;s time limit"),
    ],
)
def test_upload_past_a_work_limit_is_refused_on_the_page(
    client, administrator, limit, data, refusal
):
    """The upload only stores the file; the preview, which reads it, names the limit."""
    client.force_login(administrator)
    before = plan_data_counts()
    with override_settings(**limit):
        response = client.post(
            "/import/",
            {
                "plan_file": SimpleUploadedFile("plan.csv", data),
                "plan": "new",
                "new_plan_title": "P",
            },
            follow=True,
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert refusal in page
    assert PendingImport.objects.count() == 1  # stored, never applied
    assert plan_data_counts() == before
