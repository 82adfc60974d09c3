"""Tests of the practice portal."""
