"""Screens of the document pipeline: the page review screen."""
