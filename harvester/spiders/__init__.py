"""Spiders: one generic spider, specialised per family by its link rules."""
