"""Texts of memorial days: announcements, reminders to organisers, and the moderators' commands."""

MESSAGES = {
    "delivery.kind.memorial.post": {"sv": "minnesdagsinlägget", "en": "the memorial day post"},
    "delivery.kind.memorial.reminder": {
        "sv": "påminnelsen om en minnesdag",
        "en": "the memorial day reminder",
    },
    # Dates and times
    "memorial.date.unknown": {
        "sv": "Jag förstår inte datumet ”{text}”. Skriv till exempel ”8 mars”, ”08-03”, ”8/3” "
        "eller ”sista söndagen i maj”.",
        "en": "I don't understand the date “{text}”. Write for example “8 March”, “08-03”, “8/3” "
        "or “last Sunday of May”.",
    },
    "memorial.date.no_such_day": {
        "sv": "Det finns ingen {day} {month}: {month} har högst {most} dagar. Ange en dag som finns.",
        "en": "There is no {day} {month}: {month} has at most {most} days. Give a day that exists.",
    },
    "memorial.date.bad_month": {
        "sv": "Det finns ingen månad nummer {month}. Månaderna är 1–12, till exempel ”08-03” för 8 mars.",
        "en": "There is no month number {month}. Months are 1–12, for example “08-03” for 8 March.",
    },
    "memorial.time.invalid": {
        "sv": "Jag förstår inte tiden ”{text}”. Skriv till exempel ”09:00” eller ”18.30”.",
        "en": "I don't understand the time “{text}”. Write for example “09:00” or “18:30”.",
    },
    "memorial.lead.invalid": {
        "sv": "Jag förstår inte påminnelserna ”{text}”. Skriv antal dagar före, till exempel ”14,3” "
        "(högst {count} stycken, 1–{most} dagar), eller ”0” för inga påminnelser.",
        "en": "I don't understand the reminders “{text}”. Write days before, for example “14,3” "
        "(at most {count}, 1–{most} days), or “0” for no reminders.",
    },
    "memorial.image.invalid": {
        "sv": "Bildlänken måste börja med https:// (eller http://).",
        "en": "The image link must start with https:// (or http://).",
    },
    "memorial.name.invalid": {
        "sv": "Namnet måste vara 1–{most} tecken.",
        "en": "The name must be 1–{most} characters.",
    },
    "memorial.text.invalid": {
        "sv": "Texten måste vara 1–{most} tecken.",
        "en": "The text must be 1–{most} characters.",
    },
    "memorial.name_taken": {
        "sv": "Det finns redan en minnesdag som heter ”{name}”. Välj ett annat namn.",
        "en": "There is already a memorial day called “{name}”. Choose another name.",
    },
    "memorial.not_found": {
        "sv": "Jag hittar ingen minnesdag ”{text}”. Välj en dag i listan som visas när du skriver.",
        "en": "I can't find a memorial day “{text}”. Pick a day from the list shown as you type.",
    },
    "memorial.gone": {
        "sv": "Den här minnesdagen finns inte längre.",
        "en": "This memorial day no longer exists.",
    },
    # Reminders and registrations
    "memorial.reminder.title": {"sv": "{name} {when}", "en": "{name} {when}"},
    "memorial.reminder.body": {
        "sv": "Dagen infaller {date}. Ordnar er partiförening något? Tryck på ”{button}” och berätta vad "
        "ni gör, så ser andra föreningar det och vi kan hjälpas åt och dela material.",
        "en": "The day falls on {date}. Is your branch organising something? Press “{button}” and tell us "
        "what, so other branches can see it and we can help each other and share material.",
    },
    "memorial.reminder.button": {"sv": "Vi ordnar något", "en": "We're organising something"},
    "memorial.reminder.registered": {"sv": "Partiföreningar som ordnar något", "en": "Branches organising something"},
    "memorial.reminder.none_yet": {"sv": "Inga anmälda ännu.", "en": "None registered yet."},
    "memorial.register.title": {"sv": "Vi ordnar något: {name}", "en": "We're organising: {name}"},
    "memorial.register.branch": {"sv": "Partiförening", "en": "Branch"},
    "memorial.register.what": {"sv": "Vad ni ordnar (var och när)", "en": "What you organise (where and when)"},
    "memorial.register.done": {
        "sv": "Tack! {branch} står nu med i påminnelsen.",
        "en": "Thank you! {branch} is now listed in the reminder.",
    },
    "memorial.register.invalid": {
        "sv": "Ange partiförening (högst {branch_most} tecken) och vad ni ordnar (högst {what_most} tecken).",
        "en": "Give the branch (at most {branch_most} characters) and what you organise "
        "(at most {what_most} characters).",
    },
    # Commands
    "memorial.paused": {"sv": "pausad", "en": "paused"},
    "memorial.leads.none": {"sv": "inga påminnelser", "en": "no reminders"},
    "memorial.leads.some": {"sv": "påminnelser {days} dagar före", "en": "reminders {days} days before"},
    "memorial.list.title": {"sv": "Minnesdagar", "en": "Memorial days"},
    "memorial.list.empty": {
        "sv": "Servern har inga minnesdagar. En moderator lägger till dem med /memorial add.",
        "en": "This server has no memorial days. A moderator adds them with /memorial add.",
    },
    "memorial.list.line": {
        "sv": "**{name}** · {rule} · nästa gång {date} ({when})",
        "en": "**{name}** · {rule} · next on {date} ({when})",
    },
    "memorial.upcoming.title": {"sv": "Kommande minnesdagar", "en": "Upcoming memorial days"},
    "memorial.upcoming.empty": {
        "sv": "Inga minnesdagar är aktiva.",
        "en": "No memorial days are active.",
    },
    "memorial.upcoming.line": {"sv": "{date} · **{name}** ({when})", "en": "{date} · **{name}** ({when})"},
    "memorial.add.done": {
        "sv": "Klart: ”{name}” ({rule}) postas nästa gång {date} kl. {time} i {channel}, med {leads}.",
        "en": "Done: “{name}” ({rule}) is next posted on {date} at {time} in {channel}, with {leads}.",
    },
    "memorial.add.text_label": {"sv": "Inlägget som postas på dagen", "en": "The announcement posted on the day"},
    "memorial.edit.done": {
        "sv": "Klart: ändrade {fields} för ”{name}”.",
        "en": "Done: changed {fields} of “{name}”.",
    },
    "memorial.edit.nothing": {
        "sv": "Du angav inget att ändra. Inget har ändrats.",
        "en": "You gave nothing to change. Nothing was changed.",
    },
    "memorial.field.name": {"sv": "namn", "en": "name"},
    "memorial.field.date": {"sv": "datum", "en": "date"},
    "memorial.field.text": {"sv": "text", "en": "text"},
    "memorial.field.lead_days": {"sv": "påminnelser", "en": "reminders"},
    "memorial.field.time": {"sv": "tid", "en": "time"},
    "memorial.field.channel": {"sv": "kanal", "en": "channel"},
    "memorial.field.image": {"sv": "bild", "en": "image"},
    "memorial.remove.confirm": {
        "sv": "Vill du ta bort minnesdagen ”{name}”? Den postas inte mer och anmälningarna försvinner.",
        "en": "Delete the memorial day “{name}”? It will not be posted again and its registrations are lost.",
    },
    "memorial.remove.done": {"sv": "Borttagen: ”{name}”.", "en": "Deleted: “{name}”."},
    "memorial.pause.done": {
        "sv": "Pausad: ”{name}” postas inte förrän du återupptar den.",
        "en": "Paused: “{name}” is not posted until you resume it.",
    },
    "memorial.resume.done": {
        "sv": "Återupptagen: ”{name}” postas igen.",
        "en": "Resumed: “{name}” is posted again.",
    },
    "memorial.preview.summary": {
        "sv": "Så här ser inlägget ut. Nästa gång: {date} kl. {time} i {channel}, med {leads}.",
        "en": "This is how the post looks. Next time: {date} at {time} in {channel}, with {leads}.",
    },
    "memorial.preview.paused": {
        "sv": "Dagen är pausad och postas inte just nu.",
        "en": "The day is paused and is not posted at the moment.",
    },
    "memorial.post_now.done": {
        "sv": "Postat: ”{name}” i {channel}.",
        "en": "Posted: “{name}” in {channel}.",
    },
    "memorial.post_now.failed": {
        "sv": "Discord svarar inte just nu. Försök igen om en stund.",
        "en": "Discord is not answering right now. Try again in a moment.",
    },
    # Audit log
    "audit.action.memorial.add": {
        "sv": "lade till minnesdagen ”{name}” ({rule})",
        "en": "added the memorial day “{name}” ({rule})",
    },
    "audit.action.memorial.edit": {
        "sv": "ändrade {fields} för minnesdagen ”{name}”",
        "en": "changed {fields} of the memorial day “{name}”",
    },
    "audit.action.memorial.remove": {
        "sv": "tog bort minnesdagen ”{name}”",
        "en": "deleted the memorial day “{name}”",
    },
    "audit.action.memorial.pause": {
        "sv": "pausade minnesdagen ”{name}”",
        "en": "paused the memorial day “{name}”",
    },
    "audit.action.memorial.resume": {
        "sv": "återupptog minnesdagen ”{name}”",
        "en": "resumed the memorial day “{name}”",
    },
    "audit.action.memorial.post_now": {
        "sv": "postade minnesdagen ”{name}” direkt i <#{channel_id}>",
        "en": "posted the memorial day “{name}” right away in <#{channel_id}>",
    },
}

COMMANDS = {
    "memorial": ("minnesdagar", "Minnesdagar som distriktet uppmärksammar"),
    "memorial list": ("lista", "Minnesdagarna och när de infaller nästa gång"),
    "memorial upcoming": ("kommande", "De närmaste minnesdagarna och hur snart de kommer"),
    "memorial upcoming:count": ("antal", "Hur många (högst 25)"),
    "memorial add": ("lägg-till", "Lägg till en minnesdag"),
    "memorial add:name": ("namn", "Dagens namn"),
    "memorial add:date": ("datum", "Datumet: ”8 mars”, ”08-03”, ”8/3” eller ”sista söndagen i maj”"),
    "memorial add:text": ("text", "Inlägget som postas på dagen (utelämna för att skriva en lång text i ett formulär)"),
    "memorial add:lead_days": ("påminnelser", "Påminnelser till organisatörer, dagar före: ”14,3” eller ”0”"),
    "memorial add:time": ("tid", "Tid för inlägget (standard 09:00)"),
    "memorial add:channel": ("kanal", "Var inlägget postas (standard: meddelandekanalen)"),
    "memorial add:image_url": ("bild", "En bild i inlägget (https://…)"),
    "memorial edit": ("ändra", "Ändra en minnesdag"),
    "memorial edit:day": ("dag", "Minnesdagen"),
    "memorial edit:name": ("namn", "Nytt namn"),
    "memorial edit:date": ("datum", "Nytt datum: ”8 mars”, ”08-03” eller ”sista söndagen i maj”"),
    "memorial edit:text": ("text", "Ny text för inlägget"),
    "memorial edit:lead_days": ("påminnelser", "Påminnelser, dagar före: ”14,3” eller ”0” för inga"),
    "memorial edit:time": ("tid", "Tid för inlägget"),
    "memorial edit:channel": ("kanal", "Var inlägget postas"),
    "memorial edit:image_url": ("bild", "Bild (https://…), ”-” tar bort den"),
    "memorial remove": ("ta-bort", "Ta bort en minnesdag"),
    "memorial remove:day": ("dag", "Minnesdagen"),
    "memorial pause": ("pausa", "Sluta posta en minnesdag tills vidare"),
    "memorial pause:day": ("dag", "Minnesdagen"),
    "memorial resume": ("återuppta", "Posta en pausad minnesdag igen"),
    "memorial resume:day": ("dag", "Minnesdagen"),
    "memorial preview": ("förhandsvisa", "Se inlägget precis som det kommer att postas"),
    "memorial preview:day": ("dag", "Minnesdagen"),
    "memorial post-now": ("posta-nu", "Posta en minnesdags inlägg direkt (för att testa)"),
    "memorial post-now:day": ("dag", "Minnesdagen"),
    "memorial post-now:channel": ("kanal", "Var inlägget postas (standard: dagens kanal)"),
}
