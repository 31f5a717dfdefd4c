"""Discord-side helpers the cogs share. The leading underscore keeps the extension loader in `bot/bot.py` from
loading this package as a cog.

Two layers, so that the bot class and the helpers never import each other: `interactions`, `lost_answers` and
`visibility` read and answer Discord without the bot, and the bot class uses them; the modules that act through
the bot (typed as `RodBot`: `ui`, `delivery`, `channels`, `posts`, `notices`, `feature`, and `transformers`
through `ui`) import it. This file imports nothing, so importing a lower module never pulls in the rest
(tests/system/test_architecture.py checks both).
"""
