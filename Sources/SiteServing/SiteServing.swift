// The SiteServing module: see Package.swift and README "Design".
