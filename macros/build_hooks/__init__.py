"""The build hooks of macros/hooks.py, one module per concern (see that file)."""
