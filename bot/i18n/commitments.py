"""Texts of commitment tracking: plans, commitments, reminders and the year-end report."""

MESSAGES = {
    # Statuses
    "commitments.status.planerad": {"sv": "planerad", "en": "planned"},
    "commitments.status.pågår": {"sv": "pågår", "en": "in progress"},
    "commitments.status.klar": {"sv": "klar", "en": "done"},
    "commitments.status.inställd": {"sv": "inställd", "en": "cancelled"},
    "commitments.status.försenad": {"sv": "försenad", "en": "overdue"},
    "commitments.status.struken": {"sv": "struken av årsmötet", "en": "dropped by the annual meeting"},
    "commitments.section.none": {"sv": "Övrigt", "en": "Other"},
    "commitments.audience.open": {"sv": "öppna möten", "en": "open meetings"},
    "commitments.audience.women-nonbinary": {
        "sv": "träffar för kvinnor och ickebinära",
        "en": "meetings for women and non-binary members",
    },
    "commitments.audience.men": {"sv": "mansträffar", "en": "men's meetings"},
    "commitments.weekday.monday": {"sv": "måndag", "en": "Monday"},
    "commitments.weekday.tuesday": {"sv": "tisdag", "en": "Tuesday"},
    "commitments.weekday.wednesday": {"sv": "onsdag", "en": "Wednesday"},
    "commitments.weekday.thursday": {"sv": "torsdag", "en": "Thursday"},
    "commitments.weekday.friday": {"sv": "fredag", "en": "Friday"},
    "commitments.weekday.saturday": {"sv": "lördag", "en": "Saturday"},
    "commitments.weekday.sunday": {"sv": "söndag", "en": "Sunday"},
    # Errors
    "commitments.not_found": {
        "sv": "Jag hittar inget sådant åtagande på den här servern. Välj ett i listan.",
        "en": "I cannot find that commitment on this server. Pick one from the list.",
    },
    "commitments.plan.none": {
        "sv": "Servern har ingen plan ännu. En moderator läser in en med /plan load eller /plan import.",
        "en": "This server has no plan yet. A moderator loads one with /plan load or /plan import.",
    },
    "commitments.plan.not_found": {
        "sv": "Jag hittar ingen sådan plan på den här servern. Välj en i listan.",
        "en": "I cannot find that plan on this server. Pick one from the list.",
    },
    "commitments.section.not_found": {
        "sv": "Jag hittar inget sådant avsnitt. Välj ett i listan.",
        "en": "I cannot find that section. Pick one from the list.",
    },
    "commitments.plan.unknown_seed": {
        "sv": "Det finns ingen lagrad plan som heter {key}. Välj en i listan.",
        "en": "There is no stored plan called {key}. Pick one from the list.",
    },
    "commitments.plan.already_loaded": {
        "sv": "Planen ”{title}” är redan inläst på servern. Inget ändrades.",
        "en": "The plan “{title}” is already loaded on this server. Nothing was changed.",
    },
    "commitments.plan.too_big": {
        "sv": "Planen har {count} åtaganden; högst {limit} går att läsa in. Inget sparades.",
        "en": "The plan has {count} commitments; at most {limit} can be loaded. Nothing was saved.",
    },
    "commitments.import.not_a_plan": {
        "sv": "Jag hittar ingen plan i filen: inga åtaganden, varken punkter (rader som börjar med • eller -) eller "
        "meningar där distriktet lovar något (”Vi ska …”, ”Distriktet kommer att …”). Inget sparades.",
        "en": "I cannot find a plan in the file: no commitments, neither bullet items (lines starting with • or -) "
        "nor sentences in which the district promises something (“Vi ska …”, “Distriktet kommer att …”). "
        "Nothing was saved.",
    },
    "commitments.import.format": {
        "sv": "Jag kan inte läsa den sortens fil. Spara planen som PDF, Word (.docx), LibreOffice (.odt), text (.txt) "
        "eller Markdown (.md) och försök igen. Inget sparades.",
        "en": "I cannot read that kind of file. Save the plan as PDF, Word (.docx), LibreOffice (.odt), text (.txt) "
        "or Markdown (.md) and try again. Nothing was saved.",
    },
    "commitments.import.empty": {"sv": "Filen är tom. Inget sparades.", "en": "The file is empty. Nothing was saved."},
    "commitments.import.damaged": {
        "sv": "Filen går inte att läsa, den kan vara skadad. Spara planen på nytt och försök igen. Inget sparades.",
        "en": "The file cannot be read; it may be damaged. Save the plan again and try again. Nothing was saved.",
    },
    "commitments.import.encrypted": {
        "sv": "Filen är lösenordsskyddad. Spara en kopia utan lösenord och försök igen. Inget sparades.",
        "en": "The file is password-protected. Save a copy without a password and try again. Nothing was saved.",
    },
    "commitments.import.scanned": {
        "sv": "PDF-filen har ingen text, bara bilder (en inskannad plan?). Bifoga Word-filen eller en PDF som "
        "sparats direkt från Word eller LibreOffice. Inget sparades.",
        "en": "The PDF has no text, only pictures (a scanned plan?). Attach the Word file or a PDF saved straight "
        "from Word or LibreOffice. Nothing was saved.",
    },
    "commitments.import.zip_bomb": {
        "sv": "Filen packas upp till orimligt mycket och kan vara skadlig, så jag läser den inte. Spara planen på "
        "nytt och försök igen. Inget sparades.",
        "en": "The file unpacks to an unreasonable size and may be harmful, so I will not read it. Save the plan "
        "again and try again. Nothing was saved.",
    },
    "commitments.import.too_big": {
        "sv": "Filen är för stor (högst {megabytes} MB). Inget sparades.",
        "en": "The file is too large (at most {megabytes} MB). Nothing was saved.",
    },
    "commitments.import.too_many_pages": {
        "sv": "PDF-filen har fler än {limit} sidor, det är mer än en verksamhetsplan. Bifoga bara planen. "
        "Inget sparades.",
        "en": "The PDF has more than {limit} pages, more than an activity plan. Attach only the plan. "
        "Nothing was saved.",
    },
    "commitments.import.too_much_text": {
        "sv": "Filen har mer än {limit} tecken text, det är mer än en verksamhetsplan. Bifoga bara planen. "
        "Inget sparades.",
        "en": "The file holds more than {limit} characters of text, more than an activity plan. Attach only the "
        "plan. Nothing was saved.",
    },
    "commitments.import.too_many": {
        "sv": "Jag hittar fler än {limit} åtaganden i filen; högst {limit} går att läsa in. Dela upp planen. "
        "Inget sparades.",
        "en": "I find more than {limit} commitments in the file; at most {limit} can be loaded. Split the plan. "
        "Nothing was saved.",
    },
    "commitments.import.all_dropped": {
        "sv": "Du har tagit bort alla åtaganden, så det finns inget att spara. Välj bort färre eller avbryt.",
        "en": "You have dropped every commitment, so there is nothing to save. Drop fewer or cancel.",
    },
    "commitments.import.unchanged": {
        "sv": "Planen ”{title}” är redan inläst och filen ändrar inget i den. Inget sparades.",
        "en": "The plan “{title}” is already loaded and the file changes nothing in it. Nothing was saved.",
    },
    "commitments.update.dropped": {
        "sv": "”{title}” ströks av årsmötet och följs inte upp längre. Inget ändrades.",
        "en": "“{title}” was dropped by the annual meeting and is no longer followed up. Nothing was changed.",
    },
    "commitments.update.denied": {
        "sv": "Bara den som är ansvarig för åtagandet, organisatörer och moderatorer kan uppdatera det.",
        "en": "Only the commitment's owners, organisers and moderators can update it.",
    },
    "commitments.add.no_title": {"sv": "Åtagandet behöver en rubrik.", "en": "The commitment needs a title."},
    "commitments.bad_date": {
        "sv": "Jag förstår inte datumet ”{text}”. Skriv till exempel 2026-03-08, 8/3 eller 8 mars.",
        "en": "I do not understand the date “{text}”. Write for instance 2026-03-08, 8/3 or 8 mars.",
    },
    "commitments.bad_time": {
        "sv": "Jag förstår inte klockslaget ”{text}”. Skriv till exempel 09:00.",
        "en": "I do not understand the time “{text}”. Write for instance 09:00.",
    },
    "commitments.link.empty": {"sv": "Länken behöver ett värde.", "en": "The link needs a value."},
    "commitments.link.bad_audience": {
        "sv": "Välj en mötesgrupp i listan: open, women-nonbinary eller men.",
        "en": "Pick a meeting audience from the list: open, women-nonbinary or men.",
    },
    # Plans
    "commitments.plan.loaded": {
        "sv": "Planen ”{title}” är inläst med {count} åtaganden. Se dem med /åtagande lista.",
        "en": "The plan “{title}” is loaded with {count} commitments. See them with /commitment list.",
    },
    "commitments.import.preview": {
        "sv": "Så här läser jag planen. Inget är sparat än: ta bort det som inte är åtaganden i listan under "
        "varje sida och bekräfta sedan för att spara.",
        "en": "This is how I read the plan. Nothing is saved yet: drop what is not a commitment in the menu under "
        "each page, then confirm to save it.",
    },
    "commitments.import.reimport": {
        "sv": "Planen ”{title}” finns redan på servern. Så här skiljer sig den nya versionen. Inget är sparat än: "
        "bekräfta för att uppdatera planen. Ansvariga, status och uppföljning följer med de åtaganden som finns kvar.",
        "en": "The plan “{title}” is already on the server. This is how the new version differs. Nothing is saved "
        "yet: confirm to update the plan. Owners, status and progress stay with the commitments that remain.",
    },
    "commitments.import.preview_title": {"sv": "{title} ({year})", "en": "{title} ({year})"},
    "commitments.import.preview_footer": {
        "sv": "{sections} avsnitt, {count} åtaganden",
        "en": "{sections} sections, {count} commitments",
    },
    "commitments.import.preview_dropped": {"sv": "{count} borttagna", "en": "{count} dropped"},
    "commitments.import.diff_footer": {
        "sv": "{kept} oförändrade, {changed} ändrade, {new} nya, {removed} stryks",
        "en": "{kept} unchanged, {changed} changed, {new} new, {removed} dropped",
    },
    "commitments.import.legend": {
        "sv": "• punkt i planen · 💬 mening ur löptexten · överstruket tas inte med",
        "en": "• listed item · 💬 sentence from the prose · struck through is left out",
    },
    "commitments.import.diff_legend": {
        "sv": "🆕 nytt · ✏️ ändrat · utan märke oförändrat",
        "en": "🆕 new · ✏️ changed · unmarked unchanged",
    },
    "commitments.import.removed": {
        "sv": "Stryks av årsmötet ({count})",
        "en": "Dropped by the annual meeting ({count})",
    },
    "commitments.import.drop_placeholder": {
        "sv": "Ta bort det som inte är åtaganden (sida {page})",
        "en": "Drop what is not a commitment (page {page})",
    },
    "commitments.import.origin.list": {"sv": "Punkt i planen", "en": "Listed item"},
    "commitments.import.origin.prose": {"sv": "Mening ur löptexten", "en": "Sentence from the prose"},
    "commitments.import.reimported": {
        "sv": "Planen ”{title}” är uppdaterad: {kept} oförändrade, {changed} ändrade, {new} nya och {removed} "
        "strukna av årsmötet.",
        "en": "The plan “{title}” is updated: {kept} unchanged, {changed} changed, {new} new and {removed} dropped "
        "by the annual meeting.",
    },
    # Lists and views
    "commitments.list.title": {"sv": "Åtaganden ({count})", "en": "Commitments ({count})"},
    "commitments.mine.title": {"sv": "Dina åtaganden ({count})", "en": "Your commitments ({count})"},
    "commitments.list.empty": {"sv": "Inga åtaganden matchar.", "en": "No commitments match."},
    "commitments.list.line": {
        "sv": "`#{id}` {emoji} **{title}** — {status}",
        "en": "`#{id}` {emoji} **{title}** — {status}",
    },
    "commitments.list.due": {"sv": "senast {day}", "en": "due {day}"},
    "commitments.show.status": {"sv": "Status", "en": "Status"},
    "commitments.show.section": {"sv": "Avsnitt", "en": "Section"},
    "commitments.show.due": {"sv": "Klart senast", "en": "Due"},
    "commitments.show.owners": {"sv": "Ansvariga", "en": "Owners"},
    "commitments.show.no_owners": {
        "sv": "Ingen ännu. En organisatör utser ansvariga med /åtagande ansvarig.",
        "en": "Nobody yet. An organiser assigns owners with /commitment assign.",
    },
    "commitments.show.updates": {"sv": "Uppföljning", "en": "Progress"},
    "commitments.show.update": {
        "sv": "{day} · {author} · {status}: {note}",
        "en": "{day} · {author} · {status}: {note}",
    },
    "commitments.show.evidence": {"sv": "Underlag", "en": "Evidence"},
    # Changes
    "commitments.add.modal_title": {"sv": "Nytt åtagande", "en": "New commitment"},
    "commitments.add.field_title": {"sv": "Rubrik", "en": "Title"},
    "commitments.add.field_description": {"sv": "Beskrivning", "en": "Description"},
    "commitments.add.field_section": {"sv": "Avsnitt", "en": "Section"},
    "commitments.add.field_due": {"sv": "Klart senast (t.ex. 2026-03-08)", "en": "Due (e.g. 2026-03-08)"},
    "commitments.add.done": {
        "sv": "Åtagande #{id} ”{title}” är tillagt.",
        "en": "Commitment #{id} “{title}” was added.",
    },
    "commitments.assign.done": {
        "sv": "{owner} är nu ansvarig för ”{title}”.",
        "en": "{owner} is now responsible for “{title}”.",
    },
    "commitments.assign.already": {
        "sv": "{owner} är redan ansvarig för ”{title}”.",
        "en": "{owner} is already responsible for “{title}”.",
    },
    "commitments.update.public": {"sv": "{emoji} {title} — {status}", "en": "{emoji} {title} — {status}"},
    "commitments.update.done": {
        "sv": "Sparat: ”{title}” är nu {status}. Organisatörerna har fått veta.",
        "en": "Saved: “{title}” is now {status}. The organisers have been told.",
    },
    "commitments.update.done_unposted": {
        "sv": "Sparat: ”{title}” är nu {status}. Jag kunde inte skriva i organisatörskanalen.",
        "en": "Saved: “{title}” is now {status}. I could not post in the organisers channel.",
    },
    "commitments.due.done": {
        "sv": "”{title}” ska vara klart senast {day}.",
        "en": "“{title}” is now due {day}.",
    },
    "commitments.remove.confirm": {
        "sv": "Ta bort ”{title}” med all uppföljning? Det går inte att ångra.",
        "en": "Remove “{title}” with all its progress? This cannot be undone.",
    },
    "commitments.remove.done": {"sv": "”{title}” är borttaget.", "en": "“{title}” was removed."},
    "commitments.link.done": {
        "sv": "”{title}” är nu kopplat till {kind}: {value}.",
        "en": "“{title}” is now linked to {kind}: {value}.",
    },
    "commitments.link.already": {
        "sv": "”{title}” är redan kopplat till {kind}: {value}.",
        "en": "“{title}” is already linked to {kind}: {value}.",
    },
    "commitments.link.kind.meeting_audience": {"sv": "möten för gruppen", "en": "meetings of the audience"},
    "commitments.link.kind.meeting_title": {"sv": "öppna möten med namnet", "en": "open meetings titled"},
    "commitments.link.kind.campaign": {"sv": "ringkampanjen", "en": "the phone campaign"},
    # Evidence
    "commitments.evidence.unavailable": {
        "sv": "{label}: inget underlag tillgängligt",
        "en": "{label}: no evidence available",
    },
    "commitments.evidence.meetings": {
        "sv": "{label}: {count} möten hållna, {attended} närvarande",
        "en": "{label}: {count} meetings held, {attended} attended",
    },
    "commitments.evidence.meeting_one": {
        "sv": "{label}: {count} möte hållet, {attended} närvarande",
        "en": "{label}: {count} meeting held, {attended} attended",
    },
    "commitments.evidence.open_meetings": {
        "sv": "{label}: {count} öppna möten hållna, {attended} närvarande",
        "en": "{label}: {count} open meetings held, {attended} attended",
    },
    "commitments.evidence.open_meeting_one": {
        "sv": "{label}: {count} öppet möte hållet, {attended} närvarande",
        "en": "{label}: {count} open meeting held, {attended} attended",
    },
    "commitments.evidence.campaign": {
        "sv": "Ringkampanjen {label}: {calls} samtal, {reached} av {contacts} kontakter nådda",
        "en": "Phone campaign {label}: {calls} calls, {reached} of {contacts} contacts reached",
    },
    # Reminders
    "commitments.digest.title": {"sv": "Veckans uppföljning av planen", "en": "This week's plan follow-up"},
    "commitments.digest.overdue": {"sv": "Försenade ({count})", "en": "Overdue ({count})"},
    "commitments.digest.due_soon": {
        "sv": "Ska vara klara inom 14 dagar ({count})",
        "en": "Due within 14 days ({count})",
    },
    "commitments.digest.stale": {
        "sv": "Inte uppdaterade på 30 dagar ({count})",
        "en": "Not updated for 30 days ({count})",
    },
    "commitments.digest.set": {
        "sv": "Klart: veckans uppföljning kommer på {day}ar kl. {time}.",
        "en": "Done: the weekly follow-up comes on {day}s at {time}.",
    },
    "commitments.due_dm": {
        "sv": "Påminnelse: ”{title}” (#{id}) ska vara klart {day}. Status just nu: {status}. "
        "Uppdatera med /åtagande uppdatera när något händer.",
        "en": "Reminder: “{title}” (#{id}) is due {day}. Current status: {status}. "
        "Update it with /commitment update when something happens.",
    },
    "delivery.kind.commitment.digest": {"sv": "veckans uppföljning av planen", "en": "the weekly plan follow-up"},
    "delivery.kind.commitment.due_dm": {"sv": "påminnelsen om ett åtagande", "en": "the commitment reminder"},
    # Report
    "commitments.report.title": {
        "sv": "Verksamhetsberättelse {year}",
        "en": "Annual report {year}",
    },
    "commitments.report.subtitle": {"sv": "{organisation} · {plan}", "en": "{organisation} · {plan}"},
    "commitments.report.draft_note": {
        "sv": "Utkast skapat {day} utifrån uppföljningen av verksamhetsplanen. Redigera före årsmötet.",
        "en": "Draft made on {day} from the follow-up of the activity plan. Edit before the annual meeting.",
    },
    "commitments.report.summary": {"sv": "Sammanfattning", "en": "Summary"},
    "commitments.report.total": {
        "sv": "Planen innehöll {count} åtaganden.",
        "en": "The plan held {count} commitments.",
    },
    "commitments.report.chart": {"sv": "Status per avsnitt", "en": "Status per section"},
    "commitments.report.status": {"sv": "Status", "en": "Status"},
    "commitments.report.due": {"sv": "Klart senast", "en": "Due"},
    "commitments.report.owners": {"sv": "Ansvariga", "en": "Owners"},
    "commitments.report.updates": {"sv": "Uppföljning", "en": "Progress"},
    "commitments.report.evidence": {"sv": "Underlag", "en": "Evidence"},
    "commitments.report.update": {
        "sv": "{day} ({author}) {status}: {note}",
        "en": "{day} ({author}) {status}: {note}",
    },
    "commitments.report.ready": {
        "sv": "Här är utkastet till verksamhetsberättelse för ”{title}”.",
        "en": "Here is the draft annual report for “{title}”.",
    },
    # Audit
    "audit.action.commitments.plan_load": {
        "sv": "läste in planen ”{title}” ({count} åtaganden)",
        "en": "loaded the plan “{title}” ({count} commitments)",
    },
    "audit.action.commitments.plan_import": {
        "sv": "importerade planen ”{title}” ({count} åtaganden)",
        "en": "imported the plan “{title}” ({count} commitments)",
    },
    "audit.action.commitments.plan_reimport": {
        "sv": "uppdaterade planen ”{title}” ({kept} oförändrade, {changed} ändrade, {new} nya, {removed} strukna)",
        "en": "updated the plan “{title}” ({kept} unchanged, {changed} changed, {new} new, {removed} dropped)",
    },
    "audit.action.commitments.remove": {
        "sv": "tog bort åtagande #{id} ”{title}”",
        "en": "removed commitment #{id} “{title}”",
    },
    "audit.action.commitments.digest": {
        "sv": "satte veckans uppföljning till {day} kl. {time}",
        "en": "set the weekly follow-up to {day} at {time}",
    },
}

COMMANDS = {
    "plan": ("plan", "Verksamhetsplaner"),
    "plan load": ("läs-in", "Läs in en av botens lagrade planer på servern"),
    "plan load:plan": ("plan", "Vilken plan"),
    "plan import": ("importera", "Importera en plan: PDF, Word, LibreOffice, text eller Markdown"),
    "plan import:file": ("fil", "Planen som .pdf, .docx, .odt, .txt eller .md"),
    "plan import:year": ("år", "Planens år, om filen inte anger det"),
    "commitment": ("åtagande", "Planens åtaganden"),
    "commitment list": ("lista", "Lista åtagandena"),
    "commitment list:status": ("status", "Bara den här statusen"),
    "commitment list:section": ("avsnitt", "Bara det här avsnittet"),
    "commitment list:owner": ("ansvarig", "Bara den här ansvariga (medlem eller roll)"),
    "commitment list:plan": ("plan", "Bara den här planen"),
    "commitment mine": ("mina", "Åtagandena du är ansvarig för"),
    "commitment show": ("visa", "Visa ett åtagande med uppföljning och underlag"),
    "commitment show:commitment": ("åtagande", "Åtagandet"),
    "commitment add": ("lägg-till", "Lägg till ett åtagande i en plan"),
    "commitment add:plan": ("plan", "Planen (den senaste om du inte väljer)"),
    "commitment assign": ("ansvarig", "Gör en medlem eller roll ansvarig för ett åtagande"),
    "commitment assign:commitment": ("åtagande", "Åtagandet"),
    "commitment assign:owner": ("ansvarig", "En medlem eller en roll"),
    "commitment update": ("uppdatera", "Rapportera hur det går med ett åtagande"),
    "commitment update:commitment": ("åtagande", "Åtagandet"),
    "commitment update:status": ("status", "Status nu"),
    "commitment update:note": ("anteckning", "Vad som har gjorts (valfritt)"),
    "commitment due": ("senast", "Ange när ett åtagande ska vara klart"),
    "commitment due:commitment": ("åtagande", "Åtagandet"),
    "commitment due:date": ("datum", "Dagen, t.ex. 2026-03-08 eller 8 mars"),
    "commitment remove": ("ta-bort", "Ta bort ett åtagande"),
    "commitment remove:commitment": ("åtagande", "Åtagandet"),
    "commitment link": ("koppla", "Koppla underlag (möten eller en ringkampanj) till ett åtagande"),
    "commitment link:commitment": ("åtagande", "Åtagandet"),
    "commitment link:kind": ("typ", "Vilket slags underlag"),
    "commitment link:value": ("värde", "Mötenas grupp eller namn, eller kampanjens namn eller nummer"),
    "commitment digest": ("uppföljning", "Välj dag och tid för veckans uppföljning till organisatörerna"),
    "commitment digest:weekday": ("veckodag", "Veckodagen"),
    "commitment digest:time": ("tid", "Lokal tid, t.ex. 09:00"),
    "commitment report": ("rapport", "Skriv utkastet till verksamhetsberättelse för en plan"),
    "commitment report:plan": ("plan", "Planen (den senaste om du inte väljer)"),
    "commitment report:format": ("format", "Markdown eller PDF"),
    "choice:planerad": "planerad",
    "choice:pågår": "pågår",
    "choice:klar": "klar",
    "choice:inställd": "inställd",
    "choice:försenad": "försenad",
    "choice:meeting_audience": "mötesgrupp",
    "choice:meeting_title": "mötesnamn",
    "choice:campaign": "ringkampanj",
    "choice:monday": "måndag",
    "choice:tuesday": "tisdag",
    "choice:wednesday": "onsdag",
    "choice:thursday": "torsdag",
    "choice:friday": "fredag",
    "choice:saturday": "lördag",
    "choice:sunday": "söndag",
    "choice:markdown": "markdown",
    "choice:pdf": "pdf",
}
