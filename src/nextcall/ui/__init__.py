"""The Textual interface: the app, its screens and widgets, palette providers, themes and the
text and chart helpers. The only package that imports Textual; it never imports a database
driver."""
