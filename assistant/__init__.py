"""CIP Assistant: a retrieval-augmented assistant for Continuous Improvement Plans."""

__version__ = "0.1.0"
