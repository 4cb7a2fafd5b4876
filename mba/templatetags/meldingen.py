"""The bell in the header: the number of unread notifications.

Read with the user in its one query (``mba.auth``, ``mba.meldingen.ongelezen_van``): the bell
costs no query of its own (``ongelezen_van``). It reads at most ``BEL_HOOGSTENS + 1`` rows of the
partial index of the unread, never a count over all of them; more shows as "99+". A user read
another way (without that annotation) gets the same number from one query of those ids."""

from django import template

from mba.meldingen import BEL_HOOGSTENS, Melding

register = template.Library()


@register.simple_tag
def ongelezen_meldingen(user):
    if not user.is_authenticated:
        return ""
    aantal = getattr(user, "_ongelezen", None)
    if aantal is None:
        ids = Melding.objects.van(user).ongelezen().order_by().values_list("pk", flat=True)
        aantal = len(ids[: BEL_HOOGSTENS + 1])
    return f"{BEL_HOOGSTENS}+" if aantal > BEL_HOOGSTENS else aantal
