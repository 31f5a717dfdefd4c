"""Memorial days: recurring days the district marks, posted on the day, with reminders to organisers before.

`models` holds the tables, their limits and defaults, and the personal data they keep; `service` the rules (what
a moderator may type, where a day is posted) and the data functions; `planner` the ledger's plans for the posts
and reminders; `seeding` the plan's days given to every new server. Nothing here imports discord.
"""
