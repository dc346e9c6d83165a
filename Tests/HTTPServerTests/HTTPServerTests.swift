// Tests for the HTTPServer module.
