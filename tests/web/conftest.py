"""Web-layer fixtures: users of each role (a factory); the councils come from the application layer's fixtures."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from csc_workforce.store import models as m
from tests.store.conftest import NOW, census_files, councils  # noqa: F401 -- fixtures shared with tests/store

PASSWORD = "Correct-horse-42-battery"

MakeUser = Callable[..., User]


@pytest.fixture
def make_user(db: None) -> MakeUser:
    def make(username: str, role: str | None, *, la_code: str = "", teams: list[str] | None = None) -> User:
        user = User.objects.create_user(username=username, password=PASSWORD)
        if role is not None:
            m.CouncilRole.objects.create(user=user, role=role, la_code=la_code, teams=teams or [])
        return user

    return make
