"""The bounds on the work of one read (budget.py, limits.py): counted exactly, clock looked at
every 1,000 cells, defaults the same in settings.py and for callers without settings."""

import io
import zipfile

import pytest

from activities.importing import limits as limits_module
from activities.importing.budget import CHECK_CLOCK_EVERY, ReadBudget, ReadLimits
from activities.importing.limits import CHUNK_BYTES, check_shared_strings
from activities.importing.parse import read_limits
from activities.importing.problems import PlanFileError


class Clock:
    """A clock that moves only when told, counting how often it is read."""

    def __init__(self):
        self.now, self.reads = 0.0, 0

    def __call__(self) -> float:
        self.reads += 1
        return self.now


def test_settings_defaults_are_the_readers_own_defaults():
    assert read_limits() == ReadLimits()


def test_the_cell_past_the_limit_is_refused_and_the_last_within_it_is_not():
    budget = ReadBudget(ReadLimits(max_cells=10), "plan.xlsx")
    budget.charge(10, 0, sheet="Plan", row=4)
    with pytest.raises(PlanFileError, match="more than 10 cells.*stopped at row 5"):
        budget.charge(1, 0, sheet="Plan", row=5)


def test_the_clock_is_looked_at_once_every_thousand_cells():
    clock = Clock()
    budget = ReadBudget(ReadLimits(max_seconds=5), "plan.xlsx", clock=clock)
    clock.now = 60.0  # long past the deadline, but nobody has looked
    for _ in range(CHECK_CLOCK_EVERY - 1):
        budget.charge(1, 0, sheet="Plan", row=2)
    assert clock.reads == 1  # only when the budget began
    with pytest.raises(PlanFileError, match="took more than 5 seconds, the import's time limit"):
        budget.charge(1, 0, sheet="Plan", row=3)


def test_reading_within_the_time_limit_goes_on():
    clock = Clock()
    budget = ReadBudget(ReadLimits(max_seconds=5), "plan.csv", clock=clock)
    clock.now = 4.9
    budget.charge(5 * CHECK_CLOCK_EVERY, 0, sheet=None, row=9)
    assert clock.reads == 2


def shared_strings_zip(strings: list[bytes]) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"".join(strings) + b"</sst>")
    return zipfile.ZipFile(buffer)


@pytest.mark.parametrize("chunk", [7, CHUNK_BYTES])
@pytest.mark.parametrize("limit, refused", [(99_999, True), (100_000, False)])
def test_shared_strings_are_counted_exactly_across_chunks(monkeypatch, chunk, limit, refused):
    # 100,000 strings in prefixed, attributed and plain tags (and <sst/>, which is none), 2 MB:
    # read in 1 MB chunks, and in 7-byte ones that split every tag.
    monkeypatch.setattr(limits_module, "CHUNK_BYTES", chunk)
    strings = [b"<si><t>a</t></si>", b'<x:si a="1"><x:t>b</x:t></x:si>', b"<si/>", b"<sst/>"]
    archive = shared_strings_zip([strings[n % 4] for n in range(133_332)] + [b"<si/>"])
    assert archive.getinfo("xl/sharedStrings.xml").file_size > CHUNK_BYTES
    limits = ReadLimits(max_shared_strings=limit)
    if refused:
        with pytest.raises(PlanFileError, match="holds more than 99,999 strings"):
            check_shared_strings(archive, "xl/sharedStrings.xml", file_name="p", limits=limits)
    else:
        check_shared_strings(archive, "xl/sharedStrings.xml", file_name="p", limits=limits)


def test_reads_in_parallel_threads_each_keep_their_own_count():
    """Each read has its own budget: four threads reading some 1,300 cells at once, under a limit of
    2,000 each, all finish (a count shared between reads would pass 2,000 and refuse)."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from activities.importing.read import read_plan

    data = ("Activity,Owner(s),Timescale\n" + "We will.,X,May 2024\n" * 399).encode()
    barrier = Barrier(4)

    def read() -> int:
        barrier.wait()
        plan = read_plan(
            data, file_name="plan.csv", max_bytes=len(data), max_rows=500,
            limits=ReadLimits(max_cells=2_000),
        )  # fmt: skip
        return len(plan.rows)

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda _: read(), range(4))) == [399] * 4
