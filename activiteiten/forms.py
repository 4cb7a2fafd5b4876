import datetime
import functools
import json
import uuid
from collections import Counter

from django import forms
from django.db.models import Q
from django.utils import timezone

from initiatieven.models import Bewonersinitiatief
from mba import rechten
from mba.forms import DatumVeld, gegroepeerd
from mba.models import Organisatie, Thema
from mba.wijzigingen import PROGRAMMA, bewaard
from wijken.forms import MetPrioriteiten, prioriteiten_keuzes
from wijken.models import Buurt, FysiekProject, Locatie, Prioriteit, Wijk

from .models import Activiteit, Contactmoment, Kerncijfer, Signaalsoort


def _minstens_een(waarde):
    if waarde is not None and waarde < 1:
        raise forms.ValidationError(
            "Een contactmoment bereikt minstens één bewoner: vul 1 of meer in.", code="min_value"
        )


class _Aangeboden:
    """A model choice field whose records the form has read already, with its lists (kept until
    the programme changes: ``mba.wijzigingen.bewaard``): a posted id is looked up in
    ``aangeboden`` ({pk: record}) instead of with a query, so only what the form offers passes,
    as with a queryset."""

    aangeboden = {}

    def _record(self, waarde):
        try:
            return self.aangeboden[int(waarde)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": waarde},
            ) from None


class EenUitDeLijst(_Aangeboden, forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        return self._record(value)


class UitDeLijst(_Aangeboden, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        return [self._record(pk) for pk in dict.fromkeys(value)]


class ContactmomentForm(MetPrioriteiten, forms.ModelForm):
    """Log a contact in one screen: defaults for date, wijk and channel, quick-pick chips for
    themes and signals; the rest behind 'Meer'."""

    formtoken = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    datum = DatumVeld()
    themas = UitDeLijst(
        queryset=Thema.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Thema's",
    )
    signalen = UitDeLijst(
        queryset=Signaalsoort.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Signalen",
    )
    prioriteiten = UitDeLijst(
        queryset=Prioriteit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Prioriteiten",
        help_text="Aan welke prioriteit van de wijk droeg dit contact bij? Die bij de gekozen "
        "thema's passen staan voorop.",
    )

    class Meta:
        model = Contactmoment
        fields = [
            "datum",
            "wijk",
            "kanaal",
            "aanleiding",
            "themas",
            "signalen",
            "prioriteiten",
            "doorverwezen_naar",
            "vervolg_nodig",
            "buurt",
            "soort",
            "bewoners_bereikt",
            "fysiek_project",
            "activiteit",
            "notitie",
        ]
        labels = {
            "doorverwezen_naar": "Doorverwezen naar",
            "vervolg_nodig": "Ik pak dit nog op (vervolg)",
            "bewoners_bereikt": "Aantal bewoners",
            "fysiek_project": "Fysiek project",
            "activiteit": "Tijdens activiteit",
        }
        field_classes = {"wijk": EenUitDeLijst}
        help_texts = {
            "doorverwezen_naar": "",
            "vervolg_nodig": "",
            "fysiek_project": "Verplicht bij kanaal 'Bij een fysiek project'. Kies het ook als "
            "het contact elders over een project ging.",
        }
        widgets = {
            "soort": forms.RadioSelect,
            "notitie": forms.Textarea(attrs={"rows": 3}),
            "bewoners_bereikt": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        f = self.fields
        # the lists, read once per change of the programme (a contact logged changes none);
        # the wijk, themes and signals posted are checked against them (no query per field)
        lijsten = bewaard("contactformulier-3", _keuzelijsten, [PROGRAMMA])
        # Quick picks: the themes and signals this medewerker used most in their own last
        # contacts come first (counted from the bit masks on the contact: one indexed query,
        # however large the table); read only when the form is shown, not for a save.
        gebruik = functools.cache(lambda: _meest_gebruikt(user))
        for naam, model, i in (("themas", Thema, 0), ("signalen", Signaalsoort, 1)):
            f[naam].queryset = model.objects.filter(actief=True)
            f[naam].aangeboden = {o.pk: o for o in lijsten[naam]}
            f[naam].choices = functools.partial(_op_gebruik, lijsten[naam], gebruik, i)
        f["prioriteiten"].queryset = Prioriteit.objects.all()
        f["prioriteiten"].aangeboden = {p.pk: p for p in lijsten["prioriteiten"]}
        self._lijsten = lijsten
        self._voorstel = functools.cache(
            functools.partial(self._voorgestelde_prioriteiten, lijsten)
        )
        f["prioriteiten"].choices = lambda: self._voorstel()[0]
        f["kanaal"].choices = Contactmoment.Kanaal.choices
        f["aanleiding"].choices = Contactmoment.Aanleiding.choices
        f["bewoners_bereikt"].min_value = 1
        f["bewoners_bereikt"].error_messages["min_value"] = (
            "Een contactmoment bereikt minstens één bewoner: vul 1 of meer in."
        )
        f["bewoners_bereikt"].validators = [
            v for v in f["bewoners_bereikt"].validators if getattr(v, "code", "") != "min_value"
        ]
        f["bewoners_bereikt"].validators.append(_minstens_een)
        f["doorverwezen_naar"].queryset = Organisatie.objects.all()
        f["doorverwezen_naar"].choices = [("", "Niet doorverwezen"), *lijsten["organisaties"]]
        f["wijk"].queryset = Wijk.objects.all()
        f["wijk"].aangeboden = {w.pk: w for w in lijsten["wijken"]}
        f["wijk"].choices = [(w.pk, str(w)) for w in lijsten["wijken"]]
        if not self.is_bound and self.instance.pk is None and "wijk" not in self.initial:
            team = rechten.team_wijk_ids(user)
            eerste = next((pk for pk, _ in f["wijk"].choices if pk in team), None)
            if eerste is not None:
                self.initial["wijk"] = eerste
        f["buurt"].queryset = Buurt.objects.all()
        f["buurt"].choices = lijsten["buurten"]
        vandaag = timezone.localdate()
        f["fysiek_project"].queryset = FysiekProject.objects.exclude(
            status=FysiekProject.Status.AFGEROND, eind__lt=vandaag - datetime.timedelta(days=365)
        )
        f["fysiek_project"].choices = lijsten["projecten"]
        f["activiteit"].queryset = _activiteiten_rond(vandaag)
        f["activiteit"].choices = lijsten["activiteiten"]
        if self.instance.activiteit_id:  # an older activity stays what it was
            activiteiten = f["activiteit"].queryset | Activiteit.objects.filter(
                pk=self.instance.activiteit_id
            )
            f["activiteit"].queryset = activiteiten
            f["activiteit"].choices = gegroepeerd(
                activiteiten.select_related("wijk"),
                lambda a: a.wijk.naam if a.wijk else "Stedelijk",
            )

    def clean(self):
        data = super().clean()
        if data.get("doorverwezen_naar"):
            data["vervolg_nodig"] = True
        return data

    def _gekozen(self, naam):
        """The value of a field as the form shows it: posted, or initial (a list of pks)."""
        if self.is_bound:
            return self.data.getlist(naam) if naam != "wijk" else self.data.get(naam)
        waarde = self.initial.get(naam, getattr(self.instance, f"{naam}_id", None))
        if naam == "wijk" or waarde is None:
            return waarde
        return [getattr(o, "pk", o) for o in waarde]

    def _voorgestelde_prioriteiten(self, lijsten):
        """The priorities as checkboxes: first those of the chosen wijk valid in the contact's
        year, the ones whose themes match the chosen themes before the others (the proposals,
        one tap each; ``prioriteiten_voorop`` of them are shown), then those of other wijken
        (behind 'Meer'). Read only when the form is shown."""
        try:
            wijk_id = int(self._gekozen("wijk") or 0)
            themas = {int(t) for t in self._gekozen("themas") or ()}
        except (TypeError, ValueError):
            wijk_id, themas = 0, set()
        datum = self.cleaned_data.get("datum") if hasattr(self, "cleaned_data") else None
        jaar = (datum or self.initial.get("datum") or timezone.localdate()).year
        themas_van = lijsten["prioriteit_themas"]
        eigen = sorted(
            (
                p
                for p in lijsten["prioriteiten"]
                if p.wijk_id == wijk_id and p.geldt_tussen(jaar, jaar)
            ),
            key=lambda p: (not themas_van.get(p.pk, set()) & themas, p.volgorde, p.pk),
        )
        andere = [p for p in lijsten["prioriteiten"] if p not in eigen]
        return [
            *(
                (
                    p.pk,
                    f"{p.titel} (past bij de thema's)"
                    if themas_van.get(p.pk, set()) & themas
                    else p.titel,
                )
                for p in eigen
            ),
            *((p.pk, f"{p.wijk}: {p.titel}") for p in andere),
        ], len(eigen)

    @property
    def prioriteiten_data(self):
        """{priority id: [wijk id, valid from, valid to or null, [theme ids]]} as JSON, for the
        small script that reorders the proposals as the wijk and themes change
        (static/prioriteiten.js); the page works the same without it."""
        lijsten = self._lijsten
        return json.dumps(
            {
                p.pk: [
                    p.wijk_id,
                    p.geldig_van,
                    p.geldig_tot,
                    sorted(lijsten["prioriteit_themas"].get(p.pk, ())),
                ]
                for p in lijsten["prioriteiten"]
            },
            separators=(",", ":"),
        )

    @property
    def prioriteiten_voorop(self):
        """How many of the priorities are the chosen wijk's (shown first, the rest behind
        'Meer')."""
        return self._voorstel()[1]

    def _get_validation_exclusions(self):
        # The wijk was checked against the records the form offers (EenUitDeLijst): the model
        # field's own check that it exists (a query) adds nothing.
        return super()._get_validation_exclusions() | {"wijk"}

    def save(self, commit=True):
        """A new contact with its themes and signals in one go (``maak_met_links``); a change,
        or ``commit=False``, as Django does it (``set()`` per relation)."""
        if not commit or self.instance.pk is not None:
            return super().save(commit)
        self.instance.maak_met_links(
            self.cleaned_data["themas"],
            self.cleaned_data["signalen"],
            self.cleaned_data.get("prioriteiten") or (),
        )
        return self.instance

    def _post_clean(self):
        if self.user.organisatie_id is None:
            self.add_error(
                None,
                "Uw account hoort bij geen organisatie: vraag de coördinator dit in te vullen.",
            )
        else:
            self.instance.organisatie_id = self.instance.organisatie_id or self.user.organisatie_id
        if self.instance.medewerker_id is None:
            self.instance.medewerker = self.user
        super()._post_clean()


def _activiteiten_rond(vandaag):
    """The activities a contact can be logged at: from 90 days ago to 30 days ahead."""
    return Activiteit.objects.filter(
        start__gte=vandaag - datetime.timedelta(days=90),
        start__lte=vandaag + datetime.timedelta(days=30),
    )


def _keuzelijsten():
    """The contact form's lists, the same for everyone on a day: kept in the cache until the
    data changes (mba.wijzigingen.bewaard)."""
    vandaag = timezone.localdate()
    prioriteiten = list(
        Prioriteit.objects.select_related("wijk")
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=vandaag.year - 1))
        .order_by("wijk__volgorde", "volgorde", "pk")
    )
    themas_van = {}
    for p_id, t_id in Prioriteit.themas.through.objects.filter(
        prioriteit__in=[p.pk for p in prioriteiten]
    ).values_list("prioriteit_id", "thema_id"):
        themas_van.setdefault(p_id, set()).add(t_id)
    projecten = FysiekProject.objects.select_related("wijk").exclude(
        status=FysiekProject.Status.AFGEROND, eind__lt=vandaag - datetime.timedelta(days=365)
    )
    return {
        "wijken": list(Wijk.objects.all()),
        "buurten": gegroepeerd(Buurt.objects.select_related("wijk"), lambda b: b.wijk.naam),
        "projecten": gegroepeerd(projecten, lambda p: p.wijk.naam),
        "activiteiten": gegroepeerd(
            _activiteiten_rond(vandaag).select_related("wijk"),
            lambda a: a.wijk.naam if a.wijk else "Stedelijk",
        ),
        "organisaties": [(o.pk, str(o)) for o in Organisatie.objects.all()],
        "themas": list(Thema.objects.filter(actief=True).order_by("volgorde", "naam")),
        "signalen": list(Signaalsoort.objects.filter(actief=True).order_by("volgorde", "naam")),
        # the priorities still valid (last year on), with their wijk, and their themes
        "prioriteiten": prioriteiten,
        "prioriteit_themas": themas_van,
    }


def _op_gebruik(lijst, gebruik, i):
    """Choices of the themes or signals (``lijst``, in their order), the most used first:
    ``gebruik()[i]`` counts the uses per bit (``_meest_gebruikt``)."""
    tellingen = gebruik()[i]
    return [(o.pk, str(o)) for o in sorted(lijst, key=lambda o: -tellingen.get(o.bit, 0))]


RECENT = 200


def _recent(user):
    """The user's last RECENT contact moments, newest first, as dicts (read once per request:
    kept on the user object, as ``rechten`` keeps the roles)."""
    if user is None or user.pk is None:
        return []
    if not hasattr(user, "_mba_recent"):
        user._mba_recent = list(
            Contactmoment.objects.filter(medewerker=user)
            .order_by("-pk")
            .values(
                "wijk", "kanaal", "aanleiding", "aangemaakt_op", "themas_bits", "signalen_bits"
            )[:RECENT]
        )
    return user._mba_recent


def _meest_gebruikt(user):
    """({theme bit: uses}, {signal bit: uses}) in the user's last RECENT contact moments."""
    themas, signalen = Counter(), Counter()
    for rij in _recent(user):
        t, s = rij["themas_bits"], rij["signalen_bits"]
        for teller, masker in ((themas, t), (signalen, s)):
            while masker:
                laagste = masker & -masker
                teller[laagste.bit_length() - 1] += 1
                masker ^= laagste
    return themas, signalen


def standaardwaarden(user, team_wijk_ids):
    """Today, my wijk, my last channel and occasion."""
    # the last made of the last RECENT (by id, the order they were saved in)
    laatste = max(_recent(user), key=lambda r: r["aangemaakt_op"], default=None)
    initial = {
        "datum": timezone.localdate(),
        "soort": Contactmoment.Soort.INDIVIDUEEL,
        "bewoners_bereikt": 1,
    }
    if laatste:
        initial.update(kanaal=laatste["kanaal"], aanleiding=laatste["aanleiding"])
        if laatste["wijk"] in team_wijk_ids or not team_wijk_ids:
            initial["wijk"] = laatste["wijk"]
    # else the first wijk of the user's teams: the form picks it from its list of wijken
    return initial


class VervolgAfrondenForm(forms.Form):
    afgerond_op = DatumVeld(label="Afgerond op")


class ActiviteitForm(MetPrioriteiten, forms.ModelForm):
    formtoken = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    start = DatumVeld(label="Datum (eerste dag)")
    eind = DatumVeld(label="Laatste dag", required=False, help_text="Leeg bij één dag.")

    class Meta:
        model = Activiteit
        fields = [
            "naam",
            "omschrijving",
            "wijk",
            "buurt",
            "locatie",
            "locatie_omschrijving",
            "start",
            "eind",
            "status",
            "organisatoren",
            "organisatoren_omschrijving",
            "deelnemers",
            "themas",
            "initiatief",
            "fysiek_project",
            "prioriteiten",
        ]
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
            "organisatoren": forms.CheckboxSelectMultiple,
            "prioriteiten": forms.CheckboxSelectMultiple,
            "themas": forms.CheckboxSelectMultiple,
            "deelnemers": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }
        labels = {"wijk": "Wijk", "fysiek_project": "Fysiek project"}

    def __init__(self, *args, wijken, stedelijk_toegestaan, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["wijk"].queryset = wijken
        f["wijk"].required = not stedelijk_toegestaan
        f["wijk"].empty_label = "Stedelijk (heel Assen)" if stedelijk_toegestaan else None
        f["wijk"].help_text = ""
        f["buurt"].queryset = Buurt.objects.select_related("wijk").filter(wijk__in=wijken)
        f["buurt"].choices = gegroepeerd(f["buurt"].queryset, lambda b: b.wijk.naam)
        f["locatie"].queryset = Locatie.objects.select_related("wijk").filter(wijk__in=wijken)
        f["locatie"].choices = gegroepeerd(f["locatie"].queryset, lambda b: b.wijk.naam)
        f["organisatoren"].queryset = Organisatie.objects.all()
        f["themas"].queryset = Thema.objects.filter(actief=True)
        f["initiatief"].queryset = Bewonersinitiatief.objects.select_related("wijk")
        f["initiatief"].choices = gegroepeerd(f["initiatief"].queryset, lambda i: i.wijk.naam)
        f["fysiek_project"].queryset = FysiekProject.objects.select_related("wijk")
        f["fysiek_project"].choices = gegroepeerd(
            f["fysiek_project"].queryset, lambda p: p.wijk.naam
        )
        prioriteiten_keuzes(f["prioriteiten"], wijken, self.initial.get("prioriteiten", ()))

    def clean(self):
        data = super().clean()
        for veld in ("initiatief", "fysiek_project"):
            gekoppeld = data.get(veld)
            if gekoppeld and data.get("wijk") and gekoppeld.wijk_id != data["wijk"].pk:
                self.add_error(veld, "Dit ligt in een andere wijk dan de activiteit.")
        return data


KerncijferFormSet = forms.inlineformset_factory(
    Activiteit,
    Kerncijfer,
    fields=["aantal", "omschrijving", "circa"],
    extra=2,
    can_delete=True,
    labels={"aantal": "Aantal", "omschrijving": "Wat", "circa": "Ongeveer"},
    widgets={"aantal": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})},
)
