"""Checks the system libraries that WeasyPrint needs; says what to install when one is missing."""

import sys

PAKKETTEN = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"

try:
    import weasyprint

    weasyprint.HTML(string="<p>MBA</p>").write_pdf()
except (OSError, ImportError) as e:
    sys.exit(
        f"WeasyPrint cannot load its system libraries ({e}).\n"
        f"On Debian/Ubuntu install them with:\n\n    sudo apt-get install {PAKKETTEN}\n\n"
        "and run make again."
    )
