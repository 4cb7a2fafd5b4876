"""The lists' short date (``{{ d|kort }}``) is the date Django's ``|date:"j-n-Y"`` writes."""

import datetime

from django.template import engines


def test_the_short_date_of_a_list_is_the_one_djangos_date_filter_writes():
    sjabloon = engines["django"].from_string('{% load datums %}{{ d|kort }}|{{ d|date:"j-n-Y" }}')
    for d in (
        datetime.date(2021, 6, 1),
        datetime.date(2026, 12, 31),
        datetime.date(999, 1, 9),
        None,
        "",
    ):
        ons, django = sjabloon.render({"d": d}).split("|")
        assert ons == django, d
