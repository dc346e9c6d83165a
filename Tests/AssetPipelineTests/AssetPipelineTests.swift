// Tests for the AssetPipeline module.
