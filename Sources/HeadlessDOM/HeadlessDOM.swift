// The HeadlessDOM module: see Package.swift and README "Design".
