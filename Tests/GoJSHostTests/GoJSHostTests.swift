// Tests for the GoJSHost module.
