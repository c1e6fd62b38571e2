"""Holder access rules: claim codes, PIN hashes, the growing delay, share link lifetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from certification import holder

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_codes_are_random_well_formed_and_read_forgivingly() -> None:
    codes = {holder.new_code() for _ in range(200)}
    assert len(codes) == 200 and all(holder.well_formed_code(c) for c in codes)
    code = "7K2M9QXR4HTD"
    assert holder.display_code(code) == "7K2M-9QXR-4HTD"
    assert holder.normalise_code(" 7k2m-9qxr 4htd ") == code
    assert holder.normalise_code("1L0O") == "1100"  # I/L read as 1, O as 0
    assert not holder.well_formed_code("7K2M9QXR4HT") and not holder.well_formed_code("7K2M9QXR4HTU")


def test_pin_is_kept_only_as_a_salted_scrypt_hash() -> None:
    pin = holder.new_pin()
    assert len(pin) == 6 and pin.isdigit()
    a, b = holder.hash_pin(pin), holder.hash_pin(pin)
    assert a != b and pin not in a and a.startswith("scrypt$")
    assert holder.check_pin(pin, a) and holder.check_pin(pin, b)
    assert not holder.check_pin("000000" if pin != "000000" else "111111", a)
    assert not holder.check_pin(pin, "bogus") and not holder.check_pin(pin, "bcrypt$1$2$3$4$5")


def test_delay_grows_after_the_free_attempts_and_is_capped() -> None:
    assert [holder.delay_after(n) for n in range(1, 7)] == [0, 0, 30, 60, 120, 240]
    assert holder.delay_after(40) == holder.MAX_DELAY
    count, until = holder.after_failure(2, NOW)
    assert count == 3 and until == NOW + timedelta(seconds=30)
    assert holder.locked_for(until, NOW) == 30 and holder.locked_for(until, NOW + timedelta(seconds=30)) == 0
    assert holder.after_failure(0, NOW) == (1, None) and holder.locked_for(None, NOW) == 0


def test_share_links_live_for_an_offered_lifetime_until_revoked() -> None:
    end = holder.share_expiry(7, NOW)
    assert end == NOW + timedelta(days=7)
    assert holder.share_live(end, None, NOW) and not holder.share_live(end, None, end)
    assert not holder.share_live(end, NOW, NOW)
    with pytest.raises(ValueError):
        holder.share_expiry(5, NOW)
    token = holder.new_share_token()
    assert len(token) >= 32 and holder.token_hash(token) != token and len(holder.token_hash(token)) == 64
