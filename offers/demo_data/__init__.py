"""Data for the demo catalogue that ``offers.demo`` loads: towns, providers, offer types with
their German texts and translations, and which provider runs which offer where.

Provider *types* are real (Volkshochschulen, welfare organisations, Jobcenter, migrant
organisations …); names of local clubs and initiatives, addresses, persons, phone numbers
and e-mail addresses are fictional."""
