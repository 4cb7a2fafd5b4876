"""Keep a local copy of the MBA partner API: a full sync on the first run, then incremental.

Uses only a client generated from docs/openapi.yaml (docs/partner-sync.md):

    openapi-python-client generate --path openapi.yaml --output-path mba_client
    pip install ./mba_client      # or put mba_client/ on PYTHONPATH

    MBA_API_SLEUTEL=<key> python partner_sync.py --url https://mba.example.nl --staat kopie.sqlite3
    MBA_API_SLEUTEL=<key> python partner_sync.py --url … --staat kopie.sqlite3 --pdf 2021

The state file is one SQLite database: every record as the API served it (table ``rij``:
collection, id, the row as JSON) and the moment to ask ``gewijzigd_sinds`` from next time
(table ``staat``). Both are written in one transaction per run, so a run that fails leaves the
copy and its moment as they were, and the next run starts from the same moment again.
"""

import argparse
import datetime
import email.utils
import json
import os
import sqlite3
import sys
import time
from contextlib import closing
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from mijn_buurt_assen_partner_api_client import AuthenticatedClient
from mijn_buurt_assen_partner_api_client.api.activiteiten import activiteiten_list
from mijn_buurt_assen_partner_api_client.api.bewonersinitiatieven import bewonersinitiatieven_list
from mijn_buurt_assen_partner_api_client.api.buurten import buurten_list
from mijn_buurt_assen_partner_api_client.api.contactmomenten import contactmomenten_list
from mijn_buurt_assen_partner_api_client.api.fysieke_projecten import fysieke_projecten_list
from mijn_buurt_assen_partner_api_client.api.jaarrapportages import (
    jaarrapportages_list,
    jaarrapportages_pdf_retrieve,
)
from mijn_buurt_assen_partner_api_client.api.locaties import locaties_list
from mijn_buurt_assen_partner_api_client.api.organisaties import organisaties_list
from mijn_buurt_assen_partner_api_client.api.prioriteiten import prioriteiten_list
from mijn_buurt_assen_partner_api_client.api.themas import themas_list
from mijn_buurt_assen_partner_api_client.api.verwijderingen import verwijderingen_list
from mijn_buurt_assen_partner_api_client.api.voorbeelden import voorbeelden_list
from mijn_buurt_assen_partner_api_client.api.wijken import wijken_list

# Every collection of the API, by its name in the URL and in verwijderingen/.
COLLECTIES = {
    "wijken": wijken_list,
    "buurten": buurten_list,
    "locaties": locaties_list,
    "themas": themas_list,
    "organisaties": organisaties_list,
    "prioriteiten": prioriteiten_list,
    "fysieke-projecten": fysieke_projecten_list,
    "bewonersinitiatieven": bewonersinitiatieven_list,
    "activiteiten": activiteiten_list,
    "contactmomenten": contactmomenten_list,
    "voorbeelden": voorbeelden_list,
    "jaarrapportages": jaarrapportages_list,
}
AANTAL = 1000  # rows per page, the API's maximum
# Asked again next time: what changed in the last seconds before a run began (a change whose
# transaction committed while the run was reading, a server clock that is a second behind).
# A record fetched twice is only written twice.
MARGE = datetime.timedelta(seconds=60)
POGINGEN = 5  # per page, for 429 and 202 (Retry-After)


class SyncFout(Exception):
    """The API refused a call: its status and its Dutch message."""


def client_voor(url, sleutel):
    """A client sending the key in X-Api-Key, the scheme that the schema declares (``xApiKey``):
    openapi-python-client reads no security schemes, its AuthenticatedClient takes the header
    name and the prefix (none) as parameters."""
    return AuthenticatedClient(
        base_url=url.rstrip("/"),
        token=sleutel,
        auth_header_name="X-Api-Key",
        prefix="",
        timeout=60.0,
    )


def vraag(functie, **parameters):
    """One call, waiting as long as Retry-After asks on 429 (too many calls) and 202 (a PDF
    still being made); any other answer than 200 raises SyncFout with the API's message."""
    for _ in range(POGINGEN):
        antwoord = functie.sync_detailed(**parameters)
        if antwoord.status_code == HTTPStatus.OK:
            return antwoord
        if antwoord.status_code in (HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.ACCEPTED):
            time.sleep(int(antwoord.headers.get("Retry-After", "10")))
            continue
        break
    fout = getattr(antwoord.parsed, "fout", antwoord.content[:200])
    raise SyncFout(f"{antwoord.status_code.value}: {fout}")


def pagina_s(functie, client, aantal=AANTAL, **filters):
    """Every page of a list: ``volgende`` is followed by passing its cursor with the same
    filters and page size as the first page (the cursor is bound to them)."""
    cursor = None
    while True:
        extra = {"cursor": cursor} if cursor else {}
        antwoord = vraag(functie, client=client, aantal=aantal, **filters, **extra)
        yield antwoord
        volgende = antwoord.parsed.volgende
        if not volgende:
            return
        cursor = parse_qs(urlsplit(volgende).query)["cursor"][0]


def servertijd(antwoord):
    """The server's clock from an answer's Date header (the local one without it)."""
    datum = antwoord.headers.get("Date")
    if datum:
        return email.utils.parsedate_to_datetime(datum)
    return datetime.datetime.now(datetime.UTC)


def open_staat(pad):
    db = sqlite3.connect(pad)
    db.executescript(
        """
        create table if not exists rij (
            collectie text not null,
            id integer not null,
            gewijzigd_op text not null,
            gegevens text not null,
            primary key (collectie, id)
        );
        create table if not exists staat (sleutel text primary key, waarde text not null);
        """
    )
    return db


def vorige_sinds(db):
    rij = db.execute("select waarde from staat where sleutel = 'sinds'").fetchone()
    return datetime.datetime.fromisoformat(rij[0]) if rij else None


def synchroniseer(url, sleutel, staat, aantal=AANTAL, marge=MARGE):
    """A full sync when the state file holds no moment yet, else an incremental one since that
    moment. Returns what it wrote: {"volledig": bool, "bijgewerkt": {collection: {ids}},
    "verwijderd": {collection: {ids}}}."""
    with client_voor(url, sleutel) as client, closing(open_staat(staat)) as db:
        return _synchroniseer(client, db, aantal, marge)


def _synchroniseer(client, db, aantal, marge):
    sinds = vorige_sinds(db)
    filters = {"aantal": aantal, **({"gewijzigd_sinds": sinds} if sinds else {})}
    uit = {"volledig": sinds is None, "bijgewerkt": {}, "verwijderd": {}}
    begin = None
    with db:  # one transaction: the rows and the new moment, or nothing
        if sinds is None:
            db.execute("delete from rij")
        for collectie, functie in COLLECTIES.items():
            ids = uit["bijgewerkt"][collectie] = set()
            for antwoord in pagina_s(functie, client, **filters):
                begin = begin or servertijd(antwoord)
                for rij in antwoord.parsed.resultaten:
                    db.execute(
                        "insert or replace into rij values (?, ?, ?, ?)",
                        (
                            collectie,
                            rij.id,
                            rij.gewijzigd_op.isoformat(),
                            json.dumps(rij.to_dict(), sort_keys=True),
                        ),
                    )
                    ids.add(rij.id)
        if sinds is not None:
            # A record that left the API since the last run (deleted, or no longer visible to
            # this key). One that came back later is newer than its deletion: it stays.
            for antwoord in pagina_s(verwijderingen_list, client, **filters):
                for weg in antwoord.parsed.resultaten:
                    bewaard = db.execute(
                        "select gewijzigd_op from rij where collectie = ? and id = ?",
                        (weg.collectie, weg.id),
                    ).fetchone()
                    if bewaard and datetime.datetime.fromisoformat(bewaard[0]) > weg.verwijderd_op:
                        continue
                    gewist = db.execute(
                        "delete from rij where collectie = ? and id = ?", (weg.collectie, weg.id)
                    )
                    if gewist.rowcount:
                        uit["verwijderd"].setdefault(weg.collectie, set()).add(weg.id)
        db.execute(
            "insert or replace into staat values ('sinds', ?)", ((begin - marge).isoformat(),)
        )
    return uit


def kopie(staat):
    """The local copy: {collection: {id: row}}."""
    uit = {collectie: {} for collectie in COLLECTIES}
    with closing(open_staat(staat)) as db:
        for collectie, id_, gegevens in db.execute("select collectie, id, gegevens from rij"):
            uit[collectie][id_] = json.loads(gegevens)
    return uit


def pdf_downloaden(url, sleutel, jaar):
    """The PDF of a published report (waits while it is still being made)."""
    with client_voor(url, sleutel) as client:
        antwoord = vraag(jaarrapportages_pdf_retrieve, client=client, jaar=jaar)
    return antwoord.parsed.payload.read()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Houdt een kopie bij van de API van MBA.")
    parser.add_argument("--url", required=True, help="bv. https://mba.example.nl")
    parser.add_argument("--staat", required=True, help="het SQLite-bestand met de kopie")
    parser.add_argument(
        "--sleutel", default=os.environ.get("MBA_API_SLEUTEL"), help="standaard $MBA_API_SLEUTEL"
    )
    parser.add_argument("--aantal", type=int, default=AANTAL, help="rijen per pagina (1-1000)")
    parser.add_argument(
        "--marge", type=int, default=int(MARGE.total_seconds()), help="seconden overlap"
    )
    parser.add_argument("--pdf", type=int, metavar="JAAR", help="download ook deze rapportage")
    args = parser.parse_args(argv)
    if not args.sleutel:
        parser.error("geef een API-sleutel met --sleutel of MBA_API_SLEUTEL")
    try:
        uit = synchroniseer(
            args.url,
            args.sleutel,
            args.staat,
            aantal=args.aantal,
            marge=datetime.timedelta(seconds=args.marge),
        )
        soort = "volledig" if uit["volledig"] else "incrementeel"
        print(f"Synchronisatie ({soort}) klaar:")
        for collectie in COLLECTIES:
            bij = len(uit["bijgewerkt"].get(collectie, ()))
            weg = len(uit["verwijderd"].get(collectie, ()))
            print(f"  {collectie}: {bij} bijgewerkt, {weg} verwijderd")
        if args.pdf:
            bestand = f"jaarrapportage-{args.pdf}.pdf"
            with open(bestand, "wb") as f:
                f.write(pdf_downloaden(args.url, args.sleutel, args.pdf))
            print(f"PDF opgeslagen als {bestand}")
    except SyncFout as e:
        print(f"De API weigerde: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
