import pytest

from activities.models import StatusUpdate
from tests.factories import TEST_PLAN_URL, make_activity


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


@pytest.mark.django_db
def test_sign_in_page_is_a_govuk_form(client):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Sign in – Plan Tracker</title>" in html
    assert html.count("<h1") == 1
    assert 'class="govuk-input"' in html
    assert 'for="id_username"' in html


@pytest.mark.django_db
def test_wrong_password_shows_error_summary(client, editor):
    response = client.post("/accounts/login/", {"username": "editor", "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "<title>Error: Sign in – Plan Tracker</title>" in html


@pytest.mark.django_db
def test_sign_in_then_dashboard(client, editor):
    response = client.post(
        "/accounts/login/",
        {"username": "editor", "password": "correct horse battery", "next": "/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_sign_out_is_a_post_button_and_signs_out(client, editor):
    client.force_login(editor)
    html = client.get("/").content.decode()
    assert 'action="/accounts/logout/"' in html
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_outsider_gets_403_page_with_layout(client, outsider):
    client.force_login(outsider)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "You do not have permission" in html
    assert 'id="main-content"' in html


@pytest.mark.django_db
def test_unknown_activity_is_404(client, editor):
    client.force_login(editor)
    assert client.get(TEST_PLAN_URL + "/activities/no-such/").status_code == 404


@pytest.mark.django_db
def test_page_has_landmarks_skip_link_and_force_name(client, editor):
    client.force_login(editor)
    html = client.get("/").content.decode()
    assert 'class="govuk-skip-link"' in html
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert "Wiltshire Police" in html
    assert "Plan Tracker" in html
    assert 'media="print"' in html
    assert "style=" not in html


@pytest.mark.django_db
def test_nav_shows_admin_only_to_staff(client, editor, administrator):
    client.force_login(editor)
    assert 'href="/admin/"' not in client.get("/").content.decode()
    client.force_login(administrator)
    assert 'href="/admin/"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_notification_banner_after_action(client, editor):
    activity = make_activity()
    client.force_login(editor)
    response = client.post(
        f"{TEST_PLAN_URL}/activities/{activity.reference}/updates/",
        {"kind": "status", "update-status": "on_track", "update-commentary": ""},
        follow=True,
    )
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert "Status update posted." in html
    assert StatusUpdate.objects.count() == 1
