"""Scanner backends behind one interface (SANE, eSCL, document camera); they arrive with the scanner issue."""
