"""Phone campaigns: call lists that callers work through one contact at a time.

`models` holds the tables, `crypto` the encryption of personal data, `keys` binds the DATA_KEY to the stored
data and rotates it, `importer` reads call lists, `service` holds the rules (claiming, outcomes, statistics,
export, retention). Nothing here imports discord.
"""
