"""customer_lifecycle: lifecycle stages, RFM features and predictive scores, built inside the warehouse."""

# The release, declared once for Python (pyproject.toml reads it). dbt reads its version from dbt_project.yml
# only, so that file repeats it; the CLI refuses an installed dbt package of another major.minor.
__version__ = "0.1.0"
