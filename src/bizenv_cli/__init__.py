"""bizenv: a business-environment plan package kept as data, and the tools to query it."""

__version__ = "0.2.0"
