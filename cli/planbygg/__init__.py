"""planbygg: assemble and check a municipality's preventive plan documents (barnevernsloven § 15-1)."""

__version__ = "0.1.0"
