"""The command line's sub-commands (stats, import, export): plain Python over the services."""
