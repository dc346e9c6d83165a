// Tests for the DeployCheck module.
