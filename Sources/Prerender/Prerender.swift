// The Prerender module: see Package.swift and README "Design".
