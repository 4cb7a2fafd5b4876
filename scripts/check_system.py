"""Checks that WeasyPrint can load its system libraries (systeempakketten.py installed the Debian
packages before the virtualenv was made); says what to install when it cannot."""

import sys

from systeempakketten import WEASYPRINT

try:
    import weasyprint

    weasyprint.HTML(string="<p>MBA</p>").write_pdf()
except (OSError, ImportError) as e:
    sys.exit(
        f"WeasyPrint cannot load its system libraries ({e}).\n"
        "On Debian/Ubuntu install them with:\n\n"
        f"    sudo apt-get install {' '.join(WEASYPRINT)}\n\n"
        "and run make again."
    )
