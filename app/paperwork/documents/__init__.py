"""Documents Aegis writes itself (reportlab): instructions, declaration with exhibit index,
a petition where the official form is not installed, continuation pages, the cease-contact letter."""
