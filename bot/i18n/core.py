"""Texts of the core: setup, permissions, errors, audit log, common words."""

MESSAGES = {
    # Common words and time
    "time.today": {"sv": "i dag", "en": "today"},
    "time.tomorrow": {"sv": "i morgon", "en": "tomorrow"},
    "time.in_days": {"sv": "om {days} dagar", "en": "in {days} days"},
    "time.day_at": {"sv": "{day} kl. {time}", "en": "{day} at {time}"},
    "time.year_range": {
        "sv": "Året {year} går inte att använda. Välj ett år från {first} till {last}.",
        "en": "The year {year} cannot be used. Choose a year from {first} to {last}.",
    },
    "time.nonexistent": {
        "sv": "{time} finns inte: klockan ställs fram till sommartid då. Närmaste giltiga tid är {nearest}.",
        "en": "{time} does not exist: the clocks go forward to summer time then. The nearest valid time is {nearest}.",
    },
    "time.month.1": {"sv": "januari", "en": "January"},
    "time.month.2": {"sv": "februari", "en": "February"},
    "time.month.3": {"sv": "mars", "en": "March"},
    "time.month.4": {"sv": "april", "en": "April"},
    "time.month.5": {"sv": "maj", "en": "May"},
    "time.month.6": {"sv": "juni", "en": "June"},
    "time.month.7": {"sv": "juli", "en": "July"},
    "time.month.8": {"sv": "augusti", "en": "August"},
    "time.month.9": {"sv": "september", "en": "September"},
    "time.month.10": {"sv": "oktober", "en": "October"},
    "time.month.11": {"sv": "november", "en": "November"},
    "time.month.12": {"sv": "december", "en": "December"},
    "common.yes": {"sv": "Ja", "en": "Yes"},
    "common.no": {"sv": "Nej", "en": "No"},
    "common.confirm": {"sv": "Bekräfta", "en": "Confirm"},
    "common.cancel": {"sv": "Avbryt", "en": "Cancel"},
    "common.cancelled": {"sv": "Avbrutet. Inget har ändrats.", "en": "Cancelled. Nothing was changed."},
    "common.previous": {"sv": "Föregående", "en": "Previous"},
    "common.next": {"sv": "Nästa", "en": "Next"},
    "common.page": {"sv": "Sida {page} av {pages}", "en": "Page {page} of {pages}"},
    "common.none": {"sv": "inget", "en": "none"},
    "common.not_yours": {
        "sv": "Den här knappen hör till någon annan.",
        "en": "This button belongs to someone else.",
    },
    # Errors
    "error.unexpected": {
        "sv": "Något gick fel. Felkod: `{code}`. Berätta koden för en moderator om felet består.",
        "en": "Something went wrong. Incident code: `{code}`. Tell a moderator the code if it persists.",
    },
    "error.guild_only": {
        "sv": "Det här kommandot fungerar bara på en server.",
        "en": "This command only works in a server.",
    },
    "error.cooldown": {
        "sv": "Vänta {seconds} sekunder innan du försöker igen.",
        "en": "Wait {seconds} seconds before trying again.",
    },
    "error.bot_missing_permissions": {
        "sv": "Jag saknar behörighet här: {permissions}. Be en moderator ge mig den.",
        "en": "I lack a permission here: {permissions}. Ask a moderator to grant it.",
    },
    "error.not_configured": {
        "sv": "Servern är inte färdigkonfigurerad: {what} saknas. En moderator ställer in det med {command}.",
        "en": "The server is not fully configured: {what} is missing. A moderator sets it with {command}.",
    },
    "error.channel_unusable": {
        "sv": "Jag kan inte skriva i {channel}. Kontrollera att kanalen finns och att jag får skicka där.",
        "en": "I cannot post in {channel}. Check that the channel exists and that I may send there.",
    },
    # Permissions
    "perm.denied": {
        "sv": "Det här kräver rollen {role}. Du har den inte.",
        "en": "This needs the role {role}. You don't have it.",
    },
    "perm.denied.unconfigured": {
        "sv": "Det här kräver rollen {role}, men servern har ingen sådan roll inställd ännu. "
        "En moderator ställer in den med /setup role.",
        "en": "This needs the role {role}, but the server has not configured one yet. "
        "A moderator sets it with /setup role.",
    },
    "capability.moderator": {"sv": "moderator", "en": "moderator"},
    "capability.organiser": {"sv": "organisatör", "en": "organiser"},
    "capability.caller": {"sv": "ringare", "en": "caller"},
    "capability.admin": {"sv": "Hantera server", "en": "Manage Server"},
    "capability.women-nonbinary": {
        "sv": "kvinnor och ickebinära",
        "en": "women and non-binary members",
    },
    "capability.men": {"sv": "mansträffar", "en": "men's meetings"},
    # Setup
    "purpose.channel.announcements": {"sv": "meddelandekanal", "en": "announcements channel"},
    "purpose.channel.organisers": {"sv": "organisatörskanal", "en": "organisers channel"},
    "purpose.channel.women-nonbinary": {
        "sv": "kanal för kvinnor och ickebinära",
        "en": "women and non-binary channel",
    },
    "purpose.channel.men": {"sv": "kanal för mansträffar", "en": "men's meetings channel"},
    "purpose.channel.audit-log": {"sv": "loggkanal", "en": "audit-log channel"},
    "purpose.role.moderator": {"sv": "moderatorroll", "en": "moderator role"},
    "purpose.role.organiser": {"sv": "organisatörsroll", "en": "organiser role"},
    "purpose.role.caller": {"sv": "ringarroll", "en": "caller role"},
    "purpose.role.women-nonbinary": {
        "sv": "roll för kvinnor och ickebinära",
        "en": "women and non-binary role",
    },
    "purpose.role.men": {"sv": "roll för mansträffar", "en": "men's meetings role"},
    "setup.channel.done": {
        "sv": "Klart: {purpose} är nu {channel}.",
        "en": "Done: the {purpose} is now {channel}.",
    },
    "setup.channel.cannot_send": {
        "sv": "Jag kan inte skicka meddelanden i {channel}. Ge mig behörigheterna Visa kanal, "
        "Skicka meddelanden och Bädda in länkar där och försök igen. Inget ändrades.",
        "en": "I cannot send messages in {channel}. Give me View Channel, Send Messages and "
        "Embed Links there and try again. Nothing was changed.",
    },
    "setup.role.done": {"sv": "Klart: {purpose} är nu {role}.", "en": "Done: the {purpose} is now {role}."},
    "setup.role.managed": {
        "sv": "{role} hanteras av en integration och kan inte användas. Inget ändrades.",
        "en": "{role} is managed by an integration and cannot be used. Nothing was changed.",
    },
    "setup.language.done": {
        "sv": "Klart: boten skriver nu på svenska på den här servern.",
        "en": "Done: the bot now writes in English on this server.",
    },
    "setup.show.title": {"sv": "Inställningar för {guild}", "en": "Settings for {guild}"},
    "setup.show.channels": {"sv": "Kanaler", "en": "Channels"},
    "setup.show.roles": {"sv": "Roller", "en": "Roles"},
    "setup.show.general": {"sv": "Allmänt", "en": "General"},
    "setup.show.language": {"sv": "Språk: {language}", "en": "Language: {language}"},
    "setup.show.timezone": {"sv": "Tidszon: {timezone}", "en": "Time zone: {timezone}"},
    "setup.show.missing": {"sv": "Saknas", "en": "Missing"},
    "setup.show.missing_none": {
        "sv": "Allt är inställt.",
        "en": "Everything is configured.",
    },
    "setup.show.unset": {"sv": "*inte inställd*", "en": "*not set*"},
    "language.sv": {"sv": "svenska", "en": "Swedish"},
    "language.en": {"sv": "engelska", "en": "English"},
    # Audit log
    "audit.title": {"sv": "Granskningslogg", "en": "Audit log"},
    "audit.empty": {"sv": "Granskningsloggen är tom.", "en": "The audit log is empty."},
    "audit.entry": {"sv": "{when} · {actor} · {action}", "en": "{when} · {actor} · {action}"},
    "audit.mirror": {"sv": "{actor} · {action}", "en": "{actor} · {action}"},
    "audit.system": {"sv": "boten", "en": "the bot"},
    "audit.action.setup.channel": {
        "sv": "ställde in {purpose} till <#{channel_id}>",
        "en": "set the {purpose} to <#{channel_id}>",
    },
    "audit.action.setup.role": {
        "sv": "ställde in {purpose} till <@&{role_id}>",
        "en": "set the {purpose} to <@&{role_id}>",
    },
    "audit.action.setup.language": {
        "sv": "bytte språk till {language}",
        "en": "changed the language to {language}",
    },
    "audit.action.delivery.blocked": {
        "sv": "kunde inte posta {what} i <#{channel_id}>: {reason}. Jag försöker igen när det är åtgärdat.",
        "en": "could not post {what} in <#{channel_id}>: {reason}. I will retry once it is fixed.",
    },
    "audit.action.delivery.no_channel": {
        "sv": "kunde inte posta {what}: ingen kanal är inställd. Ställ in den med /setup channel.",
        "en": "could not post {what}: no channel is configured. Set it with /setup channel.",
    },
    "delivery.reason.missing": {"sv": "kanalen finns inte", "en": "the channel does not exist"},
    "delivery.reason.forbidden": {"sv": "jag saknar behörighet", "en": "I lack permission"},
}

COMMANDS = {
    "setup": ("inställningar", "Ställ in boten för servern"),
    "setup channel": ("kanal", "Välj vilken kanal som används för ett syfte"),
    "setup channel:purpose": ("syfte", "Vad kanalen ska användas till"),
    "setup channel:channel": ("kanal", "Kanalen"),
    "setup role": ("roll", "Välj vilken roll som har en uppgift"),
    "setup role:purpose": ("syfte", "Vilken uppgift rollen har"),
    "setup role:role": ("roll", "Rollen"),
    "setup show": ("visa", "Visa inställningarna och vad som saknas"),
    "setup language": ("språk", "Språket boten skriver på i servern"),
    "setup language:language": ("språk", "Svenska eller engelska"),
    "admin": ("admin", "Moderatorernas verktyg"),
    "admin audit": ("logg", "Visa granskningsloggen"),
    "admin audit:limit": ("antal", "Hur många poster (högst 50)"),
    "choice:announcements": "meddelanden",
    "choice:organisers": "organisatörer",
    "choice:women-nonbinary": "kvinnor-ickebinära",
    "choice:men": "män",
    "choice:audit-log": "logg",
    "choice:moderator": "moderator",
    "choice:organiser": "organisatör",
    "choice:caller": "ringare",
    "choice:sv": "svenska",
    "choice:en": "engelska",
}

MESSAGES["delivery.kind.test.ping"] = {"sv": "ett testinlägg", "en": "a test post"}
