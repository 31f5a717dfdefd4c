"""`make demo`: the real, unmodified bot in a simulated district server, shown in the browser by SimCord's preview.

Nothing here touches the configured database or needs a Discord token: the bot runs on a throw-away SQLite
database in a temporary folder, against SimCord's in-memory Discord.
"""
