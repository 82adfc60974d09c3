"""The scanner's screens: the citizen's scan screen and the technician's scanner screen."""
