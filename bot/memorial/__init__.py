"""Memorial days: recurring days the district marks, the posts and reminders the ledger makes for them."""
