"""Tests of the document pipeline."""
