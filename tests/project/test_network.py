"""Critical-path analysis checked against worked textbook examples."""

import pytest

from germbank.project.network import (
    Activity,
    DependencyCycleError,
    DuplicateTaskError,
    Link,
    UnknownPredecessorError,
    analyse,
    topological_order,
)


def _net(spec):
    """Build activities from (key, duration, [predecessor keys]) triples."""
    return [Activity(key, duration, tuple(Link(p) for p in preds)) for key, duration, preds in spec]


# Hillier & Lieberman, "Introduction to Operations Research", the Reliable Construction Co.
# project (durations in weeks). Published answer: 44 weeks, critical path A-B-C-E-F-J-L-N,
# slack 4 on D, G, H and M, 2 on I, 1 on K.
RELIABLE_CONSTRUCTION = [
    ("A", 2, []),  # excavate
    ("B", 4, ["A"]),  # lay the foundation
    ("C", 10, ["B"]),  # put up the rough wall
    ("D", 6, ["C"]),  # put up the roof
    ("E", 4, ["C"]),  # install the exterior plumbing
    ("F", 5, ["E"]),  # install the interior plumbing
    ("G", 7, ["D"]),  # put up the exterior siding
    ("H", 9, ["E", "G"]),  # do the exterior painting
    ("I", 7, ["C"]),  # do the electrical work
    ("J", 8, ["F", "I"]),  # put up the wallboard
    ("K", 4, ["J"]),  # install the flooring
    ("L", 5, ["J"]),  # do the interior painting
    ("M", 2, ["H"]),  # install the exterior fixtures
    ("N", 6, ["K", "L"]),  # install the interior fixtures
]


def test_textbook_project_duration_and_critical_path():
    result = analyse(_net(RELIABLE_CONSTRUCTION))
    assert result.finish == 44
    assert result.critical_path == ("A", "B", "C", "E", "F", "J", "L", "N")


def test_textbook_early_and_late_times_and_slack():
    times = analyse(_net(RELIABLE_CONSTRUCTION)).times
    # (ES, EF, LS, LF) as tabulated in the textbook.
    expected = {
        "A": (0, 2, 0, 2), "B": (2, 6, 2, 6), "C": (6, 16, 6, 16), "D": (16, 22, 20, 26),
        "E": (16, 20, 16, 20), "F": (20, 25, 20, 25), "G": (22, 29, 26, 33),
        "H": (29, 38, 33, 42), "I": (16, 23, 18, 25), "J": (25, 33, 25, 33),
        "K": (33, 37, 34, 38), "L": (33, 38, 33, 38), "M": (38, 40, 42, 44),
        "N": (38, 44, 38, 44),
    }
    for key, (es, ef, ls, lf) in expected.items():
        t = times[key]
        assert (t.early_start, t.early_finish, t.late_start, t.late_finish) == (es, ef, ls, lf), key
    slack = {key: times[key].total_float for key in times}
    assert slack == {"A": 0, "B": 0, "C": 0, "D": 4, "E": 0, "F": 0, "G": 4, "H": 4, "I": 2,
                     "J": 0, "K": 1, "L": 0, "M": 4, "N": 0}
    # Free float: G may slip 0 weeks without delaying H (E does not drive H); M's slip is free.
    assert times["G"].free_float == 0
    assert times["M"].free_float == 4
    assert times["K"].free_float == 1


def _lagged(lag_b):
    """A(3) -> B(2) with a lag, A -> C(4), B and C -> D(1)."""
    return [
        Activity("A", 3),
        Activity("B", 2, (Link("A", lag_b),)),
        Activity("C", 4, (Link("A"),)),
        Activity("D", 1, (Link("B"), Link("C"))),
    ]


def test_short_lag_leaves_float_on_the_lagged_branch():
    result = analyse(_lagged(1))
    assert result.critical_path == ("A", "C", "D")
    assert result.times["B"].early_start == 4  # A finishes at 3, plus one day of lag
    assert result.times["B"].total_float == 1
    assert result.finish == 8


def test_long_lag_moves_the_critical_path():
    result = analyse(_lagged(3))  # e.g. concrete curing before B may start
    assert result.critical_path == ("A", "B", "D")
    assert result.times["B"].early_start == 6
    assert result.times["C"].total_float == 1
    assert result.finish == 9


def test_deadline_earlier_than_finish_gives_negative_float_on_the_critical_path():
    result = analyse(_lagged(3), deadline=7)
    assert result.times["A"].total_float == -2
    assert result.critical_path == ("A", "B", "D")


def test_pinned_actuals_are_not_critical_and_push_successors():
    activities = [
        Activity("A", 3, fixed_start=0, fixed_finish=5, done=True),  # finished two days late
        Activity("B", 2, (Link("A"),)),
    ]
    result = analyse(activities)
    assert result.times["B"].early_start == 5
    assert result.critical_path == ("B",)


def test_work_in_progress_pinned_to_its_forecast_can_still_be_critical():
    activities = [
        Activity("A", 6, fixed_start=0, fixed_finish=6),  # started, forecast to run 6 days
        Activity("B", 2, (Link("A"),)),
        Activity("C", 1),
    ]
    assert analyse(activities).critical_path == ("A", "B")


def test_topological_order_keeps_input_order_when_free():
    activities = _net([("Z", 1, []), ("Y", 1, []), ("X", 1, ["Z"])])
    assert topological_order(activities) == ["Z", "Y", "X"]


def test_two_task_cycle_is_named_in_the_direction_work_flows():
    activities = [
        Activity("f", 5, (Link("s"),), name="Foundations"),
        Activity("s", 5, (Link("f"),), name="Structure"),
    ]
    with pytest.raises(DependencyCycleError) as caught:
        analyse(activities)
    message = str(caught.value)
    assert message in (
        "Dependency cycle: Foundations → Structure → Foundations",
        "Dependency cycle: Structure → Foundations → Structure",
    )


def test_three_task_cycle_behind_a_clean_chain_names_only_the_loop():
    activities = [
        Activity("d", 1, name="Design"),
        Activity("a", 1, (Link("d"), Link("c")), name="A"),
        Activity("b", 1, (Link("a"),), name="B"),
        Activity("c", 1, (Link("b"),), name="C"),
        Activity("e", 1, (Link("c"),), name="After"),
    ]
    with pytest.raises(DependencyCycleError) as caught:
        topological_order(activities)
    cycle = caught.value.cycle
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"a", "b", "c"}
    assert "Design" not in str(caught.value) and "After" not in str(caught.value)
    # Each step of the named loop really is a dependency: successor depends on predecessor.
    preds = {a.key: {link.predecessor for link in a.predecessors} for a in activities}
    for before, after in zip(cycle, cycle[1:], strict=False):
        assert before in preds[after]


def test_self_dependency_is_a_cycle():
    with pytest.raises(DependencyCycleError, match="Pour → Pour"):
        topological_order([Activity("p", 1, (Link("p"),), name="Pour")])


def test_unknown_predecessor_and_duplicate_keys_are_refused():
    with pytest.raises(UnknownPredecessorError, match="'ghost'"):
        analyse([Activity("a", 1, (Link("ghost"),), name="A")])
    with pytest.raises(DuplicateTaskError):
        analyse([Activity("a", 1), Activity("a", 2)])
