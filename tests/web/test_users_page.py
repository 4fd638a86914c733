"""Administrators manage users in the web app: add one (password shown once), reset a password, stop one."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from csc_workforce.store import models as m
from tests.web.conftest import MakeUser


def _admin(client: Client, make_user: MakeUser) -> Client:
    client.force_login(make_user("boss", "admin"))
    return client


@pytest.mark.parametrize("role", ["analyst", "manager", "viewer"])
def test_only_admins_see_users(client: Client, make_user: MakeUser, role: str):
    client.force_login(make_user(f"x-{role}", role))
    assert client.get("/users/").status_code == 403


def test_an_admin_adds_a_manager_with_teams_and_the_password_works(client: Client, make_user: MakeUser):
    client = _admin(client, make_user)
    response = client.post(
        "/users/", {"username": "mo", "role": "manager", "la": "", "teams": "Child Protection 1"}, follow=True
    )
    text = response.content.decode()
    password = re.search(r"The password for mo is (\S+) ", text).group(1)
    user = User.objects.get(username="mo")
    assert user.check_password(password) and user.council_roles.get().teams == ["Child Protection 1"]
    assert m.AuditEvent.objects.filter(object_type="user", object_id="mo").exists()


def test_teams_are_for_managers_only(client: Client, make_user: MakeUser):
    html = _admin(client, make_user).post("/users/", {"username": "al", "role": "analyst", "teams": "A"}).content
    assert b"Teams are for managers only" in html and not User.objects.filter(username="al").exists()


def test_an_admin_resets_a_password_and_stops_a_user(client: Client, make_user: MakeUser):
    client = _admin(client, make_user)
    make_user("ann", "analyst")
    text = client.post("/users/ann/reset", follow=True).content.decode()
    password = re.search(r"The password for ann is (\S+) ", text).group(1)
    assert User.objects.get(username="ann").check_password(password)
    client.post("/users/ann/stop")
    assert not User.objects.get(username="ann").is_active
    assert m.AuditEvent.objects.filter(action="user-disabled", object_id="ann").exists()
    client.post("/users/ann/allow")
    assert User.objects.get(username="ann").is_active


def test_an_admin_cannot_stop_themselves(client: Client, make_user: MakeUser):
    html = _admin(client, make_user).post("/users/boss/stop", follow=True).content.decode()
    assert "You cannot stop your own account" in html and User.objects.get(username="boss").is_active
