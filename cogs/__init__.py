"""One discord.py cog per feature. Modules starting with an underscore are helpers, not extensions."""
