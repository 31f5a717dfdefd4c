"""Texts of members' data rights."""

MESSAGES = {
    "privacy.info.title": {"sv": "Dina uppgifter hos boten", "en": "Your data in the bot"},
    "privacy.info.body": {
        "sv": (
            "**Vad boten sparar om dig**\n"
            "• Vilka träffar du svarat på och om du var där (för att påminna dig och räkna deltagande).\n"
            "• Ansökningar till nätverken för kvinnor och ickebinära och för mansträffar. Boten sparar inget om "
            "kön – bara att du har en roll i Discord.\n"
            "• Åtaganden du är ansvarig för och uppdateringar du skrivit.\n"
            "• Samtal du ringt som ringare: utfall och anteckningar.\n"
            "• Moderatorernas åtgärder i granskningsloggen.\n\n"
            "**Varför** – för att distriktet ska kunna genomföra sin verksamhetsplan: ordna träffar, ringa "
            "medlemmar och följa upp vad vi lovat.\n\n"
            "**Hur länge** – svar på träffar ett år efter träffen; ringlistors kontaktuppgifter 30 dagar efter "
            "att kampanjen stängts; granskningsloggen två år. Lämnar du servern raderas dina uppgifter efter "
            "{grace} dagar.\n\n"
            "**Vem ser dem** – du själv; organisatörer och moderatorer när de behöver dem för sitt uppdrag. "
            "Telefonnummer sparas krypterade och visas bara för den som ringer.\n\n"
            "**Dina rättigheter** – `/privacy mydata` ger dig allt som sparats om dig, `/privacy forget` raderar "
            "det.\n\n**Kontakt** – {contact}"
        ),
        "en": (
            "**What the bot stores about you**\n"
            "• Which meetings you answered and whether you attended (to remind you and count attendance).\n"
            "• Requests to join the networks for women and non-binary members and for men's meetings. The bot "
            "stores nothing about gender – only that you hold a Discord role.\n"
            "• Commitments you own and updates you wrote.\n"
            "• Calls you made as a caller: outcomes and notes.\n"
            "• Moderators' actions in the audit log.\n\n"
            "**Why** – so the district can carry out its activity plan: hold meetings, call members and follow up "
            "what we promised.\n\n"
            "**For how long** – meeting answers a year after the meeting; call-list contact details 30 days after "
            "the campaign closes; the audit log two years. If you leave the server your data is erased after "
            "{grace} days.\n\n"
            "**Who sees it** – you; organisers and moderators when their task needs it. Phone numbers are stored "
            "encrypted and shown only to the caller.\n\n"
            "**Your rights** – `/privacy mydata` gives you everything stored about you, `/privacy forget` erases "
            "it.\n\n**Contact** – {contact}"
        ),
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
