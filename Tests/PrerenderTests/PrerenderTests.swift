// Tests for the Prerender module.
