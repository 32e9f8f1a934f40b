"""The SHACL shapes every build is validated against, shipped as package data."""
