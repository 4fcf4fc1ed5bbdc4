"""Widgets of the dial screen."""
