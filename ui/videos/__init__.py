"""The tutorial video player and the video library screen."""
