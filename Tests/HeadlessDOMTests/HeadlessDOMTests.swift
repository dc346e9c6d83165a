// Tests for the HeadlessDOM module.
