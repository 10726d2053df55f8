"""HTTP routers being split out of backend.main (see ADR 0003)."""
