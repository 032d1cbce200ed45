"""Every real spreadsheet in ../shared/corpus (167 files from three readers' test suites) is imported
or refused with a true, specific message: no traceback or raw exception text, and with --json one
JSON object on standard output, nothing else printed into it."""

import io
import json
import re
from pathlib import Path

import pytest

from django.conf import settings
from django.core.management import CommandError, call_command

CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus"
FILES = sorted(CORPUS.glob("*.xlsx")) + sorted(CORPUS.glob("*.csv")) if CORPUS.exists() else []
RAW = re.compile(r"Traceback|KeyError|IndexError|ValueError|out of range|BadZipFile|Errno")

pytestmark = pytest.mark.django_db


def run(path: Path) -> tuple[str, str]:
    out = io.StringIO()
    try:
        call_command("import_plan", str(path), "--dry-run", "--json", stdout=out)
    except CommandError as refused:
        return out.getvalue(), str(refused)
    return out.getvalue(), ""


@pytest.mark.skipif(not FILES, reason=f"{CORPUS} is not here (it is in CI)")
def test_every_corpus_file_is_imported_or_clearly_refused(capsys):
    for path in FILES:
        stdout, refusal = run(path)
        printed = capsys.readouterr()
        report = json.loads(stdout)  # one JSON object, nothing else
        assert isinstance(report, dict), path.name
        assert not RAW.search(refusal), f"{path.name}: {refusal}"
        assert not RAW.search(printed.out + printed.err), f"{path.name}: {printed}"
        if "refused" in report:  # an unreadable file: the JSON says what the message says
            assert report["refused"] == refusal


@pytest.mark.skipif(not FILES, reason=f"{CORPUS} is not here (it is in CI)")
@pytest.mark.parametrize(
    "name, words",
    [
        ("sheetjs__sheet_visibility_strict.xlsx", "is saved as Strict Open XML"),
        ("calamine__tests_strict_iso_paths.xlsx", "is saved as Strict Open XML"),
        ("calamine__tests_pass_protected.xlsx", "is protected by a password"),
    ],
)
def test_a_corpus_file_is_refused_for_what_it_is(name, words):
    _, refusal = run(CORPUS / name)
    assert words in refusal


@pytest.mark.skipif(not FILES, reason=f"{CORPUS} is not here (it is in CI)")
def test_a_sheetjs_workbook_is_not_called_macro_enabled():
    refusals = [run(path)[1] for path in FILES if path.name.startswith("sheetjs__")]
    assert not [refusal for refusal in refusals if "macro-enabled" in refusal]
