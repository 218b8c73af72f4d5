"""Shared fixtures: the tests import the installed `filrouge` wheel."""

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

UTC = dt.timezone.utc


def at(s: str) -> dt.datetime:
    """An aware UTC datetime from `YYYY-MM-DDTHH:MM[:SS]`."""
    return dt.datetime.fromisoformat(s).replace(tzinfo=UTC)


@pytest.fixture
def call():
    return {
        "id": "c1", "parties": ["cli-1"], "advisor_id": "adv-1", "channel": "phone",
        "direction": "outbound", "occurred_at": at("2026-03-02T09:00"), "duration_s": 300,
    }


@pytest.fixture
def report():
    return {
        "id": "r1", "client_id": "cli-1", "advisor_id": "adv-1", "channel": "phone",
        "initiative": "outbound", "entered_at": at("2026-03-02T09:07"), "comment": "RDV fixé",
    }


NOW = at("2026-03-02T12:00")
