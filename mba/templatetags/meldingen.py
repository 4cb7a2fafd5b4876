"""The bell in the header: the number of unread notifications, one query, only when shown."""

from django import template

from mba.meldingen import Melding

register = template.Library()


@register.simple_tag
def ongelezen_meldingen(user):
    if not user.is_authenticated:
        return 0
    return Melding.objects.van(user).ongelezen().count()
