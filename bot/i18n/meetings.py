"""Texts of meetings (women and non-binary, men's, open) and the separatist networks."""

EXAMPLES_SV = "«2026-03-08 18:00», «8 mars 18:00» eller «onsdag 18:00»"
EXAMPLES_EN = "“2026-03-08 18:00”, “8 March 18:00” or “Wednesday 18:00”"

MESSAGES = {
    # Parsing
    "meetings.time.unknown": {
        "sv": f"Jag förstår inte tiden «{{text}}». Skriv dag och tid, till exempel {EXAMPLES_SV}.",
        "en": f"I don't understand the time “{{text}}”. Write a day and a time, for example {EXAMPLES_EN}.",
    },
    "meetings.time.no_time": {
        "sv": f"«{{text}}» saknar klockslag. Skriv till exempel {EXAMPLES_SV}.",
        "en": f"“{{text}}” has no time of day. Write for example {EXAMPLES_EN}.",
    },
    "meetings.time.invalid_clock": {
        "sv": "Klockslaget i «{text}» finns inte. Använd 00:00–23:59.",
        "en": "The time of day in “{text}” does not exist. Use 00:00–23:59.",
    },
    "meetings.time.invalid_date": {
        "sv": "Datumet i «{text}» finns inte i kalendern.",
        "en": "The date in “{text}” does not exist in the calendar.",
    },
    "meetings.time.past": {
        "sv": "«{text}» har redan varit. Välj en tid som ligger framåt.",
        "en": "“{text}” is in the past. Choose a time ahead.",
    },
    "meetings.time.too_far": {
        "sv": "«{text}» ligger mer än två år fram. Välj en närmare tid.",
        "en": "“{text}” is more than two years ahead. Choose a nearer time.",
    },
    "meetings.duration.unknown": {
        "sv": "Jag förstår inte längden «{text}». Skriv till exempel «90», «1h30» eller «1,5 h».",
        "en": "I don't understand the length “{text}”. Write for example “90”, “1h30” or “1.5 h”.",
    },
    "meetings.duration.range": {
        "sv": "Längden «{text}» går inte: en träff varar mellan 1 minut och {max_hours} timmar.",
        "en": "The length “{text}” won't do: a meeting lasts between 1 minute and {max_hours} hours.",
    },
    "meetings.duration.hm": {"sv": "{hours} tim {minutes} min", "en": "{hours} h {minutes} min"},
    "meetings.duration.h": {"sv": "{hours} tim", "en": "{hours} h"},
    "meetings.duration.m": {"sv": "{minutes} min", "en": "{minutes} min"},
    "meetings.capacity.invalid": {
        "sv": "Antalet platser måste vara minst 1.",
        "en": "The number of places must be at least 1.",
    },
    "meetings.not_found": {
        "sv": "Jag hittar ingen sådan träff som du kan se. Välj en träff i listan.",
        "en": "I can't find such a meeting that you can see. Pick a meeting from the list.",
    },
    # Audiences, answers, recurrence
    "meetings.audience.open": {"sv": "Öppen för alla medlemmar", "en": "Open to all members"},
    "meetings.audience.women-nonbinary": {
        "sv": "Kvinnor och ickebinära",
        "en": "Women and non-binary members",
    },
    "meetings.audience.men": {"sv": "Mansträff", "en": "Men's meeting"},
    "meetings.answer.kommer": {"sv": "Kommer", "en": "Coming"},
    "meetings.answer.kanske": {"sv": "Kanske", "en": "Maybe"},
    "meetings.answer.kan_inte": {"sv": "Kan inte", "en": "Can't come"},
    "meetings.button": {"sv": "{answer} ({count})", "en": "{answer} ({count})"},
    "meetings.repeat.none": {"sv": "Ingen upprepning", "en": "Does not repeat"},
    "meetings.repeat.weekly": {"sv": "Varje vecka", "en": "Every week"},
    "meetings.repeat.biweekly": {"sv": "Varannan vecka", "en": "Every other week"},
    "meetings.repeat.monthly": {
        "sv": "Varje månad, {ordinal} {weekday}",
        "en": "Every month, on the {ordinal} {weekday}",
    },
    "meetings.ordinal.1": {"sv": "första", "en": "first"},
    "meetings.ordinal.2": {"sv": "andra", "en": "second"},
    "meetings.ordinal.3": {"sv": "tredje", "en": "third"},
    "meetings.ordinal.4": {"sv": "fjärde", "en": "fourth"},
    "meetings.ordinal.-1": {"sv": "sista", "en": "last"},
    "meetings.weekday.0": {"sv": "måndagen", "en": "Monday"},
    "meetings.weekday.1": {"sv": "tisdagen", "en": "Tuesday"},
    "meetings.weekday.2": {"sv": "onsdagen", "en": "Wednesday"},
    "meetings.weekday.3": {"sv": "torsdagen", "en": "Thursday"},
    "meetings.weekday.4": {"sv": "fredagen", "en": "Friday"},
    "meetings.weekday.5": {"sv": "lördagen", "en": "Saturday"},
    "meetings.weekday.6": {"sv": "söndagen", "en": "Sunday"},
    # The announcement
    "meetings.embed.when": {"sv": "När", "en": "When"},
    "meetings.embed.duration": {"sv": "Längd", "en": "Length"},
    "meetings.embed.where": {"sv": "Plats", "en": "Place"},
    "meetings.embed.audience": {"sv": "För", "en": "For"},
    "meetings.embed.repeat": {"sv": "Återkommer", "en": "Repeats"},
    "meetings.embed.answers": {"sv": "Svar", "en": "Answers"},
    "meetings.embed.no_place": {"sv": "Meddelas senare", "en": "To be announced"},
    "meetings.embed.counts": {
        "sv": "Kommer: {kommer} · Kanske: {kanske} · Kan inte: {kan_inte}",
        "en": "Coming: {kommer} · Maybe: {kanske} · Can't come: {kan_inte}",
    },
    "meetings.embed.capacity": {
        "sv": "Platser: {taken} av {capacity} · Väntelista: {waitlist}",
        "en": "Places: {taken} of {capacity} · Waiting list: {waitlist}",
    },
    "meetings.embed.cancelled_title": {"sv": "INSTÄLLT: {title}", "en": "CANCELLED: {title}"},
    "meetings.embed.footer": {"sv": "Träff #{id}", "en": "Meeting #{id}"},
    "meetings.embed.announcement": {"sv": "Kallelsen", "en": "Announcement"},
    # Answering
    "meetings.rsvp.done": {"sv": "Du har svarat: {answer}.", "en": "You answered: {answer}."},
    "meetings.rsvp.unchanged": {
        "sv": "Du har redan svarat: {answer}.",
        "en": "You have already answered: {answer}.",
    },
    "meetings.rsvp.waitlist": {
        "sv": "Träffen är full. Du står som nummer {position} på väntelistan och får ett meddelande "
        "om en plats blir ledig.",
        "en": "The meeting is full. You are number {position} on the waiting list and will hear from me "
        "if a place opens.",
    },
    "meetings.rsvp.cancelled": {"sv": "Träffen är inställd.", "en": "The meeting is cancelled."},
    "meetings.rsvp.over": {"sv": "Träffen har redan varit.", "en": "The meeting is over."},
    "meetings.waitlist.promoted": {
        "sv": "En plats blev ledig: du har nu en plats på «{title}» {when}. Välkommen!",
        "en": "A place opened: you now have a place at “{title}” on {when}. Welcome!",
    },
    "meetings.reminder.24h": {
        "sv": "Påminnelse: «{title}» är i morgon, {when} ({relative}). Plats: {place}.",
        "en": "Reminder: “{title}” is tomorrow, {when} ({relative}). Place: {place}.",
    },
    "meetings.reminder.1h": {
        "sv": "Påminnelse: «{title}» börjar om en timme, {when} ({relative}). Plats: {place}.",
        "en": "Reminder: “{title}” starts in an hour, {when} ({relative}). Place: {place}.",
    },
    # Commands
    "meetings.schedule.done": {
        "sv": "Klart: «{title}» {when} är kallad i {channel} (träff #{id}).",
        "en": "Done: “{title}” on {when} is announced in {channel} (meeting #{id}).",
    },
    "meetings.schedule.event": {
        "sv": "Ett Discord-evenemang skapades också.",
        "en": "A Discord event was created too.",
    },
    "meetings.list.empty": {
        "sv": "Det finns inga träffar att visa.",
        "en": "There are no meetings to show.",
    },
    "meetings.list.line": {
        "sv": "**{title}** (#{id})\n{when} · {relative}\n{audience} · Kommer: {kommer}",
        "en": "**{title}** (#{id})\n{when} · {relative}\n{audience} · Coming: {kommer}",
    },
    "meetings.list.title.upcoming": {"sv": "Kommande träffar", "en": "Upcoming meetings"},
    "meetings.list.title.week": {"sv": "Träffar de närmaste 7 dagarna", "en": "Meetings in the next 7 days"},
    "meetings.list.title.month": {"sv": "Träffar den närmaste månaden", "en": "Meetings in the next month"},
    "meetings.list.title.past": {"sv": "Tidigare träffar", "en": "Past meetings"},
    "meetings.attendees.title": {"sv": "Svar på «{title}»", "en": "Answers to “{title}”"},
    "meetings.attendees.kommer": {"sv": "Kommer ({count})", "en": "Coming ({count})"},
    "meetings.attendees.waitlist": {"sv": "Väntelista ({count})", "en": "Waiting list ({count})"},
    "meetings.attendees.kanske": {"sv": "Kanske ({count})", "en": "Maybe ({count})"},
    "meetings.attendees.kan_inte": {"sv": "Kan inte ({count})", "en": "Can't come ({count})"},
    "meetings.attendees.attended": {"sv": "Var där ({count})", "en": "Attended ({count})"},
    "meetings.attendees.counts_only": {
        "sv": "Träffen är för gruppen ”{audience}”: vilka som svarat ser bara gruppens egna organisatörer och "
        "moderatorerna. Du ser antalen.",
        "en": "The meeting is for “{audience}”: who answered is seen only by the group's own organisers and the "
        "moderators. You see the numbers.",
    },
    "meetings.attendees.hidden": {"sv": "namnen visas inte", "en": "names not shown"},
    "meetings.attendees.audience_only": {
        "sv": "Närvaron på en träff för gruppen ”{audience}” registreras av gruppens egna organisatörer eller "
        "moderatorerna.",
        "en": "Attendance at a meeting for “{audience}” is recorded by the group's own organisers or the moderators.",
    },
    "meetings.attendance.not_in_audience": {
        "sv": "Bara medlemmar i gruppen kan stå som närvarande på träffen.",
        "en": "Only members of the group can be recorded as attending the meeting.",
    },
    "meetings.attendance.save": {"sv": "Spara närvaron", "en": "Save attendance"},
    "meetings.attendance.more": {
        "sv": "Gruppen har fler än {shown} medlemmar; de {shown} första visas.",
        "en": "The group has more than {shown} members; the first {shown} are shown.",
    },
    "meetings.ics.done": {
        "sv": "Här är «{title}» som kalenderfil. Öppna den för att lägga in träffen i din kalender.",
        "en": "Here is “{title}” as a calendar file. Open it to add the meeting to your calendar.",
    },
    "meetings.stats.title": {"sv": "Träffar {year}", "en": "Meetings {year}"},
    "meetings.stats.line": {
        "sv": "Genomförda träffar: {meetings}\nMed registrerad närvaro: {with_attendance}\n"
        "Närvaro totalt: {attendance}\nOlika deltagare: {people}",
        "en": "Meetings held: {meetings}\nWith recorded attendance: {with_attendance}\n"
        "Total attendance: {attendance}\nDifferent participants: {people}",
    },
    "meetings.edit.nothing": {
        "sv": "Ange minst en sak att ändra.",
        "en": "Give at least one thing to change.",
    },
    "meetings.edit.notice": {
        "sv": "Ändring: «{title}» är nu {when} ({relative}). Plats: {place}.",
        "en": "Change: “{title}” is now on {when} ({relative}). Place: {place}.",
    },
    "meetings.edit.done": {
        "sv": "Klart: «{title}» är ändrad. {count} som har svarat har fått besked.",
        "en": "Done: “{title}” is changed. {count} who answered have been told.",
    },
    "meetings.cancel.notice": {
        "sv": "Inställt: «{title}» {when} blir inte av.",
        "en": "Cancelled: “{title}” on {when} will not take place.",
    },
    "meetings.cancel.done": {
        "sv": "Klart: «{title}» är inställd. {count} som har svarat har fått besked.",
        "en": "Done: “{title}” is cancelled. {count} who answered have been told.",
    },
    "meetings.cancel.already": {"sv": "Träffen är redan inställd.", "en": "The meeting is already cancelled."},
    "meetings.attendance.not_yet": {
        "sv": "Närvaro kan registreras först när träffen har börjat.",
        "en": "Attendance can be recorded once the meeting has started.",
    },
    "meetings.attendance.prompt": {
        "sv": "Vilka var på «{title}»? Välj i listan (de som svarade Kommer är förvalda).",
        "en": "Who attended “{title}”? Pick them in the list (those who answered Coming are preselected).",
    },
    "meetings.attendance.placeholder": {"sv": "Välj deltagare", "en": "Pick participants"},
    "meetings.attendance.done": {
        "sv": "Närvaron på «{title}» är sparad: {count} personer.",
        "en": "Attendance at “{title}” is saved: {count} people.",
    },
    "meetings.reminders.on": {
        "sv": "Klart: du får påminnelser inför träffar du har svarat på.",
        "en": "Done: you get reminders before meetings you answered.",
    },
    "meetings.reminders.off": {
        "sv": "Klart: du får inga påminnelser om träffar.",
        "en": "Done: you get no meeting reminders.",
    },
    "audit.action.meetings.schedule": {
        "sv": "planerade träff #{meeting_id} ({audience})",
        "en": "scheduled meeting #{meeting_id} ({audience})",
    },
    "audit.action.meetings.edit": {"sv": "ändrade träff #{meeting_id}", "en": "edited meeting #{meeting_id}"},
    "audit.action.meetings.cancel": {
        "sv": "ställde in träff #{meeting_id}",
        "en": "cancelled meeting #{meeting_id}",
    },
    "audit.action.meetings.attendance": {
        "sv": "registrerade närvaro på träff #{meeting_id} ({count} personer)",
        "en": "recorded attendance at meeting #{meeting_id} ({count} people)",
    },
    "delivery.kind.meeting.reminder": {"sv": "en mötespåminnelse", "en": "a meeting reminder"},
    "delivery.kind.meeting.next": {
        "sv": "nästa träff i en återkommande serie",
        "en": "the next meeting of a recurring series",
    },
    # The networks
    "network.not_a_network": {
        "sv": "Det finns inget nätverk för den publiken.",
        "en": "There is no network for that audience.",
    },
    "network.join.confirm.women-nonbinary": {
        "sv": "Nätverket för kvinnor och ickebinära är ett separatistiskt rum för dig som är kvinna eller "
        "ickebinär. Boten sparar inget om kön: du får bara rollen. Vill du gå med?",
        "en": "The network for women and non-binary members is a separatist space for those who are women or "
        "non-binary. The bot stores nothing about gender: you only get the role. Do you want to join?",
    },
    "network.join.confirm.men": {
        "sv": "Mansträffarna är ett rum för dig som är man och vill prata om och arbeta mot patriarkala "
        "strukturer. Boten sparar inget om kön: du får bara rollen. Vill du gå med?",
        "en": "The men's meetings are a space for men who want to discuss and work against patriarchal "
        "structures. The bot stores nothing about gender: you only get the role. Do you want to join?",
    },
    "network.join.done": {"sv": "Välkommen! Du har nu rollen {role}.", "en": "Welcome! You now have {role}."},
    "network.join.requested": {
        "sv": "Din förfrågan har skickats till organisatörerna. Du får ett meddelande när de har svarat.",
        "en": "Your request has been sent to the organisers. You will hear from me when they have answered.",
    },
    "network.join.already": {"sv": "Du är redan med i nätverket.", "en": "You are already in the network."},
    "network.request.pending": {
        "sv": "Du har redan en förfrågan som väntar på svar.",
        "en": "You already have a request waiting for an answer.",
    },
    "network.request.not_found": {"sv": "Förfrågan finns inte.", "en": "The request does not exist."},
    "network.request.decided": {
        "sv": "Förfrågan är redan besvarad.",
        "en": "The request has already been answered.",
    },
    "network.request.title": {"sv": "Förfrågan om att gå med i ett nätverk", "en": "Request to join a network"},
    "network.request.body": {"sv": "{user} vill gå med i: {network}.", "en": "{user} wants to join: {network}."},
    "network.request.approve": {"sv": "Godkänn", "en": "Approve"},
    "network.request.decline": {"sv": "Avböj", "en": "Decline"},
    "network.request.approved": {"sv": "Godkänd av {moderator}.", "en": "Approved by {moderator}."},
    "network.request.declined": {"sv": "Avböjd av {moderator}.", "en": "Declined by {moderator}."},
    "network.request.dm.approved": {
        "sv": "Din förfrågan är godkänd: välkommen till {network}!",
        "en": "Your request is approved: welcome to {network}!",
    },
    "network.request.dm.declined": {
        "sv": "Din förfrågan om {network} blev inte godkänd. Hör av dig till en organisatör om du har frågor.",
        "en": "Your request for {network} was not approved. Ask an organiser if you have questions.",
    },
    "network.member_gone": {"sv": "Personen är inte längre med på servern.", "en": "The person has left the server."},
    "network.role_forbidden": {
        "sv": "Jag får inte ändra rollen {role}. Ge mig behörigheten Hantera roller och placera min roll "
        "ovanför {role}.",
        "en": "I may not change the role {role}. Give me Manage Roles and place my role above {role}.",
    },
    "network.leave.done": {"sv": "Klart: du har lämnat {roles}.", "en": "Done: you have left {roles}."},
    "network.leave.not_member": {
        "sv": "Du är inte med i något sådant nätverk.",
        "en": "You are not in such a network.",
    },
    "network.mode.open": {
        "sv": "Klart: vem som helst kan nu gå med i nätverken direkt.",
        "en": "Done: anyone can now join the networks directly.",
    },
    "network.mode.approval": {
        "sv": "Klart: en organisatör godkänner nu varje förfrågan om att gå med.",
        "en": "Done: an organiser now approves each request to join.",
    },
    "network.remove.done": {"sv": "Klart: {user} har inte längre {role}.", "en": "Done: {user} no longer has {role}."},
    "network.remove.not_member": {"sv": "{user} är inte med i nätverket.", "en": "{user} is not in the network."},
    "audit.action.network.mode": {
        "sv": "ändrade hur man går med i nätverken till {mode}",
        "en": "changed how to join the networks to {mode}",
    },
    "audit.action.network.approve": {
        "sv": "godkände förfrågan #{request_id} ({audience})",
        "en": "approved request #{request_id} ({audience})",
    },
    "audit.action.network.decline": {
        "sv": "avböjde förfrågan #{request_id} ({audience})",
        "en": "declined request #{request_id} ({audience})",
    },
    "audit.action.network.remove": {
        "sv": "tog bort <@{user_id}> från nätverket ({audience})",
        "en": "removed <@{user_id}> from the network ({audience})",
    },
}

COMMANDS = {
    "meeting": ("träff", "Träffar: planera, svara, påminn"),
    "meeting schedule": ("planera", "Planera en träff och kalla till den"),
    "meeting schedule:title": ("titel", "Vad träffen heter"),
    "meeting schedule:audience": ("för", "Vilka träffen är för"),
    "meeting schedule:start": ("start", "När, lokal tid: ”2026-03-08 18:00”, ”8 mars 18:00” eller ”onsdag 18:00”"),
    "meeting schedule:duration": ("längd", "Hur länge: ”90”, ”1h30” eller ”1,5 h” (normalt 90 minuter)"),
    "meeting schedule:location": ("plats", "Var (en adress eller en länk)"),
    "meeting schedule:voice_channel": ("röstkanal", "En röst- eller scenkanal där träffen hålls"),
    "meeting schedule:description": ("beskrivning", "Vad träffen handlar om"),
    "meeting schedule:repeat": ("upprepa", "Om träffen återkommer"),
    "meeting schedule:capacity": ("platser", "Högst så många platser; senare svar hamnar på väntelista"),
    "meeting list": ("lista", "Träffar du kan se"),
    "meeting list:audience": ("för", "Bara träffar för den här publiken"),
    "meeting list:period": ("period", "Vilka träffar"),
    "meeting show": ("visa", "Visa en träff"),
    "meeting show:meeting": ("träff", "Träffen"),
    "meeting attendees": ("deltagare", "Vem som svarat vad (organisatörer; bara du ser det)"),
    "meeting attendees:meeting": ("träff", "Träffen"),
    "meeting ics": ("kalenderfil", "Hämta träffen som kalenderfil (.ics)"),
    "meeting ics:meeting": ("träff", "Träffen"),
    "meeting stats": ("statistik", "Genomförda träffar och närvaro per publik under ett år"),
    "meeting stats:year": ("år", "Året (normalt i år)"),
    "meeting edit": ("ändra", "Ändra en träff; de som svarat får besked"),
    "meeting edit:meeting": ("träff", "Träffen"),
    "meeting edit:title": ("titel", "Ny titel"),
    "meeting edit:start": ("start", "Ny starttid, lokal tid"),
    "meeting edit:duration": ("längd", "Ny längd"),
    "meeting edit:location": ("plats", "Ny plats"),
    "meeting edit:description": ("beskrivning", "Ny beskrivning"),
    "meeting edit:capacity": ("platser", "Nytt antal platser"),
    "meeting cancel": ("ställ-in", "Ställ in en träff; de som svarat får besked"),
    "meeting cancel:meeting": ("träff", "Träffen"),
    "meeting cancel:series": ("serien", "Avsluta också serien för en återkommande träff"),
    "meeting attendance": ("närvaro", "Registrera vilka som var där (organisatörer; bara du ser det)"),
    "meeting attendance:meeting": ("träff", "Träffen"),
    "meeting reminders": ("påminnelser", "Om du vill ha påminnelser om träffar"),
    "meeting reminders:setting": ("läge", "På eller av"),
    "network": ("nätverk", "Nätverken för kvinnor och ickebinära och för män"),
    "network join": ("gå-med", "Gå med i ett nätverk (du bekräftar vem rummet är för)"),
    "network join:audience": ("nätverk", "Vilket nätverk"),
    "network leave": ("lämna", "Lämna ett nätverk"),
    "network leave:audience": ("nätverk", "Vilket nätverk (normalt alla du är med i)"),
    "network mode": ("läge", "Om det är öppet att gå med eller kräver godkännande"),
    "network mode:mode": ("läge", "Öppet, eller en organisatör godkänner varje förfrågan"),
    "network remove": ("ta-bort", "Ta bort någon från ett nätverk"),
    "network remove:member": ("medlem", "Personen"),
    "network remove:audience": ("nätverk", "Vilket nätverk"),
    "choice:open": "öppen",
    "choice:upcoming": "kommande",
    "choice:week": "vecka",
    "choice:month": "månad",
    "choice:past": "tidigare",
    "choice:none": "ingen",
    "choice:weekly": "varje vecka",
    "choice:biweekly": "varannan vecka",
    "choice:monthly": "varje månad",
    "choice:on": "på",
    "choice:off": "av",
    "choice:approval": "godkännande",
}
