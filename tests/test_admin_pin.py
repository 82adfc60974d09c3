"""Staff PIN hashing and the lockout gate."""

from __future__ import annotations

import logging

import pytest

from kiosk.admin_pin import PinGate, SavedLock, StaffRole, hash_pin, is_pin_hash, verify_pin
from kiosk.tap_gesture import CornerTaps

TECH = hash_pin("246810")
OFFICER = hash_pin("1357")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_hash_round_trip_and_salt():
    assert is_pin_hash(TECH)
    assert verify_pin("246810", TECH)
    assert not verify_pin("246811", TECH)
    assert hash_pin("246810") != TECH  # fresh salt each time
    assert not verify_pin("246810", "scrypt$1$2$3$bad$hash")
    assert "246810" not in TECH


def test_right_pins_open_their_roles():
    gate = PinGate({StaffRole.TECHNICIAN: TECH, StaffRole.OFFICER: OFFICER})
    assert gate.attempt("246810").role is StaffRole.TECHNICIAN
    assert gate.attempt("1357").role is StaffRole.OFFICER


@pytest.mark.expected_log_warnings
def test_five_wrong_pins_lock_for_five_minutes(caplog):
    clock = Clock()
    gate = PinGate({StaffRole.TECHNICIAN: TECH}, max_failures=5, lockout_s=300, clock=clock)
    with caplog.at_level(logging.INFO, logger="audit"):
        results = [gate.attempt("0000") for _ in range(5)]
    assert [r.failures for r in results] == [1, 2, 3, 4, 5]
    assert results[-1].locked_for_s == 300
    clock.now = 299
    locked = gate.attempt("246810")
    assert locked.role is None and locked.locked_for_s > 0
    clock.now = 300
    assert gate.attempt("246810").role is StaffRole.TECHNICIAN
    audit = "\n".join(record.getMessage() for record in caplog.records)
    assert "admin login failed (1 in a row)" in audit
    assert "locked for 300 s" in audit
    assert "0000" not in audit and "246810" not in audit


@pytest.mark.expected_log_warnings
def test_wrong_pins_and_the_lock_outlive_the_process(tmp_path):
    """Each citizen gets a new kiosk process: a new gate must not forget the last one's wrong PINs or its lock."""
    state, wall = tmp_path / "pin-pad.json", Clock()
    wall.now = 1_000_000.0

    def new_process(monotonic: float) -> PinGate:
        clock = Clock()
        clock.now = monotonic  # every process has its own monotonic clock
        return PinGate({StaffRole.TECHNICIAN: TECH}, max_failures=3, lockout_s=300, clock=clock,
                       saved=SavedLock(state, wall))

    assert [new_process(5.0).attempt("0000").failures for _ in range(2)] == [1, 2]
    assert new_process(77.0).attempt("0000").locked_for_s == 300  # the third in a row, in a third process
    wall.now += 100
    gate = new_process(9.0)
    assert gate.locked_for() == pytest.approx(200)
    assert gate.attempt("246810").role is None
    wall.now += 200
    assert new_process(3.0).attempt("246810").role is StaffRole.TECHNICIAN
    assert new_process(4.0).attempt("0000").failures == 1  # the right PIN started the count again
    assert "246810" not in state.read_text() and "0000" not in state.read_text()


@pytest.mark.expected_log_warnings
def test_an_unreadable_pin_pad_state_locks_the_pad_rather_than_opening_it(tmp_path):
    state = tmp_path / "pin-pad.json"
    state.write_text("{not json", encoding="utf-8")
    gate = PinGate({StaffRole.TECHNICIAN: TECH}, lockout_s=300, saved=SavedLock(state))
    assert gate.locked_for() == pytest.approx(300, abs=1)


@pytest.mark.expected_log_warnings
def test_a_right_pin_resets_the_failure_count():
    gate = PinGate({StaffRole.TECHNICIAN: TECH}, max_failures=3)
    gate.attempt("1111")
    gate.attempt("1111")
    assert gate.attempt("246810").role is StaffRole.TECHNICIAN
    assert gate.attempt("1111").failures == 1


@pytest.mark.expected_log_warnings
def test_no_pins_configured():
    gate = PinGate({StaffRole.TECHNICIAN: "", StaffRole.OFFICER: ""})
    assert not gate.has_pins
    assert gate.attempt("1234").role is None


def test_corner_taps_need_five_within_three_seconds():
    taps = CornerTaps(count=5, window_s=3.0)
    assert not any(taps.tap(t) for t in (0.0, 1.0, 2.0, 3.0))
    assert not taps.tap(3.5)  # five taps, but over 3.5 s
    assert taps.tap(3.6)  # the last five now span 2.6 s
    fresh = CornerTaps(count=5, window_s=3.0)
    assert [fresh.tap(t) for t in (10.0, 10.5, 11.0, 11.5, 12.0)] == [False, False, False, False, True]
    fresh.tap(20.0)
    fresh.reset()
    assert [fresh.tap(t) for t in (21.0, 21.1, 21.2, 21.3)] == [False] * 4
