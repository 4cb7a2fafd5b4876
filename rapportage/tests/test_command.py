"""`manage.py jaarrapportage 2021 --pdf out.pdf --html out.html`: the report without a server."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rapportage.models import Jaarrapportage

pytestmark = pytest.mark.django_db


def test_it_writes_html_and_pdf(tmp_path, wijk_a):
    Jaarrapportage.objects.create(jaar=2021, titel="Jaarrapportage 2021", voorwoord="Beste lezer,")
    call_command(
        "jaarrapportage", "2021", "--pdf", tmp_path / "r.pdf", "--html", tmp_path / "r.html"
    )
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    html = (tmp_path / "r.html").read_text()
    assert "Beste lezer," in html and "2.1 Lariks" in html


def test_it_says_which_year_is_missing(tmp_path):
    with pytest.raises(CommandError, match="Er is geen jaarrapportage 2030"):
        call_command("jaarrapportage", "2030", "--html", tmp_path / "r.html")
