"""Item pipelines: one normalization concern per module, in one ordered list."""
