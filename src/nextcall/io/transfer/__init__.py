"""Prospects in and out: CSV import from CRM exports, CSV and iCalendar export. No Textual here."""
