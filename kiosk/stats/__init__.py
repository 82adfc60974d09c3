"""The commune's own numbers, with no personal data: sessions, steps, help calls, scans, survey answers,
and the officers' follow-up list of submitted dossier codes (deleted after the retention time)."""
