// Tests for the SiteServing module.
