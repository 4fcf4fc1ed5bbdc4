"""Talking to the world outside the program: phone numbers, the softphone, desktop
notifications, CSV and calendar files, the rep's talk track. No Textual."""
