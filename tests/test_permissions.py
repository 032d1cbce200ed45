"""The whole role × action matrix: status codes, and nothing written when an action is refused.

The import's own steps (preview, confirm) are covered in tests/activities/test_import_page.py.
"""

import pytest

from activities.models import Activity, ActivityChange, StatusUpdate
from tests.factories import TEST_PLAN_URL, make_activity

ALLOWED, REFUSED, SIGN_IN = "allowed", 403, "sign in"

# action: (method, path template, data)
ACTIONS = {
    "view dashboard": ("get", "/", None),
    "view list": ("get", TEST_PLAN_URL + "/activities/", None),
    "view overdue": ("get", TEST_PLAN_URL + "/activities/overdue/", None),
    "view my": ("get", "/my/", None),
    "view activity": ("get", TEST_PLAN_URL + "/activities/{ref}/", None),
    "post status update": (
        "post",
        TEST_PLAN_URL + "/activities/{ref}/updates/",
        {"kind": "status", "update-status": "on_track"},
    ),
    "add review comment": (
        "post",
        TEST_PLAN_URL + "/activities/{ref}/updates/",
        {"kind": "review", "review-commentary": "Why?"},
    ),
    "open edit form": ("get", TEST_PLAN_URL + "/activities/{ref}/edit/", None),
    "edit activity": ("post", TEST_PLAN_URL + "/activities/{ref}/edit/", "edit"),
    "export": ("get", TEST_PLAN_URL + "/activities/?_export=csv", None),
    "open import page": ("get", "/import/", None),
    "open create plan page": ("get", "/plans/new/", None),
    "open plan settings": ("get", TEST_PLAN_URL + "/settings/", None),
    "open successor page": ("get", TEST_PLAN_URL + "/settings/successor/", None),
    "admin site": ("get", "/admin/", None),
}

EVERYTHING = dict.fromkeys(ACTIONS, ALLOWED)
VIEWS = {name: ALLOWED for name in ACTIONS if name.startswith("view")}
MATRIX = {
    "administrator": EVERYTHING,
    "editor": {
        **dict.fromkeys(ACTIONS, REFUSED),
        **VIEWS,
        "post status update": ALLOWED,
        "open edit form": ALLOWED,
        "edit activity": ALLOWED,
        "admin site": "admin login",
    },
    "reviewer": {
        **dict.fromkeys(ACTIONS, REFUSED),
        **VIEWS,
        "add review comment": ALLOWED,
        "export": ALLOWED,
        "admin site": "admin login",
    },
    "outsider": {**dict.fromkeys(ACTIONS, REFUSED), "admin site": "admin login"},
    "anonymous": {**dict.fromkeys(ACTIONS, SIGN_IN), "admin site": "admin login"},
}
WRITES = {"post status update", "add review comment", "edit activity"}


def edit_data(activity):
    return {
        "version": activity.version,
        "text": "Changed by the matrix",
        "theme": activity.theme_id,
        "owners": "\n".join(role.title for role in activity.owner_roles()),
        "timescale_label": "",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }


def written(activity) -> tuple:
    return (
        StatusUpdate.objects.count(),
        ActivityChange.objects.count(),
        Activity.objects.get(pk=activity.pk).text,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(MATRIX))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(client, request, persona, action):
    activity = make_activity(text="Original text")
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    method, path, data = ACTIONS[action]
    path = path.format(ref=activity.reference)
    if data == "edit":
        data = edit_data(activity)
    before = written(activity)
    response = getattr(client, method)(path, data or {})
    expected = MATRIX[persona][action]
    if expected == ALLOWED:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/login/" not in response["Location"]
        if action in WRITES:
            assert written(activity) != before
        return
    if expected == REFUSED:
        assert response.status_code == 403
    elif expected == SIGN_IN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:  # the admin site's own sign-in
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert written(activity) == before
