"""The harness's own decisions, checked without a browser: where Chromium is, skip or fail."""

import os

from tests.browser.chromium import chromium_path, missing_chromium_outcome, running_in_ci
from tests.conftest import FIXED_TODAY


def plan_today():
    return FIXED_TODAY


def test_missing_chromium_is_skipped_locally(tmp_path):
    action, reason = missing_chromium_outcome(str(tmp_path / "chromium"), ci=False)
    assert action == "skip"
    assert "apt-get install -y chromium" in reason


def test_missing_chromium_fails_in_ci(tmp_path):
    action, reason = missing_chromium_outcome(str(tmp_path / "chromium"), ci=True)
    assert action == "fail"
    assert "CI=true" in reason and "apt-get install -y chromium" in reason


def test_present_chromium_runs(tmp_path):
    executable = tmp_path / "chromium"
    executable.write_text("#!/bin/sh\n")
    executable.chmod(0o755)
    assert missing_chromium_outcome(str(executable), ci=True) is None


def test_chromium_that_cannot_execute_counts_as_missing(tmp_path):
    executable = tmp_path / "chromium"
    executable.write_text("not a program")
    os.chmod(executable, 0o644)
    assert missing_chromium_outcome(str(executable), ci=True)[0] == "fail"


def test_chromium_path_prefers_the_environment():
    assert chromium_path({"CHROMIUM_PATH": "/opt/chrome/chrome"}) == "/opt/chrome/chrome"


def test_ci_is_read_from_the_environment():
    assert running_in_ci({"CI": "true"})
    assert not running_in_ci({"CI": ""})
    assert not running_in_ci({})


def test_plan_fixture_is_what_the_journeys_assume(plan):
    from activities.models import Activity

    overdue = Activity.objects.overdue(plan_today()).values_list("reference", flat=True)
    assert sorted(overdue) == plan.overdue
    at_risk_for_casey = Activity.objects.for_roles([plan.roles.head_of_comms]).filter(
        current_status="at_risk"
    )
    assert sorted(a.reference for a in at_risk_for_casey) == ["2.1", "2.2"]
    assert plan.people.comms_manager.groups.get().name == "Plan editors"
    assert plan.people.outsider.groups.count() == 0
