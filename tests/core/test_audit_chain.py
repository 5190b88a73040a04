"""The audit trail's chain of seals: any change, removal or reordering of an event is found at
the first event that no longer follows, and the same content always gives the same seal."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zicht.core.audit_chain import (
    START,
    Anchor,
    AnchorInvalid,
    AuditFields,
    Break,
    SealedEvent,
    check_chain,
    seal,
    verdict,
)

KEY = b"k" * 32
START_AT = datetime(2026, 12, 7, 9, 30, 0, 123456, tzinfo=UTC)


def _fields(position: int, **changes) -> AuditFields:
    fields = AuditFields(
        position=position,
        at=START_AT + timedelta(minutes=position),
        actor_id=7,
        actor_name="coordinator-demo",
        action="download",
        target=f"levering {position}",
        detail="werkcijfers 2020",
        ip_address="192.0.2.10",
        path="/portaal/werkcijfers.csv",
    )
    return dataclasses.replace(fields, **changes)


def _trail(count: int, key: bytes = KEY) -> list[SealedEvent]:
    events, previous = [], START
    for position in range(1, count + 1):
        fields = _fields(position)
        previous = seal(key, previous, fields)
        events.append(SealedEvent(fields, previous))
    return events


def test_an_untouched_trail_holds_and_names_its_last_seal():
    trail = _trail(5)
    check = check_chain(KEY, trail)
    assert check.intact and check.events == 5 and check.last_position == 5
    assert check.last_seal == trail[-1].seal
    assert "ongeschonden" in verdict(check) and "#5" in verdict(check)
    assert check_chain(KEY, []).intact and "leeg" in verdict(check_chain(KEY, []))


@given(
    position=st.integers(min_value=1, max_value=6),
    field=st.sampled_from(["actor_id", "actor_name", "action", "target", "detail", "path"]),
)
def test_a_changed_field_breaks_the_chain_at_that_event(position, field):
    trail = _trail(6)
    original = trail[position - 1]
    new_value = 99 if field == "actor_id" else "anders"
    changed = dataclasses.replace(original.fields, **{field: new_value})
    trail[position - 1] = SealedEvent(changed, original.seal)
    check = check_chain(KEY, trail)
    assert (check.problem, check.broken_at) == (Break.CHANGED, position)
    assert check.events == position - 1  # everything before it still holds
    assert "#" + str(position) in verdict(check) and "anders" not in verdict(check)


def test_a_removed_event_is_found_where_the_positions_skip():
    trail = _trail(5)
    check = check_chain(KEY, trail[:2] + trail[3:])
    assert (check.problem, check.broken_at, check.last_position) == (Break.MISSING, 4, 2)
    first_gone = check_chain(KEY, trail[1:])
    assert (first_gone.problem, first_gone.broken_at) == (Break.MISSING, 2)
    assert "ontbreken" in verdict(check)


def test_events_swapped_with_their_positions_renumbered_break_the_chain():
    trail = _trail(4)
    second, third = trail[1], trail[2]
    swapped = [
        trail[0],
        SealedEvent(dataclasses.replace(third.fields, position=2), third.seal),
        SealedEvent(dataclasses.replace(second.fields, position=3), second.seal),
        trail[3],
    ]
    check = check_chain(KEY, swapped)
    assert (check.problem, check.broken_at) == (Break.CHANGED, 2)


def test_a_history_resealed_without_the_key_does_not_check_out():
    forged = _trail(3, key=b"x" * 32)  # someone with the database but not the key
    check = check_chain(KEY, forged)
    assert (check.problem, check.broken_at) == (Break.CHANGED, 1)


def test_the_same_instant_and_address_in_another_spelling_give_the_same_seal():
    # Databases hand times back in another zone and IPv6 addresses in another spelling.
    fields = _fields(1, ip_address="2001:0db8:0000:0000:0000:0000:0000:0001")
    respelled = dataclasses.replace(
        fields,
        at=fields.at.astimezone(timezone(timedelta(hours=1))),
        ip_address="2001:db8::1",
    )
    assert seal(KEY, START, fields) == seal(KEY, START, respelled)
    assert seal(KEY, START, fields) != seal(
        KEY, START, dataclasses.replace(fields, ip_address=None)
    )


def test_the_logged_last_event_shows_that_the_newest_events_were_removed():
    trail = _trail(5)
    logged = Anchor(5, trail[4].seal)
    assert check_chain(KEY, trail[:3]).intact  # a shorter chain checks out by itself
    check = check_chain(KEY, trail[:3], logged)
    assert (check.problem, check.broken_at, check.last_position) == (Break.TRUNCATED, 5, 3)
    assert "de nieuwste regels zijn verwijderd" in verdict(check)
    whole = check_chain(KEY, trail, Anchor(4, trail[3].seal[:16]))  # a prefix will do
    assert whole.intact and whole.anchored_at == 4 and "zoals het log zegt" in verdict(whole)


def test_a_trail_resealed_with_the_key_is_not_as_the_log_recorded_it():
    trail = _trail(3)
    logged = Anchor(2, trail[1].seal)
    # Someone who has the key rewrites event 2 and seals everything from there again.
    rewritten, previous = trail[:1], trail[0].seal
    for event in trail[1:]:
        fields = (
            dataclasses.replace(event.fields, detail="anders")
            if event.fields.position == 2
            else event.fields
        )
        previous = seal(KEY, previous, fields)
        rewritten.append(SealedEvent(fields, previous))
    assert check_chain(KEY, rewritten).intact
    check = check_chain(KEY, rewritten, logged)
    assert (check.problem, check.broken_at) == (Break.NOT_AS_LOGGED, 2)


NOT_ANCHORS = ["", "5", "0:" + "a" * 16, "x:" + "a" * 16, "5:abc", "5:" + "g" * 16]


@pytest.mark.parametrize("text", NOT_ANCHORS)
def test_an_anchor_that_is_not_position_and_seal_is_refused_without_repeating_it(text):
    with pytest.raises(AnchorInvalid) as refused:
        Anchor.parse(text)
    assert "VOLGNUMMER:ZEGEL" in refused.value.message
    assert not text or text not in refused.value.message
