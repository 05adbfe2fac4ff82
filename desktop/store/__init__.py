"""Persistence. The only package allowed to import TinyDB."""
from .tinystore import SCHEMA_VERSION, CorruptDatabase, DatabaseLocked, Store, StoreError, UnsupportedSchema

__all__ = ["SCHEMA_VERSION", "CorruptDatabase", "DatabaseLocked", "Store", "StoreError", "UnsupportedSchema"]
