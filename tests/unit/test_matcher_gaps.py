"""Gap analysis: missing units and schemes ranked by vacancies they would complete."""

from __future__ import annotations

from matcher.gaps import analyse_gaps


def test_missing_units_per_target_and_overall() -> None:
    report = analyse_gaps(
        held_units=["A.1", " b.2 "],
        targets={"v1": ["A.1", "C.3"], "v2": ["C.3", "D.4"], "v3": ["B.2"]},
        catalogue={},
    )
    gaps = {g.vacancy_id: g for g in report.targets}
    assert gaps["v1"].missing == ("C.3",)
    assert gaps["v2"].missing == ("C.3", "D.4")
    assert gaps["v3"].covered
    assert report.missing_units == ("C.3", "D.4")  # C.3 is wanted by two targets
    assert report.schemes == ()


def test_schemes_ranked_by_vacancies_completed_then_units_then_fewest_extra() -> None:
    report = analyse_gaps(
        held_units=["A.1"],
        targets={"v1": ["A.1", "C.3"], "v2": ["C.3", "D.4"], "v3": ["E.5", "F.6", "G.7"]},
        catalogue={
            "covers-three-units-no-vacancy": ["E.5", "F.6", "D.4"],  # completes nothing
            "completes-v1-v2": ["C.3", "D.4", "Z.9"],
            "completes-v1-lean": ["C.3"],
            "completes-v1-bloated": ["C.3", "Q.1", "Q.2"],
            "useless": ["Q.1"],
        },
    )
    names = [s.scheme for s in report.schemes]
    assert names == [
        "completes-v1-v2",
        "completes-v1-lean",
        "completes-v1-bloated",
        "covers-three-units-no-vacancy",
    ]
    best = report.schemes[0]
    assert best.vacancies_completed == ("v1", "v2")
    assert set(best.covers_missing) == {"C.3", "D.4"}
    assert best.extra_units == ("Z.9",)
    assert report.schemes[2].extra_units == ("Q.1", "Q.2")


def test_tie_on_completions_prefers_more_missing_units_covered() -> None:
    report = analyse_gaps(
        held_units=[],
        targets={"v1": ["A", "B", "C"]},
        catalogue={"two": ["A", "B"], "one": ["C"]},
    )
    assert [s.scheme for s in report.schemes] == ["two", "one"]
    assert all(s.vacancies_completed == () for s in report.schemes)


def test_nothing_missing_means_no_scheme_suggested() -> None:
    report = analyse_gaps(["A"], {"v": ["a"]}, {"s": ["A", "B"]})
    assert report.missing_units == () and report.schemes == ()


def test_fit_to_the_persons_trade_comes_before_use() -> None:
    report = analyse_gaps(
        held_units=[],
        targets={"kayu-1": ["K.1", "K.2", "X.9"], "roti-1": ["R.1"], "roti-2": ["R.1", "R.2"]},
        catalogue={"KAYU": ["K.1", "K.2"], "ROTI": ["R.1", "R.2"], "KAYU-BESAR": ["K.1", "K.2", "K.3"]},
        fit={"KAYU": 0.61, "KAYU-BESAR": 0.57, "ROTI": 0.22},
        unit_titles={"K.1": "Mengukur kayu", "R.1": "Membuat adonan"},
        vacancy_titles={"roti-1": "Pembuat Roti", "roti-2": "Juru Roti", "kayu-1": "Tukang Kayu"},
        scheme_titles={"KAYU": "Tukang Kayu Mebel"},
    )
    assert [s.scheme for s in report.schemes] == ["KAYU", "KAYU-BESAR", "ROTI"]  # ROTI completes two, fits none
    kayu, roti = report.schemes[0], report.schemes[2]
    assert kayu.fits_trade and report.schemes[1].fits_trade and not roti.fits_trade
    assert kayu.title == "Tukang Kayu Mebel" and kayu.covers_titles == ("Mengukur kayu", "")
    assert kayu.vacancies_helped == ("kayu-1",) and kayu.vacancies_completed == ()
    assert roti.completed_titles == ("Pembuat Roti", "Juru Roti")
    assert report.targets[0].title == "Tukang Kayu" and report.unit_title("R.1") == "Membuat adonan"


def test_own_trade_certification_comes_first_and_fitting_is_against_the_whole_catalogue() -> None:
    """A barista whose barista vacancies ask no unit was advised office work "sesuai keahlian" only:
    nothing better covered a missing unit, so office work was the best fit among those that did."""
    report = analyse_gaps(
        held_units=[],
        targets={"barista-1": [], "barista-2": [], "kantor-1": ["O.1", "O.2"]},
        catalogue={"BARISTA": ["B.1", "B.2"], "KANTOR": ["O.1", "O.2"], "ROTI": ["R.1"]},
        fit={"BARISTA": 0.62, "KANTOR": 0.21, "ROTI": 0.35},
    )
    assert [s.scheme for s in report.schemes] == ["BARISTA", "KANTOR"]
    barista, kantor = report.schemes
    assert barista.fits_trade and barista.covers_missing == () and not kantor.fits_trade
    held = analyse_gaps(["B.1", "B.2"], {"kantor-1": ["O.1"]}, {"BARISTA": ["B.1", "B.2"], "KANTOR": ["O.1"]},
                        fit={"BARISTA": 0.62, "KANTOR": 0.21})  # fmt: skip
    assert [s.scheme for s in held.schemes] == ["KANTOR"]  # already certified in the own trade


def test_the_advice_works_towards_good_matches_or_at_least_the_first_three() -> None:
    from matcher.gaps import gap_targets

    assert gap_targets(["strong", "partial", "weak", "partial", "weak", "strong"]) == [0, 1, 3, 5]
    assert gap_targets(["partial", "weak", "weak", "weak"]) == [0, 1, 2]  # too few good ones: the best three
    assert gap_targets(["weak"]) == [0] and gap_targets([]) == []
