"""The kinds of import, by the slug in their URL. A new kind is a subclass of
``basis.Invoer`` added here."""

from . import activiteiten, contactmomenten, initiatieven, metingen

SOORTEN = {
    k.soort: k
    for k in (
        contactmomenten.Contactmomenten,
        activiteiten.Activiteiten,
        initiatieven.Initiatieven,
        metingen.Metingen,
    )
}
