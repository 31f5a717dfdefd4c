"""Meetings for women and non-binary members, men's meetings and open meetings; the separatist networks.

`models` holds the tables, `times` reads a meeting's start and length and finds a series' next date, `service`
holds the rules (who finds which meeting, answers with capacity and a waiting list, changes, attendance,
statistics, and the personal data they hold), `planner` what the ledger plans (reminders, a series' next
meeting), `ics` the calendar file, `networks` joining the networks. Nothing here imports discord.
"""
