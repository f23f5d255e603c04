"""Subcommands of ``handbook``: each module has ``HELP``, ``add_arguments(parser)`` and ``run(args)``."""
