"""Scanner driver tests: SANE's real test backend, a loopback eSCL server, generated camera photos."""
