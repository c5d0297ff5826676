"""The bundled sample network: fixture copies of ESS network sites, served on loopback.

Used by the end-to-end tests and by `harvester demo`, so that both run offline.
"""
