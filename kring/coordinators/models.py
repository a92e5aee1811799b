"""Coordinator registry: profiles, languages, training, availability, conflicts."""
