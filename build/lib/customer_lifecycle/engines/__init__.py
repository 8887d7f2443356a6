"""Engine-specific plumbing for the PostgreSQL and Spark targets: sessions, fast sample loaders, result comparison."""
