"""``python -m cuishou`` runs the ``handbook`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
