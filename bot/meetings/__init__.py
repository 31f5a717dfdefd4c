"""Meetings for women and non-binary members, men's meetings and open meetings; the separatist networks."""
