// The AssetPipeline module: see Package.swift and README "Design".
