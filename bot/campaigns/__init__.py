"""Phone campaigns: call lists that callers work through one contact at a time.

`models` holds the tables, `crypto` the encryption of personal data, `keys` binds the DATA_KEY to the stored
data and rotates it, `importer` reads call lists and `imports` stores them; the rules are `lifecycle` (create,
pause, close), `claims` (handing out contacts, the card), `outcomes` (what a call came to, the help queue),
`reports` (statistics, export) and `retention` (the purge, the members' own data). Nothing here imports discord.
"""
