"""Fleet tests: a real Mosquitto on loopback (own config, ACL, TLS CA) and real HTTP servers for the videos."""
