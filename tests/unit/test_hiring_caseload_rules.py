"""The application stage machine and the follow-up schedule, as pure rules."""

from __future__ import annotations

from datetime import date

import pytest

from api.caseload.rules import FOLLOWUP_MONTHS, followup_due
from api.hiring.rules import NEXT_STAGES, StageError, check_move


@pytest.mark.parametrize(
    ("current", "target"), [("shortlisted", "interview"), ("interview", "offer"), ("offer", "hired")]
)
def test_moves_go_forward_one_stage(current: str, target: str) -> None:
    check_move(current, target, None)


@pytest.mark.parametrize(
    ("current", "target", "reason"),
    [("shortlisted", "hired", None), ("hired", "interview", None), ("rejected", "offer", None),
     ("offer", "rejected", "  "), ("offer", "promoted", None)],
)  # fmt: skip
def test_refused_moves(current: str, target: str, reason: str | None) -> None:
    with pytest.raises(StageError):
        check_move(current, target, reason)


def test_every_stage_can_be_rejected_with_a_reason_until_final() -> None:
    open_stages = {stage for stage, nexts in NEXT_STAGES.items() if nexts}
    assert open_stages == {"shortlisted", "interview", "offer"}
    for stage in open_stages:
        check_move(stage, "rejected", "posisi sudah terisi")
    for final in set(NEXT_STAGES) - open_stages:
        with pytest.raises(StageError):
            check_move(final, "rejected", "posisi sudah terisi")


def test_followups_fall_due_on_the_same_day_clamped_to_month_end() -> None:
    assert FOLLOWUP_MONTHS == (3, 6, 12)
    assert followup_due(date(2026, 1, 15), 3) == date(2026, 4, 15)
    assert followup_due(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert followup_due(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert followup_due(date(2026, 3, 31), 12) == date(2027, 3, 31)


def test_withdrawn_is_final_and_never_an_employers_move() -> None:
    from api.hiring import rules
    from models.repositories import applications

    assert applications.STAGES == rules.STAGES and applications.OPEN_STAGES == rules.OPEN_STAGES
    for stage in rules.STAGES:
        with pytest.raises(StageError):
            check_move(stage, rules.WITHDRAWN, "persetujuan dicabut")
    assert NEXT_STAGES[rules.WITHDRAWN] == ()
    assert rules.employer_may_see("offer", True, False)
    assert not rules.employer_may_see("withdrawn", True, False)
    assert not rules.employer_may_see("offer", False, False) and not rules.employer_may_see("offer", True, True)
