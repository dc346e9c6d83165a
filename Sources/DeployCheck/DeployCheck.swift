// The DeployCheck module: see Package.swift and README "Design".
