"""Texts of private channels: who can see a channel, the refusal, held-back posts, and /setup create."""

MESSAGES = {
    # Who can see a channel
    "private.who.everyone": {"sv": "alla på servern (@everyone)", "en": "everyone on the server (@everyone)"},
    "private.who.role": {"sv": "rollen ”{name}”", "en": "the role “{name}”"},
    "private.who.members": {
        "sv": "medlemmar med egen behörighet: {count}",
        "en": "members given access by name: {count}",
    },
    "private.who.more": {"sv": "och {count} till", "en": "and {count} more"},
    # Who a private channel is for, and how to make it so
    "private.fix.women-nonbinary": {
        "sv": "Den ska bara synas för rollen för kvinnor och ickebinära, moderatorerna och boten.",
        "en": "It must be visible only to the women and non-binary role, the moderators and the bot.",
    },
    "private.fix.men": {
        "sv": "Den ska bara synas för rollen för mansträffar, moderatorerna och boten.",
        "en": "It must be visible only to the men's meetings role, the moderators and the bot.",
    },
    "private.fix.organisers": {
        "sv": "Den ska bara synas för organisatörsrollen, moderatorerna och boten.",
        "en": "It must be visible only to the organiser role, the moderators and the bot.",
    },
    "private.fix.audit-log": {
        "sv": "Den ska bara synas för moderatorerna och boten.",
        "en": "It must be visible only to the moderators and the bot.",
    },
    "private.fix.how": {
        "sv": "Öppna Redigera kanal → Behörigheter, neka Visa kanal för @everyone och ta bort den för alla andra "
        "roller och medlemmar; eller låt /setup create skapa en ny privat kanal.",
        "en": "Open Edit Channel → Permissions, deny View Channel for @everyone and remove it for every other role "
        "and member; or let /setup create make a new private channel.",
    },
    "private.fix.roles_unset": {
        "sv": "Ställ först in {roles} med /setup role, så räknas de rollerna till dem som får se kanalen.",
        "en": "First set the {roles} with /setup role, so that those roles count among the ones allowed to see it.",
    },
    "private.exposure": {"sv": "{purpose} {channel} syns för {who}", "en": "{purpose} {channel} is visible to {who}"},
    # Refusal in /setup channel
    "setup.channel.not_private": {
        "sv": "{channel} kan inte bli {purpose}: den syns för {who}. {fix} Inget ändrades.",
        "en": "{channel} cannot be the {purpose}: it is visible to {who}. {fix} Nothing was changed.",
    },
    "setup.role.exposed": {
        "sv": "Obs, det här syns nu för fler än det ska:\n{lines}\nKör /setup show för att se hur det rättas.",
        "en": "Note, these are now visible to more people than they should be:\n{lines}\nSee /setup show to fix it.",
    },
    # /setup show
    "setup.show.exposed": {"sv": "Inte privata", "en": "Not private"},
    "setup.show.missing_exposed": {
        "sv": "Inget saknas, men kanaler som ska vara privata syns för fler (se nedan).",
        "en": "Nothing is missing, but channels that must be private are visible to others (see below).",
    },
    # Posts held back
    "private.held.now": {
        "sv": "Jag skickade inte {what}: {channel} syns för fler än den ska, för {who}. Be en moderator göra "
        "kanalen privat igen (/setup show visar vad som är fel) och försök sedan igen.",
        "en": "I did not send {what}: {channel} is visible to more people than it should be, to {who}. Ask a "
        "moderator to make the channel private again (/setup show says what is wrong), then try again.",
    },
    "private.held.later": {
        "sv": "Jag håller inne {what}: {channel} syns för fler än den ska, för {who}. Så fort en moderator har "
        "gjort kanalen privat igen skickar jag det (/setup show visar vad som är fel).",
        "en": "I am holding back {what}: {channel} is visible to more people than it should be, to {who}. As soon "
        "as a moderator has made the channel private again I will send it (/setup show says what is wrong).",
    },
    "private.what.announcement": {"sv": "kallelsen till träffen", "en": "the meeting's announcement"},
    "private.what.notice": {"sv": "meddelandet om träffen", "en": "the notice about the meeting"},
    "private.what.join_request": {"sv": "ansökan till nätverket", "en": "the request to join the network"},
    "private.what.network_answer": {"sv": "beskedet om nätverket", "en": "the answer about the network"},
    "private.what.commitment_reminder": {"sv": "påminnelsen om åtagandet", "en": "the reminder about the commitment"},
    "private.what.audit": {"sv": "granskningsloggen", "en": "the audit log"},
    "audit.action.private.held": {
        "sv": "höll inne {what} i <#{channel_id}>, som syns för {who}. Inget skickades.",
        "en": "held back {what} in <#{channel_id}>, which is visible to {who}. Nothing was sent.",
    },
    "audit.action.delivery.exposed": {
        "sv": "håller inne {what} i <#{channel_id}>, som syns för {who}. Jag skickar det när kanalen är privat igen.",
        "en": "holding back {what} in <#{channel_id}>, which is visible to {who}. I will send it once the channel "
        "is private again.",
    },
    "audit.action.private.mirror_held": {
        "sv": "slutade skriva granskningsloggen i <#{channel_id}>, som syns för {who}. Posterna finns kvar i "
        "/admin audit.",
        "en": "stopped writing the audit log to <#{channel_id}>, which is visible to {who}. The entries are kept "
        "in /admin audit.",
    },
    # /setup create
    "setup.create.nothing": {
        "sv": "Allt finns redan, så jag skapade ingenting. /setup show visar inställningarna.",
        "en": "Everything exists already, so I created nothing. /setup show lists the settings.",
    },
    "setup.create.done": {
        "sv": "Klart. Jag skapade och ställde in:\n{lines}\nJag ändrade inget som redan fanns. Ge medlemmarna "
        "rollerna, så ser de sina kanaler.",
        "en": "Done. I created and set:\n{lines}\nI changed nothing that already existed. Give members the roles "
        "and they will see their channels.",
    },
    "setup.create.line": {"sv": "• {purpose}: {target}", "en": "• {purpose}: {target}"},
    "setup.create.missing_permissions": {
        "sv": "Jag kan inte skapa det som saknas, för min roll saknar behörighet på servern: {permissions}. Ge "
        "mig den (Serverinställningar → Roller) och försök igen. Inget skapades.",
        "en": "I cannot create what is missing, because my role lacks a permission on the server: {permissions}. "
        "Grant it (Server Settings → Roles) and try again. Nothing was created.",
    },
    "setup.create.stopped": {
        "sv": "Discord lät mig inte skapa allt (jag saknar behörighet). Det här hann jag skapa och ställa in:\n"
        "{lines}\nGe min roll Hantera kanaler och Hantera roller och kör /setup create igen för resten.",
        "en": "Discord did not let me create everything (I lack a permission). This much I created and set:\n"
        "{lines}\nGive my role Manage Channels and Manage Roles and run /setup create again for the rest.",
    },
    "setup.create.none_yet": {"sv": "• inget", "en": "• nothing"},
    "permission.manage_channels": {"sv": "Hantera kanaler", "en": "Manage Channels"},
    "permission.manage_roles": {"sv": "Hantera roller", "en": "Manage Roles"},
    "setup.create.role.moderator": {"sv": "Moderator", "en": "Moderator"},
    "setup.create.role.organiser": {"sv": "Organisatör", "en": "Organiser"},
    "setup.create.role.caller": {"sv": "Ringare", "en": "Caller"},
    "setup.create.role.women-nonbinary": {"sv": "Kvinnor och ickebinära", "en": "Women and non-binary"},
    "setup.create.role.men": {"sv": "Mansträffar", "en": "Men's meetings"},
    "setup.create.channel.announcements": {"sv": "meddelanden", "en": "announcements"},
    "setup.create.channel.organisers": {"sv": "organisatörer", "en": "organisers"},
    "setup.create.channel.women-nonbinary": {"sv": "kvinnor-ickebinära", "en": "women-nonbinary"},
    "setup.create.channel.men": {"sv": "mansträffar", "en": "mens-meetings"},
    "setup.create.channel.audit-log": {"sv": "logg", "en": "audit-log"},
    "audit.action.setup.create": {"sv": "skapade och ställde in {created}", "en": "created and set {created}"},
}

COMMANDS = {
    "setup create": ("skapa", "Skapa rollerna och kanalerna som saknas, rätt inställda"),
}
