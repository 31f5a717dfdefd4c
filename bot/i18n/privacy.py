"""Texts of members' data rights."""

MESSAGES = {
    "privacy.info.title": {"sv": "Dina uppgifter hos boten", "en": "Your data in the bot"},
    "privacy.info.body": {
        "sv": (
            "**Vad boten sparar om dig och hur länge**\n{retention}\n"
            "Boten sparar inget om kön – bara att du har en roll i Discord. Lämnar du servern raderas dina "
            "uppgifter efter {grace} dagar.\n\n"
            "**Varför** – för att distriktet ska kunna genomföra sin verksamhetsplan: ordna träffar, ringa "
            "medlemmar och följa upp vad vi lovat.\n\n"
            "**Vem ser dem** – du själv; organisatörer och moderatorer när de behöver dem för sitt uppdrag. "
            "Telefonnummer sparas krypterade och visas bara för den som ringer.\n\n"
            "**Dina rättigheter** – `/privacy mydata` ger dig allt som sparats om dig, `/privacy forget` raderar "
            "det.\n\n**Kontakt** – {contact}"
        ),
        "en": (
            "**What the bot stores about you and for how long**\n{retention}\n"
            "The bot stores nothing about gender – only that you hold a Discord role. If you leave the server "
            "your data is erased after {grace} days.\n\n"
            "**Why** – so the district can carry out its activity plan: hold meetings, call members and follow up "
            "what we promised.\n\n"
            "**Who sees it** – you; organisers and moderators when their task needs it. Phone numbers are stored "
            "encrypted and shown only to the caller.\n\n"
            "**Your rights** – `/privacy mydata` gives you everything stored about you, `/privacy forget` erases "
            "it.\n\n**Contact** – {contact}"
        ),
    },
    "privacy.info.line": {"sv": "• {what} – {kept}", "en": "• {what} – {kept}"},
    "privacy.kind.meeting_rsvps": {
        "sv": "Dina svar på träffar (för påminnelser och antal platser)",
        "en": "Your answers to meetings (for reminders and places)",
    },
    "privacy.kind.meeting_attendance": {
        "sv": "Att du var på en träff (för att räkna deltagande)",
        "en": "That you attended a meeting (to count attendance)",
    },
    "privacy.kind.meeting_reminders": {
        "sv": "Om du vill ha påminnelser om träffar",
        "en": "Whether you want meeting reminders",
    },
    "privacy.kind.meetings_created": {"sv": "Träffar du lagt upp", "en": "Meetings you scheduled"},
    "privacy.kind.network_requests": {
        "sv": "Ansökningar till nätverken för kvinnor och ickebinära och för mansträffar",
        "en": "Requests to join the networks for women and non-binary members and for men's meetings",
    },
    "privacy.kind.campaign_calls": {
        "sv": "Samtal du ringt som ringare: utfall, svar och dina anteckningar",
        "en": "Calls you made as a caller: outcomes, answers and your notes",
    },
    "privacy.kind.campaigns_created": {"sv": "Ringkampanjer du skapat", "en": "Phone campaigns you created"},
    "privacy.kind.call_list_contacts": {
        "sv": "Ringlistornas namn och telefonnummer (krypterade)",
        "en": "The call lists' names and phone numbers (encrypted)",
    },
    "privacy.kind.commitments_owned": {
        "sv": "Åtaganden du är ansvarig för",
        "en": "Commitments you are responsible for",
    },
    "privacy.kind.commitment_updates": {
        "sv": "Uppdateringar du skrivit om åtaganden",
        "en": "Updates you wrote on commitments",
    },
    "privacy.kind.commitments_created": {
        "sv": "Planer och åtaganden du lagt in",
        "en": "Plans and commitments you added",
    },
    "privacy.kind.memorial_registrations": {
        "sv": "Vad din förening ordnar på minnesdagar, och att du anmälde det",
        "en": "What your branch organises on memorial days, and that you registered it",
    },
    "privacy.kind.audit_entries": {
        "sv": "Moderatorernas åtgärder i granskningsloggen (dina egna och de som gäller dig)",
        "en": "Moderators' actions in the audit log (your own and those about you)",
    },
    "privacy.kind.departures": {
        "sv": "När du lämnade servern, om du gjort det",
        "en": "When you left the server, if you did",
    },
    "privacy.kind.message_mentions": {
        "sv": "Var boten nämnt dig i en kanal (när den inte kunde skicka ett privat meddelande)",
        "en": "Where the bot mentioned you in a channel (when it could not send you a direct message)",
    },
    "privacy.kept.year_after_meeting": {"sv": "ett år efter träffen", "en": "a year after the meeting"},
    "privacy.kept.year_after_meeting_anonymised": {
        "sv": "ett år efter träffen, sedan bara som en siffra i statistiken",
        "en": "a year after the meeting, then only as a number in the statistics",
    },
    "privacy.kept.until_erased": {
        "sv": "tills du ber boten glömma dig eller har lämnat servern i {grace} dagar",
        "en": "until you ask the bot to forget you or have left the server for {grace} days",
    },
    "privacy.kept.until_erased_anonymised": {
        "sv": "tills du ber boten glömma dig eller har lämnat servern i {grace} dagar; sedan står det kvar "
        "utan ditt namn",
        "en": "until you ask the bot to forget you or have left the server for {grace} days; then it stays "
        "without your name",
    },
    "privacy.kept.calls": {
        "sv": "anteckningar 30 dagar efter att kampanjen stängts; utfall och svar stannar i statistiken, utan ditt "
        "namn när du bett boten glömma dig eller lämnat servern i {grace} dagar",
        "en": "notes 30 days after the campaign closes; outcomes and answers stay in the statistics, without "
        "your name once you ask the bot to forget you or have left the server for {grace} days",
    },
    "privacy.kept.after_campaign": {
        "sv": "30 dagar efter att kampanjen stängts",
        "en": "30 days after the campaign closes",
    },
    "privacy.kept.two_years": {"sv": "två år", "en": "two years"},
    "privacy.kept.grace": {
        "sv": "tills du kommer tillbaka eller dina uppgifter raderas efter {grace} dagar",
        "en": "until you come back or your data is erased after {grace} days",
    },
    "privacy.info.no_contact": {
        "sv": "distriktets styrelse (ingen kontaktperson är inställd ännu).",
        "en": "the district board (no contact person has been set yet).",
    },
    "privacy.mydata.done": {
        "sv": "Här är allt boten har sparat om dig på den här servern.",
        "en": "Here is everything the bot has stored about you on this server.",
    },
    "privacy.forget.ask": {
        "sv": "Vill du att boten raderar allt den sparat om dig på den här servern? Dina svar på träffar, "
        "nätverksansökningar, samtal och uppdateringar raderas eller avidentifieras, och du lämnar nätverkens "
        "roller. Statistik behåller sina siffror utan dig. Det går inte att ångra.",
        "en": "Do you want the bot to erase everything it stored about you on this server? Your meeting "
        "answers, network requests, calls and updates are erased or anonymised, and you leave the networks' "
        "roles. Statistics keep their numbers without you. This cannot be undone.",
    },
    "privacy.forget.done": {
        "sv": "Klart. Allt boten sparat om dig på den här servern är raderat eller avidentifierat.",
        "en": "Done. Everything the bot stored about you on this server is erased or anonymised.",
    },
    "privacy.contact.done": {"sv": "Kontaktuppgiften är sparad.", "en": "The contact is saved."},
    "privacy.grace.done": {
        "sv": "Uppgifter om medlemmar som lämnat servern raderas nu efter {days} dagar.",
        "en": "Data about members who left the server is now erased after {days} days.",
    },
    "audit.action.privacy.erased": {
        "sv": "en medlems uppgifter raderades på begäran eller efter att hen lämnat servern",
        "en": "a member's data was erased on request or after they left the server",
    },
    "audit.action.privacy.contact": {"sv": "ändrade dataskyddskontakten", "en": "changed the privacy contact"},
    "audit.action.privacy.grace": {
        "sv": "satte raderingstiden för medlemmar som lämnat till {days} dagar",
        "en": "set the erasure delay for members who left to {days} days",
    },
    "delivery.kind.privacy.departed": {
        "sv": "raderingen av en medlem som lämnat",
        "en": "the erasure of a member who left",
    },
    "delivery.kind.privacy.retention": {"sv": "gallringen", "en": "the retention clean-up"},
}

COMMANDS = {
    "privacy": ("dataskydd", "Dina uppgifter och rättigheter"),
    "privacy info": ("info", "Vad boten sparar om dig, varför och hur länge"),
    "privacy mydata": ("minadata", "Få allt boten sparat om dig som en fil"),
    "privacy forget": ("glömmig", "Radera allt boten sparat om dig"),
    "privacy contact": ("kontakt", "Vem medlemmar kontaktar om sina uppgifter"),
    "privacy contact:contact": ("kontakt", "Namn och e-post eller kanal"),
    "privacy grace": ("radering", "Dagar innan uppgifter om medlemmar som lämnat raderas"),
    "privacy grace:days": ("dagar", "Antal dagar (0–365)"),
}
