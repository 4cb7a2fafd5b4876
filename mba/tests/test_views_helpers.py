"""Helpers shared by the staff app's view tests (no tests here)."""

from django.contrib.auth.models import Group

from mba.models import Medewerker


def maak_medewerker_in(username, organisatie, *wijken, rol="medewerker"):
    user = Medewerker.objects.create_user(
        username=username, password="Een-lang-wachtwoord-2021", organisatie=organisatie
    )
    user.groups.add(Group.objects.get(name=rol))
    for wijk in wijken:
        wijk.teamleden.add(user)
    return user
