"""Who may see and change what: the one place every view asks.

Roles are groups (migration ``mba/0002_rollen``):

- ``coordinator`` sees and changes everything.
- ``medewerker`` sees and changes contact moments of the wijken of their teams (of every
  organisation: a wijkteam works as one team) and their own contact moments wherever logged;
  other contact moments do not exist for them (404). Initiatives, activities, projects and wijk
  pages: reads all wijken, changes only those in the wijken of their teams (403 elsewhere).
  City-wide activities belong to the whole programme: every medewerker may change them.
- ``stuurgroep`` reads wijk pages and the lists of initiatives, activities and projects without
  personal data; contact moments do not exist for them (404); changes nothing (403).

Personal data: an initiatiefnemer's contact details are shown to the coordinator and to
medewerkers of that wijk's team only; notes of contact moments and the names of staff are in
exports for the coordinator only.

A user without a role sees nothing (403). Anonymous users are sent to the login page by the
views' ``login_required``.

Refusals that name a record raise ``Geweigerd`` (a 403) or ``NietZichtbaar`` (a 404 for a
record that exists): the audit trail (``mba.audit``) records them with the record.

This module holds the rules of roles only and imports no domain app. Which records a role
reaches is asked of the app that owns them, by the same names everywhere:
``Contactmoment.objects.zichtbaar_voor(user)``, ``<Model>.objects.bewerkbaar_voor(user)`` for
lists, ``obj.mag_bewerken(user)`` for one record (``vereis_bewerken`` turns a no into a 403), and
``Wijk.objects.bewerkbaar_voor(user)`` for the wijken a form may offer.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

COORDINATOR, MEDEWERKER, STUURGROEP = "coordinator", "medewerker", "stuurgroep"
ROLLEN = (COORDINATOR, MEDEWERKER, STUURGROEP)


# --- refusals (the audit trail records them, naming the record: mba.audit.AuditMiddleware) -----


class _Weigering:
    def __init__(self, bericht, obj=None, *, model=None, pk=None):
        super().__init__(bericht)
        soort = obj if obj is not None else model
        self.objecttype = soort._meta.label_lower if soort is not None else ""
        self.object_id = str(obj.pk if obj is not None else (pk if pk is not None else ""))


class Geweigerd(_Weigering, PermissionDenied):
    """A 403 about one record (or kind of record)."""


class NietZichtbaar(_Weigering, Http404):
    """A record that exists but is not the user's to see: a 404 to the user, a refusal in the
    audit trail."""


# --- roles ------------------------------------------------------------------------------------


def rollen(user):
    """The user's roles, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_mba_rollen"):
        rollen_van(user, user.groups.filter(name__in=ROLLEN).values_list("name", flat=True))
    return user._mba_rollen


def rollen_van(user, namen):
    """Keep ``namen`` (the names of the user's groups that are roles) as the user's roles for
    this request; a superuser is a coordinator as well. ``mba.auth.RollenMetGebruiker`` calls it
    with the names it read together with the user."""
    namen = set(namen)
    if user.is_superuser:
        namen.add(COORDINATOR)
    user._mba_rollen = frozenset(namen)


def is_coordinator(user):
    return COORDINATOR in rollen(user)


def is_medewerker(user):
    return MEDEWERKER in rollen(user) and not is_coordinator(user)


def is_stuurgroep(user):
    return rollen(user) == {STUURGROEP}


def rol(user):
    """The strongest role: what the interface is built for."""
    for naam in ROLLEN:
        if naam in rollen(user):
            return naam
    return None


def team_wijk_ids(user):
    """Ids of the wijken of the user's teams (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_mba_team"):
        user._mba_team = frozenset(user.wijken.values_list("pk", flat=True))
    return user._mba_team


def vereis_rol(user):
    """Every page of the staff app needs one of the roles."""
    if not rollen(user):
        raise PermissionDenied("Uw account heeft nog geen rol. Vraag de coördinator om er een.")


# --- contact moments --------------------------------------------------------------------------


def mag_contactmomenten_zien(user):
    return is_coordinator(user) or MEDEWERKER in rollen(user)


def mag_contactmoment_loggen(user):
    return is_coordinator(user) or MEDEWERKER in rollen(user)


# --- reading and changing records -------------------------------------------------------------


def team_wijken_of_alle(user):
    """The wijken whose records the user may change: ``None`` for every wijk (the coordinator),
    else the ids of the wijken of a medewerker's teams (empty for any other role). The apps'
    ``bewerkbaar_voor(user)`` and ``mag_bewerken(user)`` start from this."""
    if is_coordinator(user):
        return None
    if MEDEWERKER in rollen(user):
        return team_wijk_ids(user)
    return frozenset()


def mag_in_wijk_bewerken(user, wijk_id):
    """May the user change a record of this wijk (``None``: a city-wide record, never through
    this rule)?"""
    wijken = team_wijken_of_alle(user)
    return wijken is None or (wijk_id is not None and wijk_id in wijken)


def in_bewerkbare_wijken(qs, user, veld="wijk"):
    """``qs`` narrowed to the records (``veld``: the path to their wijk) the user may change."""
    wijken = team_wijken_of_alle(user)
    return qs if wijken is None else qs.filter(**{f"{veld}__in": wijken})


def vereis_bewerken(user, obj):
    """A 403 unless the record's app says the user may change it (``obj.mag_bewerken``)."""
    if not obj.mag_bewerken(user):
        raise Geweigerd("U mag dit alleen lezen.", obj)


def mag_aanmaken(user):
    """May the user create initiatives, activities and projects at all (in some wijk)?"""
    return is_coordinator(user) or (MEDEWERKER in rollen(user) and bool(team_wijk_ids(user)))


def vereis_aanmaken(user):
    vereis_rol(user)
    if not mag_aanmaken(user):
        raise PermissionDenied("U mag hier niets toevoegen.")


def mag_stedelijk_bewerken(user):
    return is_coordinator(user) or MEDEWERKER in rollen(user)


def mag_rapportage_lezen(user):
    """The annual report (and the examples chosen for it): coordinator and stuurgroep."""
    return bool({COORDINATOR, STUURGROEP} & rollen(user))


def vereis_rapportage(user):
    vereis_rol(user)
    if not mag_rapportage_lezen(user):
        raise PermissionDenied("De jaarrapportage is voor de coördinator en de stuurgroep.")


def mag_wijken_beheren(user):
    """Wijken, priorities, report texts and users: the coordinator, in the beheer."""
    return is_coordinator(user)


# --- personal data ----------------------------------------------------------------------------


def mag_medewerkersnamen_zien(user):
    """The names of staff on a page (who took a step in an initiative's history): their
    colleagues and the coordinator. The stuurgroep reads the programme's work, not who did it:
    it sees the organisation instead (README: Roles and rights)."""
    return is_coordinator(user) or MEDEWERKER in rollen(user)


def mag_persoonsgegevens_exporteren(user):
    """Notes of contact moments and names of staff in an export."""
    return is_coordinator(user)


def mag_exporteren(user):
    return bool(rollen(user))


def mag_audit_zien(user):
    """The audit trail: who saw, changed, exported what. Only the coordinator searches it."""
    return is_coordinator(user)


# --- the partner API with a staff session ------------------------------------------------------
#
# A staff member logged in to the app may browse the API with their session, with exactly the
# rights of the app: every API view names the check of the page that shows the same records
# (``vereis_*`` above) and the queryset the page lists (the app's ``zichtbaar_voor``); see
# ``mba.api.ApiViewMixin``.


def api_collecties_verborgen(user):
    """The API's collections (and so their rows in ``verwijderingen/``) that the user's pages
    do not show."""
    verborgen = set()
    if not mag_contactmomenten_zien(user):
        verborgen.add("contactmomenten")
    if not mag_rapportage_lezen(user):
        verborgen |= {"voorbeelden", "jaarrapportages"}
    return verborgen


def context(request):
    """Template context: what the menu may show."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"mag_contactmomenten": mag_contactmomenten_zien(user), "mba_rol": rol(user)}
