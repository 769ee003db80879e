"""Helpers shared by the tests that are not fixtures: the golden-case loader (golden.py)."""
