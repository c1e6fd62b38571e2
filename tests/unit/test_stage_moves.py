"""Moving an application back a stage, "the candidate withdrew", and notes (pure rules)."""

from __future__ import annotations

import pytest

from api.hiring import rules
from api.hiring.rules import StageError, check_move, check_note, moves_from


def test_back_one_stage_needs_a_reason() -> None:
    for current, back in (("interview", "shortlisted"), ("offer", "interview")):
        with pytest.raises(StageError, match="kembali ke tahap sebelumnya memerlukan alasan"):
            check_move(current, back, "  ")
        check_move(current, back, "jadwal wawancara diundur")


def test_only_one_stage_back_and_never_out_of_hired() -> None:
    for current, target in (("offer", "shortlisted"), ("hired", "offer"), ("shortlisted", "shortlisted")):
        with pytest.raises(StageError):
            check_move(current, target, "alasan")


def test_candidate_withdrew_from_every_open_stage_and_is_final() -> None:
    for stage in rules.OPEN_STAGES:
        assert rules.CANDIDATE_WITHDREW in moves_from(stage)
        check_move(stage, rules.CANDIDATE_WITHDREW, None)
    assert moves_from(rules.CANDIDATE_WITHDREW) == ()
    assert rules.employer_may_see(rules.CANDIDATE_WITHDREW, True, False)  # unlike consent withdrawal
    for final in ("hired", "rejected", "withdrawn", rules.CANDIDATE_WITHDREW):
        assert moves_from(final) == ()
    assert rules.STAGE_LABELS[rules.CANDIDATE_WITHDREW] == "mengundurkan diri"


def test_moves_offered_are_exactly_the_moves_allowed() -> None:
    assert moves_from("interview") == ("offer", "rejected", "shortlisted", "candidate_withdrew")
    for current in rules.STAGES:
        for target in rules.STAGES:
            try:
                check_move(current, target, "alasan")
            except StageError:
                assert target not in moves_from(current)
            else:
                assert target in moves_from(current)


def test_notes_are_trimmed_and_bounded() -> None:
    assert check_note("  dihubungi lewat telepon \n") == "dihubungi lewat telepon"
    with pytest.raises(rules.NoteError, match="catatan wajib diisi"):
        check_note(" \n ")
    with pytest.raises(rules.NoteError):
        check_note("x" * (rules.NOTE_MAX + 1))
