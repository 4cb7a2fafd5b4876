"""The figures as plain, JSON-serialisable data.

``_boom`` turns the result dataclasses into nested dicts and lists, exact. ``_openbaar_boom``
does the same with the cells that ``Onderdrukking`` hides replaced by their sign ("< 5",
"verborgen"), and a share left out when a count it is made of is hidden. ``_vergeleken`` sets
two periods side by side with their difference; ``_json`` writes amounts and dates as strings.
"""

import dataclasses
import datetime
from decimal import Decimal

from .periode import Periode, Scope
from .resultaten import VERGELIJKBAAR


def _boom(obj, openbaar=False):
    """The figures as nested dicts and lists of Python values, exact. (Public figures:
    ``_openbaar_boom``, which hides cells by the pattern of ``Onderdrukking``.)"""
    if isinstance(obj, Periode | Scope):
        return obj.as_dict()
    if dataclasses.is_dataclass(obj):
        return {f.name: _boom(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {k: _boom(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_boom(v) for v in obj]
    return obj


def _is_getal(waarde):
    return isinstance(waarde, int | float | Decimal) and not isinstance(waarde, bool)


def _verschil(nu, toen):
    """This period minus the previous, for every number present on both sides (a key missing
    from a dict of counts is 0); text such as "< 5" gives no difference."""
    if isinstance(nu, dict) or isinstance(toen, dict):
        nu = nu if isinstance(nu, dict) else {}
        toen = toen if isinstance(toen, dict) else {}
        uit = {}
        for k in [*nu, *(k for k in toen if k not in nu)]:
            d = _verschil(nu.get(k, 0), toen.get(k, 0))
            if d is not None and d != {}:
                uit[k] = d
        return uit
    if _is_getal(nu) and _is_getal(toen):
        d = nu - toen
        return round(d, 1) if isinstance(d, float) else d
    return None


def _json(waarde):
    if isinstance(waarde, dict):
        return {str(k): _json(v) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [_json(v) for v in waarde]
    if isinstance(waarde, Decimal):
        return str(waarde)
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    return waarde


def _openbaar_boom(k, verborgen):
    """The figures as plain data with the hidden cells replaced by their sign, and a share
    left out (None) when the count it is made of, or the count it is a share of, is hidden."""
    boom = _boom(k, openbaar=False)
    for pad, teken in verborgen.items():
        knoop = boom
        for deel in pad[:-1]:
            knoop = knoop[deel]
        knoop[pad[-1]] = teken
    for sectie in dataclasses.fields(k):
        obj = getattr(k, sectie.name)
        if not dataclasses.is_dataclass(obj) or isinstance(obj, Periode | Scope):
            continue
        for f in dataclasses.fields(obj):
            paden = f.metadata.get("onderdrukken_met", ())
            if any(isinstance(boom[a][b], str) for a, b in paden):
                boom[sectie.name][f.name] = None
    return boom


def _vergeleken(huidig, vorige):
    verschil = {s: _verschil(huidig[s], vorige[s]) for s in VERGELIJKBAAR}
    return _json({"huidig": huidig, "vorige": vorige, "verschil": verschil})
