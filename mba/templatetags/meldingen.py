"""The bell in the header: the number of unread notifications, one query, only when shown.

No COUNT: it reads at most HOOGSTENS + 1 ids on the partial index of the unread (pages promise
not to count, activiteiten/tests/test_views_contactmomenten.py); more shows as "99+"."""

from django import template

from mba.meldingen import Melding

register = template.Library()

HOOGSTENS = 99


@register.simple_tag
def ongelezen_meldingen(user):
    if not user.is_authenticated:
        return ""
    ids = Melding.objects.van(user).ongelezen().values_list("pk", flat=True)
    aantal = len(ids.order_by()[: HOOGSTENS + 1])
    return f"{HOOGSTENS}+" if aantal > HOOGSTENS else aantal
