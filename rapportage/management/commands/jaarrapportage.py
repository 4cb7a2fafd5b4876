import time

from django.core.management.base import BaseCommand, CommandError

from rapportage.models import Jaarrapportage
from rapportage.pdf import html_naar_pdf
from rapportage.rapport import rapport_html


class Command(BaseCommand):
    help = "Schrijft de jaarrapportage van een jaar als HTML en/of PDF, zonder server."

    def add_arguments(self, parser):
        parser.add_argument("jaar", type=int)
        parser.add_argument("--pdf", metavar="BESTAND")
        parser.add_argument("--html", metavar="BESTAND")

    def handle(self, *args, jaar, pdf, html, **options):
        if not pdf and not html:
            raise CommandError("Geef --pdf BESTAND en/of --html BESTAND.")
        rapportage = Jaarrapportage.objects.filter(jaar=jaar).first()
        if rapportage is None:
            raise CommandError(f"Er is geen jaarrapportage {jaar}. Maak die aan in het beheer.")
        if html:
            with open(html, "w", encoding="utf-8") as f:
                f.write(rapport_html(rapportage))
            self.stdout.write(f"HTML geschreven naar {html}")
        if pdf:
            begin = time.perf_counter()
            if rapportage.gepubliceerd:
                inhoud = rapportage.gepubliceerde_pdf_html
            else:
                inhoud = rapport_html(rapportage, pdf=True)
            with open(pdf, "wb") as f:
                f.write(html_naar_pdf(inhoud))
            self.stdout.write(f"PDF geschreven naar {pdf} in {time.perf_counter() - begin:.1f} s")
