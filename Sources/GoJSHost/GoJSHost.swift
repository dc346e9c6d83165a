// The GoJSHost module: see Package.swift and README "Design".
