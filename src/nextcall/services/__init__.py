"""The program's working parts over the domain and the store: the day's session, the ritual's
log, the review's data, the demo. No Textual."""
