"""Texts of phone campaigns: /campaign and /call."""

MESSAGES = {
    # Errors
    "campaigns.error.no_data_key": {
        "sv": "Ringlistor kan inte användas ännu: nyckeln för personuppgifter (DATA_KEY) saknas i botens "
        "inställningar. Be den som driftar boten att lägga till den i .env och starta om boten.",
        "en": "Call lists cannot be used yet: the key for personal data (DATA_KEY) is missing from the "
        "bot's settings. Ask whoever runs the bot to add it to .env and restart it.",
    },
    "campaigns.error.wrong_data_key": {
        "sv": "Uppgifterna kan inte läsas: nyckeln för personuppgifter (DATA_KEY) har bytts ut sedan "
        "listan importerades.",
        "en": "The data cannot be read: the key for personal data (DATA_KEY) changed since the list was imported.",
    },
    "campaigns.error.name_empty": {
        "sv": "Kampanjen behöver ett namn.",
        "en": "The campaign needs a name.",
    },
    "campaigns.error.name_taken": {
        "sv": "Det finns redan en kampanj som heter {name}.",
        "en": "There is already a campaign called {name}.",
    },
    "campaigns.error.not_found": {
        "sv": "Hittar ingen kampanj som heter {name}.",
        "en": "No campaign called {name} was found.",
    },
    "campaigns.error.closed": {
        "sv": "Kampanjen {name} är avslutad.",
        "en": "The campaign {name} is closed.",
    },
    "campaigns.error.not_active": {
        "sv": "Kampanjen {name} är inte igång, så den kan inte pausas.",
        "en": "The campaign {name} is not running, so it cannot be paused.",
    },
    "campaigns.error.not_paused": {
        "sv": "Kampanjen {name} är inte pausad.",
        "en": "The campaign {name} is not paused.",
    },
    "campaigns.error.contact_gone": {
        "sv": "Kontakten finns inte längre.",
        "en": "The contact no longer exists.",
    },
    "campaigns.error.not_claimed": {
        "sv": "Den här kontakten är inte längre din: tiden gick ut eller så har den redan registrerats. "
        "Ta en ny med /call next.",
        "en": "This contact is no longer yours: the time ran out or it was already recorded. "
        "Take a new one with /call next.",
    },
    "campaigns.error.not_held": {
        "sv": "Kontakten väntar inte längre på en organisatör.",
        "en": "The contact is no longer waiting for an organiser.",
    },
    "campaigns.error.callback_past": {
        "sv": "Tiden för återuppringning måste ligga i framtiden.",
        "en": "The call-back time must be in the future.",
    },
    "campaigns.error.callback_far": {
        "sv": "Tiden för återuppringning får ligga högst {days} dagar fram.",
        "en": "The call-back time may be at most {days} days ahead.",
    },
    "campaigns.error.callback_format": {
        "sv": "Jag förstår inte tiden. Skriv till exempel 18:30, 5/1 18:30 eller 2026-01-05 18:30.",
        "en": "I don't understand the time. Write for example 18:30, 5/1 18:30 or 2026-01-05 18:30.",
    },
    "campaigns.error.help_needs_message": {
        "sv": "Skriv vad organisatören behöver veta.",
        "en": "Write what the organiser needs to know.",
    },
    "campaigns.error.no_file": {
        "sv": "Bifoga ringlistan som en CSV- eller XLSX-fil.",
        "en": "Attach the call list as a CSV or XLSX file.",
    },
    # Import errors (a malformed file changes nothing)
    "campaigns.import.error.empty": {
        "sv": "Filen är tom. Inget har sparats.",
        "en": "The file is empty. Nothing was stored.",
    },
    "campaigns.import.error.encoding": {
        "sv": "Jag kan inte läsa filens teckenkodning. Spara den som CSV (UTF-8) eller som XLSX och försök "
        "igen. Inget har sparats.",
        "en": "I cannot read the file's character encoding. Save it as CSV (UTF-8) or XLSX and try again. "
        "Nothing was stored.",
    },
    "campaigns.import.error.unreadable": {
        "sv": "Filen går inte att läsa som CSV eller XLSX – den kan vara skadad eller i ett annat format. "
        "Inget har sparats.",
        "en": "The file cannot be read as CSV or XLSX – it may be damaged or in another format. Nothing was stored.",
    },
    "campaigns.import.error.format": {
        "sv": "Det filformatet stöds inte. Spara listan som CSV eller XLSX (Excel-arbetsbok) och försök "
        "igen. Inget har sparats.",
        "en": "That file format is not supported. Save the list as CSV or XLSX (Excel workbook) and try "
        "again. Nothing was stored.",
    },
    "campaigns.import.error.too_large": {
        "sv": "Filen är för stor (högst {megabytes} MB). Inget har sparats.",
        "en": "The file is too large (at most {megabytes} MB). Nothing was stored.",
    },
    "campaigns.import.error.too_many_rows": {
        "sv": "Filen har fler än {limit} rader. Dela upp den. Inget har sparats.",
        "en": "The file has more than {limit} rows. Split it up. Nothing was stored.",
    },
    "campaigns.import.error.too_many_columns": {
        "sv": "Filen har fler än {limit} kolumner. Ta bort de kolumner som inte behövs. Inget har sparats.",
        "en": "The file has more than {limit} columns. Remove the columns that are not needed. Nothing was stored.",
    },
    "campaigns.import.error.unpacks_too_large": {
        "sv": "Kalkylbladet blir för stort när det packas upp (mer än {megabytes} MB, eller mer än {ratio} "
        "gånger sin packade storlek), så jag läser det inte. Spara listan som CSV eller dela upp den. "
        "Inget har sparats.",
        "en": "The workbook grows too large when unpacked (more than {megabytes} MB, or more than {ratio} times "
        "its packed size), so I do not read it. Save the list as CSV or split it up. Nothing was stored.",
    },
    "campaigns.import.error.no_phone_column": {
        "sv": "Hittar ingen kolumn med telefonnummer. Första raden ska vara rubriker, till exempel "
        "namn; telefon; partiförening; e-post; anteckning. Inget har sparats.",
        "en": "No column with phone numbers was found. The first row must hold headers, for example "
        "name, phone, branch, email, note. Nothing was stored.",
    },
    # Create / status
    "campaigns.create.modal_title": {"sv": "Ny ringkampanj", "en": "New phone campaign"},
    "campaigns.create.script": {"sv": "Manus (vad ringaren säger)", "en": "Script (what the caller says)"},
    "campaigns.create.script_placeholder": {
        "sv": "Hej! Jag heter … och ringer från Vänsterpartiet …",
        "en": "Hi! My name is … and I'm calling from Vänsterpartiet …",
    },
    "campaigns.create.questions": {
        "sv": "Enkätfrågor (en per rad, högst fem)",
        "en": "Survey questions (one per line, at most five)",
    },
    "campaigns.create.done": {
        "sv": "Kampanjen **{name}** är skapad med {questions} enkätfrågor. Nya försök efter {hours} timmar, "
        "högst {attempts} försök, varje kontakt reserveras i {minutes} minuter. "
        "Importera en ringlista med /campaign import.",
        "en": "The campaign **{name}** was created with {questions} survey questions. Retries after "
        "{hours} hours, at most {attempts} attempts, each contact is reserved for {minutes} minutes. "
        "Import a call list with /campaign import.",
    },
    "campaigns.paused": {
        "sv": "Kampanjen **{name}** är pausad. Inga kontakter delas ut förrän den återupptas.",
        "en": "The campaign **{name}** is paused. No contacts are handed out until it resumes.",
    },
    "campaigns.resumed": {
        "sv": "Kampanjen **{name}** är igång igen.",
        "en": "The campaign **{name}** is running again.",
    },
    "campaigns.closed": {
        "sv": "Kampanjen **{name}** är avslutad. Statistiken finns kvar; kontakternas personuppgifter "
        "raderas {when} (eller nu med /campaign purge).",
        "en": "The campaign **{name}** is closed. The statistics stay; the contacts' personal data is "
        "erased {when} (or now with /campaign purge).",
    },
    "campaigns.purge.confirm": {
        "sv": "Radera namn, telefonnummer och anteckningar för alla {count} kontakter i **{name}** nu? "
        "Statistiken finns kvar. Det går inte att ångra.",
        "en": "Erase names, phone numbers and notes of all {count} contacts in **{name}** now? "
        "The statistics stay. This cannot be undone.",
    },
    "campaigns.purge.done": {
        "sv": "Personuppgifterna för {count} kontakter i **{name}** är raderade.",
        "en": "The personal data of {count} contacts in **{name}** was erased.",
    },
    "campaigns.purge.already": {
        "sv": "Personuppgifterna i **{name}** är redan raderade.",
        "en": "The personal data in **{name}** was already erased.",
    },
    # Import
    "campaigns.import.reading": {
        "sv": "Läser {file} …",
        "en": "Reading {file} …",
    },
    "campaigns.import.progress": {
        "sv": "Läser {file} … {done} av cirka {total} rader.",
        "en": "Reading {file} … {done} of about {total} rows.",
    },
    "campaigns.import.preview_title": {
        "sv": "Förhandsgranskning: {file} → {name}",
        "en": "Preview: {file} → {name}",
    },
    "campaigns.import.preview": {
        "sv": "Rader lästa: **{read}**\nGiltiga att spara: **{valid}**\nDubbletter sammanslagna: "
        "**{duplicates}**\nRedan i kampanjen: **{already}**\nPå spärrlistan (ringer inte): "
        "**{blocked}**\nOgiltiga: **{invalid}**",
        "en": "Rows read: **{read}**\nValid to store: **{valid}**\nDuplicates merged: **{duplicates}**\n"
        "Already in the campaign: **{already}**\nOn the do-not-call list (not called): **{blocked}**\n"
        "Invalid: **{invalid}**",
    },
    "campaigns.import.invalid_title": {"sv": "Ogiltiga rader", "en": "Invalid rows"},
    "campaigns.import.invalid_row": {"sv": "Rad {row}: {reason}", "en": "Row {row}: {reason}"},
    "campaigns.import.invalid_more": {"sv": "… och {count} till", "en": "… and {count} more"},
    "campaigns.import.reason.missing": {"sv": "telefonnummer saknas", "en": "phone number missing"},
    "campaigns.import.reason.not_a_number": {
        "sv": "inte ett telefonnummer",
        "en": "not a phone number",
    },
    "campaigns.import.reason.invalid": {"sv": "ogiltigt telefonnummer", "en": "invalid phone number"},
    "campaigns.import.columns": {"sv": "Igenkända kolumner", "en": "Recognised columns"},
    "campaigns.import.column.name": {"sv": "namn", "en": "name"},
    "campaigns.import.column.first_name": {"sv": "förnamn", "en": "first name"},
    "campaigns.import.column.last_name": {"sv": "efternamn", "en": "last name"},
    "campaigns.import.column.phone": {"sv": "telefon", "en": "phone"},
    "campaigns.import.column.branch": {"sv": "partiförening", "en": "branch"},
    "campaigns.import.column.email": {"sv": "e-post", "en": "email"},
    "campaigns.import.column.note": {"sv": "anteckning", "en": "note"},
    "campaigns.import.nothing_new": {
        "sv": "Det finns inget nytt att spara i filen.",
        "en": "There is nothing new to store in the file.",
    },
    "campaigns.import.confirm_hint": {
        "sv": "Inget är sparat ännu. Tryck Bekräfta för att spara {valid} kontakter.",
        "en": "Nothing is stored yet. Press Confirm to store {valid} contacts.",
    },
    "campaigns.import.storing": {"sv": "Sparar …", "en": "Storing …"},
    "campaigns.import.done": {
        "sv": "Klart: {stored} kontakter sparade i **{name}**.",
        "en": "Done: {stored} contacts stored in **{name}**.",
    },
    # Calling
    "campaigns.card.title": {"sv": "Ring: {campaign}", "en": "Call: {campaign}"},
    "campaigns.card.name": {"sv": "Namn", "en": "Name"},
    "campaigns.card.phone": {"sv": "Telefon", "en": "Phone"},
    "campaigns.card.branch": {"sv": "Partiförening", "en": "Branch"},
    "campaigns.card.email": {"sv": "E-post", "en": "Email"},
    "campaigns.card.note": {"sv": "Anteckning från listan", "en": "Note from the list"},
    "campaigns.card.history": {"sv": "Tidigare försök", "en": "Earlier attempts"},
    "campaigns.card.history_line": {"sv": "{when} · {outcome}{note}", "en": "{when} · {outcome}{note}"},
    "campaigns.card.attempts": {
        "sv": "Obesvarade försök: {attempts} av {max}",
        "en": "Unanswered attempts: {attempts} of {max}",
    },
    "campaigns.card.pending_note": {"sv": "Din anteckning", "en": "Your note"},
    "campaigns.card.unknown": {"sv": "(saknas)", "en": "(missing)"},
    "campaigns.card.footer": {
        "sv": "Reserverad åt dig till {time}. Registrera hur det gick med knapparna.",
        "en": "Reserved for you until {time}. Record how it went with the buttons.",
    },
    "campaigns.card.resumed": {
        "sv": "Du har redan den här kontakten – registrera den först.",
        "en": "You already hold this contact – record it first.",
    },
    "campaigns.button.note": {"sv": "Anteckning", "en": "Note"},
    "campaigns.button.next": {"sv": "Nästa", "en": "Next"},
    "campaigns.button.back": {"sv": "Tillbaka", "en": "Back"},
    "campaigns.callback.prompt": {
        "sv": "När ska kontakten ringas upp? Hen går först till dig, och till vem som helst när tiden "
        "passerat med en timme.",
        "en": "When should the contact be called back? They go to you first, and to anyone once the "
        "time is an hour overdue.",
    },
    "campaigns.callback.today": {"sv": "Senare i dag (+3 h)", "en": "Later today (+3 h)"},
    "campaigns.callback.tomorrow": {"sv": "I morgon", "en": "Tomorrow"},
    "campaigns.callback.week": {"sv": "Nästa vecka", "en": "Next week"},
    "campaigns.callback.time": {"sv": "Välj tid …", "en": "Pick a time …"},
    "campaigns.callback.modal_title": {"sv": "Ring upp", "en": "Call back"},
    "campaigns.callback.when": {"sv": "När (t.ex. 18:30 eller 5/1 18:30)", "en": "When (e.g. 18:30 or 5/1 18:30)"},
    "campaigns.modal.answered_title": {"sv": "Svarade", "en": "Answered"},
    "campaigns.modal.note": {"sv": "Anteckning till nästa ringare", "en": "Note for the next caller"},
    "campaigns.modal.note_title": {"sv": "Anteckning", "en": "Note"},
    "campaigns.modal.help_title": {"sv": "Behöver organisatör", "en": "Needs an organiser"},
    "campaigns.modal.help_message": {
        "sv": "Vad behöver organisatören veta?",
        "en": "What does the organiser need to know?",
    },
    "campaigns.note.saved": {
        "sv": "Anteckningen sparas med utfallet.",
        "en": "The note is stored with the outcome.",
    },
    "campaigns.recorded": {
        "sv": "Registrerat: **{outcome}**.",
        "en": "Recorded: **{outcome}**.",
    },
    "campaigns.recorded.retry": {
        "sv": "Registrerat: **{outcome}**. Kontakten kan ringas igen {when}.",
        "en": "Recorded: **{outcome}**. The contact can be called again {when}.",
    },
    "campaigns.recorded.exhausted": {
        "sv": "Registrerat: **{outcome}**. Det var sista försöket – kontakten är klar.",
        "en": "Recorded: **{outcome}**. That was the last attempt – the contact is done.",
    },
    "campaigns.recorded.callback": {
        "sv": "Registrerat: **{outcome}** {when}. Kontakten kommer först till dig.",
        "en": "Recorded: **{outcome}** {when}. The contact comes to you first.",
    },
    "campaigns.recorded.held": {
        "sv": "Registrerat: **{outcome}**. Kontakten väntar tills en organisatör har löst det.",
        "en": "Recorded: **{outcome}**. The contact waits until an organiser has solved it.",
    },
    "campaigns.recorded.blocked": {
        "sv": "Registrerat: **{outcome}**. Numret står nu på spärrlistan och rings aldrig igen.",
        "en": "Recorded: **{outcome}**. The number is now on the do-not-call list and never called again.",
    },
    "campaigns.nothing.all_claimed": {
        "sv": "Just nu finns inget att dela ut: alla kontakter som är kvar ringer andra just nu. "
        "Försök igen om en stund.",
        "en": "Nothing to hand out right now: every remaining contact is being called by someone else. "
        "Try again in a while.",
    },
    "campaigns.nothing.cooling": {
        "sv": "Just nu finns inget att dela ut: resten av listan vilar mellan försöken. Nästa kontakt "
        "blir ledig {when}.",
        "en": "Nothing to hand out right now: the rest of the list is resting between attempts. The next "
        "contact frees up {when}.",
    },
    "campaigns.nothing.done": {
        "sv": "Listan är klar – det finns inga fler att ringa. Tack!",
        "en": "The list is done – there is nobody left to call. Thank you!",
    },
    "campaigns.nothing.held": {
        "sv": "{count} kontakter väntar på en organisatör.",
        "en": "{count} contacts wait for an organiser.",
    },
    "campaigns.nothing.no_campaign": {
        "sv": "Det finns ingen pågående ringkampanj just nu.",
        "en": "There is no running phone campaign right now.",
    },
    "campaigns.nothing.paused": {
        "sv": "Kampanjen är pausad just nu.",
        "en": "The campaign is paused right now.",
    },
    "campaigns.nothing.closed": {
        "sv": "Kampanjen är avslutad.",
        "en": "The campaign is closed.",
    },
    # Outcomes
    "campaigns.outcome.answered": {"sv": "Svarade", "en": "Answered"},
    "campaigns.outcome.no_answer": {"sv": "Inget svar", "en": "No answer"},
    "campaigns.outcome.busy": {"sv": "Upptaget", "en": "Busy"},
    "campaigns.outcome.voicemail": {"sv": "Lämnade meddelande", "en": "Left a message"},
    "campaigns.outcome.callback": {"sv": "Ring senare", "en": "Call later"},
    "campaigns.outcome.wrong_number": {"sv": "Fel nummer", "en": "Wrong number"},
    "campaigns.outcome.do_not_call": {"sv": "Vill inte bli uppringd", "en": "Does not want calls"},
    "campaigns.outcome.needs_organiser": {"sv": "Behöver organisatör", "en": "Needs an organiser"},
    "campaigns.outcome.skipped": {"sv": "Hoppa över", "en": "Skip"},
    "campaigns.contact_status.open": {"sv": "kvar", "en": "open"},
    "campaigns.contact_status.held": {"sv": "väntar på organisatör", "en": "waiting for an organiser"},
    "campaigns.contact_status.done": {"sv": "klar", "en": "done"},
    # Stats and own count
    "campaigns.stats.title": {"sv": "Statistik: {name}", "en": "Statistics: {name}"},
    "campaigns.stats.progress": {
        "sv": "{bar} {percent} %\n{done} av {total} kontakter klara",
        "en": "{bar} {percent} %\n{done} of {total} contacts done",
    },
    "campaigns.stats.state": {"sv": "Läge", "en": "State"},
    "campaigns.stats.state_lines": {
        "sv": "Att ringa nu: {ready}\nUtdelade just nu: {claimed}\nVilar/ringa upp senare: {waiting}\n"
        "Väntar på organisatör: {held}\nKlara: {done}",
        "en": "Ready to call: {ready}\nHanded out now: {claimed}\nResting/call back later: {waiting}\n"
        "Waiting for an organiser: {held}\nDone: {done}",
    },
    "campaigns.stats.outcomes": {"sv": "Utfall ({count} samtal)", "en": "Outcomes ({count} calls)"},
    "campaigns.stats.callers": {"sv": "Ringare", "en": "Callers"},
    "campaigns.stats.callers_value": {"sv": "{count} personer har ringt", "en": "{count} people have called"},
    "campaigns.stats.branches": {"sv": "Per partiförening", "en": "Per branch"},
    "campaigns.stats.branch_line": {
        "sv": "{branch}: {done} av {total} klara",
        "en": "{branch}: {done} of {total} done",
    },
    "campaigns.stats.no_branch": {"sv": "(ingen förening)", "en": "(no branch)"},
    "campaigns.stats.no_answers": {"sv": "Inga svar än.", "en": "No answers yet."},
    "campaigns.stats.status": {"sv": "Kampanjen: {status}", "en": "Campaign: {status}"},
    "campaigns.status.active": {"sv": "igång", "en": "running"},
    "campaigns.status.paused": {"sv": "pausad", "en": "paused"},
    "campaigns.status.closed": {"sv": "avslutad", "en": "closed"},
    "campaigns.mine.title": {"sv": "Dina samtal", "en": "Your calls"},
    "campaigns.mine.line": {
        "sv": "**{name}**: {calls} samtal, {answered} svarade, {today} i dag",
        "en": "**{name}**: {calls} calls, {answered} answered, {today} today",
    },
    "campaigns.mine.none": {
        "sv": "Du har inte registrerat några samtal än. Börja med /call next.",
        "en": "You have not recorded any calls yet. Start with /call next.",
    },
    # Export
    "campaigns.export.ready": {
        "sv": "Här är exporten av **{name}** ({count} kontakter). Filen innehåller personuppgifter – "
        "hantera den varsamt och radera den när du är klar.",
        "en": "Here is the export of **{name}** ({count} contacts). The file holds personal data – "
        "handle it with care and delete it when you are done.",
    },
    "campaigns.export.unreadable_rows": {
        "sv": "{count} av dem kan inte läsas med nuvarande nyckel (DATA_KEY) och står i filen utan namn, "
        "nummer, anteckningar och svar.",
        "en": "{count} of them cannot be read with the current key (DATA_KEY) and are in the file without name, "
        "number, notes and answers.",
    },
    "campaigns.export.unreadable": {"sv": "(kan inte läsas)", "en": "(cannot be read)"},
    "campaigns.export.column.id": {"sv": "id", "en": "id"},
    "campaigns.export.column.name": {"sv": "namn", "en": "name"},
    "campaigns.export.column.phone": {"sv": "telefon", "en": "phone"},
    "campaigns.export.column.email": {"sv": "e-post", "en": "email"},
    "campaigns.export.column.branch": {"sv": "partiförening", "en": "branch"},
    "campaigns.export.column.status": {"sv": "status", "en": "status"},
    "campaigns.export.column.outcome": {"sv": "senaste utfall", "en": "last outcome"},
    "campaigns.export.column.calls": {"sv": "samtal", "en": "calls"},
    "campaigns.export.column.import_note": {"sv": "anteckning från listan", "en": "note from the list"},
    "campaigns.export.column.notes": {"sv": "anteckningar", "en": "notes"},
    # Help queue
    "campaigns.help.title": {"sv": "Kontakter som behöver en organisatör", "en": "Contacts needing an organiser"},
    "campaigns.help.empty": {
        "sv": "Ingen kontakt väntar på en organisatör.",
        "en": "No contact is waiting for an organiser.",
    },
    "campaigns.help.item": {
        "sv": "**#{id}** · {campaign} · {branch} · från {caller} {when}\n> {message}",
        "en": "**#{id}** · {campaign} · {branch} · from {caller} {when}\n> {message}",
    },
    "campaigns.help.more": {
        "sv": "Visar de {shown} äldsta av {total}. Lös dem för att se fler.",
        "en": "Showing the {shown} oldest of {total}. Solve them to see more.",
    },
    "campaigns.help.back": {"sv": "#{id} tillbaka i listan", "en": "#{id} back to the list"},
    "campaigns.help.done": {"sv": "#{id} klar", "en": "#{id} done"},
    "campaigns.help.resolved_back": {
        "sv": "Kontakt #{id} är tillbaka i ringlistan.",
        "en": "Contact #{id} is back in the call list.",
    },
    "campaigns.help.resolved_done": {
        "sv": "Kontakt #{id} är markerad som klar.",
        "en": "Contact #{id} is marked as done.",
    },
    # Audit log (ids, names of campaigns and counts only)
    "audit.action.campaigns.create": {
        "sv": "skapade ringkampanjen {name} (#{campaign_id})",
        "en": "created the phone campaign {name} (#{campaign_id})",
    },
    "audit.action.campaigns.pause": {
        "sv": "pausade ringkampanjen {name} (#{campaign_id})",
        "en": "paused the phone campaign {name} (#{campaign_id})",
    },
    "audit.action.campaigns.resume": {
        "sv": "återupptog ringkampanjen {name} (#{campaign_id})",
        "en": "resumed the phone campaign {name} (#{campaign_id})",
    },
    "audit.action.campaigns.close": {
        "sv": "avslutade ringkampanjen {name} (#{campaign_id})",
        "en": "closed the phone campaign {name} (#{campaign_id})",
    },
    "audit.action.campaigns.import": {
        "sv": "importerade {stored} kontakter till ringkampanjen {name} (#{campaign_id})",
        "en": "imported {stored} contacts into the phone campaign {name} (#{campaign_id})",
    },
    "audit.action.campaigns.export": {
        "sv": "exporterade {count} kontakter ur ringkampanjen {name} (#{campaign_id})",
        "en": "exported {count} contacts from the phone campaign {name} (#{campaign_id})",
    },
    "audit.action.campaigns.purge": {
        "sv": "raderade personuppgifterna för {count} kontakter i ringkampanjen {name} (#{campaign_id})",
        "en": "erased the personal data of {count} contacts in the phone campaign {name} (#{campaign_id})",
    },
    "audit.action.campaigns.resolve": {
        "sv": "löste kontakt #{contact_id} som väntade på en organisatör ({how})",
        "en": "solved contact #{contact_id} that waited for an organiser ({how})",
    },
    "delivery.kind.campaigns.purge": {
        "sv": "raderingen av en avslutad ringkampanjs personuppgifter",
        "en": "the erasure of a closed phone campaign's personal data",
    },
}

COMMANDS = {
    "campaign": ("ringkampanj", "Ringkampanjer: ringlistor, statistik och export"),
    "campaign create": ("skapa", "Skapa en ringkampanj (manus och enkätfrågor i nästa steg)"),
    "campaign create:name": ("namn", "Kampanjens namn"),
    "campaign create:description": ("beskrivning", "Kort beskrivning"),
    "campaign create:retry_cooldown_hours": ("vilotid", "Timmar innan ett obesvarat nummer rings igen (3)"),
    "campaign create:max_attempts": ("maxförsök", "Högsta antal obesvarade försök per kontakt (3)"),
    "campaign create:claim_minutes": ("reservationstid", "Minuter en kontakt är reserverad åt ringaren (15)"),
    "campaign create:show_extra_fields": ("visa_extra", "Visa listans övriga kolumner för ringarna"),
    "campaign pause": ("pausa", "Pausa en ringkampanj"),
    "campaign pause:campaign": ("kampanj", "Kampanjen"),
    "campaign resume": ("återuppta", "Återuppta en pausad ringkampanj"),
    "campaign resume:campaign": ("kampanj", "Kampanjen"),
    "campaign close": ("avsluta", "Avsluta en ringkampanj (personuppgifterna raderas efter 30 dagar)"),
    "campaign close:campaign": ("kampanj", "Kampanjen"),
    "campaign import": ("importera", "Importera en ringlista (CSV eller XLSX)"),
    "campaign import:campaign": ("kampanj", "Kampanjen"),
    "campaign import:file": ("fil", "Ringlistan som CSV eller XLSX"),
    "campaign stats": ("statistik", "Framsteg, utfall och svar i en ringkampanj"),
    "campaign stats:campaign": ("kampanj", "Kampanjen"),
    "campaign export": ("exportera", "Exportera utfall och svar som CSV (moderatorer)"),
    "campaign export:campaign": ("kampanj", "Kampanjen"),
    "campaign purge": ("radera", "Radera en kampanjs personuppgifter nu (moderatorer)"),
    "campaign purge:campaign": ("kampanj", "Kampanjen"),
    "campaign help-queue": ("hjälpkö", "Kontakter som väntar på en organisatör"),
    "call": ("ring", "Ring kontakter i en ringkampanj"),
    "call next": ("nästa", "Få nästa kontakt att ringa"),
    "call next:campaign": ("kampanj", "Kampanjen (annars vilken som helst som pågår)"),
    "call mine": ("mina", "Hur många samtal du har gjort"),
}
