"""A record of the partner API changes whenever its API row changes, also when what changed is
another record that the row shows: a theme's slug in a list, a key figure of an activity, a
buurt of a wijk. Then its ``gewijzigd_op`` is renewed, so that an incremental sync
(``gewijzigd_sinds``) brings it back.

Each app declares, next to its models, what the API row of each of its collections shows of
other records: ``toont(Activiteit, "kerncijfers")``. The receivers are connected here, per
model, and work for every save and delete (admin, app, API, import); a higher app declares
for its own models, so that no lower app learns of a higher one (floors). What the rows show
is held equal to the serializers by ``mba.tests.test_api_meewijzigen``.

Writes that send no signals (``QuerySet.update()``, ``bulk_create()``) are not seen: whoever
writes around the models renews ``gewijzigd_op`` themselves.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.utils import timezone

# (model, path) -> the fields of the related record that the row shows (None: all of them).
GETOOND = {}


def _gewijzigd(model, using, filter_):
    """Renews ``gewijzigd_op`` of the rows of ``model`` that ``filter_`` selects, in one UPDATE
    (the base manager: a plain update, no queryset's own bookkeeping)."""
    model._base_manager.using(using).filter(filter_).update(gewijzigd_op=timezone.now())


def _stappen(model, pad):
    """The relations along ``pad``: [(field, related model)]."""
    stappen = []
    for naam in pad.split("__"):
        veld = model._meta.get_field(naam)
        model = veld.related_model
        stappen.append(veld)
    return stappen, model


def toont(model, pad, velden=None, koppelingen=True):
    """Declares that the API row of ``model`` shows the records at ``pad`` (a lookup such as
    ``"wijk"``, ``"kerncijfers"``, ``"indicatoren__metingen"``): their ``velden`` (``None``: every
    field; ``["id"]``: only which ones). From then on, a change there renews the row's
    ``gewijzigd_op``: a related record saved with another value of those fields, added to or
    moved away from the row, or deleted (so also a cleared ``SET_NULL`` and the links of a
    deleted theme). ``koppelingen=False`` for a many-to-many relation whose link changes the
    model renews itself already."""
    stappen, gerelateerd = _stappen(model, pad)
    GETOOND[(model, pad)] = velden
    uid = f"meewijzigen-{model._meta.label_lower}-{pad}"
    # A child row (a key figure of its activity, a measurement of its priority): saving it can
    # move it to another row, so the rows before and after count.
    kind = stappen[0].one_to_many
    getoonde = None if velden is None else [v for v in velden if v not in ("id", "pk")]

    def rijen(pk):
        return model._base_manager.filter(**{pad: pk})

    def voor_opslaan(sender, instance, raw=False, using=None, **kwargs):
        if raw or instance._state.adding or instance.pk is None:
            return
        vorig = {}
        if getoonde:
            # One read of the stored row per save, whoever declared these fields.
            gelezen = instance.__dict__.setdefault("_meewijzigen_oud", {})
            if tuple(getoonde) not in gelezen:
                rij = sender._base_manager.using(using).filter(pk=instance.pk)
                gelezen[tuple(getoonde)] = rij.values(*getoonde).first()
            oud = gelezen[tuple(getoonde)]
            vorig["gewijzigd"] = oud is None or any(
                oud[v] != getattr(instance, sender._meta.get_field(v).attname) for v in getoonde
            )
        if kind:
            vorig["rijen"] = set(rijen(instance.pk).using(using).values_list("pk", flat=True))
        instance.__dict__.setdefault("_meewijzigen", {})[uid] = vorig

    def na_opslaan(sender, instance, created, raw=False, using=None, **kwargs):
        if raw:
            return
        instance.__dict__.pop("_meewijzigen_oud", None)
        vorig = instance.__dict__.get("_meewijzigen", {}).pop(uid, {})
        voor = vorig.get("rijen", set())
        if created or getoonde is None or vorig.get("gewijzigd"):
            _gewijzigd(model, using, Q(**{pad: instance.pk}) | Q(pk__in=voor))
        elif kind:
            na = set(rijen(instance.pk).using(using).values_list("pk", flat=True))
            if na != voor:
                _gewijzigd(model, using, Q(pk__in=na ^ voor))

    def voor_verwijderen(sender, instance, using=None, **kwargs):
        _gewijzigd(model, using, Q(**{pad: instance.pk}))

    if kind or getoonde:
        pre_save.connect(voor_opslaan, sender=gerelateerd, weak=False, dispatch_uid=uid)
        post_save.connect(na_opslaan, sender=gerelateerd, weak=False, dispatch_uid=uid)
    pre_delete.connect(voor_verwijderen, sender=gerelateerd, weak=False, dispatch_uid=uid)

    eerste = stappen[0]
    if koppelingen and eerste.many_to_many:
        through = eerste.through if eerste.auto_created else eerste.remote_field.through
        vooruit = not eerste.auto_created  # declared on the model (not the reverse side)

        def koppeling(sender, instance, action, reverse, pk_set, using=None, **kwargs):
            # From the model's side (activiteit.themas.add): this row; from the other side
            # (thema.activiteiten.add): the rows in pk_set, or before a clear() all of its rows.
            van_model = reverse != vooruit
            if van_model and action in ("post_add", "post_remove", "post_clear"):
                _gewijzigd(model, using, Q(pk=instance.pk))
            elif not van_model and action in ("post_add", "post_remove"):
                _gewijzigd(model, using, Q(pk__in=pk_set))
            elif not van_model and action == "pre_clear":
                _gewijzigd(model, using, Q(**{pad.split("__")[0]: instance.pk}))

        m2m_changed.connect(koppeling, sender=through, weak=False, dispatch_uid=uid)
